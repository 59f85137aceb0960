import { Button, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Comment } from '@vavilon/contracts';
import { useMeQuery } from '../../features/auth/api';
import { formatDateTime } from '../format';
import { UserAvatar } from '../UserAvatar';
import { useKitT } from '../kit-i18n';
import { useCommentMutations, useComments, useReplies } from './api';
import { CommentEditor, type CommentDraft } from './CommentEditor';
import classes from './comments.module.css';
import { CommentView } from './CommentView';

export interface CommentThreadProps {
  /** The item's entity type as its module declares it commentable (`task`, `deal`). */
  itemType: string;
  itemId: number;
  pageSize?: number;
  /** Query keys that show these comments elsewhere too, refreshed after a change. */
  alsoRefresh?: readonly (readonly unknown[])[];
}

/** A comment as a thread shows it: a top-level one or an answer (an answer carries no answers). */
type Shown = Omit<Comment, 'replies'>;

function Author({ c }: { c: Shown }) {
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

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The answer's text to start with: a mention of the one answered (not of oneself, not of the robot). */
const mentionOf = (c: Shown, me: number | undefined) => (c.author && c.author.id !== me ? `<p><span data-mention="${c.author.id}">@${escapeHtml(c.author.fullName)}</span>\u00a0</p>` : undefined);

type Mutations = ReturnType<typeof useCommentMutations>;

interface OneProps {
  c: Shown;
  edit: Mutations['edit'];
  onDelete: (c: Shown) => void;
  onReply: (c: Shown) => void;
}

/** One comment with its author's edit and delete, and «Ответить» under it. */
function OneComment({ c, edit, onDelete, onReply }: OneProps) {
  const { t } = useKitT();
  return (
    <>
      <CommentView
        header={<Author c={c} />}
        html={c.html}
        files={c.files}
        canManage={c.canManage}
        saving={edit.isPending}
        onEdit={(d) => edit.mutateAsync({ commentId: c.id, version: c.version, html: d.html, mentions: d.mentions, fileIds: [...c.files.map((f) => f.id), ...d.fileIds] })}
        onDelete={() => onDelete(c)}
      />
      <Button variant="subtle" color="gray" size="compact-xs" px={4} mt={2} onClick={() => onReply(c)}>
        {t('comments.reply')}
      </Button>
    </>
  );
}

interface ThreadProps {
  itemType: string;
  itemId: number;
  c: Comment;
  me: number | undefined;
  mutations: Mutations;
  onDelete: (c: Shown) => void;
}

/**
 * A top-level comment and its answers, indented, oldest first: the last ones come with the
 * comment, «Показать ещё ответы (N)» fetches the others; «Ответить» opens an editor under the thread.
 */
function Thread({ itemType, itemId, c, me, mutations, onDelete }: ThreadProps) {
  const { t } = useKitT();
  const [expanded, setExpanded] = useState(false);
  const [answering, setAnswering] = useState<Shown | null>(null);
  const more = useReplies(itemType, itemId, c.id, expanded);
  const byId = new Map<number, Shown>();
  for (const r of [...(more.data?.pages.flatMap((p) => p.items) ?? []), ...(c.replies ?? [])]) byId.set(r.id, r);
  const replies = [...byId.values()].sort((a, b) => a.id - b.id);
  const total = Math.max(c.replyCount, more.data?.pages[0]?.total ?? 0);
  const hidden = Math.max(0, total - replies.length);
  const send = async (d: CommentDraft) => {
    if (!answering) return;
    await mutations.add.mutateAsync({ ...d, parentId: answering.id });
    setAnswering(null);
  };
  return (
    <li>
      <OneComment c={c} edit={mutations.edit} onDelete={onDelete} onReply={setAnswering} />
      {replies.length || hidden || answering ? (
        <ol className={classes.replies} aria-label={t('comments.replies')}>
          {hidden ? (
            <li>
              <Button
                variant="subtle"
                size="compact-xs"
                px={4}
                loading={more.isFetching}
                onClick={() => {
                  if (!expanded) setExpanded(true);
                  else void more.fetchNextPage();
                }}
              >
                {t('comments.moreReplies', { count: hidden })}
              </Button>
            </li>
          ) : null}
          {replies.map((r) => (
            <li key={r.id}>
              <OneComment c={r} edit={mutations.edit} onDelete={onDelete} onReply={setAnswering} />
            </li>
          ))}
          {answering ? (
            <li>
              <CommentEditor
                key={answering.id}
                autoFocus
                initialHtml={mentionOf(answering, me)}
                label={t('comments.replyLabel')}
                placeholder={t('comments.replyPlaceholder')}
                submitLabel={t('comments.reply')}
                submitting={mutations.add.isPending && mutations.add.variables?.parentId === answering.id}
                onCancel={() => setAnswering(null)}
                onSubmit={send}
              />
            </li>
          ) : null}
        </ol>
      ) : null}
    </li>
  );
}

/**
 * An item's comments through the generic routes: the editor on top, the comments newest first with
 * «Показать ещё», each with its answers under it (one level deep) and «Ответить»; edit and delete for
 * their author (or an administrator); refreshed live when someone else comments (the `comment` realtime type).
 */
export function CommentThread({ itemType, itemId, pageSize, alsoRefresh }: CommentThreadProps) {
  const { t } = useKitT();
  const me = useMeQuery(true).data?.user.id;
  const list = useComments(itemType, itemId, pageSize);
  const mutations = useCommentMutations(itemType, itemId, alsoRefresh);
  const { add, remove } = mutations;
  const [deleting, setDeleting] = useState<Shown | null>(null);
  const comments = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="md">
      <CommentEditor submitting={add.isPending && !add.variables?.parentId} onSubmit={(c) => add.mutateAsync(c)} />
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
          comments.map((c) => <Thread key={c.id} itemType={itemType} itemId={itemId} c={c} me={me} mutations={mutations} onDelete={setDeleting} />)
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
          <Text size="sm">{t(deleting && deleting.parentId === null && deleting.replyCount > 0 ? 'comments.deleteThreadHint' : 'comments.deleteHint')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setDeleting(null)} disabled={remove.isPending}>
              {t('comments.cancel')}
            </Button>
            <Button
              color="red"
              data-autofocus
              loading={remove.isPending}
              onClick={async () => {
                if (deleting !== null) await remove.mutateAsync(deleting.id);
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
