import { Anchor, Badge, CloseButton, Group, Input, Text } from '@mantine/core';
import type { EntityType } from '@vavilon/contracts';
import { Link } from 'react-router';
import { ItemPicker } from '../../ui/fields';
import type { OwnerRef } from './draft';
import { useActT } from './i18n';

/** The CRM items an activity may be about, as the portal's search names them. */
export const CRM_KINDS = ['crm.deal', 'crm.lead', 'crm.contact', 'crm.company'];

/** The item an activity is about: fixed when the dialog came from its card, else picked through the portal's search. */
export function OwnerField({ value, locked, link, error, onChange }: { value: OwnerRef | null; locked: boolean; link: boolean; error?: string; onChange: (v: OwnerRef | null) => void }) {
  const { t } = useActT();
  if (value) {
    return (
      <Input.Wrapper label={t('field.item')} required error={error}>
        <Group gap={8} wrap="nowrap" mih={36} align="center">
          <Badge variant="light" color="gray" radius="sm" style={{ flex: 'none' }}>
            {t(`owner.${value.type}`)}
          </Badge>
          {link ? (
            <Anchor component={Link} to={`/crm/${value.type}/details/${value.id}`} size="sm" truncate>
              {value.title}
            </Anchor>
          ) : (
            <Text size="sm" truncate>
              {value.title}
            </Text>
          )}
          {!locked ? <CloseButton size="sm" aria-label={t('filter.itemClear', { title: value.title })} onClick={() => onChange(null)} /> : null}
        </Group>
      </Input.Wrapper>
    );
  }
  return (
    <ItemPicker
      kinds={CRM_KINDS}
      label={t('field.item')}
      required
      placeholder={t('field.itemHint')}
      error={error}
      comboboxProps={{ withinPortal: true, zIndex: 500 }}
      onPick={(item) => onChange({ type: item.kind.replace('crm.', '') as EntityType, id: item.id, title: item.title })}
    />
  );
}
