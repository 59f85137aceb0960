import {
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Divider,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
  ActionIcon,
  Code,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconCopy, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import type { Condition, FieldOwner, PipelineAutomation, RelativeTime, RobotStart, Rule, RuleInput, RuleKind, TaskRef, Who } from '@vavilon/contracts';
import { useMemo, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { showSuccess } from '../../../ui/toasts';
import { usePipelines } from '../../crm/api';
import { useRuleMutations } from '../api';
import { defaultConfig, ROBOT_GROUPS, TRIGGER_TYPES } from '../vocabulary';
import { useAutoT } from '../words';
import { ConditionBuilder, FieldSelect, RelativeTimeInput, StartInput, useFieldChoices, ValueInput, WhoInput, WhoList } from './inputs';
import { typeLabel } from './summary';
import { TypeIcon } from './TypeIcon';
import { ActivityCompletedFields, ActivityCreateFields } from './ActivityForms';
import css from './designer.module.css';

const Z = { withinPortal: true, zIndex: 600 } as const;
const PLACEHOLDERS = '{{title}} {{company}} {{contact}} {{responsible}} {{stage}} {{field:CODE}}';

export type FormTarget = { mode: 'new'; kind: RuleKind; stageId: number } | { mode: 'edit'; rule: Rule };

/** «+ Добавить робота» / «+ Триггер»: the list of types, then the form of the chosen type; or the form of a card being edited. */
export function RuleFormModal({ target, automation, onClose }: { target: FormTarget | null; automation: PipelineAutomation; onClose: () => void }) {
  const { t } = useAutoT();
  const [type, setType] = useState<string | null>(null);
  const kind = target?.mode === 'edit' ? target.rule.kind : target?.kind;
  const stageId = target?.mode === 'edit' ? target.rule.stageId : target?.stageId;
  const stage = automation.stages.find((s) => s.id === stageId);
  const chosen = target?.mode === 'edit' ? target.rule.type : type;
  const close = () => {
    setType(null);
    onClose();
  };
  const title = !target
    ? ''
    : target.mode === 'edit'
      ? t('form.editTitle', { type: typeLabel(target.rule.type) })
      : chosen
        ? t('form.newTitle', { type: typeLabel(chosen), stage: stage?.name ?? '' })
        : t(kind === 'trigger' ? 'form.chooseTrigger' : 'form.chooseRobot', { stage: stage?.name ?? '' });
  return (
    <Modal opened={target !== null} onClose={close} title={title} size={chosen ? 'xl' : 'lg'} zIndex={300} closeOnClickOutside={false}>
      {target && kind && stageId ? (
        chosen ? (
          <RuleForm
            key={target.mode === 'edit' ? `e${target.rule.id}` : `n${chosen}`}
            kind={kind}
            stageId={stageId}
            type={chosen}
            rule={target.mode === 'edit' ? target.rule : null}
            automation={automation}
            onBack={target.mode === 'new' ? () => setType(null) : undefined}
            onDone={close}
          />
        ) : (
          <TypeList kind={kind} onPick={setType} />
        )
      ) : null}
    </Modal>
  );
}

function TypeList({ kind, onPick }: { kind: RuleKind; onPick: (type: string) => void }) {
  const { t } = useAutoT();
  const groups = kind === 'trigger' ? [{ group: 'triggersTitle', types: TRIGGER_TYPES }] : ROBOT_GROUPS;
  return (
    <Stack gap="md">
      {groups.map((g) => (
        <div key={g.group}>
          <Text size="xs" tt="uppercase" fw={600} c="dimmed" mb={6}>
            {t(`types.${g.group}`)}
          </Text>
          <div className={css.typeGrid} role="list" aria-label={t(`types.${g.group}`)}>
            {g.types.map((type) => (
              <UnstyledButton key={type} className={css.typeTile} onClick={() => onPick(type)} role="listitem" aria-label={typeLabel(type)}>
                <TypeIcon type={type} kind={kind} />
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {typeLabel(type)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`types.desc.${type}`)}
                  </Text>
                </div>
              </UnstyledButton>
            ))}
          </div>
        </div>
      ))}
    </Stack>
  );
}

type Cfg = Record<string, unknown>;

function RuleForm({
  kind,
  stageId,
  type,
  rule,
  automation,
  onBack,
  onDone,
}: {
  kind: RuleKind;
  stageId: number;
  type: string;
  rule: Rule | null;
  automation: PipelineAutomation;
  onBack?: () => void;
  onDone: () => void;
}) {
  const { t } = useAutoT();
  const form = useServerForm();
  const m = useRuleMutations(automation.pipelineId);
  const [name, setName] = useState(rule?.name ?? typeLabel(type));
  // A new «Создать задачу» is named after its task until the name is edited.
  const [nameTouched, setNameTouched] = useState(rule !== null);
  const [config, setConfig] = useState<Cfg>(() => ({ ...defaultConfig(type), ...(rule?.config ?? {}) }));
  const [condition, setCondition] = useState<Condition | null>(rule?.condition ?? null);
  const [start, setStart] = useState<RobotStart>(rule?.start ?? { on: 'entry', afterPrevious: false, delay: { mode: 'now' } });
  const [conflict, setConflict] = useState(false);
  const busy = m.create.isPending || m.update.isPending;
  const set = (patch: Cfg) => {
    setConfig((c) => ({ ...c, ...patch }));
    if (!nameTouched && typeof patch.title === 'string' && type === 'task.create') setName(patch.title || typeLabel(type));
    if (!nameTouched && typeof patch.subject === 'string' && type === 'activity.create') setName(patch.subject || typeLabel(type));
    form.clear();
  };
  const err = (path: string) => form.errorOf(path);

  const localErrors = (): Record<string, string> => {
    const e: Record<string, string> = {};
    const req = t('form.required');
    if (!name.trim()) e.name = req;
    const c = config;
    const need = (key: string, ok: boolean) => {
      if (!ok) e[`config.${key}`] = req;
    };
    if (type === 'task.create') need('title', Boolean(String(c.title ?? '').trim()));
    if (type === 'activity.create') need('subject', Boolean(String(c.subject ?? '').trim()));
    if (type === 'stage.change') need('stageId', Number(c.stageId) > 0);
    if (type === 'field.set' || type === 'field.value') need('field', Boolean(c.field));
    if (type === 'fields.check') need('fields', Array.isArray(c.fields) && c.fields.length > 0);
    if (type === 'comment.add' || type === 'notify') need('text', Boolean(String(c.text ?? '').trim()));
    if (type === 'webhook.call') need('url', Boolean(String(c.url ?? '').trim()));
    if (type === 'pipeline.item') need('pipelineId', Number(c.pipelineId) > 0);
    condition?.terms.forEach((term, i) => {
      if (!term.field) e[`condition.terms.${i}.field`] = req;
    });
    return e;
  };

  const submit = async () => {
    const local = localErrors();
    if (Object.keys(local).length) {
      form.setErrors(local);
      return;
    }
    const input: RuleInput = { kind, stageId, type, name: name.trim(), config, condition: condition && condition.terms.length ? condition : null, start };
    try {
      if (rule) await m.update.mutateAsync({ id: rule.id, ...input, version: automation.version });
      else await m.create.mutateAsync(input);
      showSuccess(t(rule ? 'designer.saved' : 'designer.added', { name: input.name }));
      onDone();
    } catch (error) {
      if (isApiError(error) && error.status === 409) {
        setConflict(true);
        return;
      }
      form.fromError(error);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        {conflict ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            <Group justify="space-between" gap="sm">
              <Text size="sm">{t('designer.conflict')}</Text>
              <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={() => window.location.reload()}>
                {t('designer.reload')}
              </Button>
            </Group>
          </Alert>
        ) : null}
        {rule?.problems.length ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('designer.brokenHint')}>
            {rule.problems.map((p) => p.message).join('; ')}
          </Alert>
        ) : null}
        <FormError message={form.general} />
        <TextInput
          label={t('form.name')}
          required
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setNameTouched(true);
          }}
          error={err('name')}
          data-autofocus
        />
        <ConfigFields type={type} config={config} set={set} err={(p) => err(`config.${p}`)} automation={automation} rule={rule} />
        {kind === 'robot' && type !== 'wait' ? (
          <>
            <Divider label={t('form.startTitle')} labelPosition="left" />
            <StartInput value={start} onChange={setStart} errorOf={err} />
          </>
        ) : null}
        {kind === 'robot' ? (
          <>
            <Divider label={t('form.conditionTitle')} labelPosition="left" />
            <Switch
              label={t('form.conditionOn')}
              checked={condition !== null}
              onChange={(e) => setCondition(e.currentTarget.checked ? { join: 'all', terms: [{ owner: 'item', field: '', op: 'eq' }] } : null)}
            />
            {condition ? <ConditionBuilder value={condition} onChange={setCondition} errorOf={(p) => err(`condition.${p}`)} /> : null}
          </>
        ) : null}
        <Group justify="space-between" className={css.saveBar}>
          {onBack ? (
            <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
              {t('form.back')}
            </Button>
          ) : (
            <span />
          )}
          <Group gap="sm">
            <Button variant="default" onClick={onDone} disabled={busy}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('form.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

function Placeholders() {
  const { t } = useAutoT();
  return (
    <Text size="xs" c="dimmed">
      {t('form.placeholders')} <Code fz="xs">{PLACEHOLDERS}</Code>
    </Text>
  );
}

/** The task a robot acts on: every open task of the deal, or the one a «Создать задачу» robot of this pipeline created. */
function TaskRefInput({
  value,
  onChange,
  automation,
  label,
  anyLabel,
}: {
  value: TaskRef | null;
  onChange: (v: TaskRef | null) => void;
  automation: PipelineAutomation;
  label: string;
  anyLabel: string;
}) {
  const { t } = useAutoT();
  const robots = automation.stages.flatMap((s) =>
    s.robots.filter((r) => r.type === 'task.create').map((r) => ({ value: `robot:${r.id}`, label: t('form.taskOfRobot', { name: `${r.name} (${s.name})` }) })),
  );
  return (
    <Select
      label={label}
      data={[{ value: 'all_open', label: anyLabel }, ...robots]}
      value={value === null || value.kind === 'all_open' ? 'all_open' : `robot:${value.ruleId}`}
      allowDeselect={false}
      comboboxProps={Z}
      onChange={(v) => onChange(!v || v === 'all_open' ? null : { kind: 'robot', ruleId: Number(v.slice(6)) })}
    />
  );
}

function StageSelect({ automation, value, onChange, error, label }: { automation: PipelineAutomation; value: number; onChange: (id: number) => void; error?: string; label: string }) {
  return (
    <Select
      label={label}
      required
      data={automation.stages.map((s) => ({ value: String(s.id), label: s.name }))}
      value={value ? String(value) : null}
      onChange={(v) => onChange(Number(v))}
      allowDeselect={false}
      comboboxProps={Z}
      error={error}
    />
  );
}

function FieldValuePair({ config, set, err }: { config: Cfg; set: (p: Cfg) => void; err: (p: string) => string | undefined }) {
  const { t } = useAutoT();
  const choices = useFieldChoices('item');
  const field = choices.find((f) => f.code === config.field);
  return (
    <Group grow align="flex-start">
      <FieldSelect owner="item" label={t('form.field')} value={String(config.field ?? '')} error={err('field')} onChange={(code) => set({ field: code, value: null })} />
      <ValueInput field={field} label={t('form.value')} value={config.value} onChange={(value) => set({ value })} error={err('value')} />
    </Group>
  );
}

function Checklist({ value, onChange, err }: { value: string[]; onChange: (v: string[]) => void; err: (p: string) => string | undefined }) {
  const { t } = useAutoT();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('form.checklist')}
      </Text>
      {value.map((line, i) => (
        <Group key={i} gap="xs" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            aria-label={t('form.checkItem', { n: i + 1 })}
            value={line}
            error={err(`checklist.${i}`)}
            onChange={(e) => {
              const v = e.currentTarget.value;
              onChange(value.map((x, j) => (j === i ? v : x)));
            }}
          />
          <ActionIcon variant="subtle" color="gray" aria-label={t('form.removeCheckItem', { n: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} style={{ alignSelf: 'flex-start' }} onClick={() => onChange([...value, ''])}>
        {t('form.addCheckItem')}
      </Button>
    </Stack>
  );
}

function CheckFields({ config, set, err }: { config: Cfg; set: (p: Cfg) => void; err: (p: string) => string | undefined }) {
  const { t } = useAutoT();
  const owner = (config.owner as FieldOwner) ?? 'item';
  const choices = useFieldChoices(owner);
  const fields = (config.fields as string[]) ?? [];
  const onFailure = (config.onFailure as { notify: Who[]; comment: string | null; task: { title: string; responsible: Who; deadline: RelativeTime | null; deadlineLocked: boolean } | null }) ?? {
    notify: [],
    comment: null,
    task: null,
  };
  const setFail = (p: Partial<typeof onFailure>) => set({ onFailure: { ...onFailure, ...p } });
  const data = choices.map((f) => ({ value: f.code, label: f.label }));
  for (const f of fields) if (!data.some((d) => d.value === f)) data.push({ value: f, label: f });
  return (
    <Stack gap="sm">
      <Select
        label={t('form.owner')}
        w={220}
        data={(['item', 'company', 'contact'] as const).map((o) => ({ value: o, label: t(`form.owner${o[0].toUpperCase()}${o.slice(1)}`) }))}
        value={owner}
        allowDeselect={false}
        comboboxProps={Z}
        onChange={(o) => set({ owner: o ?? 'item', fields: [] })}
      />
      <MultiSelect label={t('form.fields')} required data={data} value={fields} onChange={(v) => set({ fields: v })} searchable comboboxProps={Z} error={err('fields')} />
      <Text size="sm" fw={600} mt="xs">
        {t('form.onFailure')}
      </Text>
      <WhoList label={t('form.failNotify')} value={onFailure.notify} onChange={(notify) => setFail({ notify })} error={err('onFailure.notify')} />
      <Checkbox label={t('form.failComment')} checked={onFailure.comment !== null} onChange={(e) => setFail({ comment: e.currentTarget.checked ? '{{missing}}' : null })} />
      {onFailure.comment !== null ? (
        <Textarea
          aria-label={t('form.failComment')}
          autosize
          minRows={2}
          value={onFailure.comment}
          onChange={(e) => setFail({ comment: e.currentTarget.value })}
          description={`{{missing}} ${t('form.failCommentHint')}`}
          error={err('onFailure.comment')}
        />
      ) : null}
      <Checkbox
        label={t('form.failTask')}
        checked={onFailure.task !== null}
        onChange={(e) => setFail({ task: e.currentTarget.checked ? { title: '', responsible: { kind: 'responsible' }, deadline: { amount: 1, unit: 'days' }, deadlineLocked: false } : null })}
      />
      {onFailure.task ? (
        <Stack gap="sm" pl="md" className={css.nested}>
          <TextInput
            label={t('form.failTaskTitle')}
            required
            value={onFailure.task.title}
            onChange={(e) => setFail({ task: { ...onFailure.task!, title: e.currentTarget.value } })}
            error={err('onFailure.task.title')}
          />
          <WhoInput label={t('form.responsible')} value={onFailure.task.responsible} onChange={(responsible) => setFail({ task: { ...onFailure.task!, responsible } })} />
          <RelativeTimeInput value={onFailure.task.deadline} onChange={(deadline) => setFail({ task: { ...onFailure.task!, deadline } })} />
        </Stack>
      ) : null}
    </Stack>
  );
}

function WebhookAddress({ rule }: { rule: Rule | null }) {
  const { t } = useAutoT();
  const token = rule && typeof rule.config.token === 'string' ? rule.config.token : null;
  if (!token)
    return (
      <Alert color="blue" variant="light">
        {t('form.hookAfterSave')}
      </Alert>
    );
  const address = `${window.location.origin}/api/automation/hook/${encodeURIComponent(token)}?dealId=`;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('form.hookAddress')}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <TextInput readOnly value={address} aria-label={t('form.hookAddress')} style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={address}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'teal' : 'blue'} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
              {copied ? t('form.copied') : t('form.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Text size="xs" c="dimmed">
        {t('form.hookHint')}
      </Text>
    </Stack>
  );
}

function ConfigFields({
  type,
  config,
  set,
  err,
  automation,
  rule,
}: {
  type: string;
  config: Cfg;
  set: (p: Cfg) => void;
  err: (p: string) => string | undefined;
  automation: PipelineAutomation;
  rule: Rule | null;
}): ReactNode {
  const { t } = useAutoT();
  const pipelines = usePipelines();
  const others = useMemo(() => (pipelines.data ?? []).filter((p) => p.id !== automation.pipelineId), [pipelines.data, automation.pipelineId]);
  const allowBackwards = <Switch label={t('form.allowBackwards')} checked={Boolean(config.allowBackwards)} onChange={(e) => set({ allowBackwards: e.currentTarget.checked })} />;
  switch (type) {
    case 'task.create':
      return (
        <Stack gap="sm">
          <TextInput label={t('form.taskTitle')} required value={String(config.title ?? '')} onChange={(e) => set({ title: e.currentTarget.value })} error={err('title')} />
          <Textarea
            label={t('form.description')}
            autosize
            minRows={2}
            maxRows={8}
            value={String(config.description ?? '')}
            onChange={(e) => set({ description: e.currentTarget.value })}
            error={err('description')}
          />
          <Placeholders />
          <WhoInput label={t('form.responsible')} value={config.responsible as Who} onChange={(responsible) => set({ responsible })} error={err('responsible')} />
          <RelativeTimeInput value={(config.deadline as RelativeTime | null) ?? null} onChange={(deadline) => set({ deadline })} error={err('deadline')} />
          <Switch
            label={t('form.deadlineLocked')}
            description={t('form.deadlineLockedHint')}
            checked={Boolean(config.deadlineLocked)}
            onChange={(e) => set({ deadlineLocked: e.currentTarget.checked })}
          />
          <Checklist value={(config.checklist as string[]) ?? []} onChange={(checklist) => set({ checklist })} err={err} />
          <WhoList label={t('form.observers')} value={(config.observers as Who[]) ?? []} onChange={(observers) => set({ observers })} error={err('observers')} />
        </Stack>
      );
    case 'task.complete':
      return (
        <TaskRefInput label={t('form.task')} anyLabel={t('form.taskAllOpen')} automation={automation} value={config.task as TaskRef} onChange={(task) => set({ task: task ?? { kind: 'all_open' } })} />
      );
    case 'task.deadline.shift':
      return (
        <Stack gap="sm">
          <TaskRefInput
            label={t('form.task')}
            anyLabel={t('form.taskAllOpen')}
            automation={automation}
            value={config.task as TaskRef}
            onChange={(task) => set({ task: task ?? { kind: 'all_open' } })}
          />
          <NumberInput
            label={t('form.days')}
            description={t('form.daysHint')}
            w={200}
            value={Number(config.days ?? 0)}
            onChange={(v) => set({ days: typeof v === 'number' ? v : 0 })}
            error={err('days')}
          />
        </Stack>
      );
    case 'task.deadline.request':
      return (
        <Stack gap="sm">
          <TaskRefInput
            label={t('form.task')}
            anyLabel={t('form.taskAllOpen')}
            automation={automation}
            value={config.task as TaskRef}
            onChange={(task) => set({ task: task ?? { kind: 'all_open' } })}
          />
          <WhoInput label={t('form.who')} value={config.who as Who} onChange={(who) => set({ who })} error={err('who')} />
          <Textarea label={t('form.prompt')} autosize minRows={2} value={String(config.prompt ?? '')} onChange={(e) => set({ prompt: e.currentTarget.value })} error={err('prompt')} />
        </Stack>
      );
    case 'stage.change':
      return <StageSelect label={t('form.stage')} automation={automation} value={Number(config.stageId ?? 0)} onChange={(stageId) => set({ stageId })} error={err('stageId')} />;
    case 'responsible.change':
      return <WhoInput label={t('form.responsible')} value={config.who as Who} onChange={(who) => set({ who })} error={err('who')} />;
    case 'field.set':
      return <FieldValuePair config={config} set={set} err={err} />;
    case 'fields.check':
      return <CheckFields config={config} set={set} err={err} />;
    case 'activity.create':
      return <ActivityCreateFields config={config} set={set} err={err} placeholders={<Placeholders />} />;
    case 'activity.completed':
      return <ActivityCompletedFields config={config} set={set} allowBackwards={allowBackwards} />;
    case 'comment.add':
      return (
        <Stack gap={4}>
          <Textarea label={t('form.commentText')} required autosize minRows={3} value={String(config.text ?? '')} onChange={(e) => set({ text: e.currentTarget.value })} error={err('text')} />
          <Placeholders />
        </Stack>
      );
    case 'notify':
      return (
        <Stack gap="sm">
          <WhoList label={t('form.who')} value={(config.who as Who[]) ?? []} onChange={(who) => set({ who })} error={err('who')} />
          <Textarea label={t('form.notifyText')} required autosize minRows={2} value={String(config.text ?? '')} onChange={(e) => set({ text: e.currentTarget.value })} error={err('text')} />
          <Placeholders />
        </Stack>
      );
    case 'wait':
      return (
        <Stack gap="sm">
          <ConditionBuilder value={config.condition as Condition} onChange={(condition) => set({ condition })} errorOf={(p) => err(`condition.${p}`)} />
          <NumberInput
            label={t('form.timeoutDays')}
            w={220}
            min={1}
            max={365}
            value={Number(config.timeoutDays ?? 30)}
            onChange={(v) => set({ timeoutDays: typeof v === 'number' ? v : 30 })}
            error={err('timeoutDays')}
          />
        </Stack>
      );
    case 'webhook.call':
      return (
        <Stack gap="sm">
          <Group align="flex-start" wrap="nowrap">
            <Select label={t('form.method')} w={110} data={['POST', 'GET']} value={String(config.method ?? 'POST')} onChange={(method) => set({ method })} allowDeselect={false} comboboxProps={Z} />
            <TextInput
              label={t('form.url')}
              required
              placeholder="https://"
              style={{ flex: 1 }}
              value={String(config.url ?? '')}
              onChange={(e) => set({ url: e.currentTarget.value })}
              error={err('url')}
            />
          </Group>
          <WebhookFields value={(config.fields as string[]) ?? []} onChange={(fields) => set({ fields })} />
        </Stack>
      );
    case 'field.value':
      return (
        <Stack gap="sm">
          <FieldValuePair config={config} set={set} err={err} />
          {allowBackwards}
        </Stack>
      );
    case 'task.completed':
      return (
        <Stack gap="sm">
          <TaskRefInput
            label={t('form.whenTask')}
            anyLabel={t('form.anyTask')}
            automation={automation}
            value={config.ruleId ? { kind: 'robot', ruleId: Number(config.ruleId) } : null}
            onChange={(task) => set({ ruleId: task && task.kind === 'robot' ? task.ruleId : null })}
          />
          {allowBackwards}
        </Stack>
      );
    case 'pipeline.item':
      return (
        <Stack gap="sm">
          <Select
            label={t('form.otherPipeline')}
            required
            data={others.map((p) => ({ value: String(p.id), label: p.name }))}
            value={Number(config.pipelineId) ? String(config.pipelineId) : null}
            onChange={(v) => set({ pipelineId: Number(v) })}
            comboboxProps={Z}
            error={err('pipelineId')}
          />
          <MultiSelect
            label={t('form.stageKinds')}
            data={[
              { value: 'progress', label: t('form.kindProgress') },
              { value: 'success', label: t('form.kindSuccess') },
              { value: 'failure', label: t('form.kindFailure') },
            ]}
            value={(config.stageKinds as string[]) ?? []}
            onChange={(stageKinds) => set({ stageKinds })}
            comboboxProps={Z}
            error={err('stageKinds')}
          />
          {allowBackwards}
        </Stack>
      );
    case 'webhook':
      return (
        <Stack gap="sm">
          <WebhookAddress rule={rule} />
          {allowBackwards}
        </Stack>
      );
    default:
      return null;
  }
}

function WebhookFields({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const { t } = useAutoT();
  const choices = useFieldChoices('item');
  return <MultiSelect label={t('form.extraFields')} data={choices.map((f) => ({ value: f.code, label: f.label }))} value={value} onChange={onChange} searchable comboboxProps={Z} />;
}
