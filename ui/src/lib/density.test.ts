import { describe, expect, it } from 'vitest';
import { bars, chartLabel, moveCursor, phaseTicks, rangeOf, sliceText } from './density';
import { densityOf } from './mock-timeline';
import type { Density, PhaseMark } from './types';

const ms = (s: string) => Date.parse(s);
// 09:00, 09:00:30 and 09:59 UTC in 4 slices of 14 min 45 s.
const d: Density = densityOf([ms('2026-11-20T09:00:00Z'), ms('2026-11-20T09:00:30Z'), ms('2026-11-20T09:59:00Z')], 4);
const marks: PhaseMark[] = [
  { milestone: 'initial_access', label: 'Initial access', at: '2026-11-20T08:00:00Z' },
  { milestone: 'detected', label: 'Detected', at: '2026-11-20T09:30:00Z' },
];

describe('timeline density chart', () => {
  it('counts like the core and scales bars so a single entry stays visible', () => {
    expect(d.counts).toEqual([2, 0, 0, 1]);
    expect(d.bucket_ms).toBe(885_000);
    expect(bars(d).map((b) => b.height)).toEqual([1, 0, 0, 0.5]);
    expect(bars(densityOf([], 10))).toEqual([]);
    const skewed = densityOf([...Array(1000).fill(0), 10_000], 2);
    expect(bars(skewed).map((b) => b.height)).toEqual([1, 0.06]);
  });

  it('puts only the phases inside the span on the axis', () => {
    const ticks = phaseTicks(marks, d);
    expect(ticks.map((t) => [t.milestone, t.x])).toEqual([['detected', 30 / 59]]);
    expect(chartLabel(d, ticks, 'UTC')).toBe('Entries over time: 3 entries from 2026-11-20 09:00:00 to 2026-11-20 09:59:00 UTC. Phases: Detected 2026-11-20 09:30:00.');
  });

  it('turns a selection into From/Before bounds of whole minutes, in the chosen zone', () => {
    const b = bars(d);
    expect(rangeOf(b, 3, 0, 'UTC')).toEqual({ from: '2026-11-20 09:00', to: '2026-11-20 09:59' });
    expect(rangeOf(b, 1, 1, 'Europe/Berlin')).toEqual({ from: '2026-11-20 10:14', to: '2026-11-20 10:30' });
    expect(rangeOf(b, 5, 6, 'UTC')).toBeNull();
    expect(sliceText(b, 0, 1, 'UTC')).toMatch(/: 2 entries$/);
  });

  it('moves and extends the keyboard cursor', () => {
    expect(moveCursor({ anchor: 2, focus: 2 }, 'ArrowRight', false, 4)).toEqual({ anchor: 3, focus: 3 });
    expect(moveCursor({ anchor: 2, focus: 2 }, 'ArrowLeft', true, 4)).toEqual({ anchor: 2, focus: 1 });
    expect(moveCursor({ anchor: 2, focus: 3 }, 'End', true, 4)).toEqual({ anchor: 2, focus: 3 });
    expect(moveCursor({ anchor: 0, focus: 0 }, 'Home', false, 4)).toEqual({ anchor: 0, focus: 0 });
    expect(moveCursor({ anchor: 0, focus: 0 }, 'a', false, 4)).toBeNull();
  });
});

describe('timeline mock: density', () => {
  it('counts the entries the filter matches, and refuses a bad slice count', async () => {
    const { createTimelineMock } = await import('./mock-timeline');
    const inc = {
      id: 'inc-1', title: 'T', incident_type: 'ransomware', severity: 'sev1', phase: 'containment', status: 'open',
      detected_at: '2026-11-22T01:00:00+01:00', declared_at: '2026-11-22T01:45:00+01:00', commander: '', summary: '',
      revision: 1, updated_at: '2026-11-22T00:45:00Z', closed_at: null,
    } as const;
    const c = createTimelineMock({ incidents: () => [inc], audit: () => [], actor: 't', tickMs: 1 }).commands;
    const f = { kind: null, host: 'NO-SUCH-HOST', actor: null, tactic: null, tag: null, text: null, from: null, to: null, order: null, offset: null, include_history: false, limit: null };
    const none = await c.timelineDensity('inc-1', f, 50);
    expect(none).toMatchObject({ status: 'ok', data: { total: 0, counts: [] } });
    const all = await c.timelineDensity('inc-1', { ...f, host: null }, 50);
    if (all.status !== 'ok') throw new Error('density failed');
    expect(all.data.counts.reduce((a, b) => a + b, 0)).toBe(all.data.total);
    expect(all.data.total).toBeGreaterThan(0);
    expect(await c.timelineDensity('inc-1', f, 0)).toMatchObject({ status: 'error', error: { field: 'buckets' } });
  });
});
