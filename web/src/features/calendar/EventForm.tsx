import { Button, Card, Checkbox, Chip, CloseButton, ColorSwatch, Grid, Group, MultiSelect, NumberInput, Radio, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { Calendar, CalendarEvent, EventInput, EventPatch, OccurrenceScope } from '@vavilon/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../auth/session';
import { DateInput, DateTimeInput, UsersPicker, type PickedUser } from '../../ui/fields';
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
  description: string;
}

const isoDay = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();

function htmlToText(html: string): string {
  const div = document.createElement('div');
  div.innerHTML = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n');
  return (div.textContent ?? '').trim();
}
function textToHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text.trim()
    ? text
        .trim()
        .split(/\n/)
        .map((l) => `<p>${esc(l)}</p>`)
        .join('')
    : '';
}

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
      description: htmlToText(ev.description),
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
    description: '',
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
  const form = useServerForm();
  const [d, setD] = useState<Draft>(() => initial(start, calendars));
  const [asking, setAsking] = useState(false);
  const first = useMemo(() => initial(start, calendars), [start, calendars]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K], field: string = k) => {
    form.clear(field);
    setD((x) => ({ ...x, [k]: v }));
  };
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
      description: textToHtml(d.description),
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
          <Textarea
            label={t('field.description')}
            value={d.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={12}
            error={form.errorOf('description')}
          />
        </Stack>
      </Card>

      <Group gap="sm" pb="md">
        <Button type="submit" loading={save.isPending}>
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
