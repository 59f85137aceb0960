import { Button } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { RefusalState, refusalOf } from './AccessStates';
import { EmptyState } from './EmptyState';

/**
 * A page's main query failed. A refusal is no failure: 403 shows «Нет доступа» and 404
 * «Не найдено», with a way home and no «Повторить»; anything else offers to retry.
 */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const refusal = refusalOf(error);
  if (refusal) return <RefusalState kind={refusal} />;
  return (
    <EmptyState
      icon={<IconAlertTriangle size={30} />}
      title={t('errors.loadFailed')}
      description={error instanceof Error ? error.message : t('errors.unknown')}
      action={
        onRetry ? (
          <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}
