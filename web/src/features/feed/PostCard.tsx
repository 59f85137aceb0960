import { Alert, Anchor, Button, Card, Checkbox, Group, Modal, Progress, Radio, SegmentedControl, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconEye, IconMessageCircle, IconPencil, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { FeedPost } from '@vavilon/contracts';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ActionMenu } from '../../ui/ActionMenu';
import { CommentThread, CommentView, FileLink, RichTextView } from '../../ui/comments';
import { formatDateTime } from '../../ui/format';
import { ReactionBar } from '../../ui/reactions';
import { showError, showSuccess } from '../../ui/toasts';
import { UserAvatar } from '../../ui/UserAvatar';
import { patchPost, recordView, usePostWrites, useReaders, useViewers } from './api';
import { AudienceChips } from './Audience';
import { EditPost } from './EditPost';
import { BADGE_EMOJI, useFeedT } from './i18n';
import classes from './feed.module.css';

type Ref = { id: number; fullName: string; photoUrl: string | null };
const avatar = (u: Ref) => {
  const [firstName = '', lastName = ''] = u.fullName.split(/\s+/);
  return { ...u, firstName, lastName };
};

function Person({ user, size = 24, extra }: { user: Ref; size?: number; extra?: ReactNode }) {
  return (
    <Group gap={8} wrap="nowrap">
      <UserAvatar user={avatar(user)} size={size} />
      <Text size="sm">{user.fullName}</Text>
      {extra}
    </Group>
  );
}

/** Records a view once the card has been at least half on screen for a second. */
function useViewTracking(id: number) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    let timer: number | undefined;
    const io = new IntersectionObserver(
      ([entry]) => {
        if (entry?.isIntersecting && entry.intersectionRatio >= 0.5) {
          timer ??= window.setTimeout(() => {
            recordView(id);
            io.disconnect();
          }, 1000);
        } else {
          window.clearTimeout(timer);
          timer = undefined;
        }
      },
      { threshold: [0, 0.5, 1] },
    );
    io.observe(el);
    return () => {
      window.clearTimeout(timer);
      io.disconnect();
    };
  }, [id]);
  return ref;
}

function PeopleDialog({ title, opened, onClose, children }: { title: string; opened: boolean; onClose: () => void; children: ReactNode }) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} zIndex={400}>
      {children}
    </Modal>
  );
}

