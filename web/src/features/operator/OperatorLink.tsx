import { Button } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { useOperatorStatus } from './api';
import { useOperatorT } from './i18n';

/** On the Passport page: the way to «Порталы» for the install's operator; nothing for anyone else. */
export function OperatorLink() {
  const { t } = useOperatorT();
  const status = useOperatorStatus();
  if (!status.data?.operator) return null;
  return (
    <Button component="a" href="/admin/portals" variant="default" leftSection={<IconSettings size={16} />} fullWidth>
      {t('manage')}
    </Button>
  );
}
