import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AutomationRun, AutomationVersion, DryRunResult, PipelineAutomation, Rule, RuleInput, RuleKind, RunFilter } from '@vavilon/contracts';
import { api, withQuery } from '../../api/client';
import { onEntityChanged } from '../../app/realtime';

/** The automation's query keys; a prefix stands for every query under it. */
export const automationKeys = {
  all: ['automation'] as const,
  pipeline: (id: number) => ['automation', 'pipeline', id] as const,
  versions: (id: number) => ['automation', 'versions', id] as const,
  runs: (filter: Partial<RunFilter>) => ['automation', 'runs', filter] as const,
};

// Someone else's change of a pipeline's automation refreshes its designer and history.
onEntityChanged('pipeline', (id) => [automationKeys.pipeline(Number(id)), automationKeys.versions(Number(id))]);

export function usePipelineAutomation(pipelineId: number | null) {
  return useQuery({
    queryKey: automationKeys.pipeline(pipelineId ?? 0),
    queryFn: ({ signal }) => api.get<PipelineAutomation>(`/api/automation/pipelines/${pipelineId}`, undefined, signal),
    enabled: pipelineId !== null && pipelineId > 0,
    placeholderData: keepPreviousData,
  });
}

export function useVersions(pipelineId: number, enabled = true) {
  return useQuery({
    queryKey: automationKeys.versions(pipelineId),
    queryFn: async ({ signal }) => {
      const data = await api.get<AutomationVersion[] | { items: AutomationVersion[] }>(`/api/automation/pipelines/${pipelineId}/versions`, undefined, signal);
      return Array.isArray(data) ? data : data.items;
    },
    enabled,
  });
}

/** The designer's writes; each one refreshes the pipeline and its history. Errors are shown by the forms themselves (silent). */
export function useRuleMutations(pipelineId: number) {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: automationKeys.pipeline(pipelineId) });
    void qc.invalidateQueries({ queryKey: automationKeys.versions(pipelineId) });
  };
  return {
    create: useMutation({
      mutationFn: (input: RuleInput) => api.post<Rule>(`/api/automation/pipelines/${pipelineId}/rules`, input),
      onSuccess: done,
      meta: { silent: true },
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: RuleInput & { id: number; version: number }) => api.patch<Rule>(`/api/automation/rules/${id}`, body),
      onSuccess: done,
      meta: { silent: true },
    }),
    remove: useMutation({
      mutationFn: ({ id, version }: { id: number; version: number }) => api.delete<{ ok: true; version: number }>(withQuery(`/api/automation/rules/${id}`, { version })),
      onSettled: done,
      meta: { silent: true },
    }),
    order: useMutation({
      mutationFn: (body: { stageId: number; kind: RuleKind; ids: number[]; version: number }) => api.put<unknown>(`/api/automation/pipelines/${pipelineId}/order`, body),
      onSettled: done,
      meta: { silent: true },
    }),
    restore: useMutation({
      mutationFn: ({ number, version }: { number: number; version?: number }) =>
        api.post<unknown>(`/api/automation/pipelines/${pipelineId}/versions/${number}/restore`, version === undefined ? {} : { version }),
      onSettled: done,
      meta: { silent: true },
    }),
    dryRun: useMutation({
      mutationFn: (body: { dealId: number; stageId?: number }) => api.post<DryRunResult>(`/api/automation/pipelines/${pipelineId}/dry-run`, body),
      meta: { silent: true },
    }),
  };
}

export type RunQuery = Omit<Partial<RunFilter>, 'before' | 'limit'>;
export const RUN_PAGE = 50;

/** «Журнал роботов»: newest first, «Показать ещё» pages back by id. */
export function useRuns(filter: RunQuery) {
  return useInfiniteQuery({
    queryKey: automationKeys.runs(filter),
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) => api.get<{ runs: AutomationRun[]; next: number | null }>('/api/automation/runs', { ...filter, before: pageParam, limit: RUN_PAGE }, signal),
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
}
