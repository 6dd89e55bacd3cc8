import { describe, expect, it } from 'vitest';
import { ApiError, errorHint, splitErrors, toApiError } from './errors';

describe('toApiError', () => {
  it('keeps code, message and field of an IPC error', () => {
    const e = toApiError({ code: 'validation', message: 'Title must not be empty.', field: 'title' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('validation');
    expect(e.message).toBe('Title must not be empty.');
    expect(e.field).toBe('title');
  });

  it('turns Tauri string rejections and JS errors into internal errors', () => {
    expect(toApiError('command declare_incident not found').code).toBe('internal');
    expect(toApiError('command declare_incident not found').message).toBe('command declare_incident not found');
    expect(toApiError(new TypeError('x is undefined')).code).toBe('internal');
    expect(toApiError(undefined).message).not.toBe('');
  });

  it('maps an unknown code from a newer backend to internal, keeping the message', () => {
    const e = toApiError({ code: 'rate_limited', message: 'Slow down', field: null });
    expect(e.code).toBe('internal');
    expect(e.message).toBe('Slow down');
  });

  it('keeps the cancelled code of a stopped job, so it is not reported as a bug', () => {
    const e = toApiError({ code: 'cancelled', message: 'the import was stopped; nothing was imported', field: null });
    expect(e.code).toBe('cancelled');
    expect(e.message).toBe('the import was stopped; nothing was imported');
  });

  it('treats an empty field name as no field', () => {
    expect(toApiError({ code: 'validation', message: 'Bad', field: '' }).field).toBeNull();
  });
});

describe('splitErrors', () => {
  it('puts a validation error next to its field', () => {
    const s = splitErrors({ code: 'validation', message: 'Must be RFC 3339.', field: 'detected_at' });
    expect(s.fields).toEqual({ detected_at: 'Must be RFC 3339.' });
    expect(s.banner).toBeNull();
  });

  it('sends a validation error about a field not on screen to the banner', () => {
    const s = splitErrors({ code: 'validation', message: 'Phase is invalid.', field: 'phase' }, ['title', 'severity']);
    expect(s.fields).toEqual({});
    expect(s.banner?.message).toBe('Phase is invalid.');
  });

  it('sends validation errors without a field, and every other code, to the banner', () => {
    expect(splitErrors({ code: 'validation', message: 'Bad input', field: null }).banner?.code).toBe('validation');
    const conflict = splitErrors({ code: 'conflict', message: 'Revision 5, not 4', field: 'title' });
    expect(conflict.fields).toEqual({});
    expect(conflict.banner?.code).toBe('conflict');
    expect(splitErrors({ code: 'database', message: 'disk I/O error', field: null }).banner?.code).toBe('database');
  });
});

it('has a next step for every code', () => {
  for (const code of ['validation', 'not_found', 'conflict', 'cancelled', 'schema_too_new', 'storage_location', 'database', 'io', 'internal'] as const) {
    expect(errorHint(code).length).toBeGreaterThan(10);
  }
});
