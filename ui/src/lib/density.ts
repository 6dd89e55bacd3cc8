// The timeline's density chart: bars of the filtered entries over time, the incident's
// phases on the same axis, and the range a drag or the keyboard selects, as the filter's
// From/Before bounds (the same fields the filter bar shows, so the range can be read and
// edited there too).

import { instantMs } from './time';
import type { Density, PhaseMark } from './types';
import { formatFilterTime, formatZoned, shortZoneName } from './zones';

export const DENSITY_BUCKETS = 120;

export type Bar = { index: number; count: number; startMs: number; endMs: number; height: number };

export function bars(d: Density | null): Bar[] {
  if (!d?.start || !d.counts.length) return [];
  const start = instantMs(d.start);
  const width = d.bucket_ms ?? 0;
  const peak = Math.max(1, ...d.counts);
  return d.counts.map((count, index) => ({
    index,
    count,
    startMs: start + index * width,
    endMs: start + (index + 1) * width,
    // A slice with one entry stays visible next to one with thousands.
    height: count === 0 ? 0 : Math.max(0.06, count / peak),
  }));
}

/** Phase marks inside the chart's span, at their fraction of its width. */
export function phaseTicks(marks: PhaseMark[], d: Density | null): (PhaseMark & { x: number })[] {
  const b = bars(d);
  if (!b.length) return [];
  const [from, to] = [b[0].startMs, b[b.length - 1].endMs];
  return marks
    .map((m) => ({ ...m, x: (instantMs(m.at) - from) / (to - from) }))
    .filter((m) => Number.isFinite(m.x) && m.x >= 0 && m.x <= 1);
}

const MINUTE = 60_000;

/** The From/Before filter fields for slices a..b (either order): whole minutes that hold them. */
export function rangeOf(list: Bar[], a: number, b: number, zone: string): { from: string; to: string } | null {
  const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
  if (!list[lo] || !list[hi]) return null;
  const from = Math.floor(list[lo].startMs / MINUTE) * MINUTE;
  const to = Math.max(from + MINUTE, Math.ceil(list[hi].endMs / MINUTE) * MINUTE);
  return { from: formatFilterTime(from, zone), to: formatFilterTime(to, zone) };
}

const plural = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'entry' : 'entries'}`;

/** "20 Nov 09:00 – 09:15 CET: 2 entries", for the chart's live readout and tooltips. */
export function sliceText(list: Bar[], a: number, b: number, zone: string): string {
  const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
  if (!list[lo] || !list[hi]) return '';
  const n = list.slice(lo, hi + 1).reduce((s, x) => s + x.count, 0);
  const at = (ms: number) => formatZoned(new Date(ms).toISOString(), zone);
  return `${at(list[lo].startMs)} – ${at(list[hi].endMs)} ${shortZoneName(zone)}: ${plural(n)}`;
}

/** What the chart is, for its label: the whole span and the phases on it. */
export function chartLabel(d: Density | null, ticks: PhaseMark[], zone: string): string {
  if (!d?.start || !d.end) return 'Entries over time: none match the filters.';
  const at = (v: string) => formatZoned(v, zone);
  const phases = ticks.length ? ` Phases: ${ticks.map((t) => `${t.label} ${at(t.at)}`).join('; ')}.` : '';
  return `Entries over time: ${plural(d.total)} from ${at(d.start)} to ${at(d.end)} ${shortZoneName(zone)}.${phases}`;
}

export type Cursor = { anchor: number; focus: number };

/** Arrow keys move the cursor, Shift extends the selection, Home/End jump; null: not a key the chart uses. */
export function moveCursor(c: Cursor, key: string, shift: boolean, n: number): Cursor | null {
  const step = key === 'ArrowLeft' ? -1 : key === 'ArrowRight' ? 1 : key === 'PageDown' ? 10 : key === 'PageUp' ? -10 : null;
  const focus = key === 'Home' ? 0 : key === 'End' ? n - 1 : step === null ? null : Math.min(n - 1, Math.max(0, c.focus + step));
  if (focus === null) return null;
  return { anchor: shift ? c.anchor : focus, focus };
}
