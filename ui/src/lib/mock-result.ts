// How the dev mocks answer a command: a Result like the backend's, with a copy of the data
// (as if it had crossed IPC), a short while later.

import type { IpcError, Result } from './types';

export const ok = <T>(data: T): Result<T, IpcError> => ({ status: 'ok', data: structuredClone(data) });

export const err = (code: IpcError['code'], message: string, field: string | null = null): Result<never, IpcError> => ({
  status: 'error',
  error: { code, message, field },
});

export const later = <T>(v: T, ms = 60) => new Promise<T>((r) => setTimeout(() => r(v), ms));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
