import { Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconChartBar, IconFileSpreadsheet } from '@tabler/icons-react';
import type { ReportFigures, ReportScope, TaskReport } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { DateInput } from '../../../ui/fields';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';
import { reportExportUrl, useReport, useReportScopes, type ReportParams } from './api';
import './i18n';

type Preset = 'thisMonth' | 'lastMonth' | 'thisWeek' | 'quarter' | 'custom';

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The first and last day of a preset period, in the browser's calendar. */
export function periodOf(preset: Exclude<Preset, 'custom'>, today = new Date()): { from: string; to: string } {
  const y = today.getFullYear();
  const m = today.getMonth();
  switch (preset) {
    case 'thisMonth':
      return { from: iso(new Date(y, m, 1)), to: iso(new Date(y, m + 1, 0)) };
    case 'lastMonth':
      return { from: iso(new Date(y, m - 1, 1)), to: iso(new Date(y, m, 0)) };
    case 'thisWeek': {
      const monday = new Date(y, m, today.getDate() - ((today.getDay() + 6) % 7));
      return { from: iso(monday), to: iso(new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6)) };
    }
    case 'quarter': {
      const q = Math.floor(m / 3) * 3;
      return { from: iso(new Date(y, q, 1)), to: iso(new Date(y, q + 3, 0)) };
    }
  }
}

function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** «Отчёты»: whose (me, an employee, a department, a group), over which period; the table, the chart, the workbook. */
export default function ReportsPage() {
  const { t } = useTasksT();
  const scopes = useReportScopes();
  const [scope, setScope] = useState<ReportScope>('me');
  const [ids, setIds] = useState<Record<string, number | null>>({});
  const [preset, setPreset] = useState<Preset>('thisMonth');
  const [custom, setCustom] = useState(() => periodOf('thisMonth'));
  const period = preset === 'custom' ? custom : periodOf(preset);
  const params: ReportParams = { scope, id: ids[scope] ?? null, ...period };
  const report = useReport(params);

  const options = useMemo(() => {
    const s = scopes.data;
    if (!s) return { user: [], department: [], group: [] };
    return {
      user: s.people.map((p) => ({ value: String(p.id), label: p.fullName })),
      department: s.departments.map((d) => ({ value: String(d.id), label: d.name })),
      group: s.groups.map((g) => ({ value: String(g.id), label: g.name })),
    };
  }, [scopes.data]);
  const scopeChoices = (['me', 'user', 'department', 'group'] as const).filter((s) => s === 'me' || options[s].length > (s === 'user' ? 1 : 0));

  return (
    <TasksPage
      view="reports"
      actions={
        <Button variant="default" leftSection={<IconFileSpreadsheet size={16} />} disabled={!report.data} onClick={() => download(reportExportUrl(params))}>
          {t('reports.export')}
        </Button>
      }
    >
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Group align="flex-end" gap="md" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('reports.scope.label')}
              </Text>
              <SegmentedControl value={scope} onChange={(v) => setScope(v as ReportScope)} data={scopeChoices.map((s) => ({ value: s, label: t(`reports.scope.${s}`) }))} />
            </Stack>
            {scope !== 'me' ? (
              <Select
                w={260}
                label={t(`reports.scope.${scope}`)}
                placeholder={t(`reports.pick.${scope}`)}
                searchable
                data={options[scope]}
                value={ids[scope] ? String(ids[scope]) : null}
                onChange={(v) => setIds((prev) => ({ ...prev, [scope]: v ? Number(v) : null }))}
              />
            ) : null}
            <Select
              w={190}
              label={t('reports.period.label')}
              allowDeselect={false}
              value={preset}
              onChange={(v) => {
                if (!v) return;
                if (v === 'custom') setCustom(period);
                setPreset(v as Preset);
              }}
              data={(['thisMonth', 'lastMonth', 'thisWeek', 'quarter', 'custom'] as const).map((p) => ({ value: p, label: t(`reports.period.${p}`) }))}
            />
            {preset === 'custom' ? (
              <>
                <DateInput w={150} label={t('reports.period.from')} value={custom.from} onChange={(v) => v && setCustom((c) => ({ ...c, from: v }))} />
                <DateInput w={150} label={t('reports.period.to')} value={custom.to} onChange={(v) => v && setCustom((c) => ({ ...c, to: v }))} />
              </>
            ) : null}
          </Group>
          {scopeChoices.length === 1 && scopes.data ? (
            <Text size="xs" c="dimmed" mt="xs">
              {t('reports.noScopes')}
            </Text>
          ) : null}
        </Paper>
        {scope !== 'me' && !ids[scope] ? (
          <Paper withBorder radius="md">
            <EmptyState icon={<IconChartBar size={30} />} title={t(`reports.pick.${scope}`)} />
          </Paper>
        ) : report.isLoading ? (
          <PageSkeleton />
        ) : report.isError ? (
          <ErrorState error={report.error} onRetry={() => void report.refetch()} />
        ) : report.data ? (
          <ReportView report={report.data} />
        ) : null}
      </Stack>
    </TasksPage>
  );
}

