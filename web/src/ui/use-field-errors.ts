import { useCallback, useState } from 'react';
import { isApiError } from '../api/client';

export type FieldErrors = Record<string, string>;

/**
 * Field messages of a form: set locally (required fields) or from the server's
 * `fields` list, shown under the matching field, cleared as the user edits it.
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});

  const fromError = useCallback((error: unknown): boolean => {
    if (!isApiError(error) || error.fields.length === 0) return false;
    const next: FieldErrors = {};
    for (const f of error.fields) if (!next[f.field]) next[f.field] = f.message;
    setErrors(next);
    return true;
  }, []);

  const clear = useCallback((field?: string) => {
    setErrors((prev) => {
      if (field === undefined) return Object.keys(prev).length ? {} : prev;
      if (!(field in prev)) return prev;
      const rest = { ...prev };
      delete rest[field];
      return rest;
    });
  }, []);

  return { errors, setErrors, fromError, clear };
}
