import { describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, parseEditDraft, parseForm, saveDraft, type DraftStorage } from './draft';
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
