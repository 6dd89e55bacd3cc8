// Drafts survive a crash, a reload or an accidental close: at 3 a.m. retyping a
// careful summary is the last thing a responder should have to do. They are kept in the
// incident database (owner-only, with the incident), never in the webview's storage.

import { emptyForm, FORM_FIELDS, type IncidentForm } from './form';

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where drafts are kept: the database, through `api` (the functions `startDrafts` uses). */
export type DraftBackend = {
  draftsAll: () => Promise<{ key: string; value: string }[]>;
  draftPut: (key: string, value: string) => Promise<unknown>;
  draftClear: (key: string) => Promise<unknown>;
};

const cache = new Map<string, string>();
const pending = new Map<string, ReturnType<typeof setTimeout>>();
let backend: DraftBackend | null = null;
/** Typing writes at most this often per form; a crash loses less than this. */
export const DRAFT_WRITE_MS = 250;

/**
 * Reads every draft from the database once, before any form opens, so forms read and write
 * drafts synchronously against this cache while the database is written behind them. Drafts
 * an older Firebreak left in the webview's local storage move into the database and leave it.
 */
export async function startDrafts(db: DraftBackend, legacy: Storage | null = browserStorage()): Promise<void> {
  backend = db;
  for (const d of await db.draftsAll()) cache.set(d.key, d.value);
  if (!legacy) return;
  const old: string[] = [];
  for (let i = 0; i < legacy.length; i++) {
    const key = legacy.key(i);
    if (key?.startsWith('firebreak.draft.')) old.push(key);
  }
  for (const key of old) {
    const value = legacy.getItem(key);
    if (value !== null && !cache.has(key)) {
      cache.set(key, value);
      await db.draftPut(key, value).catch(() => undefined);
    }
    legacy.removeItem(key);
  }
}

/** Writes what is still waiting (the window is closing). */
export function flushDrafts(): void {
  for (const [key, timer] of pending) {
    clearTimeout(timer);
    write(key);
  }
  pending.clear();
}

function write(key: string) {
  if (!backend) return;
  const value = cache.get(key);
  // A failed write keeps the text on screen and in the cache; the next keystroke retries.
  void (value === undefined ? backend.draftClear(key) : backend.draftPut(key, value)).catch(() => undefined);
}

function schedule(key: string) {
  const t = pending.get(key);
  if (t) clearTimeout(t);
  pending.set(
    key,
    setTimeout(() => {
      pending.delete(key);
      write(key);
    }, DRAFT_WRITE_MS),
  );
}

const databaseStorage: DraftStorage = {
  getItem: (key) => cache.get(key) ?? null,
  setItem: (key, value) => {
    cache.set(key, value);
    schedule(key);
  },
  removeItem: (key) => {
    if (!cache.has(key) && !pending.has(key)) return;
    cache.delete(key);
    schedule(key);
  },
};

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function defaultStorage(): DraftStorage | null {
  // Before startDrafts (unit tests of components), drafts are simply not kept.
  return backend ? databaseStorage : null;
}

export const DECLARE_DRAFT_KEY = 'firebreak.draft.declare.v1';
export const editDraftKey = (incidentId: string) => `firebreak.draft.edit.v1.${incidentId}`;

/** Reads a stored form back, trusting nothing about its shape. */
export function parseForm(value: unknown): IncidentForm | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const form = emptyForm();
  for (const f of FORM_FIELDS) {
    if (typeof o[f] === 'string') (form as Record<string, string>)[f] = o[f] as string;
  }
  return form;
}

export function loadDraft(key: string, storage: DraftStorage | null = defaultStorage()): unknown {
  if (!storage) return null;
  try {
    const raw = storage.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown, storage: DraftStorage | null = defaultStorage()): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or disabled storage: losing the draft is better than breaking the form.
  }
}

export function clearDraft(key: string, storage: DraftStorage | null = defaultStorage()): void {
  try {
    storage?.removeItem(key);
  } catch {
    // See saveDraft.
  }
}

/** An edit draft keeps what the form started from, so it can be rebased on reload. */
export type EditDraft = { initial: IncidentForm; current: IncidentForm };

export function parseEditDraft(value: unknown): EditDraft | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const initial = parseForm(o.initial);
  const current = parseForm(o.current);
  return initial && current ? { initial, current } : null;
}
