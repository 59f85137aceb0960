import { useCallback, useState } from 'react';

/**
 * A value remembered in this browser under `key` (localStorage, JSON): the column choice or the
 * saved filters of a list whose server keeps no settings. Falls back to `initial` when absent,
 * unreadable or when storage is not available.
 */
export function useStoredState<T>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = window.localStorage.getItem(key);
      return raw === null ? initial : (JSON.parse(raw) as T);
    } catch {
      return initial;
    }
  });
  const save = useCallback(
    (next: T) => {
      setValue(next);
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        /* private mode or full: kept for this page only */
      }
    },
    [key],
  );
  return [value, save];
}
