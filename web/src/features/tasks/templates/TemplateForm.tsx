import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Chip,
  Group,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconPlus, IconRepeat, IconX } from '@tabler/icons-react';
import type { DeadlineAfter, TaskTemplate, TaskTemplateInput, TemplateRepeat, Weekday } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DateInput, UserPicker, UsersPicker, type PickedUser } from '../../../ui/fields';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { ErrorState } from '../../../ui/ErrorState';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { showSuccess } from '../../../ui/toasts';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';
import { useTemplate, useTemplateWrites } from './api';
import { repeatSummary } from './summary';
import './i18n';

const WEEKDAYS: Weekday[] = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];

interface Draft {
  title: string;
  description: string;
  responsible: PickedUser | null;
  accomplices: PickedUser[];
  auditors: PickedUser[];
  tags: string[];
  important: boolean;
  taskControl: boolean;
  allowChangeDeadline: boolean;
  deadlineOn: boolean;
  deadline: DeadlineAfter;
  checklist: { title: string; items: string[] }[];
  subtasks: { title: string; responsible: PickedUser | null }[];
  repeating: boolean;
  repeat: TemplateRepeat;
  end: 'never' | 'until' | 'count';
}

const defaultRepeat: TemplateRepeat = { freq: 'weekly', interval: 1, weekdays: ['mo'], monthDay: 1, time: '09:00', until: null, count: null };

/** Plain text of the stored description (the form edits paragraphs as lines). */
const textOf = (html: string) =>
  html
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const htmlOf = (text: string) =>
  text.trim()
    ? text
        .split('\n')
        .map((l) => `<p>${escape(l)}</p>`)
        .join('')
    : '';

function draftOf(tpl: TaskTemplate | undefined): Draft {
  return {
    title: tpl?.title ?? '',
    description: tpl ? textOf(tpl.description) : '',
    responsible: tpl?.responsible ?? null,
    accomplices: tpl?.accomplices ?? [],
    auditors: tpl?.auditors ?? [],
    tags: tpl?.tags ?? [],
    important: tpl?.important ?? false,
    taskControl: tpl?.taskControl ?? false,
    allowChangeDeadline: tpl?.allowChangeDeadline ?? true,
    deadlineOn: !!tpl?.deadlineAfter,
    deadline: tpl?.deadlineAfter ?? { amount: 3, unit: 'days' },
    checklist: tpl?.checklist.map((g) => ({ title: g.title, items: g.items.map((i) => i.title) })) ?? [],
    subtasks: tpl?.subtasks.map((s) => ({ title: s.title, responsible: s.responsible })) ?? [],
    repeating: tpl?.repeating ?? false,
    repeat: { ...defaultRepeat, ...(tpl?.repeat ?? {}) },
    end: tpl?.repeat?.until ? 'until' : tpl?.repeat?.count ? 'count' : 'never',
  };
}

function repeatOf(d: Draft): TemplateRepeat {
  const r = d.repeat;
  return {
    freq: r.freq,
    interval: r.interval,
    time: r.time,
    ...(r.freq === 'weekly' ? { weekdays: r.weekdays ?? [] } : {}),
    ...(r.freq === 'monthly' ? { monthDay: r.monthDay ?? 1 } : {}),
    until: d.end === 'until' ? r.until || null : null,
    count: d.end === 'count' ? r.count || null : null,
  };
}

function inputOf(d: Draft, keepRepeat: boolean): TaskTemplateInput {
  return {
    title: d.title.trim(),
    description: htmlOf(d.description),
    responsibleId: d.responsible?.id ?? null,
    accompliceIds: d.accomplices.map((u) => u.id),
    auditorIds: d.auditors.map((u) => u.id),
    tags: d.tags,
    important: d.important,
    taskControl: d.taskControl,
    allowChangeDeadline: d.allowChangeDeadline,
    deadlineAfter: d.deadlineOn ? d.deadline : null,
    checklist: d.checklist
      .map((g) => ({
        title: g.title.trim(),
        items: g.items
          .map((i) => i.trim())
          .filter(Boolean)
          .map((title) => ({ title })),
      }))
      .filter((g) => g.title || g.items.length),
    subtasks: d.subtasks.filter((s) => s.title.trim()).map((s) => ({ title: s.title.trim(), responsibleId: s.responsible?.id ?? null })),
    repeating: d.repeating,
    repeat: d.repeating || keepRepeat ? repeatOf(d) : null,
  };
}

