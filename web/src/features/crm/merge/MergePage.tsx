import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Radio, Stack, Switch, Table, Text } from '@mantine/core';
import { IconArrowsJoin, IconInfoCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { mergedCell, type MergeCell, type MergeField, type MergePreview } from '@vavilon/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client';
import { ErrorState } from '../../../ui/ErrorState';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { formatDate } from '../../../ui/format';
import { showError, showInfo, showSuccess } from '../../../ui/toasts';
import { CrmPage } from '../CrmFrame';
import { entityKey } from '../api';
import { useCrmT } from '../i18n';
import { cardPath } from '../navigation';
import { mergeItems, previewMerge, type MergeType } from './api';
import classes from './merge.module.css';
import './i18n';

function parseIds(v: string | null): number[] {
  return [
    ...new Set(
      (v ?? '')
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
  ];
}

/** One cell's value: a list's values one per line, an empty one as «не заполнено». */
function Value({ cell }: { cell: MergeCell }) {
  const { t } = useCrmT();
  if (cell.empty)
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t('merge.empty')}
      </Text>
    );
  if (cell.entries)
    return (
      <Stack gap={2}>
        {cell.entries.map((e) => (
          <Text size="sm" key={e.key}>
            {e.text}
          </Text>
        ))}
      </Stack>
    );
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {cell.text}
    </Text>
  );
}

/**
 * The comparison screen (manual, section 5): one column per item with «Основной» in its head,
 * per field the value that survives, «Объединить значения» for lists, the merged result;
 * «Объединить» or «Объединить и редактировать». Items without differences merge at once.
 */
export default function MergePage() {
  const { entity } = useParams();
  const [search] = useSearchParams();
  const type = entity === 'company' ? 'company' : entity === 'contact' ? 'contact' : null;
  const ids = useMemo(() => parseIds(search.get('ids')), [search]);
  if (!type) return <Navigate to="/crm/contact/list" replace />;
  return <MergeScreen key={`${type}:${ids.join(',')}`} type={type} ids={ids} initialPrimary={Number(search.get('primary')) || ids[0]} />;
}

