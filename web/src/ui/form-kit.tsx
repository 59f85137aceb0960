import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import { isApiError } from '../api/client';

export type FieldErrors = Record<string, string>;

/** Server field paths are dotted (`options.0.label`); a form may show the error at any prefix of it. */
function prefixes(path: string): string[] {
  const parts = path.split(/[.[\]]+/).filter(Boolean);
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

/**
 * A refusal split into what the form shows beside its fields and the general message:
 * each server field error goes to the longest prefix of its path the form shows
 * (`options.0.label` → `options.0.label`, else `options`); the rest, or an error without
 * fields, is the general message. `key` maps a server path onto the form's names first.
 */
export function splitServerErrors(error: unknown, isShown: (path: string) => boolean, key: (path: string) => string = (p) => p): { fields: FieldErrors; general: string | null } {
  const fields: FieldErrors = {};
  const unmatched: string[] = [];
  for (const f of isApiError(error) ? error.fields : []) {
    const target = prefixes(key(f.field)).find(isShown);
    if (target) fields[target] ??= f.message;
    else if (!unmatched.includes(f.message)) unmatched.push(f.message);
  }
  let general: string | null = null;
  if (unmatched.length) general = unmatched.join(' ');
  else if (Object.keys(fields).length === 0) general = error instanceof Error && error.message ? error.message : String(error);
  return { fields, general };
}

/**
 * The form kit's one way of showing what the server refused: every field error of the
 * answer (`error.fields`) under the field the form shows for it, and whatever matches no
 * shown field — or an error without fields — as the form's general message (`<FormError>`).
 *
 * A form reads a field's message with `errorOf(name)`; that is also how the kit learns which
 * fields the form shows. Messages clear as the user edits the field (`clear(name)`).
 */
export function useServerForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const shown = useRef(new Set<string>());
  // What this render shows; filled by errorOf as the form renders.
  shown.current = new Set<string>();

  const errorOf = useCallback(
    (name: string): string | undefined => {
      shown.current.add(name);
      return errors[name];
    },
    [errors],
  );

  /**
   * Shows a failed submit's error; true when it is a refusal the user can correct.
   * `generalAt` names a field that carries the general message instead of the alert
   * (sign-in: «Неверный логин или пароль» under the password).
   */
  const fromError = useCallback((error: unknown, options?: { generalAt?: string }): boolean => {
    const split = splitServerErrors(error, (path) => shown.current.has(path));
    if (split.general && options?.generalAt && !split.fields[options.generalAt]) {
      split.fields[options.generalAt] = split.general;
      split.general = null;
    }
    setErrors(split.fields);
    setGeneral(split.general);
    return isApiError(error) && error.status >= 400 && error.status < 500;
  }, []);

  const clear = useCallback((field?: string) => {
    setGeneral(null);
    setErrors((prev) => {
      if (field === undefined) return Object.keys(prev).length ? {} : prev;
      if (!(field in prev)) return prev;
      const rest = { ...prev };
      delete rest[field];
      return rest;
    });
  }, []);

  /** Local checks (required fields) before anything is sent. */
  const setFieldErrors = useCallback((next: FieldErrors) => {
    setGeneral(null);
    setErrors(next);
  }, []);

  return { errors, errorOf, general, setErrors: setFieldErrors, setGeneral, fromError, clear };
}

export type ServerForm = ReturnType<typeof useServerForm>;

/** The general message of a form: what the server refused that is not about one field shown. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-form-error>
      {message}
    </Alert>
  );
}
