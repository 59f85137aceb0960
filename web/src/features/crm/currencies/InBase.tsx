import { Text } from '@mantine/core';
import { convertMinor, fromMinor, parseRate } from '@vavilon/contracts';
import { formatMoney } from '../format';
import { useCrmT } from '../i18n';
import { useCurrencies } from './api';
import './i18n';

/** «В базовой валюте: 9 000 ₽ (курс 90)» under a sum in another currency: converted as the server converts the Kanban's and lists' sums. */
export function InBase({ minor, currency }: { minor: number; currency: string }) {
  const { t } = useCrmT();
  const list = useCurrencies();
  const base = list.data?.base;
  const own = list.data?.items.find((c) => c.code === currency);
  if (!base || !own || currency === base || !minor) return null;
  return (
    <Text size="sm" c="dimmed" ta="right" mt={4} data-testid="in-base">
      {t('currencies.inBase', { sum: formatMoney(fromMinor(convertMinor(minor, parseRate(own.rate))), base), rate: own.rate.replace('.', ',') })}
    </Text>
  );
}
