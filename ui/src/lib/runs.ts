// Guided runs: turning conditions and fact changes into sentences, and a step editor's
// draft into the smallest `StepUpdate` the backend accepts. No DOM, unit-tested.

import type {
  Catalog,
  Condition,
  Fact,
  FactQuestion,
  FactsOutcome,
  NextStep,
  Role,
  RunStep,
  RunView,
  StepApplicability,
  StepState,
  StepUpdate,
  StepVisibility,
} from './types';
import { choiceFor, factLabel } from './catalog';

export { factLabel };

export const STEP_STATES: StepState[] = ['todo', 'in_progress', 'done', 'skipped', 'blocked'];

/** Skipping or blocking a step must say why. */
export function needsReason(state: StepState): boolean {
  return state === 'skipped' || state === 'blocked';
}

/** Done or skipped: counts towards progress. */
export function isFinished(state: StepState): boolean {
  return state === 'done' || state === 'skipped';
}

export function factQuestion(catalog: Catalog | null, fact: Fact): string {
  return choiceFor(catalog?.facts, fact)?.detail ?? '';
}

/** "Personal data involved", or "Personal data involved is no" when negated. */
export function conditionText(catalog: Catalog | null, c: Condition): string {
  const label = factLabel(catalog, c.fact);
  return c.negated ? `${label} is no` : label;
}

export type ApplicabilityKind = StepApplicability['kind'];

export function applicabilityOf(step: RunStep): ApplicabilityKind {
  return step.applicability.kind;
}

/** On the checklist as work to do or to decide: everything but "not applicable". */
export function isOpen(step: RunStep): boolean {
  return step.applicability.kind !== 'not_applicable';
}

/** The questions still to answer before anyone knows whether the step applies. */
export function questionsOf(step: RunStep): FactQuestion[] {
  return step.applicability.kind === 'undecided' ? step.applicability.questions : [];
}

/** The conditions that fail on known facts (empty unless not applicable). */
export function unmetOf(step: RunStep): Condition[] {
  return step.applicability.kind === 'not_applicable' ? step.applicability.unmet : [];
}

/**
 * What the answer does to the step, said next to the Yes/No buttons: a `!fact` step
 * applies on No, so the buttons cannot simply mean "applies" / "does not apply"; with
 * other questions open, the right answer only leaves those.
 */
export function answerEffect(q: FactQuestion, answer: boolean, otherQuestions = 0): 'applies' | 'not applicable' | 'still to decide' {
  if (answer !== q.applies_if) return 'not applicable';
  return otherQuestions > 0 ? 'still to decide' : 'applies';
}

/** "Decide: A cyber insurance policy may respond" for a "what next" item. */
export function nextStepText(s: NextStep): string {
  return s.decide.length ? `Decide whether ${s.decide.map((q) => inSentence(q.question)).join(', and whether ')}` : s.title;
}

/** "A cyber insurance policy may respond" → "a cyber insurance policy may respond"; "SEC …" stays. */
export function inSentence(text: string): string {
  return text.length > 1 && !/\p{Lu}/u.test(text[1]) ? text[0].toLowerCase() + text.slice(1) : text;
}

export function conditionsText(catalog: Catalog | null, conditions: Condition[]): string {
  return conditions.map((c) => conditionText(catalog, c)).join(' and ');
}

/** "Applies when: Personal data involved and Data exfiltrated"; empty for unconditional steps. */
export function appliesWhen(catalog: Catalog | null, conditions: Condition[]): string {
  return conditions.length ? `Applies when: ${conditionsText(catalog, conditions)}` : '';
}

export type FactChoice = 'yes' | 'no' | 'unknown';

export function factChoice(value: boolean | null): FactChoice {
  return value === null ? 'unknown' : value ? 'yes' : 'no';
}

