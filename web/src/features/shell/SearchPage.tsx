import { Badge, Box, Button, Card, Center, Chip, Group, Loader, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { DatePickerInput, DatesProvider, type DatesRangeValue } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { IconCalendar, IconSearch, IconSearchOff } from '@tabler/icons-react';
import type { SearchPage as SearchPageData } from '@vavilon/contracts';
import 'dayjs/locale/en';
import 'dayjs/locale/ru';
import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { UserPicker, type PickedUser } from '../../ui/fields';
import { formatDate } from '../../ui/format';
import { Highlight } from '../../ui/Highlight';
import { openUrl, toAppPath } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useUser } from '../users/api';
import { useSearchPage, type SearchPageFilters } from './api';
import { useRecentSearches } from './recent-searches';
import { KindIcon } from './search-kinds';
import classes from './shell.module.css';
import { LoadMore } from '../../ui/LoadMore';

type Item = SearchPageData['items'][number];
type KindCount = NonNullable<SearchPageData['kinds']>[number];

const isoDay = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** «12», or «1000+» when the server stopped counting. */
function countLabel(count: number, capped: boolean): string {
  return capped ? `${count}+` : String(count);
}

/** One hit: the kind's icon, the title with the matched words in bold, what it is, when and whose. */
function ResultRow({ item, onOpen }: { item: Item; onOpen: () => void }) {
  const navigate = useNavigate();
  const appPath = toAppPath(item.url);
  const open = (e: MouseEvent<HTMLAnchorElement>) => {
    onOpen();
    // A plain click opens it here; with Ctrl/⌘/Shift or the middle button the browser opens a tab.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    openUrl(navigate, item.url);
  };
  const meta = [item.date ? formatDate(item.date) : null, item.author?.name ?? null].filter(Boolean).join(' · ');
  const body = (
    <>
      <KindIcon kind={item.kind} size={40} />
      <div className={classes.resultText}>
        <Text fw={500} className={classes.resultTitle} lineClamp={2}>
          <Highlight text={item.title} marks={item.marks} />
        </Text>
        {item.subtitle ? (
          <Text size="sm" c="dimmed" truncate>
            {item.subtitle}
          </Text>
        ) : null}
        <Group gap={8} mt={6} wrap="nowrap">
          <Badge size="sm" radius="sm" variant="light" color="gray" className={classes.resultKind}>
            {item.kindTitle}
          </Badge>
          {meta ? (
            <Text size="xs" c="dimmed" truncate>
              {meta}
            </Text>
          ) : null}
        </Group>
      </div>
    </>
  );
  return appPath !== null ? (
    <Link to={appPath} className={classes.resultRow} onClick={open}>
      {body}
    </Link>
  ) : (
    <a href={item.url} className={classes.resultRow} onClick={open}>
      {body}
    </a>
  );
}

