import { useQuery } from '@tanstack/react-query';
import type { ReportScope, ReportScopes, TaskReport } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { portalHeaderValue } from '../../../api/portal';
import { tasksKeys } from '../api';

export interface ReportParams {
  scope: ReportScope;
  id?: number | null;
  from: string;
  to: string;
}

const query = (p: ReportParams) => ({ scope: p.scope, id: p.scope === 'me' ? undefined : (p.id ?? undefined), from: p.from, to: p.to });

export function useReport(p: ReportParams) {
  const ready = p.scope === 'me' || !!p.id;
  return useQuery({ queryKey: [...tasksKeys.view('reports'), query(p)], queryFn: () => api.get<TaskReport>('/api/tasks/reports', query(p)), enabled: ready });
}

export function useReportScopes() {
  return useQuery({ queryKey: [...tasksKeys.view('reports'), 'scopes'], queryFn: () => api.get<ReportScopes>('/api/tasks/reports/scopes'), staleTime: 60_000 });
}

/** The address the browser downloads the report's workbook from. */
export function reportExportUrl(p: ReportParams): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query(p))) if (v !== undefined) qs.set(k, String(v));
  const portal = portalHeaderValue();
  if (portal) qs.set('portal', portal);
  return `/api/tasks/reports/export?${qs.toString()}`;
}
