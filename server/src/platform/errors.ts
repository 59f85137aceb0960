import type { MessageKey } from './i18n/index.js';

export interface FieldError {
  /** Dotted path of the field, e.g. `phones.0.value`. */
  field: string;
  /** A message key, or a ready message. */
  message: MessageKey | string;
  params?: Record<string, string | number>;
}

/**
 * The one error every layer throws. The HTTP error handler turns it into
 * `{ error: { code, message, fields?, requestId } }` with the message in the user's language.
 */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly messageKey: MessageKey | string,
    public readonly params: Record<string, string | number> = {},
    public readonly fields?: FieldError[],
  ) {
    super(code);
  }
}

export const errors = {
  notFound: () => new AppError(404, 'not_found', 'error.not_found'),
  unauthenticated: () => new AppError(401, 'unauthenticated', 'error.unauthenticated'),
  forbidden: () => new AppError(403, 'forbidden', 'error.forbidden'),
  conflict: () => new AppError(409, 'conflict', 'error.conflict'),
  validation: (fields: FieldError[]) => new AppError(400, 'validation', 'error.validation', {}, fields),
  field: (field: string, message: MessageKey, params?: Record<string, string | number>) => new AppError(400, 'validation', 'error.validation', {}, [{ field, message, params }]),
};
