import { describe, expect, it } from 'vitest';
import type { Catalog, NextStep, RunStep, RunView } from './types';
import {
  answerEffect,
  appliesWhen,
  buildStepUpdate,
  conditionText,
  draftFrom,
  factChoice,
  factsOutcomeText,
  factValue,
  isOpen,
  nextStepText,
  notApplicableCount,
  progress,
  questionsOf,
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
  it('names the fact, in words, and says "is no" when negated', () => {
    expect(conditionText(catalog, { fact: 'personal_data_involved', negated: false })).toBe('Personal data involved');
    expect(conditionText(catalog, { fact: 'law_enforcement_engaged', negated: true })).toBe('Law enforcement engaged is no');
  });

  it('joins all conditions', () => {
    expect(
      appliesWhen(catalog, [
        { fact: 'personal_data_involved', negated: false },
        { fact: 'law_enforcement_engaged', negated: true },
      ]),
    ).toBe('Applies when: Personal data involved and Law enforcement engaged is no');
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

  it('says which steps are back on the checklist and why', () => {
    expect(factsOutcomeText(catalog, { shown: [vis('Notify the DPO'), vis('Tell customers')], hidden: [], decided: [] })).toEqual([
      '2 steps are back on the checklist: Ransomware › Notify the DPO (needs Personal data involved); Ransomware › Tell customers (needs Personal data involved)',
    ]);
  });

  it('says which steps no longer apply, in the singular for one', () => {
    expect(factsOutcomeText(catalog, { shown: [], hidden: [vis('Notify the DPO')], decided: [] })).toEqual([
      '1 step no longer applies: Ransomware › Notify the DPO (needs Personal data involved)',
    ]);
  });

  it('says which undecided steps an answer made apply', () => {
    expect(factsOutcomeText(catalog, { shown: [], hidden: [], decided: [vis('Notify the DPO')] })).toEqual([
      '1 step now applies: Ransomware › Notify the DPO (needs Personal data involved)',
    ]);
  });

  it('says so when nothing changed', () => {
    expect(factsOutcomeText(catalog, { shown: [], hidden: [], decided: [] })[0]).toMatch(/No step was added to or removed/);
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
  applicability: { kind: 'applies' },
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

describe('three-valued applicability', () => {
  const insurer = { fact: 'cyber_insurance' as const, question: 'A cyber insurance policy may respond', applies_if: true };
  const encrypted = { fact: 'device_encrypted' as const, question: 'The device was fully encrypted', applies_if: false };

  it('keeps undecided steps on the checklist with their questions, and only not-applicable ones off it', () => {
    const undecided = step({ applicability: { kind: 'undecided', questions: [insurer] } });
    const na = step({ applicability: { kind: 'not_applicable', unmet: [{ fact: 'cyber_insurance', negated: false }] } });
    expect([step(), undecided, na].map(isOpen)).toEqual([true, true, false]);
    expect(questionsOf(undecided)).toEqual([insurer]);
    expect(questionsOf(na)).toEqual([]);
    const run = {
      sections: [{ section: 'triage', label: 'Triage', complete: 0, applicable: 2, undecided: 1, steps: [step(), undecided, na] }],
    } as unknown as RunView;
    expect(notApplicableCount(run)).toBe(1);
  });

  it('says what each answer does, inverted for a "!fact" condition', () => {
    expect([answerEffect(insurer, true), answerEffect(insurer, false)]).toEqual(['applies', 'not applicable']);
    expect([answerEffect(encrypted, true), answerEffect(encrypted, false)]).toEqual(['not applicable', 'applies']);
    expect([answerEffect(insurer, true, 1), answerEffect(insurer, false, 1)]).toEqual(['still to decide', 'not applicable']);
  });

  it('words a decision in "what next" as a question', () => {
    const base: NextStep = {
      run_id: 'r',
      playbook_id: 'ransomware',
      playbook_title: 'Ransomware',
      step_id: 'engage-insurer',
      title: 'Notify the cyber insurer',
      section: 'notification',
      owner: 'legal',
      state: 'todo',
      decide: [],
    };
    expect(nextStepText(base)).toBe('Notify the cyber insurer');
    expect(nextStepText({ ...base, decide: [insurer] })).toBe('Decide whether a cyber insurance policy may respond');
    expect(nextStepText({ ...base, decide: [insurer, { ...insurer, question: 'SEC registrant' }] })).toBe(
      'Decide whether a cyber insurance policy may respond, and whether SEC registrant',
    );
  });
});
