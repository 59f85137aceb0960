import { ActionIcon, Button, Group, Modal, Progress as ProgressLine, Stack, Text, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { showError } from '../toasts';
import { useKitT } from '../kit-i18n';
import type { BulkAction } from './types';
import classes from './data-list.module.css';

type Step<Id> = { action: BulkAction<Id>; stage: 'prompt' | 'confirm'; value: unknown };

/** The bottom panel of group actions over the selected rows, with confirm, prompt and progress. */
export function BulkBar<Id>({ ids, actions, onClear }: { ids: Id[]; actions: BulkAction<Id>[]; onClear: () => void }) {
  const { t } = useKitT();
  const [step, setStep] = useState<Step<Id> | null>(null);
  const [running, setRunning] = useState<{ id: string; done: number; total: number } | null>(null);

  const execute = async (action: BulkAction<Id>, value: unknown) => {
    if (!action.run) return;
    setRunning({ id: action.id, done: 0, total: 0 });
    try {
      const keep = await action.run(ids, (done, total) => setRunning({ id: action.id, done, total }), value);
      setStep(null);
      if (keep !== false) onClear();
    } catch (e) {
      showError(e);
    } finally {
      setRunning(null);
    }
  };
  const start = (action: BulkAction<Id>) => {
    if (action.prompt) setStep({ action, stage: 'prompt', value: null });
    else if (action.confirm) setStep({ action, stage: 'confirm', value: null });
    else void execute(action, null);
  };
  const next = () => {
    if (!step) return;
    if (step.stage === 'prompt' && step.action.confirm) setStep({ ...step, stage: 'confirm' });
    else void execute(step.action, step.value);
  };
  const busy = running !== null;
  const current = step?.action;

  return (
    <>
      <div className={classes.bulkBar} role="toolbar" aria-label={t('bulk.panel')} aria-busy={busy || undefined}>
        <Text size="sm" fw={600} mr="sm">
          {t('bulk.selected', { count: ids.length })}
        </Text>
        {actions.map((a) =>
          a.render ? (
            <span key={a.id}>{a.render(ids, onClear)}</span>
          ) : (
            <Tooltip key={a.id} label={a.hint} disabled={!a.hint}>
              <Button size="xs" variant="white" color={a.color} leftSection={a.icon} disabled={a.disabled || busy} loading={running?.id === a.id} title={a.hint} onClick={() => start(a)}>
                {a.label}
              </Button>
            </Tooltip>
          ),
        )}
        {running ? (
          <Group gap="xs" wrap="nowrap" style={{ flex: '1 1 160px', minWidth: 140 }}>
            <ProgressLine
              value={running.total ? (running.done / running.total) * 100 : 100}
              animated={!running.total}
              striped={!running.total}
              color="teal"
              style={{ flex: 1 }}
              aria-label={running.total ? t('bulk.running', { done: running.done, total: running.total }) : t('bulk.runningShort')}
            />
            <Text size="xs" style={{ whiteSpace: 'nowrap' }} aria-live="polite">
              {running.total ? t('bulk.running', { done: running.done, total: running.total }) : t('bulk.runningShort')}
            </Text>
          </Group>
        ) : null}
        <Tooltip label={t('bulk.clear')}>
          <ActionIcon variant="subtle" color="gray.0" ml="auto" aria-label={t('bulk.clear')} onClick={onClear} disabled={busy}>
            <IconX size={16} />
          </ActionIcon>
        </Tooltip>
      </div>
      <Modal
        opened={step !== null}
        onClose={() => !busy && setStep(null)}
        title={step?.stage === 'confirm' ? current?.confirm?.title : current?.prompt?.title}
        size="md"
        zIndex={step?.stage === 'confirm' ? 400 : 300}
      >
        {step ? (
          <Stack gap="md">
            {step.stage === 'confirm' ? <Text size="sm">{current?.confirm?.message(ids)}</Text> : current?.prompt?.field(step.value, (value) => setStep((s) => (s ? { ...s, value } : s)))}
            {running && running.total ? <ProgressLine value={(running.done / running.total) * 100} color="teal" aria-hidden /> : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setStep(null)} disabled={busy}>
                {t('common.cancel')}
              </Button>
              <Button
                color={step.stage === 'confirm' && current?.confirm?.danger !== false ? 'red' : undefined}
                loading={busy}
                disabled={step.stage === 'prompt' && (step.value === null || step.value === undefined || step.value === '')}
                data-autofocus={step.stage === 'confirm' || undefined}
                onClick={next}
              >
                {step.stage === 'confirm' ? (current?.confirm?.confirmLabel ?? t('common.confirm')) : t('bulk.apply')}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
