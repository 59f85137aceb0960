import { useCallback, useState } from 'react';
import { useLocation, useNavigate, type Location } from 'react-router';

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

/** The state for the next card opened from `location`: over the same page when a slider is already open there. */
export function nextSliderState(location: Location): SliderState {
  const current = sliderState(location.state);
  return current ? { backgroundLocation: current.backgroundLocation, depth: current.depth + 1 } : { backgroundLocation: location, depth: 1 };
}

/**
 * Opens an address as a slider over the current page; the address changes so it can be shared.
 * From inside a slider the next card replaces it over the same page.
 */
export function useOpenInSlider() {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback((to: string) => navigate(to, { state: nextSliderState(location) }), [navigate, location]);
}

/** Closing a slider: back through the entries it added, so the page below is where the user left it. */
export function useSliderClose() {
  const navigate = useNavigate();
  const location = useLocation();
  const [closing, setClosing] = useState(false);
  const close = useCallback(() => {
    const st = sliderState(location.state);
    if (!st) return;
    setClosing(true);
    if (window.history.length > st.depth) navigate(-st.depth);
    else navigate(st.backgroundLocation, { replace: true });
  }, [navigate, location.state]);
  return { closing, close };
}
