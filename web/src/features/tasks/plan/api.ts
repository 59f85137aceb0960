import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BoardPage, PlanBoard, PlanMove, PlanStage, PlanStageInput, PlanStagePatch } from '@vavilon/contracts';
import { api } from '../../../api/client';
import { onEntityChanged } from '../../../app/realtime';
import { tasksKeys } from '../api';

export const planKey = tasksKeys.view('plan');

// The user's plan changed in another tab or window: the board follows.
onEntityChanged('task_plan', () => [planKey]);

export function usePlan() {
  return useQuery({ queryKey: planKey, queryFn: ({ signal }) => api.get<PlanBoard>('/api/tasks/boards/plan', undefined, signal), placeholderData: keepPreviousData });
}

export const planStagePage = (stageId: number, offset: number) => api.get<BoardPage>(`/api/tasks/boards/plan-stages/${stageId}/cards`, { offset });
export const moveOnPlan = (taskId: number, move: PlanMove) => api.post(`/api/tasks/boards/plan/tasks/${taskId}`, move);

/** Stage writes; each refreshes the board. */
export function usePlanStages() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: planKey });
  return {
    create: useMutation({ mutationFn: (input: PlanStageInput) => api.post<PlanStage>('/api/tasks/boards/plan-stages', input), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, patch }: { id: number; patch: PlanStagePatch }) => api.patch<PlanStage>(`/api/tasks/boards/plan-stages/${id}`, patch), onSuccess: done }),
    order: useMutation({ mutationFn: (ids: number[]) => api.put<PlanStage[]>('/api/tasks/boards/plan-stages/order', { ids }), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: number) => api.delete(`/api/tasks/boards/plan-stages/${id}`), onSuccess: done }),
  };
}
