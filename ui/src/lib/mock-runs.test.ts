import { describe, expect, it } from 'vitest';
import { mockCommands as c } from './mock';
import { applicability } from './mock-runs';
import type { Fact, IncidentRuns, Result, RunStep } from './types';

// The dev mock must agree with the core (crates/firebreak-core/src/run/tests.rs): an
// unknown fact is a decision, never a silent "no".

const q = (f: Fact) => `question for ${f}`;

describe('applicability', () => {
  const insurer = [{ fact: 'cyber_insurance' as const, negated: false }];
  const unencrypted = [{ fact: 'device_encrypted' as const, negated: true }];

  it('is undecided on an unknown fact, not applicable on No, applies on Yes', () => {
    expect(applicability(insurer, new Map(), q)).toEqual({
      kind: 'undecided',
      questions: [{ fact: 'cyber_insurance', question: 'question for cyber_insurance', applies_if: true }],
    });
    expect(applicability(insurer, new Map([['cyber_insurance', false]]), q)).toEqual({ kind: 'not_applicable', unmet: insurer });
    expect(applicability(insurer, new Map([['cyber_insurance', true]]), q)).toEqual({ kind: 'applies' });
  });

  it('turns the answers round for a negated condition', () => {
    expect(applicability(unencrypted, new Map(), q)).toMatchObject({ kind: 'undecided', questions: [{ applies_if: false }] });
    expect(applicability(unencrypted, new Map([['device_encrypted', false]]), q)).toEqual({ kind: 'applies' });
    expect(applicability(unencrypted, new Map([['device_encrypted', true]]), q).kind).toBe('not_applicable');
  });

  it('is not applicable as soon as one condition fails, whatever is unknown', () => {
    const both = [...insurer, { fact: 'personal_data_involved' as const, negated: false }];
    expect(applicability(both, new Map([['personal_data_involved', false]]), q).kind).toBe('not_applicable');
  });
});

const data = <T>(r: Result<T, unknown>): T => {
  if (r.status !== 'ok') throw new Error(JSON.stringify(r));
  return r.data;
};

describe('a run on an incident whose insurance is unknown', () => {
  async function setup() {
    const inc = data(
      await c.declareIncident({
        title: 'Encrypted shares',
        incident_type: 'ransomware',
        severity: 'sev1',
        phase: null,
        detected_at: null,
        commander: null,
        summary: null,
      }),
    );
    data(await c.startRun(inc.id, 'ransomware'));
    return inc.id;
  }
  const insurerStep = (runs: IncidentRuns): RunStep | undefined =>
    runs.runs[0].sections.flatMap((s) => s.steps).find((s) => s.step.id === 'engage-insurer');

  it('asks the question in "what next", hides the step on No and shows it as normal work on Yes', async () => {
    const id = await setup();
    let runs = data(await c.incidentRuns(id));
    expect(insurerStep(runs)?.applicability.kind).toBe('undecided');
    expect(runs.runs[0].undecided).toBeGreaterThan(0);
    const decision = runs.next.find((n) => n.step_id === 'engage-insurer');
    expect(decision?.decide.map((d) => d.fact)).toEqual(['cyber_insurance']);

    const no = data(await c.setFacts(id, [{ fact: 'cyber_insurance', value: false }]));
    expect(no.hidden.map((v) => v.step_id)).toEqual(['engage-insurer']);
    runs = data(await c.incidentRuns(id));
    expect(insurerStep(runs)?.applicability.kind).toBe('not_applicable');
    expect(runs.next.some((n) => n.step_id === 'engage-insurer')).toBe(false);

    const yes = data(await c.setFacts(id, [{ fact: 'cyber_insurance', value: true }]));
    expect(yes.shown.map((v) => v.step_id)).toEqual(['engage-insurer']);
    runs = data(await c.incidentRuns(id));
    expect(insurerStep(runs)?.applicability.kind).toBe('applies');
  });

  it('reports undecided → applies as decided, not as shown', async () => {
    const id = await setup();
    const yes = data(await c.setFacts(id, [{ fact: 'cyber_insurance', value: true }]));
    expect(yes.shown).toEqual([]);
    expect(yes.decided.map((v) => v.step_id)).toEqual(['engage-insurer']);
  });
});
