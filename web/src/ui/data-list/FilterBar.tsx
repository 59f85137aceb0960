import { ActionIcon, Badge, Button, Chip, CloseButton, Group, MultiSelect, NumberInput, Popover, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconFilter, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { useKitT } from '../kit-i18n';
import { hasValue, type UrlFilter } from './filters';
import type { DateRangeValue, FilterField, FilterValues, NumberRangeValue, QuickPreset, SavedFilter } from './types';

export interface DateInputProps {
  label: string;
  value: string;
  onChange: (isoDay: string) => void;
}

export interface FilterBarProps {
  /** The fields of the panel behind the filter icon. */
  fields: FilterField[];
  /** The state, usually `useUrlFilter(fields, keys)`. */
  state: UrlFilter;
  /** Chips beside the search box: each sets its values, a second click clears them. */
  quickPresets?: QuickPreset[];
  /** The user's saved filters, shown as chips with a cross. Saving is offered when `onSaveFilter` is given. */
  savedFilters?: SavedFilter[];
  onSaveFilter?: (name: string, values: FilterValues) => void;
  onRemoveFilter?: (name: string) => void;
  /** Without it there is no search box, only the filter button. */
  search?: { label?: string; placeholder?: string } | false;
  /** The date field of the panel (the caller's date input); a plain date input without one. */
  dateInput?: ComponentType<DateInputProps>;
}

function PlainDateInput({ label, value, onChange }: DateInputProps) {
  return <TextInput type="date" label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
}

function sameValues(a: FilterValues, b: FilterValues): boolean {
  return Object.entries(b).every(([k, v]) => JSON.stringify(a[k]) === JSON.stringify(v));
}

/** The search box with the filter panel behind it, quick presets and the user's saved filters. */
export function FilterBar({ fields, state, quickPresets = [], savedFilters = [], onSaveFilter, onRemoveFilter, search = {}, dateInput }: FilterBarProps) {
  const { t } = useKitT();
  const [text, setText] = useState(state.search);
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<FilterValues>(state.values);
  const [name, setName] = useState('');

  useEffect(() => setText(state.search), [state.search]);
  useEffect(() => {
    if (opened) setDraft(state.values);
  }, [opened]);
  useEffect(() => {
    const h = window.setTimeout(() => {
      if (text.trim() !== state.search) state.setSearch(text.trim());
    }, 350);
    return () => window.clearTimeout(h);
  }, [text]);

  const fieldIds = new Set(fields.map((f) => f.id));
  const count = Object.entries(state.values).filter(([k, v]) => fieldIds.has(k) && hasValue(v)).length;
  const set = (id: string, v: unknown) => setDraft((d) => ({ ...d, [id]: v as FilterValues[string] }));
  const apply = (values = draft) => {
    state.setValues(values);
    setOpened(false);
  };
  const DateField = dateInput ?? PlainDateInput;

  const fieldControl = (f: FilterField): ReactNode => {
    const v = draft[f.id];
    switch (f.type) {
      case 'text':
        return <TextInput key={f.id} label={f.label} placeholder={f.placeholder} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.id, e.currentTarget.value || undefined)} />;
      case 'select':
        return f.multiple ? (
          <MultiSelect
            key={f.id}
            label={f.label}
            data={f.options}
            value={Array.isArray(v) ? v : []}
            onChange={(x) => set(f.id, x.length ? x : undefined)}
            comboboxProps={{ withinPortal: false }}
            clearable
          />
        ) : (
          <Select key={f.id} label={f.label} data={f.options} value={typeof v === 'string' ? v : null} onChange={(x) => set(f.id, x ?? undefined)} comboboxProps={{ withinPortal: false }} clearable />
        );
      case 'user': {
        const Picker = f.picker;
        return <Picker key={f.id} label={f.label} value={typeof v === 'number' ? v : undefined} onChange={(id) => set(f.id, id)} />;
      }
      case 'dateRange': {
        const r = (v ?? {}) as DateRangeValue;
        const field = r.field ?? f.dateFields?.[0]?.value;
        const put = (patch: Partial<DateRangeValue>) => set(f.id, { field, ...r, ...patch });
        return (
          <SimpleGrid key={f.id} cols={f.dateFields?.length ? 3 : 2} spacing="xs">
            {f.dateFields?.length ? (
              <Select
                label={f.label}
                data={f.dateFields}
                value={field ?? null}
                onChange={(x) => put({ field: x ?? f.dateFields![0]!.value })}
                allowDeselect={false}
                comboboxProps={{ withinPortal: false }}
              />
            ) : null}
            <DateField label={f.dateFields?.length ? t('filter.from') : `${f.label}: ${t('filter.from')}`} value={r.from ?? ''} onChange={(x) => put({ from: x || undefined })} />
            <DateField label={t('filter.to')} value={r.to ?? ''} onChange={(x) => put({ to: x || undefined })} />
          </SimpleGrid>
        );
      }
      case 'numberRange': {
        const r = (v ?? {}) as NumberRangeValue;
        const put = (patch: Partial<NumberRangeValue>) => set(f.id, { ...r, ...patch });
        return (
          <SimpleGrid key={f.id} cols={2} spacing="xs">
            <NumberInput label={`${f.label}: ${t('filter.min')}`} value={r.min ?? ''} onChange={(x) => put({ min: typeof x === 'number' ? x : undefined })} thousandSeparator=" " />
            <NumberInput label={t('filter.max')} value={r.max ?? ''} onChange={(x) => put({ max: typeof x === 'number' ? x : undefined })} thousandSeparator=" " />
          </SimpleGrid>
        );
      }
    }
  };

  const filterButton = (
    <ActionIcon variant="subtle" color="gray" aria-label={t('filter.label')} onClick={() => setOpened((o) => !o)}>
      <IconFilter size={16} />
    </ActionIcon>
  );

  return (
    <Group gap="sm" wrap="wrap" style={{ flex: '1 1 480px' }}>
      {fields.length || search ? (
        <Popover opened={opened} onChange={setOpened} position="bottom-start" width={520} shadow="md" withinPortal>
          <Popover.Target>
            {search ? (
              <TextInput
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') state.setSearch(text.trim());
                }}
                placeholder={search.placeholder ?? t('filter.searchPlaceholder')}
                aria-label={search.label ?? t('filter.search')}
                leftSection={<IconSearch size={16} />}
                rightSectionWidth={count ? 64 : 36}
                rightSection={
                  fields.length ? (
                    <Group gap={2} wrap="nowrap">
                      {count ? (
                        <Badge size="xs" circle>
                          {count}
                        </Badge>
                      ) : null}
                      {filterButton}
                    </Group>
                  ) : null
                }
                style={{ flex: '1 1 260px', maxWidth: 440 }}
              />
            ) : (
              <Group gap={4}>
                {filterButton}
                {count ? (
                  <Badge size="xs" circle>
                    {count}
                  </Badge>
                ) : null}
              </Group>
            )}
          </Popover.Target>
          {fields.length ? (
            <Popover.Dropdown>
              <Stack gap="sm" role="dialog" aria-label={t('filter.label')}>
                <Text fw={600} size="sm">
                  {t('filter.label')}
                </Text>
                {fields.map(fieldControl)}
                <Group gap="xs" mt={4}>
                  <Button onClick={() => apply()}>{t('filter.apply')}</Button>
                  <Button
                    variant="default"
                    onClick={() => {
                      setDraft({});
                      state.reset();
                      setText('');
                      setOpened(false);
                    }}
                  >
                    {t('filter.reset')}
                  </Button>
                </Group>
                {onSaveFilter ? (
                  <Group gap="xs" align="flex-end" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
                    <TextInput label={t('filter.saveAs')} value={name} onChange={(e) => setName(e.currentTarget.value)} style={{ flex: 1 }} size="xs" />
                    <Button
                      variant="light"
                      size="xs"
                      disabled={!name.trim()}
                      onClick={() => {
                        onSaveFilter(name.trim(), draft);
                        setName('');
                        apply();
                      }}
                    >
                      {t('filter.save')}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </Popover.Dropdown>
          ) : null}
        </Popover>
      ) : null}
      {quickPresets.length || savedFilters.length || state.active ? (
        <Group gap={6} role="group" aria-label={t('filter.presets')}>
          {quickPresets.map((p) => {
            const on = sameValues(state.values, p.values);
            return (
              <Chip
                key={p.id}
                size="sm"
                variant="outline"
                checked={on}
                onChange={() => {
                  const next = { ...state.values };
                  if (on) for (const k of Object.keys(p.values)) delete next[k];
                  state.setValues(on ? next : { ...next, ...p.values });
                }}
              >
                {p.label}
              </Chip>
            );
          })}
          {savedFilters.map((p) => (
            <Group key={p.name} gap={0} wrap="nowrap">
              <Chip size="sm" variant="outline" checked={false} onChange={() => state.setValues(p.values)}>
                {p.name}
              </Chip>
              {onRemoveFilter ? <CloseButton size="xs" aria-label={t('filter.removePreset', { name: p.name })} onClick={() => onRemoveFilter(p.name)} icon={<IconX size={12} />} /> : null}
            </Group>
          ))}
          {state.active ? (
            <Button
              variant="subtle"
              size="compact-sm"
              color="gray"
              onClick={() => {
                state.reset();
                setText('');
              }}
            >
              {t('filter.reset')}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Group>
  );
}
