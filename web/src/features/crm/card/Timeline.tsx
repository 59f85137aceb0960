import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconChecklist, IconHistory, IconLink, IconListCheck, IconMessage, IconPencil, IconPlus, IconRobot } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useState, type ReactNode } from 'react';
import { CommentEditor, CommentView } from '../../../ui/comments';
import commentClasses from '../../../ui/comments/comments.module.css';
import { formatDateTime } from '../../../ui/format';
import { isAdmin, useSession } from '../../auth/session';
import { ActivityComposer } from '../../activities';
import { useItem, useItemComments, useTimeline } from '../api';
import { ConfirmDialog, RefAvatar } from '../common';
import { formatMoney } from '../format';
import { useCrmT } from '../i18n';
import type { CrmItem, EntityType, TimelineEntry } from '../types';

/** The comment box of an item: the kit's editor, sending to the item's comments. */
function CommentBox({ entity, id }: { entity: EntityType; id: number }) {
  const { add } = useItemComments(entity, id);
  return <CommentEditor submitting={add.isPending} onSubmit={(c) => add.mutateAsync(c)} />;
}

/** A comment in the history: its author (or an administrator) may edit or delete it. */
function CommentEntry({ entity, id, e, header }: { entity: EntityType; id: number; e: Extract<TimelineEntry, { kind: 'comment' }>; header: ReactNode }) {
  const { t } = useCrmT();
  const me = useSession();
  const { edit, remove } = useItemComments(entity, id);
  const [confirm, setConfirm] = useState(false);
  const mine = e.author?.id === me.user.id || isAdmin(me);
  return (
    <>
      <CommentView
        header={header}
        html={e.html}
        files={e.files}
        canManage={mine}
        saving={edit.isPending}
        onEdit={(c) => edit.mutateAsync({ commentId: e.id, html: c.html, mentions: c.mentions, fileIds: [...e.files.map((f) => f.id), ...c.fileIds] })}
        onDelete={() => setConfirm(true)}
      />
      <ConfirmDialog
        opened={confirm}
        title={t('timeline.deleteComment')}
        message={t('timeline.deleteCommentHint')}
        onConfirm={async () => {
          await remove.mutateAsync(e.id);
          setConfirm(false);
        }}
        onClose={() => setConfirm(false)}
      />
    </>
  );
}

const MONEY_FIELDS = new Set(['amount', 'revenue', 'opportunity']);

function ChangeText({ e }: { e: Extract<TimelineEntry, { kind: 'change' }> }) {
  const { t } = useCrmT();
  const label = e.fieldLabel ?? e.field;
  const show = (v: string | null) => (v && e.field && MONEY_FIELDS.has(e.field) && /^-?\d+(\.\d{1,2})?$/.test(v) ? formatMoney(v, 'RUB') : v);
  if (label) {
    return (
      <Text size="sm">
        <Text span fw={500} size="sm">
          {label}:
        </Text>{' '}
        <Text span c="dimmed" size="sm" td={e.oldValue ? 'line-through' : undefined}>
          {show(e.oldValue) || t('timeline.emptyValue')}
        </Text>{' '}
        →{' '}
        <Text span size="sm">
          {show(e.newValue) || t('timeline.emptyValue')}
        </Text>
      </Text>
    );
  }
  // Actions come as codes (crm.deal.created): their last word says what happened.
  const a = e.action.split('.').pop() ?? '';
  const text = /from_lead/.test(a)
    ? t('timeline.createdFromLead')
    : /^creat/.test(a)
      ? t('timeline.created')
      : /^delet/.test(a)
        ? t('timeline.deleted')
        : /^convert/.test(a)
          ? t('timeline.converted')
          : /^cop/.test(a)
            ? t('timeline.copied')
            : t('timeline.updated');
  return <Text size="sm">{text}</Text>;
}

/** Who wrote or changed it, and when. */
function EntryHead({ e, words }: { e: TimelineEntry; words: { today: string; yesterday: string } }) {
  const { t } = useCrmT();
  return (
    <Group gap={6} wrap="nowrap" mb={2}>
      {e.author ? <RefAvatar user={e.author} size={18} /> : null}
      <Text size="xs" fw={600}>
        {e.author?.fullName ?? t(e.kind === 'comment' ? 'timeline.robot' : 'timeline.system')}
      </Text>
      <Text size="xs" c="dimmed">
        {formatDateTime(e.createdAt, words)}
      </Text>
    </Group>
  );
}

