// The mock backend's mirror of the core's step applicability and "what next"
// (crates/firebreak-core/src/run): three-valued facts, decisions on unknown facts, the
// same order and limit. Kept apart from mock.ts so it can be tested on its own.

import type { Condition, Fact, FactQuestion, NextStep, RunStep, RunView, StepApplicability } from './types';

const NEXT_LIMIT = 7;

/** Applies, undecided (a condition depends on an unknown fact) or not applicable. */
export function applicability(when: Condition[], facts: Map<Fact, boolean>, question: (f: Fact) => string): StepApplicability {
  const value = (c: Condition) => {
    const v = facts.get(c.fact);
    return v === undefined ? null : v !== c.negated;
  };
  const unmet = when.filter((c) => value(c) === false);
  if (unmet.length) return { kind: 'not_applicable', unmet };
  const questions: FactQuestion[] = [];
  for (const c of when.filter((c) => value(c) === null))
    if (!questions.some((q) => q.fact === c.fact)) questions.push({ fact: c.fact, question: question(c.fact), applies_if: !c.negated });
  return questions.length ? { kind: 'undecided', questions } : { kind: 'applies' };
}

const complete = (s: RunStep) => s.state === 'done' || s.state === 'skipped';

/** Ready steps and one decision per unknown fact, by section then playbook order. */
export function nextSteps(views: RunView[], sectionOrder: readonly string[]): { next: NextStep[]; blocked: NextStep[] } {
  const ready: { key: [number, number, number]; n: NextStep }[] = [];
  const blocked: NextStep[] = [];
  const asked = new Set<Fact>();
  for (const v of views) {
    const all = v.sections.flatMap((s) => s.steps);
    const finished = (id: string) => {
      const s = all.find((x) => x.step.id === id);
      return !s || s.applicability.kind === 'not_applicable' || complete(s);
    };
    all.forEach((s, order) => {
      if (complete(s) || s.applicability.kind === 'not_applicable') return;
      let decide: FactQuestion[] = [];
      if (s.applicability.kind === 'undecided') {
        decide = s.applicability.questions.filter((q) => !asked.has(q.fact));
        if (!decide.length) return;
        decide.forEach((q) => asked.add(q.fact));
      }
      const n: NextStep = {
        run_id: v.id,
        playbook_id: v.playbook_id,
        playbook_title: v.playbook_title,
        step_id: s.step.id,
        title: s.step.title,
        section: s.step.section,
        owner: s.step.owner,
        state: s.state,
        decide,
      };
      const rank = s.state === 'in_progress' && !decide.length ? 0 : 1;
      const key: [number, number, number] = [sectionOrder.indexOf(s.step.section), rank, order];
      if (decide.length) ready.push({ key, n });
      else if (s.state === 'blocked') blocked.push(n);
      else if (s.step.after.every(finished)) ready.push({ key, n });
    });
  }
  ready.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
  return { next: ready.slice(0, NEXT_LIMIT).map((r) => r.n), blocked };
}