function MergeScreen({ type, ids, initialPrimary }: { type: MergeType; ids: number[]; initialPrimary?: number }) {
  const { t } = useCrmT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const preview = useQuery({ queryKey: ['crm', type, 'merge', ids], queryFn: () => previewMerge(type, ids), retry: false, refetchOnWindowFocus: false });
  const [primary, setPrimary] = useState<number | undefined>(initialPrimary);
  const [choices, setChoices] = useState<Record<string, number>>({});
  const [separate, setSeparate] = useState<Set<string>>(new Set());
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const [busy, setBusy] = useState<'merge' | 'edit' | null>(null);
  const auto = useRef(false);
  const p = preview.data;
  const primaryId = p && primary && p.items.some((i) => i.id === primary) ? primary : p?.items.find((i) => i.abilities.edit)?.id;
  const listPath = `/crm/${type}/list`;

  const run = async (data: MergePreview, then: 'merge' | 'edit', same = false) => {
    if (!primaryId && !same) return;
    const survivor = primaryId ?? data.items[0]!.id;
    setBusy(then);
    try {
      const r = await mergeItems(type, {
        ids: data.items.map((i) => i.id),
        primaryId: survivor,
        choices: Object.fromEntries(Object.entries(choices).filter(([k]) => data.fields.some((f) => f.key === k && f.differs))),
        combine: data.fields.filter((f) => f.kind === 'list' && !separate.has(f.key)).map((f) => f.key),
        versions: Object.fromEntries(data.items.map((i) => [String(i.id), i.version])),
      });
      void qc.invalidateQueries({ queryKey: entityKey(type) });
      showSuccess(t(same ? 'merge.doneSame' : 'merge.done', { title: r.title }));
      navigate(then === 'edit' ? cardPath(type, r.id, 'edit=1') : listPath, { replace: true });
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        // Someone changed an item: the comparison reloads, the user's choices stay.
        await preview.refetch();
        showInfo(t('merge.reloaded'));
      } else showError(e);
    } finally {
      setBusy(null);
    }
  };

  // Nothing to compare: the items merge at once, without the screen.
  useEffect(() => {
    if (p && !p.differs && !auto.current) {
      auto.current = true;
      void run(p, 'merge', true);
    }
  });

  if (ids.length < 2) return <Navigate to={listPath} replace />;
  if (preview.isError)
    return (
      <CrmPage section={type} title={t(`merge.title.${type}`)}>
        <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
      </CrmPage>
    );
  if (!p || !p.differs) return <PageSkeleton />;

  const fields = onlyDiffs ? p.fields.filter((f) => f.differs) : p.fields;
  const titleOf = (id: number) => p.items.find((i) => i.id === id)?.title ?? `#${id}`;
  const cannotDelete = p.items.filter((i) => i.id !== primaryId && !i.abilities.delete);
  const resultOf = (f: MergeField) => mergedCell(f, primaryId ?? p.items[0]!.id, choices[f.key], f.kind === 'list' && !separate.has(f.key));

  return (
    <CrmPage section={type} title={t(`merge.title.${type}`)} actions={<Switch label={t('merge.onlyDiffs')} checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.currentTarget.checked)} />}>
      <Card withBorder padding={0} radius="md" className={classes.card}>
        <div className={classes.scroll}>
          <Table className={classes.table} verticalSpacing="xs" horizontalSpacing="sm" withColumnBorders stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th className={classes.labelCol}>{t('merge.field')}</Table.Th>
                {p.items.map((item) => (
                  <Table.Th key={item.id} className={item.id === primaryId ? classes.primaryCol : undefined}>
                    <Stack gap={4}>
                      <Radio
                        name="primary"
                        value={String(item.id)}
                        checked={item.id === primaryId}
                        disabled={!item.abilities.edit}
                        onChange={() => setPrimary(item.id)}
                        label={
                          <Group gap={6} wrap="nowrap">
                            <Text size="sm" fw={600}>
                              {t('merge.primary')}
                            </Text>
                            {item.id === primaryId ? (
                              <Badge size="xs" variant="light">
                                ✓
                              </Badge>
                            ) : null}
                          </Group>
                        }
                        aria-label={`${t('merge.primary')}: ${item.title}`}
                        title={item.abilities.edit ? undefined : t('merge.noEdit', { title: item.title })}
                      />
                      <Anchor component={Link} to={cardPath(type, item.id)} target="_blank" size="sm" fw={600}>
                        {item.title}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {t('merge.created', { date: formatDate(item.createdAt) })}
                        {item.responsible ? ` · ${t('merge.responsible', { name: item.responsible.fullName })}` : ''}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {[
                          t('merge.deals', { count: item.links.deals }),
                          item.links.companies !== undefined ? t('merge.companies', { count: item.links.companies }) : null,
                          item.links.contacts !== undefined ? t('merge.contacts', { count: item.links.contacts }) : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    </Stack>
                  </Table.Th>
                ))}
                <Table.Th className={classes.resultCol}>{t('merge.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((f) => {
                const combined = f.kind === 'list' && !separate.has(f.key);
                const result = resultOf(f);
                const canChoose = f.differs && f.choosable && !combined;
                return (
                  <Table.Tr key={f.key} className={f.differs ? classes.differs : undefined}>
                    <Table.Td className={classes.labelCol}>
                      <Text size="sm" fw={500}>
                        {f.label}
                      </Text>
                      {f.kind === 'list' && f.differs ? (
                        <Checkbox
                          mt={6}
                          size="xs"
                          label={t('merge.combine')}
                          aria-label={`${t('merge.combine')}: ${f.label}`}
                          checked={combined}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            setSeparate((s) => {
                              const next = new Set(s);
                              if (on) next.delete(f.key);
                              else next.add(f.key);
                              return next;
                            });
                          }}
                        />
                      ) : null}
                    </Table.Td>
                    {f.cells.map((cell) => (
                      <Table.Td key={cell.id} className={cell.id === primaryId ? classes.primaryCol : undefined}>
                        {canChoose ? (
                          <Radio
                            name={`field-${f.key}`}
                            value={String(cell.id)}
                            checked={result.id === cell.id}
                            onChange={() => setChoices((c) => ({ ...c, [f.key]: cell.id }))}
                            aria-label={t('merge.valueOf', { field: f.label, title: titleOf(cell.id) })}
                            label={<Value cell={cell} />}
                          />
                        ) : (
                          <Value cell={cell} />
                        )}
                      </Table.Td>
                    ))}
                    <Table.Td className={classes.resultCol} data-testid={`result-${f.key}`}>
                      <Value cell={result} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
        <Stack gap="sm" p="md" className={classes.footer}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconInfoCircle size={16} style={{ flex: 'none', marginTop: 2 }} />
            <Text size="sm" c="dimmed">
              {t('merge.linksMove')}
            </Text>
          </Group>
          {cannotDelete.map((i) => (
            <Alert key={i.id} color="orange" py={6}>
              {t('merge.noDelete', { title: i.title })}
            </Alert>
          ))}
          <Group gap="sm">
            <Button leftSection={<IconArrowsJoin size={16} />} loading={busy === 'merge'} disabled={!primaryId || cannotDelete.length > 0 || busy !== null} onClick={() => void run(p, 'merge')}>
              {t('merge.merge')}
            </Button>
            <Button variant="light" loading={busy === 'edit'} disabled={!primaryId || cannotDelete.length > 0 || busy !== null} onClick={() => void run(p, 'edit')}>
              {t('merge.mergeEdit')}
            </Button>
            <Button variant="default" component={Link} to={listPath} disabled={busy !== null}>
              {t('merge.cancel')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </CrmPage>
  );
}