function useDuration() {
  const { t } = useTasksT();
  return (seconds: number) => (seconds ? t('reports.hours', { h: Math.floor(seconds / 3600), m: Math.round((seconds % 3600) / 60) }) : '—');
}

function Figures({ f, label, bold }: { f: ReportFigures; label: string; bold?: boolean }) {
  const duration = useDuration();
  const fw = bold ? 700 : undefined;
  return (
    <>
      <Table.Td fw={fw}>{label}</Table.Td>
      <Table.Td fw={fw} ta="right">
        {f.assigned}
      </Table.Td>
      <Table.Td fw={fw} ta="right">
        {f.completed}
      </Table.Td>
      <Table.Td fw={fw} ta="right">
        {f.completedOnTime}
      </Table.Td>
      <Table.Td fw={fw} ta="right" c={f.overdue ? 'red' : undefined}>
        {f.overdue}
      </Table.Td>
      <Table.Td fw={fw} ta="right">
        {f.efficiency === null ? '—' : `${f.efficiency}%`}
      </Table.Td>
      <Table.Td fw={fw} ta="right">
        {duration(f.timeSpentSeconds)}
      </Table.Td>
    </>
  );
}

function ReportView({ report }: { report: TaskReport }) {
  const { t } = useTasksT();
  const perPerson = report.rows.length > 1;
  const chart = perPerson
    ? report.rows.map((r) => ({ name: r.user.fullName, completed: r.completed, overdue: r.overdue }))
    : report.weeks.map((w) => ({ name: w.weekStart.slice(8, 10) + '.' + w.weekStart.slice(5, 7), completed: w.completed, overdue: w.overdue }));
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label={t('reports.col.assigned')} value={report.totals.assigned} />
        <Stat label={t('reports.col.completed')} value={report.totals.completed} />
        <Stat label={t('reports.col.overdue')} value={report.totals.overdue} color={report.totals.overdue ? 'red' : undefined} />
        <Stat label={t('reports.col.efficiency')} value={report.totals.efficiency === null ? '—' : `${report.totals.efficiency}%`} />
      </SimpleGrid>
      <Paper withBorder radius="md" p="md">
        <Title order={5} mb="sm">
          {report.title}
        </Title>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" striped data-testid="report-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.col.user')}</Table.Th>
                {(['assigned', 'completed', 'completedOnTime', 'overdue', 'efficiency', 'time'] as const).map((c) => (
                  <Table.Th key={c} ta="right">
                    {t(`reports.col.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((r) => (
                <Table.Tr key={r.user.id}>
                  <Figures f={r} label={r.user.fullName} />
                </Table.Tr>
              ))}
              {perPerson ? (
                <Table.Tr data-testid="report-totals">
                  <Figures f={report.totals} label={t('reports.totals')} bold />
                </Table.Tr>
              ) : null}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt="sm" data-testid="report-formula">
          {t('reports.formula')}
        </Text>
      </Paper>
      <Paper withBorder radius="md" p="md" data-testid="report-chart">
        <Title order={5} mb="sm">
          {perPerson ? t('reports.chartPeople') : t('reports.chartWeeks')}
        </Title>
        {report.totals.assigned ? (
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={chart} margin={{ top: 8, right: 16, left: 0, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Legend />
              <Bar dataKey="completed" name={t('reports.col.completed')} fill="var(--mantine-color-teal-6)" radius={[4, 4, 0, 0]} />
              <Bar dataKey="overdue" name={t('reports.col.overdue')} fill="var(--mantine-color-red-6)" radius={[4, 4, 0, 0]} />
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <Text c="dimmed" size="sm">
            {t('reports.empty')}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}

function Stat({ label, value, color }: { label: string; value: number | string; color?: string }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={color}>
        {value}
      </Text>
    </Paper>
  );
}
