import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { convertMinor, parseRate, type CurrencyList } from '@vavilon/contracts';
import type { ListFilter } from '../types';
import { api } from '../../../api/client';
import { onEntityChanged } from '../../../app/realtime';
import { filterQuery } from '../api';

export const currenciesKey = ['crm', 'currencies'] as const;

type RateHistory = {
  code: string;
  base: string;
  items: { id: number; rate: string; validFrom: string; createdAt: string; createdBy: { id: number; fullName: string; photoUrl: string | null } | null }[];
};
export type ListSum = { sum: string; currency: string; byCurrency: { currency: string; sum: string }[] };

// A new rate or base changes every sum shown: the boards, the lists' sums, the currencies page.
onEntityChanged('crm.currency', () => [currenciesKey, ['crm', 'deal'], ['crm', 'lead']]);

export function useCurrencies() {
  return useQuery({ queryKey: currenciesKey, queryFn: ({ signal }) => api.get<CurrencyList>('/api/crm/currencies', undefined, signal), staleTime: 60_000 });
}

export function useRateHistory(code: string | null) {
  return useQuery({
    queryKey: [...currenciesKey, 'rates', code],
    queryFn: ({ signal }) => api.get<RateHistory>(`/api/crm/currencies/${code}/rates`, undefined, signal),
    enabled: Boolean(code),
  });
}

/** The sum of a list of deals or leads with its filters, in the base currency. */
export function useListSum(entity: 'deal' | 'lead', filter: ListFilter & { search?: string }, enabled = true) {
  return useQuery({
    queryKey: ['crm', entity, 'sum', filter],
    queryFn: ({ signal }) => {
      const qs = filterQuery(filter);
      return api.get<ListSum>(`/api/crm/${entity}/sum${qs ? `?${qs}` : ''}`, undefined, signal);
    },
    enabled,
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

export function useCurrencyMutations() {
  const qc = useQueryClient();
  const done = (list: CurrencyList) => {
    qc.setQueryData(currenciesKey, list);
    void qc.invalidateQueries({ queryKey: currenciesKey });
    void qc.invalidateQueries({ queryKey: ['crm', 'deal'] });
    void qc.invalidateQueries({ queryKey: ['crm', 'lead'] });
  };
  return {
    setRate: useMutation({
      mutationFn: (v: { code: string; rate: string; validFrom: string }) => api.post<CurrencyList>(`/api/crm/currencies/${v.code}/rates`, { rate: v.rate, validFrom: v.validFrom }),
      onSuccess: done,
      meta: { silent: true },
    }),
    deleteRate: useMutation({ mutationFn: (v: { code: string; id: number }) => api.delete<CurrencyList>(`/api/crm/currencies/${v.code}/rates/${v.id}`), onSuccess: done, meta: { silent: true } }),
    setBase: useMutation({ mutationFn: (v: { code: string; version: number }) => api.put<CurrencyList>('/api/crm/currencies/base', v), onSuccess: done, meta: { silent: true } }),
  };
}

/** `minor` units of `code` in minor units of the base currency, at the rates of `list` (as they are until it loads). */
export function toBaseMinor(list: CurrencyList | undefined, code: string, minor: number): number {
  const own = list?.items.find((c) => c.code === code);
  return !list || !own || code === list.base ? minor : convertMinor(minor, parseRate(own.rate));
}
