import { Button, Card, Center, Checkbox, Group, Loader, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowUp, IconNews, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { FeedPost } from '@vavilon/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, isApiError } from '../../api/client';
import { onRealtime } from '../../app/realtime';
import { EmptyState } from '../../ui/EmptyState';
import { DateInput } from '../../ui/fields/DateInput';
import { UserPicker, type PickedUser } from '../../ui/fields/UserPicker';
import { useSession } from '../auth/session';
import { feedKeys, isOwnPost, patchPost, useFeed, usePost, type FeedFilters } from './api';
import { Composer } from './Composer';
import type { Chip } from './Audience';
import { useGroups } from '../groups/api';
import { NotFoundPost, PostCard, PostSkeleton } from './PostCard';
import { useFeedT } from './i18n';
import classes from './feed.module.css';

/** Heard changes of posts: a colleague's new post waits behind «Новые записи (N)», an edit or a removal shows quietly. */
function useLiveFeed(onNew: (id: number) => void) {
  const qc = useQueryClient();
  const latest = useRef(onNew);
  latest.current = onNew;
  useEffect(
    () =>
      onRealtime((msg) => {
        if (msg.type !== 'entity.changed' || msg.entityType !== 'feed_post') return;
        const id = Number(msg.entityId);
        if (msg.event === 'feed.post.created') {
          void isOwnPost(id).then((own) => {
            if (!own) latest.current(id);
          });
        } else if (msg.event === 'feed.post.deleted') patchPost(qc, id, null);
        else
          void api.get<FeedPost>(`/api/feed/posts/${id}`).then(
            (p) => patchPost(qc, id, p),
            (e: unknown) => {
              if (isApiError(e) && e.status === 404) patchPost(qc, id, null);
            },
          );
      }),
    [qc],
  );
}

/** The groups a reader may filter the feed by: their own and the open ones. */
function GroupFilter({ value, onChange }: { value: Chip | null; onChange: (g: Chip | null) => void }) {
  const { t } = useFeedT();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const groups = useGroups({ filter: 'all', search: q || undefined });
  const data = (groups.data?.items ?? []).map((g) => ({ value: String(g.id), label: g.name }));
  if (value && !data.some((d) => d.value === String(value.id))) data.unshift({ value: String(value.id), label: value.name });
  return (
    <Select
      size="sm"
      w={200}
      clearable
      searchable
      placeholder={t('groupFilter')}
      aria-label={t('groupFilter')}
      value={value ? String(value.id) : null}
      data={data}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, o) => onChange(v && o ? { type: 'group', id: Number(v), name: o.label } : null)}
    />
  );
}

/**
 * The news feed: filters, the composer, pinned important posts and the endless list; `postId` puts one post on top.
 * With `group` it is that group's feed («Лента» of the group's page): its posts only, and new ones go to it.
 */
