import { useCallback } from 'react';
import { useOpenInSlider } from '../../ui/slider';

export function taskPath(id: number | 'new', search?: string): string {
  return `/tasks/task/${id === 'new' ? 0 : id}${search ? `?${search}` : ''}`;
}

/**
 * Opens a task's card as a slider over the current page of «Задачи и проекты» (over another
 * section it opens as a page); its address can be shared.
 */
export function useOpenTask() {
  const open = useOpenInSlider();
  return useCallback((id: number | 'new', search?: string) => open(taskPath(id, search)), [open]);
}
