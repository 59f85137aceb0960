import { useEffect, useState } from 'react';

function stored<T>(key: string, fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return v ? (JSON.parse(v) as T) : fallback;
  } catch {
    return fallback;
  }
}

/** A state kept in the browser between visits (the calendars added or hidden, the view). */
export function useStored<T>(key: string, fallback: T) {
  const [v, setV] = useState<T>(() => stored(key, fallback));
  useEffect(() => localStorage.setItem(key, JSON.stringify(v)), [key, v]);
  return [v, setV] as const;
}
