import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { IconArrowsJoin } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { showError, showSuccess } from '../../../ui/toasts';
import { entityKey } from '../api';
import { useCrmT } from '../i18n';
import { mergeAsShown, mergePath, previewMerge, type MergeType } from './api';
import './i18n';

/**
 * The lists' group action «Объединить» → «Применить» (manual, section 5): the user picks the
 * primary item, then the comparison screen opens; items without differences merge at once.
 */
export function MergeBulkButton({ type, ids, titleOf, onDone }: { type: MergeType; ids: number[]; titleOf: (id: number) => string; onDone: () => void }) {
  const { t } = useCrmT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [primary, setPrimary] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = primary && ids.includes(Number(primary)) ? Number(primary) : ids[0];

  const apply = async () => {
    if (ids.length < 2 || !chosen) return;
    setBusy(true);
    try {
      const preview = await previewMerge(type, ids);
      if (!preview.differs) {
        const r = await mergeAsShown(preview, chosen);
        void qc.invalidateQueries({ queryKey: entityKey(type) });
        setOpen(false);
        onDone();
        showSuccess(t('merge.doneSame', { title: r.title }));
        return;
      }
      setOpen(false);
      navigate(mergePath(type, ids, chosen));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="xs" variant="white" leftSection={<IconArrowsJoin size={14} />} disabled={ids.length < 2} title={ids.length < 2 ? t('merge.needTwo') : undefined} onClick={() => setOpen(true)}>
        {t('bulk.merge')}
      </Button>
      <Modal opened={open} onClose={() => !busy && setOpen(false)} title={t('merge.promptTitle')} size="md" zIndex={300}>
        <Stack gap="md">
          <Text size="sm">{t('merge.promptText', { count: ids.length })}</Text>
          <Radio.Group label={t(`merge.primaryFirst.${type}`)} value={chosen ? String(chosen) : null} onChange={setPrimary}>
            <Stack gap={6} mt={6}>
              {ids.slice(0, 10).map((id) => (
                <Radio key={id} value={String(id)} label={titleOf(id)} />
              ))}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setOpen(false)} disabled={busy}>
              {t('merge.cancel')}
            </Button>
            <Button loading={busy} onClick={() => void apply()} data-autofocus>
              {t('bulk.apply')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