/** A template's form: the task it makes (people, checklist, subtasks, a deadline after creation) and its repetition. */
export default function TemplateFormPage() {
  const { t } = useTasksT();
  const param = useParams().id;
  const id = param && param !== 'new' ? Number(param) : null;
  const tpl = useTemplate(id);
  if (id && tpl.isLoading) return <PageSkeleton />;
  if (id && tpl.isError)
    return (
      <TasksPage view="templates">
        <ErrorState error={tpl.error} />
      </TasksPage>
    );
  return (
    <TasksPage view="templates" title={id ? t('templates.editTitle', { title: tpl.data?.title ?? '' }) : t('templates.newTitle')}>
      <TemplateForm key={tpl.data?.version ?? 'new'} template={tpl.data} />
    </TasksPage>
  );
}

function TemplateForm({ template }: { template: TaskTemplate | undefined }) {
  const { t, i18n } = useTasksT();
  const navigate = useNavigate();
  const writes = useTemplateWrites();
  const form = useServerForm();
  const [d, setD] = useState<Draft>(() => draftOf(template));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setD((prev) => ({ ...prev, [k]: v }));
    form.clear(k);
  };
  const setRepeat = (patch: Partial<TemplateRepeat>) => {
    setD((prev) => ({ ...prev, repeat: { ...prev.repeat, ...patch } }));
    form.clear('repeat');
  };
  useEffect(() => form.clear(), [d.repeating]);
  const saving = writes.create.isPending || writes.update.isPending;

  const save = () => {
    if (!d.title.trim()) return form.setErrors({ title: t('templates.col.title') });
    const input = inputOf(d, !!template?.repeat);
    const done = { onSuccess: () => (showSuccess(t('templates.saved')), navigate('/tasks/templates')), onError: (e: unknown) => form.fromError(e) };
    if (template) writes.update.mutate({ id: template.id, patch: { ...input, version: template.version } }, done);
    else writes.create.mutate(input, done);
  };

  const r = d.repeat;
  return (
    <Stack gap="md" maw={880}>
      <Anchor component={Link} to="/tasks/templates" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> {t('templates.back')}
        </Group>
      </Anchor>
      <FormError message={form.general} />

      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Title order={4}>{t('templates.section.task')}</Title>
          <TextInput label={t('field.title')} required value={d.title} onChange={(e) => set('title', e.currentTarget.value)} error={form.errorOf('title')} data-autofocus />
          <Textarea label={t('field.description')} autosize minRows={3} value={d.description} onChange={(e) => set('description', e.currentTarget.value)} error={form.errorOf('description')} />
          <TagsInput label={t('field.tags')} value={d.tags} onChange={(v) => set('tags', v)} error={form.errorOf('tags')} />
          <Group gap="lg">
            <Checkbox label={t('field.important')} checked={d.important} onChange={(e) => set('important', e.currentTarget.checked)} />
            <Checkbox label={t('field.taskControl')} checked={d.taskControl} onChange={(e) => set('taskControl', e.currentTarget.checked)} />
            <Checkbox label={t('field.allowChangeDeadline')} checked={d.allowChangeDeadline} onChange={(e) => set('allowChangeDeadline', e.currentTarget.checked)} />
          </Group>
          <Group align="flex-end" gap="sm">
            <Checkbox label={t('templates.field.deadlineOn')} checked={d.deadlineOn} onChange={(e) => set('deadlineOn', e.currentTarget.checked)} mb={8} />
            {d.deadlineOn ? (
              <>
                <NumberInput
                  label={t('templates.field.amount')}
                  min={1}
                  max={1000}
                  w={110}
                  value={d.deadline.amount}
                  onChange={(v) => set('deadline', { ...d.deadline, amount: Number(v) || 1 })}
                  error={form.errorOf('deadlineAfter')}
                />
                <Select
                  label={t('templates.field.unit')}
                  w={140}
                  allowDeselect={false}
                  data={(['minutes', 'hours', 'days', 'weeks'] as const).map((u) => ({ value: u, label: t(`templates.unit.${u}`) }))}
                  value={d.deadline.unit}
                  onChange={(v) => v && set('deadline', { ...d.deadline, unit: v as DeadlineAfter['unit'] })}
                />
              </>
            ) : null}
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Title order={4}>{t('templates.section.people')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <UserPicker label={t('people.responsible')} value={d.responsible} onChange={(u) => set('responsible', u)} error={form.errorOf('responsibleId')} />
            <UsersPicker label={t('people.accomplices')} value={d.accomplices} onChange={(u) => set('accomplices', u)} error={form.errorOf('accompliceIds')} />
            <UsersPicker label={t('people.auditors')} value={d.auditors} onChange={(u) => set('auditors', u)} error={form.errorOf('auditorIds')} />
          </SimpleGrid>
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Title order={4}>{t('templates.section.checklist')}</Title>
          {d.checklist.map((g, gi) => (
            <Paper key={gi} withBorder radius="sm" p="sm" data-checklist={gi}>
              <Stack gap="xs">
                <Group gap="xs" wrap="nowrap">
                  <TextInput
                    style={{ flex: 1 }}
                    placeholder={t('templates.field.checklistGroup')}
                    aria-label={t('templates.field.checklistGroup')}
                    value={g.title}
                    onChange={(e) =>
                      set(
                        'checklist',
                        d.checklist.map((x, i) => (i === gi ? { ...x, title: e.currentTarget.value } : x)),
                      )
                    }
                    fw={600}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={t('templates.field.remove')}
                    onClick={() =>
                      set(
                        'checklist',
                        d.checklist.filter((_, i) => i !== gi),
                      )
                    }
                  >
                    <IconX size={16} />
                  </ActionIcon>
                </Group>
                {g.items.map((item, ii) => (
                  <Group key={ii} gap="xs" wrap="nowrap" pl="md">
                    <Checkbox disabled aria-hidden />
                    <TextInput
                      style={{ flex: 1 }}
                      size="xs"
                      placeholder={t('templates.field.checklistItem')}
                      aria-label={t('templates.field.checklistItem')}
                      value={item}
                      onChange={(e) =>
                        set(
                          'checklist',
                          d.checklist.map((x, i) => (i === gi ? { ...x, items: x.items.map((y, j) => (j === ii ? e.currentTarget.value : y)) } : x)),
                        )
                      }
                    />
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      aria-label={t('templates.field.remove')}
                      onClick={() =>
                        set(
                          'checklist',
                          d.checklist.map((x, i) => (i === gi ? { ...x, items: x.items.filter((_, j) => j !== ii) } : x)),
                        )
                      }
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  </Group>
                ))}
                <Group pl="md">
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconPlus size={14} />}
                    onClick={() =>
                      set(
                        'checklist',
                        d.checklist.map((x, i) => (i === gi ? { ...x, items: [...x.items, ''] } : x)),
                      )
                    }
                  >
                    {t('templates.field.addItem')}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          ))}
          <Group>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => set('checklist', [...d.checklist, { title: d.checklist.length ? '' : t('templates.section.checklist'), items: [''] }])}
            >
              {t('templates.field.addGroup')}
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Title order={4}>{t('templates.section.subtasks')}</Title>
          {d.subtasks.map((s, si) => (
            <Group key={si} gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                style={{ flex: 2 }}
                placeholder={t('templates.field.subtaskTitle')}
                aria-label={t('templates.field.subtaskTitle')}
                value={s.title}
                onChange={(e) =>
                  set(
                    'subtasks',
                    d.subtasks.map((x, i) => (i === si ? { ...x, title: e.currentTarget.value } : x)),
                  )
                }
              />
              <UserPicker
                style={{ flex: 1 }}
                aria-label={t('people.responsible')}
                value={s.responsible}
                onChange={(u) =>
                  set(
                    'subtasks',
                    d.subtasks.map((x, i) => (i === si ? { ...x, responsible: u } : x)),
                  )
                }
                error={form.errorOf(`subtasks.${si}.responsibleId`)}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={6}
                aria-label={t('templates.field.remove')}
                onClick={() =>
                  set(
                    'subtasks',
                    d.subtasks.filter((_, i) => i !== si),
                  )
                }
              >
                <IconX size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => set('subtasks', [...d.subtasks, { title: '', responsible: null }])}>
              {t('templates.field.addSubtask')}
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Group gap="xs">
            <IconRepeat size={18} />
            <Title order={4}>{t('templates.section.repeat')}</Title>
          </Group>
          <Switch label={t('templates.field.repeating')} checked={d.repeating} onChange={(e) => set('repeating', e.currentTarget.checked)} />
          {d.repeating ? (
            <Stack gap="sm">
              <SegmentedControl
                w="fit-content"
                aria-label={t('templates.field.freq')}
                value={r.freq}
                onChange={(v) => setRepeat({ freq: v as TemplateRepeat['freq'] })}
                data={(['daily', 'weekly', 'monthly'] as const).map((f) => ({ value: f, label: t(`templates.freq.${f}`) }))}
              />
              <Group align="flex-end" gap="sm">
                <NumberInput label={t('templates.field.interval')} min={1} max={365} w={110} value={r.interval} onChange={(v) => setRepeat({ interval: Number(v) || 1 })} />
                {r.freq === 'monthly' ? (
                  <NumberInput
                    label={t('templates.field.monthDay')}
                    min={1}
                    max={31}
                    w={130}
                    value={r.monthDay ?? 1}
                    onChange={(v) => setRepeat({ monthDay: Number(v) || 1 })}
                    error={form.errorOf('repeat.monthDay')}
                  />
                ) : null}
                <TextInput
                  label={t('templates.field.time')}
                  type="time"
                  w={130}
                  value={r.time}
                  onChange={(e) => setRepeat({ time: e.currentTarget.value || '09:00' })}
                  error={form.errorOf('repeat.time')}
                />
              </Group>
              {r.freq === 'weekly' ? (
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    {t('templates.field.weekdays')}
                  </Text>
                  <Chip.Group multiple value={r.weekdays ?? []} onChange={(v) => setRepeat({ weekdays: v as Weekday[] })}>
                    <Group gap={6}>
                      {WEEKDAYS.map((w) => (
                        <Chip key={w} value={w} size="sm">
                          {t(`templates.wd.${w}`)}
                        </Chip>
                      ))}
                    </Group>
                  </Chip.Group>
                  {form.errorOf('repeat.weekdays') ? (
                    <Text size="xs" c="red">
                      {form.errorOf('repeat.weekdays')}
                    </Text>
                  ) : null}
                </Stack>
              ) : null}
              <Radio.Group label={t('templates.field.end')} value={d.end} onChange={(v) => set('end', v as Draft['end'])}>
                <Group mt={6} gap="lg" align="center">
                  <Radio value="never" label={t('templates.field.endNever')} />
                  <Radio value="until" label={t('templates.field.endUntil')} />
                  <Radio value="count" label={t('templates.field.endCount')} />
                </Group>
              </Radio.Group>
              {d.end === 'until' ? (
                <DateInput label={t('templates.field.until')} w={200} value={r.until ?? ''} onChange={(v) => setRepeat({ until: v || null })} error={form.errorOf('repeat.until')} />
              ) : null}
              {d.end === 'count' ? <NumberInput label={t('templates.field.count')} min={1} max={10000} w={160} value={r.count ?? 10} onChange={(v) => setRepeat({ count: Number(v) || 1 })} /> : null}
              <Paper bg="var(--mantine-color-blue-light)" p="sm" radius="sm">
                <Text size="sm" data-testid="repeat-summary">
                  <b>{t('templates.field.summary')}:</b> {repeatSummary(repeatOf(d), t, i18n.language)}{' '}
                  <Text span c="dimmed" size="xs">
                    {t('templates.field.zone', { zone: template?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone })}
                  </Text>
                </Text>
              </Paper>
              <FormError message={form.errorOf('repeat')} />
            </Stack>
          ) : null}
        </Stack>
      </Paper>

      <Group>
        <Button onClick={save} loading={saving}>
          {t('templates.save')}
        </Button>
        <Button variant="default" onClick={() => navigate('/tasks/templates')}>
          {t('templates.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
