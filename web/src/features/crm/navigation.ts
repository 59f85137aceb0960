import { useCallback } from 'react';
import { useOpenInSlider } from '../../ui/slider';
import type { EntityType } from './types';

export { sliderState, type SliderState } from '../../ui/slider';

export function cardPath(entity: EntityType, id: number | 'new', search?: string): string {
  return `/crm/${entity}/details/${id === 'new' ? 0 : id}${search ? `?${search}` : ''}`;
}

/**
 * Opens a card as a slider over the current page; its address changes so it can be shared.
 * From inside a slider the next card replaces it over the same page.
 */
export function useOpenCard() {
  const open = useOpenInSlider();
  return useCallback((entity: EntityType, id: number | 'new', search?: string) => open(cardPath(entity, id, search)), [open]);
}
