import { useCallback } from 'react';
import { useLocation, useNavigate, type Location } from 'react-router';
import type { EntityType } from './types';

/** History state of a card opened as a slider over the page it was opened from. */
export interface SliderState {
  backgroundLocation: Location;
  /** How many history entries the slider has added (closing goes back that many). */
  depth: number;
}

export function sliderState(state: unknown): SliderState | null {
  const s = state as Partial<SliderState> | null;
  return s && s.backgroundLocation && typeof s.backgroundLocation.pathname === 'string' ? (s as SliderState) : null;
}

export function cardPath(entity: EntityType, id: number | 'new', search?: string): string {
  return `/crm/${entity}/details/${id === 'new' ? 0 : id}${search ? `?${search}` : ''}`;
}

/**
 * Opens a card as a slider over the current page; its address changes so it can be shared.
 * From inside a slider the next card replaces it over the same page.
 */
export function useOpenCard() {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(
    (entity: EntityType, id: number | 'new', search?: string) => {
      const current = sliderState(location.state);
      const state: SliderState = current ? { backgroundLocation: current.backgroundLocation, depth: current.depth + 1 } : { backgroundLocation: location, depth: 1 };
      navigate(cardPath(entity, id, search), { state });
    },
    [navigate, location],
  );
}
