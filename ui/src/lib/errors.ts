// One error type for everything that can go wrong across the IPC boundary, and the
// rule for where it is shown: a validation error next to its field, anything else in
// the banner.

import type { ErrorCode, IpcError } from './types';
import { FORM_FIELDS, type FieldErrors, type FormField } from './form';

const CODES: ErrorCode[] = [
  'validation',
  'not_found',
  'conflict',
  'cancelled',
  'schema_too_new',
  'storage_location',
  'database',
  'io',
  'internal',
];

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
  }
}

function isIpcError(e: unknown): e is IpcError {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o.code === 'string' && typeof o.message === 'string';
}

/**
 * Normalises whatever a command rejected with. Tauri itself rejects with a bare
 * string when a command is missing or not permitted, and a JS bug throws an Error:
 * both become "internal" so the UI has one shape to handle.
 */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isIpcError(e)) {
    const code = CODES.includes(e.code as ErrorCode) ? (e.code as ErrorCode) : 'internal';
    const field = typeof e.field === 'string' && e.field !== '' ? e.field : null;
    return new ApiError(code, e.message, field);
  }
  if (e instanceof Error) return new ApiError('internal', e.message);
  if (typeof e === 'string') return new ApiError('internal', e);
  return new ApiError('internal', 'Something went wrong and Firebreak could not tell what.');
}

export type SplitErrors = { fields: FieldErrors; banner: ApiError | null };

/**
 * A validation error about a field the form shows goes next to that field; any other
 * error (or a validation error about something not on screen) goes to the banner so
 * it is never silently lost.
 */
export function splitErrors(e: unknown, shown: readonly FormField[] = FORM_FIELDS): SplitErrors {
  const err = toApiError(e);
  if (err.code === 'validation' && err.field !== null) {
    const field = err.field as FormField;
    if (shown.includes(field)) return { fields: { [field]: err.message }, banner: null };
  }
  return { fields: {}, banner: err };
}

/** A sentence telling the reader what to do next, beside the raw message. */
export function errorHint(code: ErrorCode): string {
  switch (code) {
    case 'conflict':
      return 'Someone changed this incident after you opened it. Reload to see the latest version.';
    case 'cancelled':
      return 'It was stopped before it finished, so nothing was saved or written. Start it again when you are ready.';
    case 'not_found':
      return 'It may have been removed, or the link is wrong.';
    case 'schema_too_new':
      return 'Open it with the newer version of Firebreak that wrote it, or restore a backup made with this version.';
    case 'storage_location':
      return 'Firebreak could not use its data folder. Check that it exists and is writable.';
    case 'database':
    case 'io':
      return 'Your last change may not have been saved. Try again; if it repeats, note the time and check the disk.';
    case 'validation':
      return 'Correct the highlighted value and try again.';
    case 'internal':
      return 'This is a bug in Firebreak. Try again; your input is still here.';
  }
}
