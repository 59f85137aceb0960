import { ActionIcon, Anchor, Badge, Button, Card, Checkbox, Chip, CloseButton, ColorSwatch, Grid, Group, MultiSelect, NumberInput, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import type { Calendar, CalendarEvent, EventInput, EventPatch, FileInfo, OccurrenceScope, UserSummary } from '@vavilon/contracts';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useSession } from '../auth/session';
import { useDepartments } from '../users/api';
import { AttachButton, CommentEditor, FileLink, UploadChips, useUploads } from '../../ui/comments';
import { DateInput, DateTimeInput, ItemPicker, UsersPicker, type PickedUser } from '../../ui/fields';
import { FormError, useServerForm } from '../../ui/form-kit';
import { Slider } from '../../ui/slider';
import { showSuccess } from '../../ui/toasts';
import { useRooms, useSaveEvent } from './api';
import { Planner } from './Planner';
import { buildRule, noRepeat, parseRepeat, WEEKDAYS, type Repeat } from './rrule';
import { ScopeDialog } from './ScopeDialog';
import { useCalT } from './i18n';

/** What the form opens with: a new event's time (a clicked slot), or an event to change (and which occurrence). */
export type FormStart = { startAt: string; endAt: string; allDay: boolean; calendarId?: number; event?: undefined } | { event: CalendarEvent; occurrence: string | null };

const COLORS = ['#2fc6f6', '#9dcf00', '#ff5752', '#f7a700', '#7a5cff', '#00b4ac', '#1f6fd6', '#e667c4'];
const REMINDERS = [0, 5, 15, 30, 60, 120, 1440, 10080];
const localTz = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const zones: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf: (k: string) => string[] }).supportedValuesOf('timeZone');
  } catch {
    return [localTz()];
  }
})();

interface Draft {
  title: string;
  calendarId: string | null;
  startAt: string;
  endAt: string;
  allDay: boolean;
  timeZone: string;
  place: string;
  roomId: string | null;
  importance: 'low' | 'normal' | 'high';
  private: boolean;
  color: string | null;
  reminders: string[];
  repeat: Repeat;
  attendees: PickedUser[];
  departmentIds: string[];
  description: string;
  crmLinks: CrmLink[];
  files: FileInfo[];
}

type CrmLink = { type: 'deal' | 'lead' | 'contact' | 'company'; id: number; title: string; url: string | null };
const CRM_KINDS = ['crm.deal', 'crm.lead', 'crm.contact', 'crm.company'];

const isoDay = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();

function initial(s: FormStart, calendars: Calendar[]): Draft {
  if (s.event) {
    const ev = s.event;
    const len = new Date(ev.endAt).getTime() - new Date(ev.startAt).getTime();
    const start = s.occurrence && ev.rrule ? s.occurrence : ev.startAt;
    return {
      title: ev.title,
      calendarId: String(ev.calendarId),
      startAt: start,
      endAt: new Date(new Date(start).getTime() + len).toISOString(),
      allDay: ev.allDay,
      timeZone: ev.timeZone || localTz(),
      place: ev.place,
      roomId: ev.room ? String(ev.room.id) : null,
      importance: ev.importance,
      private: ev.private,
      color: ev.color,
      reminders: ev.reminders.map(String),
      repeat: parseRepeat(ev.rrule, new Date(ev.startAt)),
      attendees: ev.attendees.map((a) => ({ id: a.userId, fullName: a.name, photoUrl: null })),
      departmentIds: [],
      description: ev.description,
      crmLinks: ev.crmLinks.map((l) => ({ type: l.type as CrmLink['type'], id: l.id, title: l.title, url: l.url })),
      files: ev.files,
    };
  }
  return {
    title: '',
    calendarId: s.calendarId ? String(s.calendarId) : calendars[0] ? String(calendars[0].id) : null,
    startAt: s.startAt,
    endAt: s.endAt,
    allDay: s.allDay,
    timeZone: localTz(),
    place: '',
    roomId: null,
    importance: 'normal',
    private: false,
    color: null,
    reminders: ['15'],
    repeat: noRepeat(new Date(s.startAt)),
    attendees: [],
    departmentIds: [],
    description: '',
    crmLinks: [],
    files: [],
  };
}