export function factValue(choice: FactChoice): boolean | null {
  return choice === 'unknown' ? null : choice === 'yes';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function visibilityList(catalog: Catalog | null, steps: StepVisibility[]): string {
  return steps
    .map((s) => {
      const needs = s.conditions.length ? ` (needs ${conditionsText(catalog, s.conditions)})` : '';
      return `${s.playbook_title} › ${s.title}${needs}`;
    })
    .join('; ');
}

/**
 * "2 steps are back on the checklist: Ransomware › Notify the DPO (needs Personal data
 * involved)", steps a decision made apply, and steps that no longer apply; one sentence
 * each.
 */
export function factsOutcomeText(catalog: Catalog | null, outcome: FactsOutcome): string[] {
  const lines: string[] = [];
  if (outcome.shown.length)
    lines.push(
      `${plural(outcome.shown.length, 'step is', 'steps are')} back on the checklist: ${visibilityList(catalog, outcome.shown)}`,
    );
  if (outcome.decided.length)
    lines.push(
      `${plural(outcome.decided.length, 'step now applies', 'steps now apply')}: ${visibilityList(catalog, outcome.decided)}`,
    );
  if (outcome.hidden.length)
    lines.push(
      `${plural(outcome.hidden.length, 'step no longer applies', 'steps no longer apply')}: ${visibilityList(catalog, outcome.hidden)}`,
    );
  if (!lines.length) lines.push('Facts saved. No step was added to or removed from the checklist.');
  return lines;
}

export type StepDraft = {
  state: StepState;
  reason: string;
  note: string;
  assignee_role: Role | null;
  assignee_name: string;
};

/** The editor starts from what is stored; the note is new text for this change. */
export function draftFrom(step: RunStep, preset?: StepState): StepDraft {
  return {
    state: preset ?? step.state,
    reason: step.reason,
    note: '',
    assignee_role: step.assignee_role,
    assignee_name: step.assignee_name,
  };
}

export type StepUpdateResult =
  | { ok: true; update: StepUpdate; empty: boolean }
  | { ok: false; field: 'reason'; message: string };

export const EMPTY_UPDATE: StepUpdate = {
  state: null,
  reason: null,
  note: null,
  assignee_role: null,
  assignee_name: null,
};

/**
 * Only what changed, so a save never overwrites a field someone else changed since. A
 * skipped or blocked step always carries its reason (the backend requires it with the
 * state), and an empty reason is refused here, next to the field, before any call.
 */
export function buildStepUpdate(current: RunStep, draft: StepDraft): StepUpdateResult {
  const update: StepUpdate = { ...EMPTY_UPDATE };
  const reason = draft.reason.trim();
  const stateChanged = draft.state !== current.state;
  if (needsReason(draft.state)) {
    if (reason === '')
      return {
        ok: false,
        field: 'reason',
        message: `Say why the step is ${draft.state === 'skipped' ? 'skipped' : 'blocked'}: a reason is required.`,
      };
    if (stateChanged || reason !== current.reason.trim()) {
      update.state = draft.state;
      update.reason = reason;
    }
  } else if (stateChanged) {
    update.state = draft.state;
  }
  const note = draft.note.trim();
  if (note !== '') update.note = note;
  if (draft.assignee_role !== current.assignee_role && draft.assignee_role !== null) update.assignee_role = draft.assignee_role;
  if (draft.assignee_name.trim() !== current.assignee_name.trim()) update.assignee_name = draft.assignee_name.trim();
  const empty = Object.values(update).every((v) => v === null);
  return { ok: true, update, empty };
}

/** A one-field update for the quick keys (D, I): nothing to say when already there. */
export function quickUpdate(current: RunStep, state: StepState): StepUpdate | null {
  if (needsReason(state) || current.state === state) return null;
  return { ...EMPTY_UPDATE, state };
}

/** Steps of a run in display order, flattened. */
export function runSteps(run: RunView): RunStep[] {
  return run.sections.flatMap((s) => s.steps);
}

export function notApplicableCount(run: RunView): number {
  return runSteps(run).filter((s) => !isOpen(s)).length;
}

/** "7/23" and a 0–100 percentage for the bar. */
export function progress(complete: number, applicable: number): { text: string; percent: number } {
  return {
    text: `${complete}/${applicable}`,
    percent: applicable === 0 ? 0 : Math.round((complete / applicable) * 100),
  };
}
