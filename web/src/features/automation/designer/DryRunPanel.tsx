import { Alert, Badge, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { IconFlask, IconInfoCircle } from '@tabler/icons-react';
import type { DryRunResult, PipelineAutomation } from '@vavilon/contracts';
import { useState } from 'react';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { ItemPicker } from '../../crm/pickers';
import { useRuleMutations } from '../api';
import { useAutoT } from '../words';

const COLORS: Record<DryRunResult['steps'][number]['status'], string> = { done: 'teal', skipped: 'gray', failed: 'red', waiting: 'yellow' };

/** «Проверить на сделке»: a deal and a stage; what each robot of the stage would do to it, nothing written. */
export function DryRunPanel({ opened, onClose, automation }: { opened: boolean; onClose: () => void; automation: PipelineAutomation }) {
  const { t } = useAutoT();
  const m = useRuleMutations(automation.pipelineId);
  const form = useServerForm();
  const [deal, setDeal] = useState<{ id: number; title: string } | null>(null);
  const [stageId, setStageId] = useState<number | null>(null);
  const [result, setResult] = useState<DryRunResult | null>(null);

  const run = async () => {
    if (!deal) {
      form.setErrors({ dealId: t('form.required') });
      return;
    }
    try {
      setResult(await m.dryRun.mutateAsync({ dealId: deal.id, stageId: stageId ?? undefined }));
    } catch (error) {
      setResult(null);
      form.fromError(error);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('dry.title')} size="lg" zIndex={300}>
      <Stack gap="md">
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
          {t('dry.notice')}
        </Alert>
        <FormError message={form.general} />
        <Group grow align="flex-start">
          <ItemPicker
            entity="deal"
            label={t('dry.deal')}
            placeholder={t('dry.dealPlaceholder')}
            value={deal}
            onChange={(v) => {
              setDeal(v);
              setResult(null);
              form.clear();
            }}
            error={form.errorOf('dealId')}
            required
          />
          <Select
            label={t('dry.stage')}
            data={automation.stages.map((s) => ({ value: String(s.id), label: s.name }))}
            value={stageId ? String(stageId) : null}
            onChange={(v) => {
              setStageId(v ? Number(v) : null);
              setResult(null);
            }}
            placeholder={t('dry.currentStage')}
            clearable
            error={form.errorOf('stageId')}
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
        </Group>
        <Group justify="flex-end">
          <Button leftSection={<IconFlask size={16} />} onClick={() => void run()} loading={m.dryRun.isPending}>
            {t('dry.run')}
          </Button>
        </Group>
        {result ? (
          <Stack gap="xs" aria-live="polite">
            <Group justify="space-between">
              <Text fw={600} size="sm">
                {automation.stages.find((s) => s.id === result.stageId)?.name ?? ''}
              </Text>
              <Badge color="gray" variant="outline" size="lg">
                {t('dry.nothingWritten')}
              </Badge>
            </Group>
            {result.steps.length ? (
              <ol style={{ margin: 0, paddingLeft: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: 6 }} aria-label={t('dry.title')}>
                {result.steps.map((s, i) => (
                  <li key={`${s.ruleId}-${i}`} style={{ border: '1px solid #e3e8ee', borderRadius: 8, padding: '8px 10px', background: '#fff' }}>
                    <Group justify="space-between" wrap="nowrap" gap="sm">
                      <Text size="sm" fw={600}>
                        {i + 1}. {s.name}
                      </Text>
                      <Badge color={COLORS[s.status]} variant="light" style={{ flex: 'none' }}>
                        {t(`dry.status.${s.status}`)}
                      </Badge>
                    </Group>
                    {s.message ? (
                      <Text size="xs" c="dimmed" mt={2}>
                        {s.message}
                      </Text>
                    ) : null}
                  </li>
                ))}
              </ol>
            ) : (
              <Text size="sm" c="dimmed">
                {t('dry.empty')}
              </Text>
            )}
          </Stack>
        ) : null}
      </Stack>
    </Modal>
  );
}