/** The event form in a slider: a new event or a change of one (of a recurring one, «Только это / Это и следующие / Все»). */
export function EventForm({ start, calendars, onClose }: { start: FormStart | null; calendars: Calendar[]; onClose: () => void }) {
  const { t } = useCalT();
  return (
    <Slider opened={start !== null} label={start?.event ? t('editEvent') : t('newEvent')} onClose={onClose}>
      {start ? <FormBody key={start.event ? `e${start.event.id}${start.occurrence ?? ''}` : `n${start.startAt}`} start={start} calendars={calendars} onClose={onClose} /> : null}
    </Slider>
  );
}

function FormBody({ start, calendars, onClose }: { start: FormStart; calendars: Calendar[]; onClose: () => void }) {
  const { t } = useCalT();
  const me = useSession().user;
  const rooms = useRooms();
  const save = useSaveEvent();
  const departments = useDepartments();
  const form = useServerForm();
  const [d, setD] = useState<Draft>(() => initial(start, calendars));
  const [asking, setAsking] = useState(false);
  const departmentPeople = useQueries({
    queries: d.departmentIds.map((id) => ({
      queryKey: ['users', 'department', id],
      queryFn: () => api.get<{ items: UserSummary[] }>('/api/users', { departmentId: id, pageSize: 200 }),
      staleTime: 60_000,
    })),
  });
  const first = useMemo(() => initial(start, calendars), [start, calendars]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K], field: string = k) => {
    form.clear(field);
    setD((x) => ({ ...x, [k]: v }));
  };
  // Finished uploads join the event's files at once; the chips show the ones still on their way.
  const uploads = useUploads((file) => setD((x) => ({ ...x, files: [...x.files, file] })));
  useEffect(() => {
    // A calendar list that came after the form opened gives a new event its calendar.
    if (!d.calendarId && calendars[0]) setD((x) => ({ ...x, calendarId: String(calendars[0]!.id) }));
  }, [calendars, d.calendarId]);

  const ev = start.event;
  const recurringEdit = !!ev?.rrule;
  const calendarOptions = useMemo(() => {
    const list = calendars.map((c) => ({ value: String(c.id), label: c.name }));
    if (ev && !list.some((o) => o.value === String(ev.calendarId))) list.push({ value: String(ev.calendarId), label: t('title') });
    return list;
  }, [calendars, ev, t]);

  const submit = (scope: OccurrenceScope) => {
    const rrule = buildRule(d.repeat, new Date(d.startAt));
    const fields = {
      title: d.title.trim(),
      description: d.description,
      startAt: d.startAt,
      endAt: d.endAt,
      allDay: d.allDay,
      timeZone: d.timeZone,
      place: d.place,
      roomId: d.roomId ? Number(d.roomId) : null,
      importance: d.importance,
      private: d.private,
      color: d.color,
      reminders: d.reminders.map(Number),
      attendeeIds: d.attendees.map((u) => u.id).filter((id) => id !== me.id),
      departmentIds: d.departmentIds.map(Number),
      crmLinks: d.crmLinks.map((l) => ({ type: l.type, id: l.id })),
      fileIds: d.files.map((f) => f.id),
    };
    let req: { id: null; body: EventInput } | { id: number; body: EventPatch };
    if (!ev) req = { id: null, body: { calendarId: Number(d.calendarId), ...fields, rrule } };
    else {
      const body: EventPatch = { version: ev.version, ...fields };
      if (recurringEdit) {
        body.scope = scope;
        body.occurrence = start.event && start.occurrence ? start.occurrence : ev.startAt;
        if (scope === 'all') {
          // The series moves by as much as this occurrence did.
          const ds = new Date(d.startAt).getTime() - new Date(first.startAt).getTime();
          const de = new Date(d.endAt).getTime() - new Date(first.endAt).getTime();
          body.startAt = new Date(new Date(ev.startAt).getTime() + ds).toISOString();
          body.endAt = new Date(new Date(ev.endAt).getTime() + de).toISOString();
        }
        if (scope !== 'this') body.rrule = rrule;
      } else body.rrule = rrule;
      req = { id: ev.id, body };
    }
    save.mutate(req, {
      onSuccess: () => {
        showSuccess(t('saved'));
        onClose();
      },
      onError: (e) => void form.fromError(e),
    });
  };

  const onSave = () => {
    if (!d.title.trim()) return form.setErrors({ title: t('required') });
    if (recurringEdit) setAsking(true);
    else submit('all');
  };

  const room = rooms.data?.items.find((r) => String(r.id) === d.roomId) ?? null;
  const people = [{ id: me.id, name: me.fullName }, ...d.attendees.filter((u) => u.id !== me.id).map((u) => ({ id: u.id, name: u.fullName }))];
  // The invited departments' people join the planner too.
  for (const q of departmentPeople) for (const u of q.data?.items ?? []) if (!people.some((p) => p.id === u.id)) people.push({ id: u.id, name: u.fullName });
  const setAllDay = (on: boolean) => {
    if (on) {
      const s = isoDay(d.startAt);
      const e = isoDay(new Date(new Date(d.endAt).getTime() - 1).toISOString());
      setD((x) => ({ ...x, allDay: true, startAt: dayStart(s), endAt: new Date(new Date(dayStart(e < s ? s : e)).getTime() + 86_400_000).toISOString() }));
    } else {
      const s = new Date(d.startAt);
      s.setHours(10, 0, 0, 0);
      setD((x) => ({ ...x, allDay: false, startAt: s.toISOString(), endAt: new Date(s.getTime() + 3_600_000).toISOString() }));
    }
  };
  const setStart = (iso: string | null) => {
    if (!iso) return;
    // The end keeps the length.
    const len = new Date(d.endAt).getTime() - new Date(d.startAt).getTime();
    form.clear('startAt');
    setD((x) => ({ ...x, startAt: iso, endAt: new Date(new Date(iso).getTime() + Math.max(len, 0)).toISOString() }));
  };
  const r = d.repeat;
  const setRepeat = (p: Partial<Repeat>) => set('repeat', { ...r, ...p }, 'rrule');

  return (
    <Stack p="lg" gap="md" component="form" onSubmit={(e) => (e.preventDefault(), onSave())} data-testid="event-form">
      <Group justify="space-between" wrap="nowrap">
        <Title order={2} fz={22} fw={600}>
          {ev ? t('editEvent') : t('newEvent')}
        </Title>
        <CloseButton size="lg" onClick={onClose} aria-label={t('cancel')} />
      </Group>
      <FormError message={form.general} />
      <Card withBorder radius="md" p="md">
        <Stack gap="sm">
          <TextInput
            label={t('field.title')}
            placeholder={t('titlePlaceholder')}
            value={d.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            error={form.errorOf('title')}
            required
            data-autofocus
            autoFocus
            size="md"
          />
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              {d.allDay ? (
                <DateInput label={t('field.start')} value={isoDay(d.startAt)} onChange={(v) => v && setStart(dayStart(v))} error={form.errorOf('startAt')} />
              ) : (
                <DateTimeInput label={t('field.start')} value={d.startAt} onChange={setStart} error={form.errorOf('startAt')} />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              {d.allDay ? (
                <DateInput
                  label={t('field.end')}
                  value={isoDay(new Date(new Date(d.endAt).getTime() - 1).toISOString())}
                  onChange={(v) => v && set('endAt', new Date(new Date(dayStart(v)).getTime() + 86_400_000).toISOString())}
                  error={form.errorOf('endAt')}
                />
              ) : (
                <DateTimeInput label={t('field.end')} value={d.endAt} onChange={(v) => v && set('endAt', v)} error={form.errorOf('endAt')} />
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Checkbox label={t('field.allDay')} checked={d.allDay} onChange={(e) => setAllDay(e.currentTarget.checked)} mt={4} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t('field.timeZone')}
                data={zones}
                searchable
                value={d.timeZone}
                onChange={(v) => v && set('timeZone', v)}
                error={form.errorOf('timeZone')}
                comboboxProps={{ withinPortal: true, zIndex: 500 }}
                size="xs"
              />
            </Grid.Col>
          </Grid>
        </Stack>
      </Card>

      <Card withBorder radius="md" p="md">
        <Stack gap="sm">
          <UsersPicker label={t('field.attendees')} value={d.attendees} onChange={(v) => set('attendees', v, 'attendeeIds')} error={form.errorOf('attendeeIds')} />
          <MultiSelect
            label={t('field.departments')}
            description={t('departmentsHint')}
            data={(departments.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
            value={d.departmentIds}
            onChange={(v) => set('departmentIds', v)}
            searchable
            clearable
            error={form.errorOf('departmentIds')}
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t('field.room')}
                placeholder={t('noRoom')}
                data={(rooms.data?.items ?? []).map((x) => ({ value: String(x.id), label: x.capacity ? `${x.name} (${x.capacity})` : x.name }))}
                value={d.roomId}
                onChange={(v) => set('roomId', v)}
                clearable
                error={form.errorOf('roomId')}
                comboboxProps={{ withinPortal: true, zIndex: 500 }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('field.place')} value={d.place} onChange={(e) => set('place', e.currentTarget.value)} error={form.errorOf('place')} />
            </Grid.Col>
          </Grid>
          <Planner
            people={people}
            room={room}
            startAt={d.startAt}
            endAt={d.endAt}
            onPick={(s, e) => {
              form.clear('roomId');
              setD((x) => ({ ...x, startAt: s, endAt: e, allDay: false }));
            }}
          />
        </Stack>
      </Card>

      <Card withBorder radius="md" p="md">
        <Stack gap="sm">
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label={t('field.repeat')}
              data={(['none', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const).map((f) => ({ value: f, label: t(`repeat.${f}`) }))}
              value={r.freq}
              onChange={(v) => v && setRepeat({ freq: v as Repeat['freq'] })}
              error={form.errorOf('rrule')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true, zIndex: 500 }}
            />
            {r.freq !== 'none' ? <NumberInput label={t('interval')} value={r.interval} min={1} max={99} onChange={(v) => setRepeat({ interval: Number(v) || 1 })} /> : null}
          </Group>
          {r.freq === 'WEEKLY' ? (
            <Chip.Group multiple value={r.days} onChange={(v) => setRepeat({ days: v as Repeat['days'] })}>
              <Group gap={6} aria-label={t('field.repeat')}>
                {WEEKDAYS.map((w) => (
                  <Chip key={w} value={w} size="xs">
                    {t(`weekdays.${w}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          ) : null}
          {r.freq === 'MONTHLY' ? (
            <Radio.Group value={r.monthlyBy} onChange={(v) => setRepeat({ monthlyBy: v as Repeat['monthlyBy'] })}>
              <Group gap="md">
                <Radio value="date" label={t('monthlyBy.date')} />
                <Radio value="weekday" label={t('monthlyBy.weekday')} />
              </Group>
            </Radio.Group>
          ) : null}
          {r.freq !== 'none' ? (
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select
                label={t('ends.label')}
                data={(['never', 'count', 'until'] as const).map((e) => ({ value: e, label: t(`ends.${e}`) }))}
                value={r.ends}
                onChange={(v) => v && setRepeat({ ends: v as Repeat['ends'] })}
                allowDeselect={false}
                w={220}
                comboboxProps={{ withinPortal: true, zIndex: 500 }}
              />
              {r.ends === 'count' ? <NumberInput label={t('count')} value={r.count} min={1} max={999} onChange={(v) => setRepeat({ count: Number(v) || 1 })} w={160} /> : null}
              {r.ends === 'until' ? <DateInput label={t('until')} value={r.until} onChange={(v) => setRepeat({ until: v })} w={180} /> : null}
            </Group>
          ) : null}
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <MultiSelect
                label={t('field.reminders')}
                data={REMINDERS.map((m) => ({ value: String(m), label: t(`reminder.${m}`) }))}
                value={d.reminders}
                onChange={(v) => set('reminders', v.slice(0, 5))}
                error={form.errorOf('reminders')}
                comboboxProps={{ withinPortal: true, zIndex: 500 }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t('field.importance')}
                data={(['low', 'normal', 'high'] as const).map((i) => ({ value: i, label: t(`importance.${i}`) }))}
                value={d.importance}
                onChange={(v) => v && set('importance', v as Draft['importance'])}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true, zIndex: 500 }}
              />
            </Grid.Col>
          </Grid>
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap={6} aria-label={t('field.color')} role="radiogroup">
              <Text size="sm" fw={500} mr={4}>
                {t('field.color')}
              </Text>
              {COLORS.map((c) => (
                <ColorSwatch
                  key={c}
                  color={c}
                  size={22}
                  component="button"
                  type="button"
                  role="radio"
                  aria-checked={d.color === c}
                  aria-label={c}
                  onClick={() => set('color', d.color === c ? null : c)}
                  style={{ cursor: 'pointer' }}
                >
                  {d.color === c ? <IconCheck size={13} color="white" /> : null}
                </ColorSwatch>
              ))}
            </Group>
            <Checkbox label={t('field.private')} checked={d.private} onChange={(e) => set('private', e.currentTarget.checked)} />
          </Group>
        </Stack>
      </Card>

      <Card withBorder radius="md" p="md">
        <Stack gap="sm">
          {!ev ? (
            <Select
              label={t('field.calendar')}
              data={calendarOptions}
              value={d.calendarId}
              onChange={(v) => set('calendarId', v)}
              error={form.errorOf('calendarId')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true, zIndex: 500 }}
            />
          ) : null}
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('field.description')}
            </Text>
            <CommentEditor label={t('field.description')} initialHtml={first.description} withFiles={false} onSubmit={async () => undefined} onChange={(html) => set('description', html)} />
            {form.errorOf('description') ? (
              <Text size="xs" c="red" mt={4}>
                {form.errorOf('description')}
              </Text>
            ) : null}
          </div>
        </Stack>
      </Card>

      <Card withBorder radius="md" p="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" fw={500}>
              {t('field.files')}
            </Text>
            <AttachButton onFiles={uploads.start} onPicked={uploads.add} />
          </Group>
          {d.files.length ? (
            <Stack gap={4} data-testid="event-form-files">
              {d.files.map((f, i) => (
                <Group key={f.id} gap={6} wrap="nowrap">
                  <FileLink file={f} />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-label={t('fileRemove', { name: f.name })}
                    onClick={() =>
                      set(
                        'files',
                        d.files.filter((x) => x.id !== f.id),
                        'fileIds',
                      )
                    }
                  >
                    <IconX size={14} />
                  </ActionIcon>
                  {form.errorOf(`fileIds.${i}`) ? (
                    <Text size="xs" c="red">
                      {form.errorOf(`fileIds.${i}`)}
                    </Text>
                  ) : null}
                </Group>
              ))}
            </Stack>
          ) : null}
          <UploadChips items={uploads.items} onRemove={uploads.remove} />
          <Text size="sm" fw={500}>
            {t('field.crm')}
          </Text>
          {d.crmLinks.map((l, i) => (
            <Group key={`${l.type}:${l.id}`} gap={8} wrap="nowrap">
              <Badge size="sm" variant="light" color="gray">
                {t(`crmType.${l.type}`)}
              </Badge>
              {l.url ? (
                <Anchor component={Link} to={l.url} size="sm" truncate>
                  {l.title}
                </Anchor>
              ) : (
                <Text size="sm" truncate>
                  {l.title}
                </Text>
              )}
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                ml="auto"
                aria-label={t('crmRemove', { title: l.title })}
                onClick={() =>
                  set(
                    'crmLinks',
                    d.crmLinks.filter((x) => x !== l),
                    'crmLinks',
                  )
                }
              >
                <IconX size={14} />
              </ActionIcon>
              {form.errorOf(`crmLinks.${i}`) ? (
                <Text size="xs" c="red">
                  {form.errorOf(`crmLinks.${i}`)}
                </Text>
              ) : null}
            </Group>
          ))}
          <ItemPicker
            kinds={CRM_KINDS}
            aria-label={t('crmAdd')}
            placeholder={t('crmAdd')}
            size="sm"
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
            onPick={(item) => {
              const type = item.kind.replace('crm.', '') as CrmLink['type'];
              if (!d.crmLinks.some((l) => l.type === type && l.id === item.id)) set('crmLinks', [...d.crmLinks, { type, id: item.id, title: item.title, url: null }]);
            }}
          />
          {form.errorOf('crmLinks') ? (
            <Text size="xs" c="red">
              {form.errorOf('crmLinks')}
            </Text>
          ) : null}
        </Stack>
      </Card>

      <Group gap="sm" pb="md">
        <Button type="submit" loading={save.isPending} disabled={uploads.busy}>
          {t('save')}
        </Button>
        <Button variant="default" onClick={onClose}>
          {t('cancel')}
        </Button>
      </Group>
      <ScopeDialog
        opened={asking}
        title={t('scopeTitle')}
        onPick={(s) => {
          setAsking(false);
          submit(s);
        }}
        onCancel={() => setAsking(false)}
      />
    </Stack>
  );
}
