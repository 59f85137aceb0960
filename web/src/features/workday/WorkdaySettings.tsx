import { ActionIcon, Badge, Button, Card, Checkbox, Chip, Drawer, Group, NumberInput, SegmentedControl, Select, Skeleton, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconCalendarEvent, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Holiday, WorkdaySchedule, WorkdaySchedulePut } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { UserPicker, type PickedUser } from '../../ui/fields/UserPicker';
import { showError, showSuccess } from '../../ui/toasts';
import { useDepartments } from '../users/api';
import { useDeleteSchedule, useHolidays, usePutHolidays, usePutSchedule, useSchedules } from './api';
import { useWdT } from './i18n';

type Draft = Omit<WorkdaySchedulePut, 'targetId'> & { targetId: number | null; targetName: string | null; id: number | null };

const blank = (base: WorkdaySchedule): Draft => ({ ...base, id: null, scope: 'department', targetId: null, targetName: null, version: undefined });

/** «Настройки» of «Учёт рабочего времени» for administrators: work schedules and the production calendar. */
export function WorkdaySettings() {
  return (
    <Stack gap="xl">
      <Schedules />
      <Holidays />
    </Stack>
  );
}

function Schedules() {
  const { t } = useWdT();
  const list = useSchedules();
  const remove = useDeleteSchedule();
  const [draft, setDraft] = useState<Draft | null>(null);
  const portal = list.data?.items.find((s) => s.scope === 'portal');
  const weekdays = t('weekdays', { returnObjects: true }) as string[];
  const summary = (s: WorkdaySchedule) =>
    s.kind === 'free'
      ? t('freeHours')
      : [
          `${s.start}–${s.end}`,
          s.lunchStart && s.lunchEnd ? `${t('lunch')} ${s.lunchStart}–${s.lunchEnd}` : '',
          s.workDays
            .slice()
            .sort()
            .map((d) => weekdays[d - 1])
            .join(', '),
          s.allowedLateMinutes ? t('lateUpTo', { n: s.allowedLateMinutes }) : '',
        ]
          .filter(Boolean)
          .join(' · ');
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={4}>{t('schedules')}</Title>
          <Text size="sm" c="dimmed">
            {t('schedulesHint')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} disabled={!portal} onClick={() => portal && setDraft(blank(portal))}>
          {t('addSchedule')}
        </Button>
      </Group>
      {list.isPending ? (
        <Skeleton h={120} />
      ) : (
        <Table verticalSpacing="sm" data-testid="workday-schedules">
          <Table.Tbody>
            {list.data?.items.map((s) => (
              <Table.Tr key={s.id ?? 'portal'}>
                <Table.Td w={220}>
                  <Text fw={500}>{s.scope === 'portal' ? t('scope.portal') : (s.targetName ?? '—')}</Text>
                  {s.scope !== 'portal' && (
                    <Text size="xs" c="dimmed">
                      {t(`scope.${s.scope}`)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{summary(s)}</Text>
                  <Group gap={4} mt={4}>
                    <Badge variant="light" size="sm">
                      {t(`kind.${s.kind}`)}
                    </Badge>
                    {s.reasonRequired && (
                      <Badge variant="light" color="orange" size="sm">
                        {t('reasonRequired')}
                      </Badge>
                    )}
                    {!!s.ipRanges.length && (
                      <Badge variant="light" color="gray" size="sm">
                        {s.ipRanges.join(', ')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td w={90}>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={t('edit')} onClick={() => setDraft({ ...s, version: s.version || undefined })}>
                      <IconPencil size={16} />
                    </ActionIcon>
                    {s.id !== null && (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={s.scope === 'portal' ? t('resetSchedule') : t('removeSchedule')}
                        loading={remove.isPending && remove.variables === s.id}
                        onClick={() => remove.mutate(s.id!, { onSuccess: () => showSuccess(t('removed')) })}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ScheduleDrawer draft={draft} onClose={() => setDraft(null)} />
    </Card>
  );
}

function ScheduleDrawer({ draft, onClose }: { draft: Draft | null; onClose: () => void }) {
  const { t } = useWdT();
  const put = usePutSchedule();
  const deps = useDepartments();
  const [d, setD] = useState<Draft | null>(draft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [ips, setIps] = useState('');
  useEffect(() => {
    setD(draft);
    setErrors({});
    setIps(draft?.ipRanges.join('\n') ?? '');
  }, [draft]);
  const weekdays = t('weekdays', { returnObjects: true }) as string[];
  const set = (patch: Partial<Draft>) => setD((x) => (x ? { ...x, ...patch } : x));
  const save = () => {
    if (!d) return;
    if (d.scope !== 'portal' && d.targetId === null) return setErrors({ targetId: t('chooseTarget') });
    const { id: _id, targetName: _name, ...body } = d;
    put.mutate(
      { ...body, ipRanges: ips.split(/[\s,]+/).filter(Boolean) },
      {
        onSuccess: () => {
          showSuccess(t('saved'));
          onClose();
        },
        onError: (err) => {
          if (isApiError(err) && err.fields.length) setErrors(Object.fromEntries(err.fields.map((f) => [f.field.split('.')[0]!, f.message])));
          else showError(err);
        },
      },
    );
  };
  return (
    <Drawer opened={!!draft} onClose={onClose} position="right" size="md" title={t('editSchedule')}>
      {d && (
        <Stack data-testid="schedule-form">
          {d.id === null && d.scope !== 'portal' ? (
            <>
              <SegmentedControl
                value={d.scope}
                onChange={(v) => set({ scope: v as Draft['scope'], targetId: null, targetName: null })}
                data={[
                  { value: 'department', label: t('scope.department') },
                  { value: 'user', label: t('scope.user') },
                ]}
              />
              {d.scope === 'department' ? (
                <Select
                  label={t('scope.department')}
                  data={(deps.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
                  value={d.targetId ? String(d.targetId) : null}
                  onChange={(v) => set({ targetId: v ? Number(v) : null })}
                  searchable
                  error={errors.targetId}
                  comboboxProps={{ withinPortal: true, zIndex: 500 }}
                />
              ) : (
                <UserPicker
                  label={t('scope.user')}
                  value={d.targetId ? ({ id: d.targetId, fullName: d.targetName ?? '', photoUrl: null } as PickedUser) : null}
                  onChange={(u) => set({ targetId: u?.id ?? null, targetName: u?.fullName ?? null })}
                  error={errors.targetId}
                />
              )}
            </>
          ) : (
            <Text fw={600}>{d.scope === 'portal' ? t('scope.portal') : `${t(`scope.${d.scope}`)}: ${d.targetName ?? ''}`}</Text>
          )}
          <Select
            label={t('kind.label')}
            data={(['fixed', 'shift', 'free'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            value={d.kind}
            onChange={(v) => v && set({ kind: v as Draft['kind'] })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
          <Group grow>
            <TextInput type="time" label={t('workStart')} value={d.start} onChange={(e) => set({ start: e.currentTarget.value })} error={errors.start} />
            <TextInput type="time" label={t('workEnd')} value={d.end} onChange={(e) => set({ end: e.currentTarget.value })} error={errors.end} />
          </Group>
          <Group grow>
            <TextInput type="time" label={t('lunchStart')} value={d.lunchStart ?? ''} onChange={(e) => set({ lunchStart: e.currentTarget.value || null })} error={errors.lunchStart} />
            <TextInput type="time" label={t('lunchEnd')} value={d.lunchEnd ?? ''} onChange={(e) => set({ lunchEnd: e.currentTarget.value || null })} error={errors.lunchEnd} />
          </Group>
          <div>
            <Text size="sm" fw={500} mb={6}>
              {t('workDays')}
            </Text>
            <Chip.Group multiple value={d.workDays.map(String)} onChange={(v) => set({ workDays: v.map(Number).sort() })}>
              <Group gap={6}>
                {weekdays.map((w, i) => (
                  <Chip key={w} value={String(i + 1)} size="sm">
                    {w}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </div>
          <NumberInput label={t('allowedLate')} min={0} max={720} value={d.allowedLateMinutes} onChange={(v) => set({ allowedLateMinutes: Number(v) || 0 })} error={errors.allowedLateMinutes} />
          <Checkbox label={t('reasonRequired')} checked={d.reasonRequired} onChange={(e) => set({ reasonRequired: e.currentTarget.checked })} />
          <Select
            label={t('autoClose.label')}
            data={(['schedule_end', 'after_hours', 'none'] as const).map((k) => ({ value: k, label: t(`autoClose.${k}`) }))}
            value={d.autoClose}
            onChange={(v) => v && set({ autoClose: v as Draft['autoClose'] })}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
          {d.autoClose !== 'none' && (
            <NumberInput label={t('autoCloseHours')} min={1} max={24} value={d.autoCloseHours} onChange={(v) => set({ autoCloseHours: Number(v) || 1 })} error={errors.autoCloseHours} />
          )}
          <Textarea label={t('ipRanges')} description={t('ipRangesHint')} autosize minRows={2} value={ips} onChange={(e) => setIps(e.currentTarget.value)} error={errors.ipRanges} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button onClick={save} loading={put.isPending}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}

function Holidays() {
  const { t } = useWdT();
  const [year, setYear] = useState(new Date().getFullYear());
  const list = useHolidays(year);
  const put = usePutHolidays(year);
  const [items, setItems] = useState<Holiday[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setItems(null);
    setErrors({});
  }, [year]);
  const shown = items ?? list.data?.items ?? [];
  const dirty = items !== null;
  const save = () =>
    put.mutate(shown, {
      onSuccess: () => {
        setItems(null);
        setErrors({});
        showSuccess(t('holidaysSaved'));
      },
      onError: (err) => {
        if (isApiError(err) && err.fields.length) setErrors(Object.fromEntries(err.fields.map((f) => [f.field.replace(/^items\./, '').split('.')[0]!, f.message])));
        else showError(err);
      },
    });
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="xs" align="flex-start">
        <div>
          <Title order={4}>{t('holidays')}</Title>
          <Text size="sm" c="dimmed">
            {t('holidaysHint')}
          </Text>
        </div>
        <Group gap="xs">
          <NumberInput aria-label={t('year')} w={100} min={2000} max={2100} value={year} onChange={(v) => Number(v) >= 2000 && Number(v) <= 2100 && setYear(Number(v))} />
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setItems([...shown, { date: `${year}-01-01`, name: '' }])}>
            {t('addHoliday')}
          </Button>
        </Group>
      </Group>
      {list.data?.edited && !dirty && (
        <Badge variant="light" color="grape" mb="xs">
          {t('editedMark')}
        </Badge>
      )}
      {list.isPending ? (
        <Skeleton h={160} />
      ) : !shown.length ? (
        <EmptyState icon={<IconCalendarEvent size={36} />} title={t('noHolidays')} />
      ) : (
        <Table data-testid="workday-holidays" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={180}>{t('date')}</Table.Th>
              <Table.Th>{t('holidayName')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((h, k) => (
              <Table.Tr key={k}>
                <Table.Td>
                  <TextInput type="date" size="xs" value={h.date} error={errors[String(k)]} onChange={(e) => setItems(shown.map((x, j) => (j === k ? { ...x, date: e.currentTarget.value } : x)))} />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" value={h.name} onChange={(e) => setItems(shown.map((x, j) => (j === k ? { ...x, name: e.currentTarget.value } : x)))} />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label="×" onClick={() => setItems(shown.filter((_, j) => j !== k))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dirty && (
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setItems(null)}>
            {t('cancel')}
          </Button>
          <Button onClick={save} loading={put.isPending}>
            {t('save')}
          </Button>
        </Group>
      )}
    </Card>
  );
}
