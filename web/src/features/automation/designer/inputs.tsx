import { ActionIcon, Button, Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Condition, ConditionOp, ConditionTerm, FieldOwner, RelativeTime, RobotStart, Who } from '@vavilon/contracts';
import { useMemo, useState } from 'react';
import { useFields } from '../../crm/api';
import { UserPicker, type PickedUser } from '../../../ui/fields';
import { useDepartments, useUser } from '../../users/api';
import { ownerEntity, standardFields, type FieldChoice } from '../vocabulary';
import { useAutoT } from '../words';

const Z = { withinPortal: true, zIndex: 600 } as const;

/** The fields an owner offers: its standard ones, then the portal's custom fields (list options as choices). */
export function useFieldChoices(owner: FieldOwner): FieldChoice[] {
  const defs = useFields(ownerEntity(owner));
  return useMemo(() => {
    const custom = (defs.data ?? []).map((d): FieldChoice => ({ code: d.code, label: d.label, kind: d.type, options: d.options, custom: true }));
    return [...standardFields(owner), ...custom];
  }, [defs.data, owner]);
}

export function FieldSelect({
  owner,
  value,
  onChange,
  label,
  error,
  kinds,
}: {
  owner: FieldOwner;
  value: string;
  onChange: (code: string, field: FieldChoice | undefined) => void;
  label: string;
  error?: string;
  kinds?: string[];
}) {
  const choices = useFieldChoices(owner).filter((f) => !kinds || kinds.includes(f.kind));
  const data = choices.map((f) => ({ value: f.code, label: f.label }));
  if (value && !data.some((d) => d.value === value)) data.push({ value, label: value });
  return (
    <Select
      label={label}
      data={data}
      value={value || null}
      onChange={(v) =>
        onChange(
          v ?? '',
          choices.find((f) => f.code === v),
        )
      }
      searchable
      error={error}
      comboboxProps={Z}
      allowDeselect={false}
    />
  );
}

/** A value for a field: its options for a list, yes/no for a checkbox, a number, or text. */
export function ValueInput({
  field,
  value,
  onChange,
  label,
  multiple,
  error,
}: {
  field: FieldChoice | undefined;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  multiple?: boolean;
  error?: string;
}) {
  const { t } = useAutoT();
  if (field?.kind === 'list' || field?.kind === 'boolean') {
    const options =
      field.kind === 'list'
        ? field.options.map((o) => ({ value: o.id, label: o.label }))
        : [
            { value: 'true', label: t('form.yes') },
            { value: 'false', label: t('form.no') },
          ];
    if (multiple) {
      const list = Array.isArray(value) ? value.map(String) : [];
      return <MultiSelect label={label} data={options} value={list} onChange={onChange} comboboxProps={Z} error={error} />;
    }
    const v = value === null || value === undefined ? null : String(value);
    return <Select label={label} data={options} value={v} onChange={(x) => onChange(field.kind === 'boolean' ? x === 'true' : x)} comboboxProps={Z} error={error} />;
  }
  if (field && (field.kind === 'number' || field.kind === 'money'))
    return <NumberInput label={label} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(typeof v === 'number' ? v : null)} error={error} />;
  return <TextInput label={label} value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
}