function ResultsSkeleton() {
  return (
    <Stack gap={0} aria-busy="true">
      {Array.from({ length: 6 }, (_, i) => (
        <Group key={i} gap="md" wrap="nowrap" className={classes.resultSkeleton}>
          <Skeleton h={40} w={40} radius="md" />
          <Stack gap={8} style={{ flex: 1 }}>
            <Skeleton h={14} w={`${55 - (i % 3) * 10}%`} radius="sm" />
            <Skeleton h={10} w={`${35 + (i % 2) * 12}%`} radius="sm" />
            <Skeleton h={10} w={120} radius="sm" />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

/** The chips «Все», «Сделки 12», «Сотрудники 3»: one kind at a time, with the first page's counts. */
function KindChips({ kinds, value, onChange }: { kinds: KindCount[]; value: string | undefined; onChange: (kind: string | undefined) => void }) {
  const { t } = useTranslation();
  const total = kinds.reduce((sum, k) => sum + k.count, 0);
  const totalCapped = kinds.some((k) => k.capped) || total >= 1000;
  // A kind asked for by the address that found nothing still shows, so that it can be taken off.
  const shown = value && !kinds.some((k) => k.kind === value) ? [...kinds, { kind: value, title: value, count: 0, capped: false }] : kinds;
  return (
    <Chip.Group multiple={false} value={value ?? ''} onChange={(v) => onChange(v || undefined)}>
      <Group gap={8} role="radiogroup" aria-label={t('searchPage.kinds')}>
        <Chip value="" variant="light" radius="xl" icon={null} classNames={{ label: classes.kindChip, iconWrapper: classes.kindChipIcon }}>
          {t('searchPage.all')} <span className={classes.kindChipCount}>{countLabel(Math.min(total, 1000), totalCapped)}</span>
        </Chip>
        {shown.map((k) => (
          <Chip key={k.kind} value={k.kind} variant="light" radius="xl" icon={null} classNames={{ label: classes.kindChip, iconWrapper: classes.kindChipIcon }}>
            {k.title} <span className={classes.kindChipCount}>{countLabel(k.count, k.capped)}</span>
          </Chip>
        ))}
      </Group>
    </Chip.Group>
  );
}

/**
 * «Показать все»: every result of a query the user may open, newest first, filtered by kind,
 * author and date, a page at a time. The address keeps the query and the filters.
 */
export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const kind = params.get('kind') || undefined;
  const authorId = Number(params.get('author')) || undefined;
  const from = isoDay(params.get('from'));
  const to = isoDay(params.get('to'));
  useDocumentTitle(q ? t('searchPage.titleWithQuery', { query: q }) : t('searchPage.title'));

  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [range, setRange] = useState<DatesRangeValue<string>>([from ?? null, to ?? null]);
  useEffect(() => setRange([from ?? null, to ?? null]), [from, to]);
  const [author, setAuthor] = useState<PickedUser | null>(null);
  const profile = useUser(authorId && author?.id !== authorId ? authorId : 0);
  const authorValue: PickedUser | null = !authorId
    ? null
    : author?.id === authorId
      ? author
      : profile.data
        ? { id: profile.data.id, fullName: profile.data.fullName, photoUrl: profile.data.photoUrl }
        : null;

  const filters: SearchPageFilters = useMemo(() => ({ q, kind, author: authorId, from, to }), [q, kind, authorId, from, to]);
  const list = useSearchPage(filters);
  const { remember } = useRecentSearches();
  const first = list.data?.pages[0];
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const corrected = first?.corrected ?? null;
  const filtered = Boolean(kind || authorId || from || to);

  /** Changes some of the address's parameters; a new query is a step back can return from. */
  const update = (patch: Record<string, string | undefined>, push = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: !push });
  };

  return (
    <>
      <PageHeader title={t('searchPage.title')} />
      <Card mb="md" className={classes.searchPanel}>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: text.trim() || undefined }, true);
          }}
        >
          <Group gap="sm" wrap="nowrap">
            <TextInput
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              aria-label={t('searchPage.input')}
              placeholder={t('searchPage.placeholder')}
              leftSection={<IconSearch size={18} />}
              size="md"
              radius="md"
              style={{ flex: 1 }}
              autoFocus={!q}
            />
            <Button type="submit" size="md" radius="md">
              {t('searchPage.submit')}
            </Button>
          </Group>
        </form>
        <Group justify="space-between" align="center" gap="sm" mt="md" wrap="wrap">
          {first?.kinds && q && (first.kinds.length > 0 || kind) ? (
            <Box style={{ flex: '1 1 320px' }}>
              <KindChips kinds={first.kinds} value={kind} onChange={(k) => update({ kind: k })} />
            </Box>
          ) : null}
          <Group gap="sm" wrap="wrap" ml="auto" className={classes.searchFilters}>
            <UserPicker
              value={authorValue}
              onChange={(u) => {
                setAuthor(u);
                update({ author: u ? String(u.id) : undefined });
              }}
              aria-label={t('searchPage.author')}
              placeholder={t('searchPage.authorPlaceholder')}
              w={{ base: '100%', xs: 220 }}
            />
            <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'ru', firstDayOfWeek: 1 }}>
              <DatePickerInput
                type="range"
                value={range}
                onChange={(v) => {
                  setRange(v);
                  const [a, b] = v;
                  if ((a && b) || (!a && !b)) update({ from: a ? String(a).slice(0, 10) : undefined, to: b ? String(b).slice(0, 10) : undefined });
                }}
                aria-label={t('searchPage.dates')}
                placeholder={t('searchPage.datesPlaceholder')}
                valueFormat="D MMM YYYY"
                leftSection={<IconCalendar size={16} />}
                clearable
                allowSingleDateInRange
                w={{ base: '100%', xs: 250 }}
                popoverProps={{ zIndex: 500 }}
              />
            </DatesProvider>
          </Group>
        </Group>
      </Card>

      {!q ? (
        <Card>
          <EmptyState icon={<IconSearch size={30} />} title={t('searchPage.startTitle')} description={t('searchPage.startHint')} />
        </Card>
      ) : list.isError && !list.data ? (
        <Card>
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        </Card>
      ) : list.isPending ? (
        <Card p={0}>
          <ResultsSkeleton />
        </Card>
      ) : items.length === 0 ? (
        <Card>
          <EmptyState
            icon={<IconSearchOff size={30} />}
            title={t('searchPage.nothing')}
            description={filtered ? t('searchPage.nothingFilteredHint') : t('searchPage.nothingHint')}
            action={
              filtered ? (
                <Button
                  variant="light"
                  onClick={() => {
                    setAuthor(null);
                    update({ kind: undefined, author: undefined, from: undefined, to: undefined });
                  }}
                >
                  {t('searchPage.resetFilters')}
                </Button>
              ) : null
            }
          />
        </Card>
      ) : (
        <>
          {corrected ? (
            <Text size="sm" c="dimmed" mb="sm" className={classes.searchPageCorrected}>
              <Trans i18nKey="search.correctedTo" values={{ query: corrected }} components={{ b: <Text span fw={600} c="dark.7" /> }} />
            </Text>
          ) : null}
          <Card p={0} className={classes.results} data-stale={list.isPlaceholderData || undefined}>
            <div role="list" aria-label={t('searchPage.results')} aria-busy={list.isPlaceholderData || undefined}>
              {items.map((item) => (
                <div role="listitem" key={`${item.kind}:${item.id}`}>
                  <ResultRow item={item} onOpen={() => remember(corrected ?? q)} />
                </div>
              ))}
            </div>
          </Card>
          <LoadMore list={list}>{t('searchPage.more')}</LoadMore>
          {list.isPlaceholderData ? (
            <Center mt="sm" aria-hidden="true">
              <Loader size="sm" />
            </Center>
          ) : null}
        </>
      )}
    </>
  );
}
