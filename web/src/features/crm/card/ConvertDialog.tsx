import { Button, Checkbox, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { convertLead, usePipelines } from '../api';
import { showUndoable } from '../common';
import { useCrmT } from '../i18n';
import type { Lead } from '../types';

/** «Конвертировать»: make a contact, a company and/or a deal of the lead. */
export function ConvertDialog({
  lead,
  opened,
  onClose,
  onDone,
}: {
  lead: Lead;
  opened: boolean;
  onClose: () => void;
  onDone: (created: { deal?: number; contact?: number; company?: number }) => void;
}) {
  const { t } = useCrmT();
  const qc = useQueryClient();
  const pipelines = usePipelines();
  const [contact, setContact] = useState(true);
  const [company, setCompany] = useState(Boolean(lead.companyTitle));
  const [deal, setDeal] = useState(true);
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useServerForm();
  const clearForm = form.clear;
  useEffect(() => {
    if (opened) {
      clearForm();
      setContact(true);
      setCompany(Boolean(lead.companyTitle));
      setDeal(true);
    }
  }, [opened]);
  const defaultPipeline = pipelines.data?.find((p) => p.isDefault) ?? pipelines.data?.[0];
  const submit = async () => {
    setBusy(true);
    try {
      const r = await convertLead(lead.id, { contact, company, deal: deal ? { pipelineId: Number(pipelineId ?? defaultPipeline?.id) || undefined } : null });
      for (const k of ['lead', 'deal', 'contact', 'company']) void qc.invalidateQueries({ queryKey: ['crm', k] });
      showUndoable(t('convert.done'));
      onDone({ deal: r?.dealId ?? undefined, contact: r?.contactId ?? undefined, company: r?.companyId ?? undefined });
    } catch (e) {
      form.fromError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('convert.title')} zIndex={400}>
      <Stack gap="sm">
        <FormError message={form.general} />
        <Text size="sm" c="dimmed">
          {t('convert.hint')}
        </Text>
        <Checkbox label={t('convert.contact')} checked={contact} onChange={(e) => setContact(e.currentTarget.checked)} />
        <Checkbox label={t('convert.company')} checked={company} onChange={(e) => setCompany(e.currentTarget.checked)} />
        <Checkbox label={t('convert.deal')} checked={deal} onChange={(e) => setDeal(e.currentTarget.checked)} />
        {deal && (pipelines.data?.length ?? 0) > 1 ? (
          <Select
            label={t('convert.pipeline')}
            data={(pipelines.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            value={pipelineId ?? (defaultPipeline ? String(defaultPipeline.id) : null)}
            onChange={setPipelineId}
            error={form.errorOf('deal.pipelineId')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true, zIndex: 500 }}
          />
        ) : null}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void submit()} loading={busy} disabled={!contact && !company && !deal}>
            {t('convert.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
