import { Box, Button, Card } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { EmptyState } from '../ui/EmptyState';

/** A page's code could not be loaded: after an update of the portal, or with no connection. */
function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(message);
}

/**
 * What a route shows when its page fails to load or render, instead of the router's
 * developer page: a plain message and «Обновить страницу». Inside the shell it keeps the
 * menu and the top bar around it.
 */
export function RouteError({ fullPage = false }: { fullPage?: boolean }) {
  const { t } = useTranslation();
  const error = useRouteError();
  const body = (
    <EmptyState
      icon={<IconAlertTriangle size={30} />}
      title={t('errors.loadFailed')}
      description={isChunkLoadError(error) ? t('errors.network') : t('errors.unknown')}
      action={
        <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={() => window.location.reload()}>
          {t('errors.reload')}
        </Button>
      }
    />
  );
  return fullPage ? (
    <Box pt={80} role="alert">
      {body}
    </Box>
  ) : (
    <Card role="alert">{body}</Card>
  );
}
