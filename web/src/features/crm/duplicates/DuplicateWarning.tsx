import { Alert, Anchor, Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { DuplicateCheckInput, DuplicateType } from '@vavilon/contracts';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { Draft } from '../card/model';
import { useCrmT } from '../i18n';
import { useSliderLinkState } from '../list/cells';
import { cardPath } from '../navigation';
import { shownValue, useDuplicateCheck } from './api';
import './i18n';

/** What of the draft is worth looking up: phones with enough digits, e-mails, a name, a company's name or ИНН. */
function checkInput(type: DuplicateType, d: Draft, id: number): DuplicateCheckInput | null {
  const phones = d.phones.map((p) => p.value.trim()).filter((v) => v.replace(/\D/g, '').length >= 7);
  const emails = d.emails.map((e) => e.value.trim()).filter((v) => /.@./.test(v));
  const excludeId = id || undefined;
  if (type === 'contact') {
    const named = d.lastName.trim() !== '' && d.firstName.trim() !== '';
    if (!phones.length && !emails.length && !named) return null;
    return { type, phones, emails, lastName: d.lastName.trim(), name: d.firstName.trim(), companyTitle: d.companies[0]?.title, excludeId };
  }
  const inn = d.inn.replace(/\D/g, '');
  const title = d.title.trim();
  if (!phones.length && !emails.length && title.length < 2 && inn.length < 10) return null;
  return { type, phones, emails, title, inn: inn.length >= 10 ? inn : undefined, excludeId };
}

/** «Возможные дубликаты: …» under the fields of a contact or company card while it is being filled. */
export function DuplicateWarning({ type, draft, id }: { type: DuplicateType; draft: Draft; id: number }) {
  const { t } = useCrmT();
  const state = useSliderLinkState();
  const input = useMemo(() => checkInput(type, draft, id), [type, draft, id]);
  const [debounced] = useDebouncedValue(input, 400);
  const found = useDuplicateCheck(debounced);
  const items = debounced && input ? (found.data?.items ?? []) : [];
  if (!items.length) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} role="status" aria-label={t('duplicates.warningLabel')} mt="sm" p="sm">
      <Text size="sm" fw={500} mb={4}>
        {t('duplicates.warning')}
      </Text>
      <Group gap="md" wrap="wrap">
        {items.map((item) => (
          <Text key={item.id} size="sm">
            <Anchor component={Link} to={cardPath(type, item.id)} state={state} fw={500}>
              {item.title || `#${item.id}`}
            </Anchor>{' '}
            <Text span c="dimmed" size="xs">
              ({item.reasons.map((r) => `${t(`duplicates.reasons.${r.reason}`)}: ${shownValue(r)}`).join(', ')})
            </Text>
          </Text>
        ))}
      </Group>
    </Alert>
  );
}
