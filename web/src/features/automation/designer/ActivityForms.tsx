import { Select, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import type { RelativeTime, Who } from '@vavilon/contracts';
import type { ReactNode } from 'react';
import { useAutoT } from '../words';
import { RelativeTimeInput, WhoInput } from './inputs';

const Z = { withinPortal: true, zIndex: 600 } as const;
type Cfg = Record<string, unknown>;
type Err = (path: string) => string | undefined;

const ACTIVITY_TYPES = ['call', 'meeting', 'email', 'todo', 'task'] as const;
const REMINDERS = [15, 60, 1440];

/** «Создать дело»: the type, the subject (with placeholders), «Кому», the deadline from now and the reminder. */
export function ActivityCreateFields({ config, set, err, placeholders }: { config: Cfg; set: (p: Cfg) => void; err: Err; placeholders: ReactNode }) {
  const { t } = useAutoT();
  const remind = config.remindBefore === null || config.remindBefore === undefined ? 'none' : String(config.remindBefore);
  return (
    <Stack gap="sm">
      <Select
        label={t('form.activityType')}
        data={ACTIVITY_TYPES.map((v) => ({ value: v, label: t(`form.activityTypes.${v}`) }))}
        value={String(config.type ?? 'call')}
        onChange={(type) => set({ type: type ?? 'call' })}
        allowDeselect={false}
        comboboxProps={Z}
        error={err('type')}
      />
      <TextInput label={t('form.activitySubject')} required value={String(config.subject ?? '')} onChange={(e) => set({ subject: e.currentTarget.value })} error={err('subject')} />
      <Textarea
        label={t('form.description')}
        autosize
        minRows={2}
        maxRows={6}
        value={String(config.description ?? '')}
        onChange={(e) => set({ description: e.currentTarget.value })}
        error={err('description')}
      />
      {placeholders}
      <WhoInput label={t('form.who')} value={config.responsible as Who} onChange={(responsible) => set({ responsible })} error={err('responsible')} />
      <RelativeTimeInput value={(config.deadline as RelativeTime | null) ?? null} onChange={(deadline) => set({ deadline })} error={err('deadline')} />
      <Select
        label={t('form.remind')}
        w={220}
        data={[{ value: 'none', label: t('form.remindNone') }, ...REMINDERS.map((m) => ({ value: String(m), label: t(`form.remind${m}`) }))]}
        value={remind}
        onChange={(v) => set({ remindBefore: !v || v === 'none' ? null : Number(v) })}
        allowDeselect={false}
        comboboxProps={Z}
        disabled={!config.deadline}
        error={err('remindBefore')}
      />
      <Switch label={t('form.highPriority')} checked={config.priority === 'high'} onChange={(e) => set({ priority: e.currentTarget.checked ? 'high' : 'normal' })} />
    </Stack>
  );
}

/** «Дело выполнено»: any activity of the deal, or one of a type. */
export function ActivityCompletedFields({ config, set, allowBackwards }: { config: Cfg; set: (p: Cfg) => void; allowBackwards: ReactNode }) {
  const { t } = useAutoT();
  return (
    <Stack gap="sm">
      <Select
        label={t('form.whenActivity')}
        data={[{ value: 'any', label: t('form.anyActivity') }, ...ACTIVITY_TYPES.map((v) => ({ value: v, label: t(`form.activityTypes.${v}`) }))]}
        value={config.activityType ? String(config.activityType) : 'any'}
        onChange={(v) => set({ activityType: !v || v === 'any' ? null : v })}
        allowDeselect={false}
        comboboxProps={Z}
      />
      {allowBackwards}
    </Stack>
  );
}