/** Who a robot means: a named user, the deal's responsible, the head of a department, the head of the responsible's department. */
export function WhoInput({ value, onChange, label, error }: { value: Who; onChange: (w: Who) => void; label: string; error?: string }) {
  const { t } = useAutoT();
  const departments = useDepartments();
  const named = useUser(value.kind === 'user' ? value.userId : 0);
  const [picked, setPicked] = useState<PickedUser | null>(null);
  const shown: PickedUser | null =
    value.kind === 'user' ? (picked?.id === value.userId ? picked : named.data ? { id: named.data.id, fullName: named.data.fullName, photoUrl: named.data.photoUrl } : null) : null;
  return (
    <Stack gap={6}>
      <Select
        label={label}
        data={[
          { value: 'responsible', label: t('form.whoResponsible') },
          { value: 'responsible_head', label: t('form.whoResponsibleHead') },
          { value: 'department_head', label: t('form.whoDepartmentHead') },
          { value: 'user', label: t('form.whoUser') },
        ]}
        value={value.kind}
        allowDeselect={false}
        comboboxProps={Z}
        error={value.kind === 'responsible' || value.kind === 'responsible_head' ? error : undefined}
        onChange={(k) => {
          if (k === 'user') onChange({ kind: 'user', userId: 0 });
          else if (k === 'department_head') onChange({ kind: 'department_head', departmentId: departments.data?.[0]?.id ?? 0 });
          else onChange({ kind: k as 'responsible' | 'responsible_head' });
        }}
      />
      {value.kind === 'user' ? (
        <UserPicker
          aria-label={t('form.whoUser')}
          value={shown}
          error={error}
          comboboxProps={Z}
          onChange={(u) => {
            setPicked(u);
            onChange({ kind: 'user', userId: u?.id ?? 0 });
          }}
        />
      ) : null}
      {value.kind === 'department_head' ? (
        <Select
          aria-label={t('form.department')}
          placeholder={t('form.department')}
          data={(departments.data ?? []).map((d) => ({ value: String(d.id), label: d.name }))}
          value={value.departmentId ? String(value.departmentId) : null}
          onChange={(v) => onChange({ kind: 'department_head', departmentId: Number(v) })}
          searchable
          comboboxProps={Z}
          error={error}
        />
      ) : null}
    </Stack>
  );
}

/** Several «Кому» (notify, observers). */
export function WhoList({ value, onChange, label, error }: { value: Who[]; onChange: (w: Who[]) => void; label: string; error?: string }) {
  const { t } = useAutoT();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {value.map((w, i) => (
        <Group key={i} align="flex-start" wrap="nowrap" gap="xs">
          <div style={{ flex: 1 }}>
            <WhoInput label={`${t('form.whoKind')} ${i + 1}`} value={w} onChange={(n) => onChange(value.map((x, j) => (j === i ? n : x)))} />
          </div>
          <ActionIcon variant="subtle" color="gray" mt={26} aria-label={t('form.removePerson', { n: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {error ? (
        <Text size="xs" c="red">
          {error}
        </Text>
      ) : null}
      <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...value, { kind: 'responsible' }])} style={{ alignSelf: 'flex-start' }}>
        {t('form.addPerson')}
      </Button>
    </Stack>
  );
}

/** «Крайний срок»: none, or in N minutes/hours/days/workdays from the robot's run. */
export function RelativeTimeInput({ value, onChange, error }: { value: RelativeTime | null; onChange: (v: RelativeTime | null) => void; error?: string }) {
  const { t } = useAutoT();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('form.deadline')}
      </Text>
      <Group gap="xs" align="flex-start">
        <Switch checked={value === null} label={t('form.deadlineNone')} onChange={(e) => onChange(e.currentTarget.checked ? null : { amount: 1, unit: 'days' })} mt={8} />
        {value ? (
          <>
            <NumberInput aria-label={t('form.amount')} min={0} max={3650} w={100} value={value.amount} onChange={(v) => onChange({ ...value, amount: typeof v === 'number' ? v : 0 })} error={error} />
            <Select
              aria-label={t('form.unit')}
              w={170}
              data={(['minutes', 'hours', 'days', 'workdays'] as const).map((u) => ({ value: u, label: t(`units.${u}Long`) }))}
              value={value.unit}
              allowDeselect={false}
              comboboxProps={Z}
              onChange={(u) => onChange({ ...value, unit: (u ?? 'days') as RelativeTime['unit'] })}
            />
          </>
        ) : null}
      </Group>
    </Stack>
  );
}

const OPS: ConditionOp[] = ['eq', 'ne', 'in', 'filled', 'empty', 'gt', 'lt', 'contains'];
const NO_VALUE: ConditionOp[] = ['filled', 'empty'];

