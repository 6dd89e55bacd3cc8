// Drafts survive a crash, a reload or an accidental close: at 3 a.m. retyping a
// careful summary is the last thing a responder should have to do.

import { emptyForm, FORM_FIELDS, type IncidentForm } from './form';

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function defaultStorage(): DraftStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be disabled; the form still works, only without drafts.
    return null;
  }
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
