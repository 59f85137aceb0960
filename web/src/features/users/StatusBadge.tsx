import { Badge } from '@mantine/core';
import type { UserSummary } from '@vavilon/contracts';
import { useTranslation } from 'react-i18next';

export function StatusBadge({ status }: { status: UserSummary['status'] }) {
  const { t } = useTranslation();
  if (status === 'active') return null;
  return (
    <Badge size="sm" variant="light" color={status === 'invited' ? 'yellow' : 'gray'} radius="sm">
      {t(`users.status.${status}`)}
    </Badge>
  );
}