function TermRow({ term, onChange, onRemove, n, errorOf }: { term: ConditionTerm; onChange: (t: ConditionTerm) => void; onRemove: () => void; n: number; errorOf: (p: string) => string | undefined }) {
  const { t } = useAutoT();
  const owner = term.owner ?? 'item';
  const choices = useFieldChoices(owner);
  const field = choices.find((f) => f.code === term.field);
  return (
    <Group align="flex-start" gap="xs" wrap="wrap" role="group" aria-label={`${t('form.conditionTitle')} ${n}`}>
      <Select
        label={t('form.owner')}
        w={130}
        data={(['item', 'company', 'contact'] as const).map((o) => ({ value: o, label: t(`form.owner${o[0].toUpperCase()}${o.slice(1)}`) }))}
        value={owner}
        allowDeselect={false}
        comboboxProps={Z}
        onChange={(o) => onChange({ ...term, owner: (o ?? 'item') as FieldOwner, field: '', value: undefined })}
      />
      <div style={{ flex: '1 1 180px' }}>
        <FieldSelect owner={owner} label={t('form.field')} value={term.field} error={errorOf('field')} onChange={(code) => onChange({ ...term, field: code, value: undefined })} />
      </div>
      <Select
        label={t('form.op')}
        w={150}
        data={OPS.map((o) => ({ value: o, label: t(`form.op.${o}`) }))}
        value={term.op}
        allowDeselect={false}
        comboboxProps={Z}
        onChange={(o) => onChange({ ...term, op: (o ?? 'eq') as ConditionOp, value: o === 'in' ? [] : NO_VALUE.includes(o as ConditionOp) ? undefined : term.value })}
      />
      {NO_VALUE.includes(term.op) ? null : (
        <div style={{ flex: '1 1 160px' }}>
          <ValueInput field={field} label={t('form.value')} multiple={term.op === 'in'} value={term.value} onChange={(v) => onChange({ ...term, value: v })} error={errorOf('value')} />
        </div>
      )}
      <ActionIcon variant="subtle" color="gray" mt={30} aria-label={t('form.removeTerm', { n })} onClick={onRemove}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

/** The condition builder: terms (owner, field, operator, value) joined by all/any. */
export function ConditionBuilder({ value, onChange, errorOf }: { value: Condition; onChange: (c: Condition) => void; errorOf: (path: string) => string | undefined }) {
  const { t } = useAutoT();
  return (
    <Stack gap="sm">
      {value.terms.length > 1 ? (
        <SegmentedControl
          aria-label={t('form.join')}
          size="xs"
          value={value.join}
          onChange={(j) => onChange({ ...value, join: j as Condition['join'] })}
          data={[
            { value: 'all', label: t('form.joinAll') },
            { value: 'any', label: t('form.joinAny') },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      ) : null}
      {value.terms.map((term, i) => (
        <TermRow
          key={i}
          n={i + 1}
          term={term}
          errorOf={(p) => errorOf(`terms.${i}.${p}`)}
          onChange={(nt) => onChange({ ...value, terms: value.terms.map((x, j) => (j === i ? nt : x)) })}
          onRemove={() => onChange({ ...value, terms: value.terms.filter((_, j) => j !== i) })}
        />
      ))}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        style={{ alignSelf: 'flex-start' }}
        onClick={() => onChange({ ...value, terms: [...value.terms, { owner: 'item', field: '', op: 'eq' }] })}
      >
        {t('form.addTerm')}
      </Button>
    </Stack>
  );
}

/** «Когда выполнить»: on entry or when a field is set; at once, after a while, at a date; after the previous robot or together. */
export function StartInput({ value, onChange, errorOf }: { value: RobotStart; onChange: (s: RobotStart) => void; errorOf: (path: string) => string | undefined }) {
  const { t } = useAutoT();
  const delay = value.delay;
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('form.startOn')}
          w={260}
          data={[
            { value: 'entry', label: t('form.startEntry') },
            { value: 'field', label: t('form.startField') },
          ]}
          value={value.on}
          allowDeselect={false}
          comboboxProps={Z}
          onChange={(on) => onChange({ ...value, on: on === 'field' ? 'field' : 'entry', field: on === 'field' ? (value.field ?? '') : undefined })}
        />
        {value.on === 'field' ? (
          <div style={{ flex: '1 1 220px' }}>
            <FieldSelect owner="item" label={t('form.startFieldName')} value={value.field ?? ''} error={errorOf('start.field')} onChange={(field) => onChange({ ...value, field })} />
          </div>
        ) : null}
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('form.delay')}
          w={200}
          data={[
            { value: 'now', label: t('form.delayNow') },
            { value: 'after', label: t('form.delayAfter') },
            { value: 'at', label: t('form.delayAt') },
          ]}
          value={delay.mode}
          allowDeselect={false}
          comboboxProps={Z}
          onChange={(m) => onChange({ ...value, delay: m === 'after' ? { mode: 'after', minutes: 60 } : m === 'at' ? { mode: 'at', field: 'close_date', offsetMinutes: 0 } : { mode: 'now' } })}
        />
        {delay.mode === 'after' ? (
          <DelayMinutes minutes={delay.minutes} onChange={(minutes) => onChange({ ...value, delay: { mode: 'after', minutes } })} error={errorOf('start.delay.minutes')} />
        ) : null}
        {delay.mode === 'at' ? (
          <>
            <div style={{ flex: '1 1 200px' }}>
              <FieldSelect
                owner="item"
                kinds={['date', 'datetime']}
                label={t('form.dateField')}
                value={delay.field}
                error={errorOf('start.delay.field')}
                onChange={(field) => onChange({ ...value, delay: { ...delay, field } })}
              />
            </div>
            <NumberInput label={t('form.offset')} w={140} value={delay.offsetMinutes} onChange={(v) => onChange({ ...value, delay: { ...delay, offsetMinutes: typeof v === 'number' ? v : 0 } })} />
          </>
        ) : null}
      </Group>
      <Switch
        label={t('form.afterPrevious')}
        description={t('form.afterPreviousHint')}
        checked={value.afterPrevious}
        onChange={(e) => onChange({ ...value, afterPrevious: e.currentTarget.checked })}
      />
    </Stack>
  );
}

/** Minutes shown as the largest whole unit (90 → 90 минут, 1440 → 1 дней). */
function DelayMinutes({ minutes, onChange, error }: { minutes: number; onChange: (m: number) => void; error?: string }) {
  const { t } = useAutoT();
  const initial = minutes % 1440 === 0 ? 'days' : minutes % 60 === 0 ? 'hours' : 'minutes';
  const [unit, setUnit] = useState<'minutes' | 'hours' | 'days'>(initial);
  const factor = unit === 'days' ? 1440 : unit === 'hours' ? 60 : 1;
  return (
    <Group gap="xs" align="flex-end">
      <NumberInput
        label={t('form.delayMinutes')}
        w={100}
        min={1}
        value={Math.round(minutes / factor)}
        onChange={(v) => onChange(Math.max(1, (typeof v === 'number' ? v : 1) * factor))}
        error={error}
      />
      <Select
        aria-label={t('form.unit')}
        w={120}
        data={(['minutes', 'hours', 'days'] as const).map((u) => ({ value: u, label: t(`units.${u}Long`) }))}
        value={unit}
        allowDeselect={false}
        comboboxProps={Z}
        onChange={(u) => {
          const next = (u ?? 'minutes') as typeof unit;
          const f = next === 'days' ? 1440 : next === 'hours' ? 60 : 1;
          setUnit(next);
          onChange(Math.max(1, Math.round(minutes / factor) * f));
        }}
      />
    </Group>
  );
}
