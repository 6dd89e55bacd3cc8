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

/** The database the dev mock pretends to have open (also in its app info). */
export const MOCK_DB_PATH = '/home/dana/.local/share/org.firebreak.desktop/firebreak.db';

/**
 * The backend's `files::check_output`: an export must not overwrite the open database, its
 * `-wal`, `-shm` or `-journal`, or a registered evidence file (`evidence` gives their paths
 * and labels where the mock knows them).
 */
export function protectedOutput(path: string, evidence: { path: string; label: string }[] = []): Result<never, IpcError> | null {
  const p = path.trim();
  if (['', '-wal', '-shm', '-journal'].some((s) => p === MOCK_DB_PATH + s))
    return err('validation', `${p} is the open Firebreak database; an export must not overwrite it — choose another file`, 'path');
  const hit = evidence.find((e) => e.path !== '' && e.path === p);
  if (hit) return err('validation', `${p} is evidence "${hit.label}"; an export must not overwrite it — choose another file`, 'path');
  return null;
}

/** The backend's `files::caps`: whole inputs larger than these are refused before parsing. */
export const CAPS = { playbook: 1 << 20, extractText: 16 << 20 } as const;

function sizeText(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1 << 10) return `${Math.floor(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The backend's `too_large_message` when `text` (as UTF-8) is over `cap`, else null. */
export function tooLarge(what: string, text: string, cap: number): string | null {
  const bytes = new TextEncoder().encode(text).length;
  return bytes > cap ? `the ${what} is ${sizeText(bytes)}; the limit is ${sizeText(cap)} (is this the right file?)` : null;
}
