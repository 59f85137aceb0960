import { Anchor, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { ActivityType, EntityType } from '@vavilon/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { UserAvatar } from '../../ui/UserAvatar';
import { userParts } from '../crm/format';
import { ActivityDialog, type ActivityDialogTarget } from './ActivityDialog';
import { useActivities } from './api';
import { CompleteBox } from './CompleteBox';
import { formatWhen } from './format';
import { useActT } from './i18n';
import { TYPE_COLOR, TYPE_ICON, TypeIcon } from './types';
import classes from './activities.module.css';

/** The composer's buttons, in Bitrix24's order. */
const COMPOSER_TYPES: ActivityType[] = ['call', 'meeting', 'todo', 'email', 'task'];
const SHOWN = 10;

/**
 * The top of a CRM card's timeline: «Звонок», «Встреча», «Дело», «Письмо», «Задача» open the
 * activity dialog about this item, and the item's planned activities, each with its «Выполнено».
 */
export function ActivityComposer({ entity, id, title }: { entity: EntityType; id: number; title: string }) {
  const { t } = useActT();
  const [dialog, setDialog] = useState<ActivityDialogTarget | null>(null);
  const planned = useActivities({ view: 'planned', ownerType: entity, ownerId: id, responsible: 'any' }, { limit: SHOWN, enabled: id > 0 });
  const page = planned.data?.pages[0];
  const items = page?.items ?? [];
  const more = (page?.total ?? 0) - items.length;
  const allHref = `/crm/activity?${new URLSearchParams({ ownerType: entity, ownerId: String(id), ownerTitle: title, responsible: 'any' })}`;

  return (
    <Stack gap="sm" mb="md">
      <Group gap={6} role="group" aria-label={t('composer.label')}>
        {COMPOSER_TYPES.map((type) => {
          const Glyph = TYPE_ICON[type];
          return (
            <Button
              key={type}
              size="compact-sm"
              variant="light"
              color={TYPE_COLOR[type]}
              leftSection={<Glyph size={14} />}
              onClick={() => setDialog({ mode: 'create', type, owner: { type: entity, id, title }, ownerFixed: true })}
            >
              {t(`type.${type}`)}
            </Button>
          );
        })}
      </Group>
      <section aria-label={t('composer.planned')} className={classes.planned}>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={6}>
          {t('composer.planned')}
        </Text>
        {!page ? (
          <Stack gap={8}>
            <Skeleton h={14} w="80%" />
            <Skeleton h={14} w="60%" />
          </Stack>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('composer.none')}
          </Text>
        ) : (
          <Stack gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((a) => {
              const when = a.startAt ?? a.deadline;
              return (
                <Group key={a.id} component="li" gap={8} wrap="nowrap" align="flex-start">
                  <div style={{ paddingTop: 3 }}>
                    <CompleteBox activity={a} />
                  </div>
                  <TypeIcon activity={a} size={22} />
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Anchor component="button" type="button" size="sm" fw={500} ta="left" onClick={() => setDialog({ mode: 'edit', activity: a })} style={{ wordBreak: 'break-word' }}>
                      {a.subject}
                    </Anchor>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c={a.overdue ? 'red.7' : 'dimmed'} fw={a.overdue ? 500 : undefined} style={{ whiteSpace: 'nowrap' }}>
                        {when ? formatWhen(when) : t('noDeadline')}
                        {a.overdue ? ` · ${t('overdue')}` : ''}
                      </Text>
                      {a.responsible ? (
                        <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
                          <UserAvatar user={userParts(a.responsible)} size={16} />
                          <Text size="xs" c="dimmed" truncate>
                            {a.responsible.fullName}
                          </Text>
                        </Group>
                      ) : null}
                    </Group>
                  </div>
                </Group>
              );
            })}
          </Stack>
        )}
        {more > 0 ? (
          <Anchor component={Link} to={allHref} size="xs" mt={6} display="inline-block">
            {t('composer.all', { count: page?.total ?? 0 })}
          </Anchor>
        ) : null}
      </section>
      <ActivityDialog target={dialog} onClose={() => setDialog(null)} />
    </Stack>
  );
}
