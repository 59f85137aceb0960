import { Text, Tooltip } from '@mantine/core';
import { formatMoney } from '../format';
import { useCrmT } from '../i18n';
import type { ListFilter } from '../types';
import { useListSum } from './api';
import './i18n';

/** «Сумма: 1 445 ₽» beside a list's total: its deals' or leads' amounts in the base currency, each currency as it is in the tooltip. */
export function ListSum({ entity, filter, enabled = true }: { entity: 'deal' | 'lead'; filter: ListFilter & { search?: string }; enabled?: boolean }) {
  const { t } = useCrmT();
  const sum = useListSum(entity, filter, enabled);
  if (!sum.data) return null;
  const parts = sum.data.byCurrency.map((c) => formatMoney(c.sum, c.currency));
  return (
    <Tooltip label={[t('currencies.sumHint'), ...(parts.length > 1 ? parts : [])].join(' · ')} withArrow>
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="list-sum" tabIndex={0}>
        {t('currencies.sum', { sum: formatMoney(sum.data.sum, sum.data.currency) })}
      </Text>
    </Tooltip>
  );
}
