import { Button, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Comment } from '@vavilon/contracts';
import { formatDateTime } from '../format';
import { UserAvatar } from '../UserAvatar';
import { useKitT } from '../kit-i18n';
import { useCommentMutations, useComments } from './api';
import { CommentEditor } from './CommentEditor';
import { CommentView } from './CommentView';

export interface CommentThreadProps {
  /** The item's entity type as its module declares it commentable (`task`, `deal`). */
  itemType: string;
  itemId: number;
  pageSize?: number;
  /** Query keys that show these comments elsewhere too, refreshed after a change. */
  alsoRefresh?: readonly (readonly unknown[])[];
}

function Author({ c }: { c: Comment }) {
  const { t } = useKitT();
  const name = c.author?.fullName ?? '';
  const [firstName = '', lastName = ''] = name.split(/\s+/);
  return (
    <Group gap={6} wrap="nowrap" mb={2}>
      {c.author ? <UserAvatar user={{ ...c.author, firstName, lastName }} size={18} /> : null}
      <Text size="xs" fw={600}>
        {name}
      </Text>
      <Text size="xs" c="dimmed">
        {formatDateTime(c.createdAt, { today: t('comments.today'), yesterday: t('comments.yesterday') })}
      </Text>
    </Group>
  );
}

/**
 * An item's comments through the generic routes: the editor on top, the comments newest first with
 * «Показать ещё», edit and delete for their author (or an administrator); refreshed live when
 * someone else comments (the `comment` realtime type).
 */
export function CommentThread({ itemType, itemId, pageSize, alsoRefresh }: CommentThreadProps) {
  const { t } = useKitT();
  const list = useComments(itemType, itemId, pageSize);
  const { add, edit, remove } = useCommentMutations(itemType, itemId, alsoRefresh);
  const [deleting, setDeleting] = useState<number | null>(null);
  const comments = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="md">
      <CommentEditor submitting={add.isPending} onSubmit={(c) => add.mutateAsync(c)} />
      <Stack gap={14} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('comments.title')}>
        {!list.data ? (
          Array.from({ length: 2 }, (_, i) => (
            <li key={i}>
              <Skeleton h={12} w="60%" mb={6} />
              <Skeleton h={10} w="35%" />
            </li>
          ))
        ) : comments.length === 0 ? (
          <Text size="sm" c="dimmed" component="li">
            {t('comments.none')}
          </Text>
        ) : (
          comments.map((c) => (
            <li key={c.id}>
              <CommentView
                header={<Author c={c} />}
                html={c.html}
                files={c.files}
                canManage={c.canManage}
                saving={edit.isPending}
                onEdit={(d) => edit.mutateAsync({ commentId: c.id, version: c.version, html: d.html, mentions: d.mentions, fileIds: [...c.files.map((f) => f.id), ...d.fileIds] })}
                onDelete={() => setDeleting(c.id)}
              />
            </li>
          ))
        )}
      </Stack>
      {list.hasNextPage ? (
        <Group>
          <Button variant="subtle" size="xs" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('comments.more')}
          </Button>
        </Group>
      ) : null}
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={t('comments.deleteConfirm')} size="md" zIndex={400}>
        <Stack gap="md">
          <Text size="sm">{t('comments.deleteHint')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setDeleting(null)} disabled={remove.isPending}>
              {t('comments.cancel')}
            </Button>
            <Button
              color="red"
              data-autofocus
              loading={remove.isPending}
              onClick={async () => {
                if (deleting !== null) await remove.mutateAsync(deleting);
                setDeleting(null);
              }}
            >
              {t('comments.deleteYes')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
