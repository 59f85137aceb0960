import { Badge } from '@mantine/core';
import type { StoreDocumentStatus } from '@vavilon/contracts';
import { useStoreT } from './i18n';

const COLOR: Record<StoreDocumentStatus, string> = { draft: 'gray', posted: 'teal', cancelled: 'red' };

/** «Черновик», «Проведён», «Отменён». */
export function DocumentStatus({ status }: { status: StoreDocumentStatus }) {
  const { t } = useStoreT();
  return (
    <Badge color={COLOR[status]} variant="light">
      {t(`status.${status}`)}
    </Badge>
  );
}
