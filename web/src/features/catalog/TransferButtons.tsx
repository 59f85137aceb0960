import { Button, FileButton, Group, List, Modal, Text } from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { uploadWithProgress, withQuery } from '../../api/client';
import { showError } from '../../ui/toasts';
import { catalogKeys, type ProductFilter } from './api';
import { useCatalogT } from './i18n';

type ImportResult = { created: number; updated: number; errors: { row: number; message: string }[] };

/** «Импорт» (an Excel file; products with the same SKU are updated) and «Экспорт» (the list as filtered, Excel). */
export function TransferButtons({ canImport, filter }: { canImport: boolean; filter: ProductFilter }) {
  const { t } = useCatalogT();
  const qc = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const { page: _page, pageSize: _size, ...rest } = filter;
  const exportUrl = withQuery('/api/crm/catalog/products/export', { ...rest });

  const start = (file: File | null) => {
    if (!file) return;
    setProgress(0);
    uploadWithProgress<ImportResult>('/api/crm/catalog/products/import', file, setProgress)
      .promise.then((r) => {
        setResult(r);
        void qc.invalidateQueries({ queryKey: catalogKeys.all });
      })
      .catch(showError)
      .finally(() => setProgress(null));
  };

  return (
    <Group gap="xs">
      {canImport ? (
        <FileButton onChange={start} accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
          {(props) => (
            <Button {...props} variant="default" size="sm" leftSection={<IconUpload size={16} />} loading={progress !== null}>
              {t('import.button')}
            </Button>
          )}
        </FileButton>
      ) : null}
      <Button component="a" href={exportUrl} download variant="default" size="sm" leftSection={<IconDownload size={16} />}>
        {t('export')}
      </Button>
      <Modal opened={result !== null} onClose={() => setResult(null)} title={t('import.title')}>
        {result ? (
          <>
            <Text size="sm" fw={500}>
              {t('import.done', { created: result.created, updated: result.updated })}
            </Text>
            {result.errors.length ? (
              <List size="sm" mt="sm" c="red" spacing={4}>
                {result.errors.slice(0, 50).map((e) => (
                  <List.Item key={e.row}>{e.message}</List.Item>
                ))}
              </List>
            ) : null}
            <Text size="xs" c="dimmed" mt="md">
              {t('import.text')}
            </Text>
          </>
        ) : null}
      </Modal>
    </Group>
  );
}