/** A list of people fetched page by page, with «Показать ещё» while there are more. */
function PagedPeople<P extends { items: { user: Ref; at: string | null }[] }>({
  q,
}: {
  q: { isLoading: boolean; data?: { pages: P[] }; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const { t } = useFeedT();
  if (q.isLoading) return <Skeleton h={60} />;
  const items = (q.data?.pages ?? []).flatMap((p) => p.items);
  return (
    <Stack gap="xs">
      {items.map((v) => (
        <Person
          key={v.user.id}
          user={v.user}
          extra={
            v.at ? (
              <Text size="xs" c="dimmed">
                {formatDateTime(v.at)}
              </Text>
            ) : null
          }
        />
      ))}
      {!items.length ? <Text c="dimmed">{t('nobody')}</Text> : null}
      {q.hasNextPage ? (
        <Group>
          <Button size="xs" variant="subtle" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            {t('showMore')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

const asPeople = <T extends { items: { user: Ref }[] }>(q: { data?: { pages: T[] } }, at: (item: T['items'][number]) => string | null) =>
  q.data ? { pages: q.data.pages.map((p) => ({ ...p, items: p.items.map((i) => ({ user: i.user, at: at(i) })) })) } : undefined;

function ViewersDialog({ id, opened, onClose }: { id: number; opened: boolean; onClose: () => void }) {
  const { t } = useFeedT();
  const q = useViewers(id, opened);
  const total = q.data?.pages[0]?.total;
  return (
    <PeopleDialog title={total === undefined ? t('viewersTitle') : `${t('viewersTitle')} (${total})`} opened={opened} onClose={onClose}>
      <PagedPeople q={{ ...q, data: asPeople(q, (v) => v.viewedAt) }} />
    </PeopleDialog>
  );
}

function ReadersDialog({ id, opened, onClose }: { id: number; opened: boolean; onClose: () => void }) {
  const { t } = useFeedT();
  const [list, setList] = useState<'read' | 'unread'>('read');
  const read = useReaders(id, 'read', opened);
  const unread = useReaders(id, 'unread', opened && list === 'unread');
  const counts = read.data?.pages[0];
  const q = list === 'read' ? read : unread;
  return (
    <PeopleDialog title={t('readersTitle')} opened={opened} onClose={onClose}>
      <Stack gap="md" data-testid="feed-readers">
        <SegmentedControl
          fullWidth
          value={list}
          onChange={(v) => setList(v as 'read' | 'unread')}
          data={[
            { value: 'read', label: `${t('readDone')} (${counts?.readCount ?? '…'})` },
            { value: 'unread', label: `${t('readNot')} (${counts?.unreadCount ?? '…'})` },
          ]}
        />
        <PagedPeople q={{ ...q, data: asPeople(q, (r) => r.readAt) }} />
      </Stack>
    </PeopleDialog>
  );
}

function PollBlock({ post }: { post: FeedPost }) {
  const { t } = useFeedT();
  const poll = post.poll!;
  const w = usePostWrites(post.id);
  const [picked, setPicked] = useState<number[]>([]);
  const voted = poll.myChoices.length > 0;
  // Results show once the viewer has voted (the author too), so that the options are not listed twice.
  const results = voted && poll.options.some((o) => o.votes !== null);
  const total = Math.max(
    1,
    poll.options.reduce((n, o) => n + (o.votes ?? 0), 0),
  );
  return (
    <Card withBorder className={classes.poll} data-testid="feed-poll">
      <Text fw={600} mb="xs">
        {poll.question}
      </Text>
      {results ? (
        <Stack gap={8}>
          {poll.options.map((o) => (
            <div key={o.id} data-option={o.text}>
              <Group justify="space-between" gap={4}>
                <Text size="sm" fw={poll.myChoices.includes(o.id) ? 600 : 400}>
                  {poll.myChoices.includes(o.id) ? '✓ ' : ''}
                  {o.text}
                </Text>
                <Text size="sm" c="dimmed" data-testid="poll-votes">
                  {o.votes ?? 0}
                </Text>
              </Group>
              <Progress value={((o.votes ?? 0) / total) * 100} size="sm" />
            </div>
          ))}
        </Stack>
      ) : null}
      {!voted ? (
        <Stack gap={6} mt={results ? 'sm' : 0}>
          {poll.multiple
            ? poll.options.map((o) => (
                <Checkbox key={o.id} label={o.text} checked={picked.includes(o.id)} onChange={(e) => setPicked(e.currentTarget.checked ? [...picked, o.id] : picked.filter((x) => x !== o.id))} />
              ))
            : poll.options.map((o) => <Radio key={o.id} label={o.text} checked={picked[0] === o.id} onChange={() => setPicked([o.id])} name={`poll-${post.id}`} />)}
          <Group>
            <Button size="xs" disabled={!picked.length} loading={w.vote.isPending} onClick={() => w.vote.mutate(picked, { onError: showError })}>
              {t('vote')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      <Text size="xs" c="dimmed" mt="xs">
        {t('voters', { count: poll.voters })}
        {poll.anonymous ? ` · ${t('anonymousPoll')}` : ''}
      </Text>
    </Card>
  );
}

/** One post of the feed: its author, audience, text, files and kind, reactions, views and the latest comments. */
export function PostCard({ post, meId, highlighted }: { post: FeedPost; meId: number; highlighted?: boolean }) {
  const { t } = useFeedT();
  const qc = useQueryClient();
  const ref = useViewTracking(post.id);
  const w = usePostWrites(post.id);
  const [editing, setEditing] = useState(false);
  const [askDelete, setAskDelete] = useState(false);
  const [thread, setThread] = useState(false);
  const [viewers, setViewers] = useState(false);
  const [readers, setReaders] = useState(false);
  const mine = post.author?.id === meId;
  const when = { today: t('today'), yesterday: t('yesterday') };

  const closeThread = () => {
    setThread(false);
    void api.get<FeedPost>(`/api/feed/posts/${post.id}`).then(
      (p) => patchPost(qc, post.id, p),
      () => undefined,
    );
  };

  return (
    <Card ref={ref} className={classes.post} data-post={post.id} data-kind={post.kind} data-highlighted={highlighted || undefined} data-testid="feed-post">
      {post.kind === 'important' ? (
        <div className={classes.importantBanner}>
          <IconAlertTriangle size={16} />
          <Text size="sm" fw={600}>
            {t('importantBanner')}
          </Text>
        </div>
      ) : null}
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap">
          {post.author ? <UserAvatar user={avatar(post.author)} size={40} /> : <UserAvatar user={{ id: 0, fullName: '★', firstName: '★', lastName: '', photoUrl: null }} size={40} />}
          <div style={{ minWidth: 0 }}>
            <Text fw={600} size="sm">
              {post.author?.fullName ?? t('title')}
            </Text>
            <Group gap={6}>
              <Text size="xs" c="dimmed">
                {formatDateTime(post.createdAt)}
              </Text>
              {post.editedAt ? (
                <Text size="xs" c="dimmed" title={formatDateTime(post.editedAt)}>
                  · {t('edited')}
                </Text>
              ) : null}
            </Group>
          </div>
        </Group>
        {post.canManage && !post.source ? (
          <ActionMenu
            position="bottom-end"
            label={t('menu')}
            items={[
              { label: t('edit'), icon: <IconPencil size={14} />, onClick: () => setEditing(true) },
              { label: t('delete'), icon: <IconTrash size={14} />, color: 'red', onClick: () => setAskDelete(true) },
            ]}
          />
        ) : null}
      </Group>
      {post.audience.length && !editing ? (
        <div className={classes.chips}>
          <AudienceChips chips={post.audience} />
        </div>
      ) : null}
      {post.title && !editing ? (
        <Title order={3} fz="md" fw={600} mt="sm">
          {post.title}
        </Title>
      ) : null}
      {editing ? <EditPost post={post} onDone={() => setEditing(false)} /> : post.html ? <RichTextView html={post.html} className={classes.body} /> : null}
      {post.thanks ? (
        <Group gap="md" className={classes.thanks} data-testid="feed-thanks">
          <span className={classes.badgeBig} aria-label={t(`badges.${post.thanks.badge}`)}>
            {BADGE_EMOJI[post.thanks.badge]}
          </span>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('thanksTo')}
            </Text>
            <Group gap="sm">
              {post.thanks.users.map((u) => (
                <Anchor key={u.id} component={Link} to={`/stream/thanks/${u.id}`} underline="never">
                  <Person user={u} />
                </Anchor>
              ))}
            </Group>
          </Stack>
        </Group>
      ) : null}
      {post.poll ? <PollBlock post={post} /> : null}
      {post.files.length && !editing ? (
        <Stack gap={2} mt="sm">
          {post.files.map((f) => (
            <FileLink key={f.id} file={f} />
          ))}
        </Stack>
      ) : null}
      {post.link ? (
        <Group mt="sm">
          <Button component={Link} to={post.link.url} size="xs" variant="light">
            {post.link.label}
          </Button>
        </Group>
      ) : null}
      {post.important ? (
        <Group mt="sm" gap="sm">
          {!post.important.read ? (
            <Button size="xs" color="orange" loading={w.read.isPending} onClick={() => w.read.mutate(undefined, { onError: showError })}>
              {t('read')}
            </Button>
          ) : (
            <Text size="sm" c="dimmed">
              ✓ {t('youRead')}
            </Text>
          )}
          {mine || post.canManage ? (
            <Button size="xs" variant="subtle" onClick={() => setReaders(true)}>
              {t('readers', { count: post.important.readCount })}
            </Button>
          ) : null}
        </Group>
      ) : null}
      <Group justify="space-between" mt="sm" className={classes.footer} wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <ReactionBar itemType="feed_post" itemId={post.id} initial={post.reactions} />
          <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconMessageCircle size={16} />} onClick={() => setThread(true)}>
            {t('comment')}
          </Button>
        </Group>
        {mine || post.canManage ? (
          <UnstyledButton className={classes.views} onClick={() => setViewers(true)} aria-label={t('viewsHint', { count: post.viewCount })} data-testid="feed-views">
            <IconEye size={16} /> {post.viewCount}
          </UnstyledButton>
        ) : (
          <Text size="sm" c="dimmed" className={classes.views} aria-label={t('viewsHint', { count: post.viewCount })} data-testid="feed-views">
            <IconEye size={16} /> {post.viewCount}
          </Text>
        )}
      </Group>
      {post.comments.length ? (
        <Stack gap={6} className={classes.comments}>
          {post.commentCount > post.comments.length ? (
            <Anchor component="button" size="sm" onClick={() => setThread(true)} ta="left">
              {t('allComments', { count: post.commentCount })}
            </Anchor>
          ) : null}
          {post.comments.map((c) => (
            <div key={c.id} className={classes.comment}>
              <CommentView
                header={
                  <Group gap={6}>
                    {c.author ? <UserAvatar user={avatar(c.author)} size={20} /> : null}
                    <Text size="xs" fw={600}>
                      {c.author?.fullName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(c.createdAt, when)}
                    </Text>
                  </Group>
                }
                html={c.html}
                files={c.files}
              />
            </div>
          ))}
        </Stack>
      ) : null}
      <Modal opened={thread} onClose={closeThread} title={t('comments')} size="lg" zIndex={300}>
        <CommentThread itemType="feed_post" itemId={post.id} />
      </Modal>
      <ViewersDialog id={post.id} opened={viewers} onClose={() => setViewers(false)} />
      <ReadersDialog id={post.id} opened={readers} onClose={() => setReaders(false)} />
      <Modal opened={askDelete} onClose={() => setAskDelete(false)} title={t('delete')} zIndex={400}>
        <Text mb="md">{t('deleteAsk')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setAskDelete(false)}>
            {t('cancel')}
          </Button>
          <Button
            color="red"
            loading={w.remove.isPending}
            onClick={() =>
              w.remove.mutate(undefined, {
                onSuccess: () => {
                  setAskDelete(false);
                  showSuccess(t('deleted'));
                },
                onError: showError,
              })
            }
          >
            {t('delete')}
          </Button>
        </Group>
      </Modal>
    </Card>
  );
}

export function PostSkeleton() {
  return (
    <Card className={classes.post}>
      <Group gap="sm">
        <Skeleton circle h={40} />
        <Stack gap={6} style={{ flex: 1 }}>
          <Skeleton h={12} w="30%" />
          <Skeleton h={10} w="20%" />
        </Stack>
      </Group>
      <Skeleton h={12} mt="md" />
      <Skeleton h={12} mt={8} w="80%" />
      <Skeleton h={12} mt={8} w="60%" />
    </Card>
  );
}

export function NotFoundPost() {
  const { t } = useFeedT();
  return (
    <Alert color="gray" icon={<IconAlertTriangle size={16} />} data-testid="feed-post-missing">
      {t('notFound')}
    </Alert>
  );
}