export function Feed({ postId, onShowAll, group: fixedGroup }: { postId?: number | null; onShowAll?: () => void; group?: Chip }) {
  const { t } = useFeedT();
  const me = useSession();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<FeedFilters['filter']>('all');
  const [author, setAuthor] = useState<PickedUser | null>(null);
  const [chosenGroup, setGroup] = useState<Chip | null>(null);
  const group = fixedGroup ?? chosenGroup;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 400);
  const [hideSources, setHideSources] = useState(false);
  const [composing, setComposing] = useState(false);
  const [fresh, setFresh] = useState(0);
  const topRef = useRef<HTMLDivElement>(null);

  const filters = useMemo<FeedFilters>(() => ({ filter, authorId: author?.id, groupId: group?.id ?? undefined, from, to, q, hideSources }), [filter, author, group, from, to, q, hideSources]);
  const feed = useFeed(filters);
  const one = usePost(postId ?? null);
  // A group's feed counts only the new posts to that group.
  useLiveFeed((id) => {
    if (!group) return setFresh((n) => n + 1);
    void api.get<FeedPost>(`/api/feed/posts/${id}`).then(
      (p) => {
        if (p.audience.some((c) => c.type === 'group' && c.id === group.id)) setFresh((n) => n + 1);
      },
      () => undefined,
    );
  });

  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const io = new IntersectionObserver(
      ([e]) => {
        if (e?.isIntersecting && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '400px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    if (postId && one.data) topRef.current?.scrollIntoView({ block: 'start' });
  }, [postId, one.data]);

  const pinned = feed.data?.pages[0]?.pinned ?? [];
  const pinnedIds = new Set(pinned.map((p) => p.id));
  const items = (feed.data?.pages ?? []).flatMap((p) => p.items).filter((p) => !pinnedIds.has(p.id) && p.id !== postId);
  const filtered = filter !== 'all' || !!author || !!chosenGroup || !!from || !!to || !!q || hideSources;

  const showNew = () => {
    setFresh(0);
    void qc.invalidateQueries({ queryKey: feedKeys.lists });
    topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <Stack gap="md" className={classes.feed} ref={topRef}>
      {postId ? (
        <Stack gap="xs">
          {one.isLoading ? <PostSkeleton /> : one.data ? <PostCard post={one.data} meId={me.user.id} highlighted /> : <NotFoundPost />}
          {onShowAll ? (
            <Group>
              <Button variant="subtle" size="xs" onClick={onShowAll}>
                {t('showAll')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      ) : null}
      <Composer open={composing} onOpen={() => setComposing(true)} onClose={() => setComposing(false)} audience={fixedGroup ? [fixedGroup] : undefined} />
      <Card padding="sm">
        <div className={classes.filters}>
          <SegmentedControl value={filter} onChange={(v) => setFilter(v as FeedFilters['filter'])} data={(['all', 'mine', 'important'] as const).map((k) => ({ value: k, label: t(`filter.${k}`) }))} />
          <UserPicker value={author} onChange={setAuthor} placeholder={t('author')} aria-label={t('author')} w={200} size="sm" />
          {fixedGroup ? null : <GroupFilter value={chosenGroup} onChange={setGroup} />}
          <DateInput value={from} onChange={setFrom} placeholder={t('from')} aria-label={t('from')} w={130} size="sm" />
          <DateInput value={to} onChange={setTo} placeholder={t('to')} aria-label={t('to')} w={130} size="sm" />
          <TextInput
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            placeholder={t('search')}
            aria-label={t('search')}
            style={{ flex: 1, minWidth: 160 }}
            size="sm"
          />
        </div>
        <Checkbox mt="xs" size="xs" label={t('hideSources')} checked={hideSources} onChange={(e) => setHideSources(e.currentTarget.checked)} />
      </Card>
      {fresh > 0 ? (
        <Center className={classes.newBar}>
          <Button radius="xl" leftSection={<IconArrowUp size={16} />} onClick={showNew} data-testid="feed-new">
            {t('newPosts', { count: fresh })}
          </Button>
        </Center>
      ) : null}
      {feed.isLoading ? (
        <>
          <PostSkeleton />
          <PostSkeleton />
          <PostSkeleton />
        </>
      ) : (
        <>
          {pinned.map((p) => (
            <PostCard key={`pin-${p.id}`} post={p} meId={me.user.id} />
          ))}
          {items.map((p) => (
            <PostCard key={p.id} post={p} meId={me.user.id} />
          ))}
          {!pinned.length && !items.length ? (
            <Card>
              <EmptyState
                icon={<IconNews size={32} />}
                title={filtered ? t('emptyFiltered') : t('empty')}
                description={filtered ? undefined : t('emptyHint')}
                action={filtered ? undefined : <Button onClick={() => setComposing(true)}>{t('writeFirst')}</Button>}
              />
            </Card>
          ) : null}
          <div ref={sentinel} className={classes.sentinel} />
          {isFetchingNextPage ? (
            <Center py="sm">
              <Group gap="xs">
                <Loader size="sm" />
                <Text size="sm" c="dimmed">
                  {t('loadingMore')}
                </Text>
              </Group>
            </Center>
          ) : null}
        </>
      )}
    </Stack>
  );
}
