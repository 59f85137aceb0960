import { ActionIcon, Badge, Button, Chip, CloseButton, Group, MultiSelect, Popover, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconFilter, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { UserPicker } from '../pickers';
import { DateInput } from '../DateInput';
import { useCrmT } from '../i18n';
import type { EntityType, ListFilter, ListPreset, SavedPreset, Stage, UserRef } from '../types';

const DATE_FIELDS = { deal: ['created_at', 'updated_at', 'close_date', 'begin_date'], lead: ['created_at', 'updated_at'], contact: ['created_at', 'updated_at'], company: ['created_at', 'updated_at'] } as const;

/** The list's filter, kept in the address so a filtered list can be shared and survives the card slider. */
export function useListFilter() {
  const [params, setParams] = useSearchParams();
  const stage = (params.get('stage') ?? '').split(',').map(Number).filter((n) => n > 0);
  const filter: ListFilter = {
    preset: (params.get('preset') as ListPreset | null) ?? undefined,
    responsibleId: Number(params.get('responsible')) || undefined,
    stageId: stage.length ? stage : undefined,
    dateField: (params.get('df') as ListFilter['dateField']) ?? undefined,
    dateFrom: params.get('from') ?? undefined,
    dateTo: params.get('to') ?? undefined,
  };
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const update = (patch: Record<string, string | null>, resetPage = true) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        if (resetPage) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const setFilter = (f: ListFilter) =>
    update({
      preset: f.preset && f.preset !== 'all' ? f.preset : null,
      responsible: f.responsibleId ? String(f.responsibleId) : null,
      stage: f.stageId?.length ? f.stageId.join(',') : null,
      df: f.dateField && (f.dateFrom || f.dateTo) ? f.dateField : null,
      from: f.dateFrom ?? null,
      to: f.dateTo ?? null,
    });
  const active = Boolean(search || filter.preset || filter.responsibleId || filter.stageId || filter.dateFrom || filter.dateTo);
  return {
    filter,
    search,
    page,
    active,
    setFilter,
    setSearch: (q: string) => update({ q: q || null }),
    setPage: (p: number) => update({ page: p > 1 ? String(p) : null }, false),
    reset: () => update({ q: null, preset: null, responsible: null, stage: null, df: null, from: null, to: null }),
  };
}

/** The search box with the filter panel behind it, and the presets «Мои», «В работе», «Закрытые» plus the user's saved ones. */
export function FilterBar({
  entity,
  stages,
  state,
  presets,
  onSavePreset,
  onRemovePreset,
}: {
  entity: EntityType;
  stages: Stage[];
  state: ReturnType<typeof useListFilter>;
  presets: SavedPreset[];
  onSavePreset: (name: string, filter: ListFilter) => void;
  onRemovePreset: (name: string) => void;
}) {
  const { t } = useCrmT();
  const [text, setText] = useState(state.search);
  const [opened, setOpened] = useState(false);
  const [responsible, setResponsible] = useState<UserRef | null>(null);
  const [draft, setDraft] = useState<ListFilter>(state.filter);
  const [presetName, setPresetName] = useState('');
  const hasStages = entity === 'deal' || entity === 'lead';

  useEffect(() => setText(state.search), [state.search]);
  useEffect(() => {
    if (opened) setDraft(state.filter);
  }, [opened]);
  useEffect(() => {
    const h = window.setTimeout(() => {
      if (text.trim() !== state.search) state.setSearch(text.trim());
    }, 350);
    return () => window.clearTimeout(h);
  }, [text]);

  const quick: ListPreset[] = hasStages ? ['mine', 'in_progress', 'closed'] : ['mine'];
  const current = state.filter.preset;
  const filterCount = [state.filter.responsibleId, state.filter.stageId?.length, state.filter.dateFrom || state.filter.dateTo].filter(Boolean).length;
  const apply = () => {
    state.setFilter({ ...draft, responsibleId: responsible?.id ?? draft.responsibleId });
    setOpened(false);
  };

  return (
    <Group gap="sm" wrap="wrap" style={{ flex: '1 1 480px' }}>
      <Popover opened={opened} onChange={setOpened} position="bottom-start" width={520} shadow="md" withinPortal>
        <Popover.Target>
          <TextInput
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') state.setSearch(text.trim());
            }}
            placeholder={t('list.searchPlaceholder')}
            aria-label={t('list.search')}
            leftSection={<IconSearch size={16} />}
            rightSectionWidth={filterCount ? 64 : 36}
            rightSection={
              <Group gap={2} wrap="nowrap">
                {filterCount ? (
                  <Badge size="xs" circle>
                    {filterCount}
                  </Badge>
                ) : null}
                <ActionIcon variant="subtle" color="gray" aria-label={t('filter.label')} onClick={() => setOpened((o) => !o)}>
                  <IconFilter size={16} />
                </ActionIcon>
              </Group>
            }
            style={{ flex: '1 1 260px', maxWidth: 440 }}
          />
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="sm" role="dialog" aria-label={t('filter.label')}>
            <Text fw={600} size="sm">
              {t('filter.label')}
            </Text>
            <UserPicker
              label={t('filter.responsible')}
              value={responsible ?? (draft.responsibleId ? { id: draft.responsibleId, fullName: `#${draft.responsibleId}`, photoUrl: null } : null)}
              onChange={(u) => {
                setResponsible(u);
                setDraft((d) => ({ ...d, responsibleId: u?.id }));
              }}
            />
            {hasStages ? (
              <MultiSelect
                label={entity === 'lead' ? t('filter.status') : t('filter.stage')}
                data={stages.map((s) => ({ value: String(s.id), label: s.name }))}
                value={(draft.stageId ?? []).map(String)}
                onChange={(v) => setDraft((d) => ({ ...d, stageId: v.map(Number) }))}
                comboboxProps={{ withinPortal: false }}
                clearable
              />
            ) : null}
            <SimpleGrid cols={3} spacing="xs">
              <Select
                label={t('filter.dateField')}
                data={DATE_FIELDS[entity].map((f) => ({ value: f, label: t(`filter.dateFields.${f}`) }))}
                value={draft.dateField ?? 'created_at'}
                onChange={(v) => setDraft((d) => ({ ...d, dateField: (v as ListFilter['dateField']) ?? 'created_at' }))}
                allowDeselect={false}
                comboboxProps={{ withinPortal: false }}
              />
              <DateInput label={t('filter.from')} value={draft.dateFrom ?? ''} onChange={(v) => setDraft((d) => ({ ...d, dateField: d.dateField ?? 'created_at', dateFrom: v || undefined }))} />
              <DateInput label={t('filter.to')} value={draft.dateTo ?? ''} onChange={(v) => setDraft((d) => ({ ...d, dateField: d.dateField ?? 'created_at', dateTo: v || undefined }))} />
            </SimpleGrid>
            <Group justify="space-between" mt={4}>
              <Group gap="xs">
                <Button onClick={apply}>{t('filter.apply')}</Button>
                <Button
                  variant="default"
                  onClick={() => {
                    setDraft({});
                    setResponsible(null);
                    state.reset();
                    setText('');
                    setOpened(false);
                  }}
                >
                  {t('filter.reset')}
                </Button>
              </Group>
            </Group>
            <Group gap="xs" align="flex-end" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
              <TextInput label={t('filter.saveAs')} value={presetName} onChange={(e) => setPresetName(e.currentTarget.value)} style={{ flex: 1 }} size="xs" />
              <Button
                variant="light"
                size="xs"
                disabled={!presetName.trim()}
                onClick={() => {
                  onSavePreset(presetName.trim(), { ...draft, responsibleId: responsible?.id ?? draft.responsibleId });
                  setPresetName('');
                  apply();
                }}
              >
                {t('filter.save')}
              </Button>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <Group gap={6} role="group" aria-label={t('filter.presets')}>
        {quick.map((p) => (
          <Chip
            key={p}
            size="sm"
            checked={current === p}
            onChange={() => state.setFilter({ ...state.filter, preset: current === p ? undefined : p })}
            variant="outline"
          >
            {t(`filter.${p}`)}
          </Chip>
        ))}
        {presets.map((p) => (
          <Group key={p.name} gap={0} wrap="nowrap">
            <Chip size="sm" variant="outline" checked={false} onChange={() => state.setFilter(p.filter)}>
              {p.name}
            </Chip>
            <CloseButton size="xs" aria-label={t('filter.removePreset', { name: p.name })} onClick={() => onRemovePreset(p.name)} icon={<IconX size={12} />} />
          </Group>
        ))}
        {state.active ? (
          <Button variant="subtle" size="compact-sm" color="gray" onClick={() => { state.reset(); setText(''); }}>
            {t('filter.reset')}
          </Button>
        ) : null}
      </Group>
    </Group>
  );
}
