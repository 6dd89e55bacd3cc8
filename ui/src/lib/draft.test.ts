import { describe, expect, it, vi } from 'vitest';
import {
  clearDraft,
  DRAFT_WRITE_MS,
  flushDrafts,
  loadDraft,
  parseEditDraft,
  parseForm,
  saveDraft,
  startDrafts,
  type DraftStorage,
} from './draft';
import { emptyForm } from './form';

function memoryStorage(): DraftStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('drafts', () => {
  it('round-trips a form through storage', () => {
    const s = memoryStorage();
    const form = { ...emptyForm(), title: 'Phishing wave', summary: 'Line one\nLine two' };
    saveDraft('k', form, s);
    expect(parseForm(loadDraft('k', s))).toEqual(form);
    clearDraft('k', s);
    expect(loadDraft('k', s)).toBeNull();
  });

  it('survives corrupt or foreign data', () => {
    const s = memoryStorage();
    s.data.set('k', '{not json');
    expect(loadDraft('k', s)).toBeNull();
    expect(parseForm({ title: 42, severity: 'sev1', extra: true })).toEqual({ ...emptyForm(), severity: 'sev1' });
    expect(parseForm('text')).toBeNull();
  });

  it('needs both halves of an edit draft', () => {
    expect(parseEditDraft({ initial: emptyForm() })).toBeNull();
    expect(parseEditDraft({ initial: emptyForm(), current: { ...emptyForm(), title: 'x' } })?.current.title).toBe('x');
  });

  it('does not throw when storage does', () => {
    const broken: DraftStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadDraft('k', broken)).toBeNull();
    expect(() => saveDraft('k', {}, broken)).not.toThrow();
    expect(() => clearDraft('k', broken)).not.toThrow();
  });
});

describe('drafts kept in the database', () => {
  function database(initial: Record<string, string> = {}) {
    const rows = new Map(Object.entries(initial));
    const calls: string[] = [];
    return {
      rows,
      calls,
      draftsAll: async () => [...rows].map(([key, value]) => ({ key, value })),
      draftPut: async (key: string, value: string) => {
        calls.push(`put ${key}`);
        rows.set(key, value);
      },
      draftClear: async (key: string) => {
        calls.push(`clear ${key}`);
        rows.delete(key);
      },
    };
  }

  function legacyStorage(entries: Record<string, string>): Storage {
    const data = new Map(Object.entries(entries));
    return {
      get length() {
        return data.size;
      },
      key: (i: number) => [...data.keys()][i] ?? null,
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
      clear: () => data.clear(),
    };
  }

  it('reads drafts at start, writes typing behind a short delay and clears', async () => {
    vi.useFakeTimers();
    try {
      const db = database({ 'firebreak.draft.declare.v1': '{"title":"Half-typed"}' });
      await startDrafts(db, null);
      expect(loadDraft('firebreak.draft.declare.v1')).toEqual({ title: 'Half-typed' });
      saveDraft('firebreak.draft.declare.v1', { title: 'Half-typed at 03:10' });
      saveDraft('firebreak.draft.declare.v1', { title: 'Half-typed at 03:10 UTC' });
      expect(db.calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(DRAFT_WRITE_MS);
      expect(db.calls).toEqual(['put firebreak.draft.declare.v1']);
      expect(db.rows.get('firebreak.draft.declare.v1')).toBe('{"title":"Half-typed at 03:10 UTC"}');
      clearDraft('firebreak.draft.declare.v1');
      flushDrafts();
      expect(db.rows.has('firebreak.draft.declare.v1')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves drafts an older version left in local storage into the database', async () => {
    const db = database();
    const legacy = legacyStorage({ 'firebreak.draft.edit.v1.abc': '{"current":{}}', 'firebreak.zone': 'UTC' });
    await startDrafts(db, legacy);
    expect(db.rows.get('firebreak.draft.edit.v1.abc')).toBe('{"current":{}}');
    expect(legacy.getItem('firebreak.draft.edit.v1.abc')).toBeNull();
    expect(legacy.getItem('firebreak.zone')).toBe('UTC');
  });
});
