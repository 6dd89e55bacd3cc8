import { describe, expect, it } from 'vitest';
import { worded } from './mock-wording';

describe('mock audit wording', () => {
  const base = { id: 'a', incident_id: 'i', at: '2026-11-22T00:00:00Z', actor: 'tester', note: '' };

  it('gives every entry a headline and one sentence per change, never an empty sign', () => {
    const e = worded({ ...base, action: 'edited', subject: '', changes: [{ field: 'commander', old: null, new: 'Dana Cho' }] });
    expect(e.headline).toBe('Edited');
    expect(e.sentences).toEqual(['Commander: set to Dana Cho']);
    expect(e.sentences.join(' ')).not.toMatch(/∅/);
  });

  it('puts the subject in the headline, or takes the one given', () => {
    expect(worded({ ...base, action: 'step_updated', subject: 'Ransomware › Isolate', changes: [] }).headline).toBe('Updated step: Ransomware › Isolate');
    expect(worded({ ...base, action: 'indicators_added', subject: 'pasted text', changes: [] }, 'Added 3 indicators').headline).toBe('Added 3 indicators');
  });
});
