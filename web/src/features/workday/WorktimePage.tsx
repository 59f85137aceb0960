import { ActionIcon, Anchor, Badge, Button, Drawer, Group, Select, Skeleton, Stack, Table, Tabs, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { IconCalendarOff, IconChecks, IconDownload, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { showError, showSuccess } from '../../ui/toasts';
import { isAdmin, useSession } from '../auth/session';
import { useCorrectDay, useCorrections, useDecide, useRequestCorrection, useWorkdayDay, useWorkdayReport } from './api';
import { WorkdaySettings } from './WorkdaySettings';
import { duration, useWdT } from './i18n';

const hours = (ms: number) => (ms ? (Math.round((ms / 3_600_000) * 10) / 10).toString().replace('.', ',') : '');
const hm = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' }) : '');
const thisMonth = () => new Date().toISOString().slice(0, 7);

/** «Учёт рабочего времени»: a month grid of a department's days; a day opens in a drawer with its intervals, report, history and «Изменить». */
export default function WorktimePage() {
  const { t } = useWdT();
  const me = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (['corrections', 'settings'] as const).find((x) => location.pathname.startsWith(`/timeman/${x}`)) ?? 'report';
  const [month, setMonth] = useState(() => params.get('date')?.slice(0, 7) ?? thisMonth());
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  // A notification's link opens the day: /timeman?user=…&date=…
  const linked = params.get('user') && params.get('date') ? { userId: Number(params.get('user')), date: params.get('date')! } : null;
  const [picked, setOpen] = useState<{ userId: number; date: string } | null>(null);
  const open = picked ?? linked;
  const closeDay = () => {
    setOpen(null);
    if (linked) setParams({}, { replace: true });
  };
  const deps = useQuery({ queryKey: ['workday', 'departments'], queryFn: () => api.get<{ items: { id: number; name: string }[] }>('/api/workday/departments') });
  const q = { month, ...(departmentId ? { departmentId: Number(departmentId) } : {}) };
  const rep = useWorkdayReport(q);
  const exportUrl = `/api/workday/report/export?month=${month}${departmentId ? `&departmentId=${departmentId}` : ''}`;
  return (
    <Stack>
      <PageHeader title={t('worktime')} />
      <Tabs value={tab} onChange={(v) => navigate(v === 'report' ? '/timeman' : `/timeman/${v}`)}>
        <Tabs.List>
          <Tabs.Tab value="report">{t('worktime')}</Tabs.Tab>
          <Tabs.Tab value="corrections">{t('corrections')}</Tabs.Tab>
          {isAdmin(me) && <Tabs.Tab value="settings">{t('settings')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="report" pt="md">
          <Group mb="md" align="flex-end">
            <TextInput type="month" label={t('month')} value={month} onChange={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)} w={180} />
            {!!deps.data?.items.length && (
              <Select
                label={t('department')}
                data={deps.data.items.map((d) => ({ value: String(d.id), label: d.name }))}
                value={departmentId}
                onChange={setDepartmentId}
                clearable
                w={240}
                placeholder={t('allMine')}
              />
            )}
            <Button component="a" href={exportUrl} variant="default" leftSection={<IconDownload size={16} />}>
              {t('export')}
            </Button>
          </Group>
          {rep.isPending ? (
            <Skeleton h={240} />
          ) : rep.isError ? (
            <Text c="red">{isApiError(rep.error) ? rep.error.message : String(rep.error)}</Text>
          ) : rep.data.rows.length === 0 ? (
            <EmptyState icon={<IconCalendarOff size={40} />} title={t('empty')} description={t('emptyHint')} />
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table withTableBorder withColumnBorders fz="xs" data-testid="worktime-grid">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('employee')}</Table.Th>
                    {rep.data.dates.map((d) => (
                      <Table.Th key={d.date} ta="center" bg={d.workingDay ? undefined : 'gray.1'} px={4}>
                        {Number(d.date.slice(8))}
                      </Table.Th>
                    ))}
                    <Table.Th>{t('total')}</Table.Th>
                    <Table.Th>{t('norm')}</Table.Th>
                    <Table.Th>{t('lateCount')}</Table.Th>
                    <Table.Th>{t('missedCount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rep.data.rows.map((r) => (
                    <Table.Tr key={r.user.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.user.name}</Table.Td>
                      {r.days.map((d) => {
                        const bg = d.unclosed ? 'red.1' : d.late || d.early ? 'orange.1' : d.missed ? 'gray.2' : !d.workingDay ? 'gray.0' : undefined;
                        const marks = [d.late && t('late'), d.early && t('early'), d.unclosed && t('unclosed'), d.missed && t('missed'), d.corrected && t('corrected')].filter(Boolean).join(', ');
                        return (
                          <Table.Td
                            key={d.date}
                            ta="center"
                            px={2}
                            bg={bg}
                            style={{ cursor: d.dayId ? 'pointer' : undefined }}
                            onClick={() => setOpen({ userId: r.user.id, date: d.date })}
                            data-testid={`cell-${r.user.id}-${d.date}`}
                            data-flags={marks}
                          >
                            <Tooltip label={marks} disabled={!marks}>
                              <span>{d.workedMs ? hours(d.workedMs) : d.missed ? '—' : ''}</span>
                            </Tooltip>
                          </Table.Td>
                        );
                      })}
                      <Table.Td fw={600}>{hours(r.workedMs) || '0'}</Table.Td>
                      <Table.Td>{hours(r.normMs) || '0'}</Table.Td>
                      <Table.Td c={r.late ? 'orange.8' : undefined}>{r.late}</Table.Td>
                      <Table.Td c={r.missed ? 'red.8' : undefined}>{r.missed}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="corrections" pt="md">
          <Corrections onOpen={setOpen} />
        </Tabs.Panel>
        {isAdmin(me) && (
          <Tabs.Panel value="settings" pt="md">
            <WorkdaySettings />
          </Tabs.Panel>
        )}
      </Tabs>
      <DayDrawer open={open} onClose={closeDay} />
    </Stack>
  );
}

function Corrections({ onOpen }: { onOpen: (d: { userId: number; date: string }) => void }) {
  const { t } = useWdT();
  const list = useCorrections();
  const decide = useDecide();
  if (list.isPending) return <Skeleton h={120} />;
  if (!list.data?.items.length) return <EmptyState icon={<IconChecks size={40} />} title={t('noCorrections')} />;
  return (
    <Table verticalSpacing="sm" data-testid="workday-corrections">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('employee')}</Table.Th>
          <Table.Th>{t('date')}</Table.Th>
          <Table.Th>{t('when')}</Table.Th>
          <Table.Th>{t('reason')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.data.items.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{r.user.name}</Table.Td>
            <Table.Td>
              <Anchor component="button" size="sm" onClick={() => onOpen({ userId: r.user.id, date: r.date })}>
                {new Date(r.date + 'T12:00:00').toLocaleDateString('ru-RU', { day: 'numeric', month: 'long' })}
              </Anchor>
            </Table.Td>
            <Table.Td>{r.intervals.map((i) => `${hm(i.start)}–${hm(i.end)}`).join(', ')}</Table.Td>
            <Table.Td>{r.reason}</Table.Td>
            <Table.Td>
              {r.abilities.decide ? (
                <Group gap="xs">
                  <Button size="xs" onClick={() => decide.mutate({ id: r.id, approve: true }, { onSuccess: () => showSuccess(t('approved')) })}>
                    {t('approve')}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => decide.mutate({ id: r.id, approve: false }, { onSuccess: () => showSuccess(t('declined')) })}>
                    {t('decline')}
                  </Button>
                </Group>
              ) : (
                <Badge variant="light">{t(`status.${r.status}`)}</Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const toLocal = (iso: string | null) => (iso ? hm(iso) : '');
function atTime(date: string, value: string): string {
  // The time typed is in the viewer's zone on the day's date.
  const [h, m] = value.split(':').map(Number);
  const d = new Date(`${date}T00:00:00`);
  d.setHours(h ?? 0, m ?? 0, 0, 0);
  return d.toISOString();
}

function DayDrawer({ open, onClose }: { open: { userId: number; date: string } | null; onClose: () => void }) {
  const { t } = useWdT();
  const day = useWorkdayDay(open?.userId ?? null, open?.date ?? null);
  const correct = useCorrectDay();
  const ask = useRequestCorrection();
  // A manager changes the day; its owner asks their manager to.
  const [mode, setMode] = useState<'edit' | 'request'>('edit');
  const [editing, setEditing] = useState<{ start: string; end: string }[] | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const d = day.data;
  const close = () => {
    setEditing(null);
    setReason('');
    setReasonError(null);
    onClose();
  };
  return (
    <Drawer
      opened={!!open}
      onClose={close}
      position="right"
      size="md"
      title={open ? t('dayTitle', { date: new Date(open.date + 'T12:00:00').toLocaleDateString('ru-RU', { day: 'numeric', month: 'long', year: 'numeric' }) }) : ''}
    >
      {day.isPending || !d ? (
        <Skeleton h={200} />
      ) : (
        <Stack data-testid="workday-day">
          <Text fw={600}>{d.user.name}</Text>
          <Group gap={6}>
            <Badge variant="light">{t(`state.${d.state}`)}</Badge>
            {d.flags.late && <Badge color="orange">{t('late')}</Badge>}
            {d.flags.early && <Badge color="orange">{t('early')}</Badge>}
            {d.flags.unclosed && <Badge color="red">{t('unclosed')}</Badge>}
            {d.flags.corrected && <Badge color="grape">{t('corrected')}</Badge>}
          </Group>
          <Text size="sm">
            {t('worked')}: <b>{duration(d.workedMs, t)}</b> · {t('breaks')}: {duration(d.breakMs, t)}
          </Text>
          {!editing ? (
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {t('intervals')}
              </Text>
              {d.intervals.length ? (
                d.intervals.map((i, k) => <Text key={k} size="sm">{`${hm(i.start)} – ${i.end ? hm(i.end) : '…'}`}</Text>)
              ) : (
                <Text size="sm" c="dimmed">
                  {t('noIntervals')}
                </Text>
              )}
              {d.lateReason && <Text size="sm">{`${t('reasonLate')}: ${d.lateReason}`}</Text>}
              {d.report && (
                <>
                  <Text size="sm" fw={600} mt="xs">
                    {t('report')}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {d.report}
                  </Text>
                </>
              )}
              {(d.abilities.edit || d.abilities.requestCorrection) && (
                <Button
                  mt="sm"
                  variant="light"
                  onClick={() => {
                    setMode(d.abilities.edit ? 'edit' : 'request');
                    setEditing(d.intervals.length ? d.intervals.map((i) => ({ start: toLocal(i.start), end: toLocal(i.end) })) : [{ start: '09:00', end: '18:00' }]);
                  }}
                >
                  {d.abilities.edit ? t('edit') : t('requestCorrection')}
                </Button>
              )}
            </Stack>
          ) : (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (!reason.trim()) return setReasonError(t('required'));
                (mode === 'edit' ? correct : ask).mutate(
                  { userId: d.userId, date: d.date, reason, intervals: editing.map((i) => ({ start: atTime(d.date, i.start), end: atTime(d.date, i.end) })) },
                  {
                    onSuccess: () => {
                      setEditing(null);
                      setReason('');
                      showSuccess(mode === 'edit' ? t('dayCorrected') : t('requestSent'));
                    },
                    onError: (err) => {
                      const f = isApiError(err) ? err.fields.find((x) => x.field === 'reason') : undefined;
                      if (f) setReasonError(f.message);
                      else showError(err);
                    },
                  },
                );
              }}
            >
              <Stack gap="xs">
                {editing.map((iv, k) => (
                  <Group key={k} gap="xs" align="flex-end">
                    <TextInput
                      type="time"
                      label={t('from')}
                      value={iv.start}
                      onChange={(e) => setEditing(editing.map((x, j) => (j === k ? { ...x, start: e.currentTarget.value } : x)))}
                      aria-label={`${t('from')} ${k + 1}`}
                    />
                    <TextInput
                      type="time"
                      label={t('to')}
                      value={iv.end}
                      onChange={(e) => setEditing(editing.map((x, j) => (j === k ? { ...x, end: e.currentTarget.value } : x)))}
                      aria-label={`${t('to')} ${k + 1}`}
                    />
                    {editing.length > 1 && (
                      <ActionIcon variant="subtle" color="red" onClick={() => setEditing(editing.filter((_, j) => j !== k))} aria-label="×">
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Group>
                ))}
                <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing([...editing, { start: '14:00', end: '18:00' }])}>
                  {t('addInterval')}
                </Button>
                <Textarea label={mode === 'edit' ? t('reason') : t('requestReason')} required value={reason} error={reasonError} onChange={(e) => setReason(e.currentTarget.value)} />
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setEditing(null)}>
                    {t('cancel')}
                  </Button>
                  <Button type="submit" loading={correct.isPending || ask.isPending}>
                    {mode === 'edit' ? t('save') : t('requestCorrection')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          <Text fw={600} mt="md">
            {t('history')}
          </Text>
          <Stack gap={4} data-testid="workday-history">
            {d.history.map((h) => (
              <Text key={h.id} size="sm">
                {new Date(h.at).toLocaleString('ru-RU', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })} · {t(`action.${h.action}`)}
                {h.actor ? ` · ${h.actor.name}` : ''}
                {h.reason ? ` · ${h.reason}` : ''}
                {h.old && h.action === 'corrected'
                  ? ` (${h.old.map((i) => `${hm(i.start)}–${hm(i.end)}`).join(', ') || '—'} → ${(h.new ?? []).map((i) => `${hm(i.start)}–${hm(i.end)}`).join(', ')})`
                  : ''}
              </Text>
            ))}
          </Stack>
        </Stack>
      )}
    </Drawer>
  );
}