/** A robot's run («Робот «Найти ЛПР»: выполнен», «…: не выполнен: почему») or a trigger's move, without a link. */
function RobotText({ e, words }: { e: Extract<TimelineEntry, { kind: 'linked' }>; words: { today: string; yesterday: string } }) {
  const { t } = useCrmT();
  return (
    <>
      <Group gap={6} wrap="nowrap" mb={2}>
        <Text size="xs" fw={600}>
          {t(`timeline.linked.${e.itemKind}`)}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(e.createdAt, words)}
        </Text>
      </Group>
      <Text size="sm" c={e.done ? undefined : 'red.8'}>
        {e.title}
      </Text>
    </>
  );
}

/** An item of another module bound to this one («Задача: Узнать интерес», its status, deadline and responsible). */
function LinkedText({ e, words }: { e: Extract<TimelineEntry, { kind: 'linked' }>; words: { today: string; yesterday: string } }) {
  const { t } = useCrmT();
  if (e.itemKind === 'robot' || e.itemKind === 'trigger') return <RobotText e={e} words={words} />;
  return (
    <>
      <Group gap={6} wrap="nowrap" mb={2}>
        <Text size="xs" fw={600}>
          {t(`timeline.linked.${e.itemKind}`, { defaultValue: t('timeline.linked.item') })}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(e.createdAt, words)}
        </Text>
      </Group>
      <Group gap={8} wrap="wrap">
        <Anchor component={Link} to={e.url} size="sm" fw={500} td={e.done ? 'line-through' : undefined}>
          {e.title}
        </Anchor>
        <Badge size="sm" variant="light" color={e.done ? 'green' : 'blue'}>
          {e.state}
        </Badge>
      </Group>
      {e.due || e.responsible ? (
        <Text size="xs" c="dimmed" mt={2}>
          {[e.responsible, e.due ? t('timeline.linked.due', { date: formatDateTime(e.due, words) }) : null].filter(Boolean).join(' · ')}
        </Text>
      ) : null}
    </>
  );
}

/** History of the item: comments and every change (who, when, field: old → new), newest first. */
export function Timeline({ entity, id }: { entity: EntityType; id: number }) {
  const { t } = useCrmT();
  const timeline = useTimeline(entity, id);
  const item = useItem<CrmItem>(entity, id);
  const words = { today: t('timeline.today'), yesterday: t('timeline.yesterday') };
  return (
    <Card>
      <Title order={3} fz="md" fw={600} mb="sm">
        {t('timeline.title')}
      </Title>
      {id > 0 ? <ActivityComposer entity={entity} id={id} title={item.data?.title ?? ''} /> : null}
      {id > 0 ? (
        <CommentBox entity={entity} id={id} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('card.saveFirst')}
        </Text>
      )}
      {id > 0 ? (
        <Stack gap={14} mt="lg" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('timeline.title')}>
          {!timeline.data ? (
            Array.from({ length: 3 }, (_, i) => (
              <li key={i}>
                <Skeleton h={12} w="70%" mb={6} />
                <Skeleton h={10} w="40%" />
              </li>
            ))
          ) : timeline.data.length === 0 ? (
            <Text size="sm" c="dimmed" component="li">
              {t('timeline.empty')}
            </Text>
          ) : (
            timeline.data.map((e) => (
              <li key={`${e.kind}-${e.kind === 'linked' ? e.itemKind : ''}-${e.id}`} className={commentClasses.timelineItem}>
                <span className={commentClasses.timelineDot} aria-hidden>
                  {e.kind === 'comment' ? (
                    <IconMessage size={13} />
                  ) : e.kind === 'linked' ? (
                    e.itemKind === 'task' ? (
                      <IconChecklist size={13} />
                    ) : e.itemKind === 'activity' ? (
                      <IconListCheck size={13} />
                    ) : e.itemKind === 'robot' || e.itemKind === 'trigger' ? (
                      <IconRobot size={13} />
                    ) : (
                      <IconLink size={13} />
                    )
                  ) : /creat/.test(e.action) ? (
                    <IconPlus size={13} />
                  ) : e.field ? (
                    <IconPencil size={13} />
                  ) : (
                    <IconHistory size={13} />
                  )}
                </span>
                {e.kind === 'comment' ? (
                  <CommentEntry entity={entity} id={id} e={e} header={<EntryHead e={e} words={words} />} />
                ) : e.kind === 'linked' ? (
                  <LinkedText e={e} words={words} />
                ) : (
                  <>
                    <EntryHead e={e} words={words} />
                    <ChangeText e={e} />
                  </>
                )}
              </li>
            ))
          )}
        </Stack>
      ) : null}
    </Card>
  );
}
