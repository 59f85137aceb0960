import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router';

export function taskPath(id: number | 'new', search?: string): string {
  return `/tasks/task/${id === 'new' ? 0 : id}${search ? `?${search}` : ''}`;
}

/**
 * Opens a task's card over the current page; its address can be shared. (The card module makes
 * this a slider over the page, as CRM cards are.)
 */
export function useOpenTask() {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback((id: number | 'new', search?: string) => navigate(taskPath(id, search), { state: { backgroundLocation: location, depth: 1 } }), [navigate, location]);
}
