import { ActionIcon, Anchor, Badge, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import type { CrmLinkRef } from '@vavilon/contracts';
import { Link } from 'react-router';
import { ItemPicker } from '../../../ui/fields';
import { RecordSection } from '../../../ui/record-card';
import { showError, showSuccess } from '../../../ui/toasts';
import { useTasksT } from '../i18n';
import { useCrmLinks } from './api';
import './i18n';

const KINDS = ['crm.deal', 'crm.lead', 'crm.contact', 'crm.company'];

/** «CRM» of the task card: the deals, leads, contacts and companies it is bound to; who may edit the task binds and unbinds. */
export function CrmLinksSection({ taskId, canEdit }: { taskId: number; canEdit: boolean }) {
  const { t } = useTasksT();
  const { list, save } = useCrmLinks(taskId);
  const links = list.data?.items ?? [];
  const write = (next: CrmLinkRef[]) =>
    save.mutate(next, {
      onSuccess: () => showSuccess(t('crm.saved')),
      onError: showError,
    });
  const refs = links.map((l) => ({ type: l.type, id: l.id }));
  return (
    <RecordSection id="crm" title={t('crm.title')}>
      {list.isLoading ? (
        <Skeleton h={20} w="60%" />
      ) : (
        <Stack gap={6}>
          {links.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('crm.empty')}
            </Text>
          ) : (
            links.map((l) => (
              <Group key={`${l.type}-${l.id}`} gap={8} wrap="nowrap">
                <Badge size="sm" variant="light" color="gray">
                  {t(`crm.type.${l.type}`)}
                </Badge>
                {l.readable && l.url ? (
                  <Anchor component={Link} to={l.url} size="sm" truncate>
                    {l.title}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    {l.title}
                  </Text>
                )}
                {canEdit ? (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    ml="auto"
                    aria-label={t('crm.remove', { title: l.title })}
                    onClick={() => write(refs.filter((r) => !(r.type === l.type && r.id === l.id)))}
                  >
                    <IconX size={14} />
                  </ActionIcon>
                ) : null}
              </Group>
            ))
          )}
          {canEdit ? (
            <ItemPicker
              kinds={KINDS}
              aria-label={t('crm.add')}
              size="xs"
              disabled={save.isPending}
              onPick={(item) => write([...refs, { type: item.kind.replace('crm.', '') as CrmLinkRef['type'], id: item.id }])}
            />
          ) : null}
        </Stack>
      )}
    </RecordSection>
  );
}
