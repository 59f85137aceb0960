import { ActionIcon, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Deal, FieldDef } from '@vavilon/contracts';
import { RecordSection } from '../../../ui/record-card';
import { showError, showSuccess } from '../../../ui/toasts';
import { requestsKey, setResult } from './api';
import { useResultsT } from './i18n';

export interface ResultsBlockProps {
  id: string;
  title: string;
  first?: boolean;
  deal: Deal;
  fields: FieldDef[];
  canEdit: boolean;
}

/**
 * «Результаты» of a call deal: each result field is a list applied at once through the results
 * route (the robots conditioned on it run); the same value may be applied again with «Повторить»
 * (a second «Недозвон» asks for a second new deadline). The robots' questions then open as the card's RequestDialog.
 */
export function ResultsBlock({ id, title, first, deal, fields, canEdit }: ResultsBlockProps) {
  const { t } = useResultsT();
  const qc = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);

  const apply = async (field: FieldDef, value: string) => {
    setBusy(field.code);
    try {
      const saved = await setResult(deal.id, field.code, value);
      qc.setQueryData(['crm', 'deal', 'item', deal.id], saved);
      void qc.invalidateQueries({ queryKey: ['crm', 'deal'], predicate: (q) => q.queryKey[2] !== 'item' });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      showSuccess(t('applied', { field: field.label, value: field.options.find((o) => o.id === value)?.label ?? value }));
      // The robots act in the engine's turn: the card, its timeline and its tasks follow a moment later.
      for (const delay of [500, 1200, 2500, 5000, 9000]) {
        window.setTimeout(() => {
          void qc.invalidateQueries({ queryKey: requestsKey(deal.id) });
          void qc.invalidateQueries({ queryKey: ['crm', 'deal', 'item', deal.id] });
          void qc.invalidateQueries({ queryKey: ['crm', 'deal', 'timeline', deal.id] });
          void qc.invalidateQueries({ queryKey: ['tasks'] });
        }, delay);
      }
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <RecordSection id={id} title={title} first={first} editing={false}>
      <Stack gap="xs">
        <Text size="xs" c="dimmed">
          {t('hint')}
        </Text>
        {fields.map((f) => {
          const value = typeof deal.custom[f.code] === 'string' ? (deal.custom[f.code] as string) : null;
          const label = f.options.find((o) => o.id === value)?.label;
          const disabled = !canEdit || !f.canEdit || busy !== null;
          return (
            <Group key={f.code} gap="xs" wrap="nowrap" align="flex-end">
              <Select
                style={{ flex: 1 }}
                size="sm"
                label={f.label}
                placeholder={t('notChosen')}
                data={f.options.map((o) => ({ value: o.id, label: o.label }))}
                value={value}
                onChange={(v) => {
                  if (v) void apply(f, v);
                }}
                allowDeselect={false}
                disabled={disabled}
                comboboxProps={{ withinPortal: true, zIndex: 500 }}
              />
              <Tooltip label={label ? t('again', { value: label }) : t('againShort')} withinPortal zIndex={600}>
                <ActionIcon
                  variant="light"
                  size={36}
                  aria-label={label ? `${t('again', { value: label })}: ${f.label}` : t('againShort')}
                  disabled={disabled || !value}
                  loading={busy === f.code}
                  onClick={() => value && void apply(f, value)}
                >
                  <IconRepeat size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          );
        })}
      </Stack>
    </RecordSection>
  );
}
