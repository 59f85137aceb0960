import { ActionIcon, Button, Checkbox, Group, MultiSelect, NumberInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { DateTimePicker, DatesProvider } from '@mantine/dates';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { CURRENCIES, type TypedValue } from '@vavilon/contracts';
import { useKitT } from '../kit-i18n';
import { DateInput } from './DateInput';
import { UserPicker, UsersPicker, type PickedUser } from './UserPicker';
import type { FieldKind, TypedListKind } from './values';

const TYPES: TypedValue['type'][] = ['work', 'mobile', 'home', 'other'];
const inSlider = { withinPortal: true, zIndex: 500 } as const;

/** Errors of a form by path (`phones.0.value`, `amount`), as the server and the form kit give them. */
export type FieldErrors = Record<string, string>;

/** Phones, e-mails, sites, messengers: values with their types, each with its own error (`phones.0.value`). */
export function TypedListInput({
  kind,
  label,
  value,
  onChange,
  errors = {},
  clear = () => {},
}: {
  kind: TypedListKind;
  label: string;
  value: TypedValue[];
  onChange: (v: TypedValue[]) => void;
  errors?: FieldErrors;
  clear?: (path: string) => void;
}) {
  const { t } = useKitT();
  const blank = (): TypedValue => ({ type: kind === 'phones' ? 'mobile' : 'work', value: '' });
  const items = value.length ? value : [blank()];
  const set = (i: number, patch: Partial<TypedValue>) => onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const typeData = TYPES.map((v) => ({ value: v, label: t(`fields.types.${v}`) }));
  return (
    <Stack gap={6}>
      {items.map((v, i) => (
        <Group key={i} gap={6} align="flex-start" wrap="nowrap">
          <TextInput
            aria-label={items.length > 1 ? `${label} ${i + 1}` : label}
            value={v.value}
            type={kind === 'emails' ? 'email' : kind === 'phones' ? 'tel' : 'text'}
            placeholder={kind === 'phones' ? '+7 900 000-00-01' : kind === 'emails' ? 'name@example.com' : kind === 'websites' ? 'https://' : ''}
            onChange={(e) => {
              set(i, { value: e.currentTarget.value });
              clear(`${kind}.${i}.value`);
              clear(`${kind}.${i}`);
            }}
            error={errors[`${kind}.${i}.value`] ?? errors[`${kind}.${i}`]}
            style={{ flex: 1 }}
          />
          <Select
            aria-label={t('fields.valueType', { what: label, n: i + 1 })}
            data={typeData}
            value={v.type}
            onChange={(x) => set(i, { type: (x as TypedValue['type']) ?? 'work' })}
            allowDeselect={false}
            w={130}
            comboboxProps={inSlider}
          />
          <ActionIcon variant="subtle" color="gray" size={36} aria-label={t('fields.removeValue', { what: label, n: i + 1 })} onClick={() => onChange(items.filter((_, j) => j !== i))}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {errors[kind] ? (
        <Text size="xs" c="red">
          {errors[kind]}
        </Text>
      ) : null}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        style={{ alignSelf: 'flex-start' }}
        onClick={() => onChange([...items, blank()])}
        aria-label={`${t('fields.addValue')}: ${label}`}
      >
        {t('fields.addValue')}
      </Button>
    </Stack>
  );
}

/** Money being typed: the amount as text («1 250 000,5») and its currency. */
export interface MoneyDraft {
  value: string;
  currency: string;
}

/** An amount with its currency beside it. */
export function MoneyInput({
  label,
  value,
  onChange,
  error,
  required,
  readOnly,
  autoFocus,
}: {
  label: string;
  value: MoneyDraft;
  onChange: (v: MoneyDraft) => void;
  error?: string;
  required?: boolean;
  readOnly?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useKitT();
  return (
    <Group gap={6} align="flex-start" wrap="nowrap">
      <TextInput
        label={label}
        value={value.value}
        onChange={(e) => onChange({ ...value, value: e.currentTarget.value })}
        inputMode="decimal"
        placeholder="0"
        error={error}
        required={required}
        readOnly={readOnly}
        autoFocus={autoFocus}
        style={{ flex: 1 }}
      />
      <Select
        label={t('fields.currency')}
        data={CURRENCIES.map((c) => ({ value: c, label: c }))}
        value={value.currency}
        onChange={(c) => onChange({ ...value, currency: c ?? 'RUB' })}
        allowDeselect={false}
        w={96}
        comboboxProps={inSlider}
      />
    </Group>
  );
}

/** An ISO timestamp as Mantine's local «YYYY-MM-DD HH:mm:ss». */
function toLocal(iso: string): string | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:00`;
}

/** A moment (date and time) picked in the portal's calendar; the value is an ISO timestamp or null. */
export function DateTimeInput({
  value,
  onChange,
  label,
  error,
  required,
  disabled,
  autoFocus,
}: {
  value: string | null;
  onChange: (iso: string | null) => void;
  label: string;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const { i18n } = useKitT();
  return (
    <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'ru', firstDayOfWeek: 1 }}>
      <DateTimePicker
        label={label}
        error={error}
        required={required}
        disabled={disabled}
        autoFocus={autoFocus}
        clearable
        valueFormat="DD.MM.YYYY HH:mm"
        value={value ? toLocal(value) : null}
        onChange={(v) => onChange(v ? new Date(String(v).replace(' ', 'T')).toISOString() : null)}
        popoverProps={{ withinPortal: true, zIndex: 500 }}
      />
    </DatesProvider>
  );
}

export interface FieldInputProps {
  kind: FieldKind;
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  /** Options of `select` and `multiselect`. */
  options?: { value: string; label: string }[];
  /** `select`: the list can be searched. */
  searchable?: boolean;
}

/**
 * The editor of a value by its kind. Values: `string`/`text`/`url` a string; `number` a number;
 * `money` a decimal string («1250000.50», the currency is the caller's); `date` «YYYY-MM-DD»;
 * `datetime` an ISO timestamp; `boolean`; `select` an option's value; `multiselect` their list;
 * `user` a PickedUser; `users` a list of them. Empty is null (or [] for lists).
 */
export function FieldInput({ kind, label, value, onChange, error, required, disabled, autoFocus, options = [], searchable }: FieldInputProps) {
  const common = { label, required, error, disabled, autoFocus };
  switch (kind) {
    case 'text':
      return <Textarea {...common} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={2} maxRows={8} />;
    case 'number':
      return <NumberInput {...common} value={(value as number | undefined) ?? ''} onChange={(v) => onChange(v === '' ? null : Number(v))} decimalSeparator="," thousandSeparator=" " />;
    case 'money':
      return <TextInput {...common} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value.replace(/\s/g, '').replace(',', '.'))} inputMode="decimal" rightSection="₽" />;
    case 'date':
      return <DateInput {...common} value={(value as string) ?? ''} onChange={(v) => onChange(v || null)} />;
    case 'datetime':
      return <DateTimeInput {...common} value={typeof value === 'string' ? value : null} onChange={onChange} />;
    case 'boolean':
      return <Checkbox label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} disabled={disabled} error={error} mt={4} />;
    case 'select':
      return (
        <Select
          {...common}
          data={options}
          value={value === null || value === undefined ? null : String(value)}
          onChange={(v) => onChange(v)}
          clearable
          searchable={searchable}
          comboboxProps={inSlider}
        />
      );
    case 'multiselect':
      return <MultiSelect {...common} data={options} value={Array.isArray(value) ? (value as string[]) : []} onChange={onChange} clearable comboboxProps={inSlider} />;
    case 'user':
      return <UserPicker {...common} value={(value as PickedUser | null) ?? null} onChange={onChange} />;
    case 'users':
      return <UsersPicker {...common} value={Array.isArray(value) ? (value as PickedUser[]) : []} onChange={onChange} />;
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://" value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
    default:
      return <TextInput {...common} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
