import { describe, expect, it } from 'vitest';
import type { Catalog, RunStep } from './types';
import {
  appliesWhen,
  buildStepUpdate,
  conditionText,
  draftFrom,
  factChoice,
  factsOutcomeText,
  factValue,
  progress,
  quickUpdate,
} from './runs';

// The backend's catalog gives facts their code as label and the question as detail.
const catalog = {
  facts: [
    { value: 'personal_data_involved', label: 'personal_data_involved', detail: 'Personal data may have been accessed' },
    { value: 'law_enforcement_engaged', label: 'Law enforcement engaged', detail: 'Law enforcement is engaged' },
  ],
} as unknown as Catalog;

describe('conditions', () => {
  it('names the fact, in words, and says "is not yes" when negated', () => {
    expect(conditionText(catalog, { fact: 'personal_data_involved', negated: false })).toBe('Personal data involved');
    expect(conditionText(catalog, { fact: 'law_enforcement_engaged', negated: true })).toBe('Law enforcement engaged is not yes');
  });

  it('joins all conditions', () => {
    expect(
      appliesWhen(catalog, [
        { fact: 'personal_data_involved', negated: false },
        { fact: 'law_enforcement_engaged', negated: true },
      ]),
    ).toBe('Applies when: Personal data involved and Law enforcement engaged is not yes');
    expect(appliesWhen(catalog, [])).toBe('');
  });

  it('works without a catalog', () => {
    expect(conditionText(null, { fact: 'data_exfiltrated', negated: false })).toBe('Data exfiltrated');
  });
});

it('maps fact values to the three-way control and back', () => {
  expect([true, false, null].map(factChoice)).toEqual(['yes', 'no', 'unknown']);
  expect((['yes', 'no', 'unknown'] as const).map(factValue)).toEqual([true, false, null]);
});

describe('factsOutcomeText', () => {
  const vis = (title: string) => ({
    playbook_title: 'Ransomware',
    step_id: 'x',
    title,
    conditions: [{ fact: 'personal_data_involved' as const, negated: false }],
  });

  it('says which steps now apply and why', () => {
    expect(factsOutcomeText(catalog, { shown: [vis('Notify the DPO'), vis('Tell customers')], hidden: [] })).toEqual([
      '2 steps now apply: Ransomware › Notify the DPO (needs Personal data involved); Ransomware › Tell customers (needs Personal data involved)',
    ]);
  });

  it('says which steps no longer apply, in the singular for one', () => {
    expect(factsOutcomeText(catalog, { shown: [], hidden: [vis('Notify the DPO')] })).toEqual([
      '1 step no longer applies: Ransomware › Notify the DPO (needs Personal data involved)',
    ]);
  });

  it('says so when nothing changed', () => {
    expect(factsOutcomeText(catalog, { shown: [], hidden: [] })[0]).toMatch(/No step changed/);
  });
});

const step = (over: Partial<RunStep> = {}): RunStep => ({
  step: {
    id: 'isolate',
    section: 'containment',
    title: 'Isolate hosts',
    owner: 'it_ops',
    guidance: '',
    output: '',
    when: [],
    after: [],
    csf: [],
    attack: [],
  },
  state: 'todo',
  applicable: true,
  unmet: [],
  reason: '',
  note: '',
  assignee_role: null,
  assignee_name: '',
  updated_at: null,
  updated_by: null,
  ...over,
});

describe('buildStepUpdate', () => {
  it('sends only the fields that changed', () => {
    const cur = step({ assignee_role: 'it_ops', assignee_name: 'Priya' });
    const r = buildStepUpdate(cur, { ...draftFrom(cur), state: 'done' });
    expect(r).toEqual({
      ok: true,
      empty: false,
      update: { state: 'done', reason: null, note: null, assignee_role: null, assignee_name: null },
    });
  });

  it('reports an unchanged draft as empty', () => {
    const cur = step({ state: 'in_progress', note: 'old note' });
    const r = buildStepUpdate(cur, draftFrom(cur));
    expect(r.ok && r.empty).toBe(true);
  });

  it('requires a reason for skipped and blocked', () => {
    for (const state of ['skipped', 'blocked'] as const) {
      const r = buildStepUpdate(step(), { ...draftFrom(step()), state, reason: '   ' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.field).toBe('reason');
    }
  });

  it('sends the state with its trimmed reason', () => {
    const r = buildStepUpdate(step(), { ...draftFrom(step()), state: 'blocked', reason: ' waiting for finance ' });
    expect(r.ok && r.update).toMatchObject({ state: 'blocked', reason: 'waiting for finance' });
  });

  it('sends a changed reason on a step that stays blocked, and nothing when it is unchanged', () => {
    const cur = step({ state: 'blocked', reason: 'waiting' });
    const changed = buildStepUpdate(cur, { ...draftFrom(cur), reason: 'waiting for legal' });
    expect(changed.ok && changed.update).toMatchObject({ state: 'blocked', reason: 'waiting for legal' });
    const same = buildStepUpdate(cur, draftFrom(cur));
    expect(same.ok && same.empty).toBe(true);
  });

  it('does not send a leftover reason when leaving blocked', () => {
    const cur = step({ state: 'blocked', reason: 'waiting' });
    const r = buildStepUpdate(cur, { ...draftFrom(cur), state: 'in_progress' });
    expect(r.ok && r.update).toEqual({ state: 'in_progress', reason: null, note: null, assignee_role: null, assignee_name: null });
  });

  it('sends a new note, assignee role and trimmed name', () => {
    const cur = step();
    const r = buildStepUpdate(cur, { ...draftFrom(cur), note: ' 3 hosts pulled ', assignee_role: 'forensics', assignee_name: ' Sam ' });
    expect(r.ok && r.update).toEqual({ state: null, reason: null, note: '3 hosts pulled', assignee_role: 'forensics', assignee_name: 'Sam' });
  });

  it('presets the state for the S and B keys', () => {
    expect(draftFrom(step(), 'skipped').state).toBe('skipped');
  });
});

it('quick updates skip no-ops and never skip the reason', () => {
  expect(quickUpdate(step(), 'done')?.state).toBe('done');
  expect(quickUpdate(step({ state: 'done' }), 'done')).toBeNull();
  expect(quickUpdate(step(), 'blocked')).toBeNull();
});

it('computes progress', () => {
  expect(progress(7, 23)).toEqual({ text: '7/23', percent: 30 });
  expect(progress(0, 0)).toEqual({ text: '0/0', percent: 0 });
});
