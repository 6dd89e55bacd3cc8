// Wording for the incident page's glance: how late or how soon, and progress as parts. The
// items themselves come from the core (`incident_glance`); only the live clock is applied here.

import { deadlineTone, formatCountdownShort, type Tone } from './notify';
import { parseRfc3339 } from './time';
import type { GlanceItem, GlanceProgress } from './types';

/** "2 d 3 h late", "in 5 h 20 m"; steps say what they are. */
export function glanceWhen(item: GlanceItem, nowMs: number, windowHours = 24): { text: string; tone: Tone } {
  if (item.due_utc) {
    if (parseRfc3339(item.due_utc)) return { text: formatCountdownShort(item.due_utc, nowMs), tone: deadlineTone(item.due_utc, nowMs, windowHours) };
  }
  if (item.kind === 'blocked') return { text: 'Blocked', tone: 'ok' };
  if (item.kind === 'decide') return { text: 'Decide', tone: 'ok' };
  if (item.kind === 'obligation') return { text: 'Clock not started', tone: 'ok' };
  return { text: 'Step', tone: 'ok' };
}

export type ProgressPart = { key: string; label: string; done: number; total: number; empty: string };

export function progressParts(p: GlanceProgress): ProgressPart[] {
  return [
    { key: 'steps', label: 'Playbook steps', done: p.steps_complete, total: p.steps_total, empty: 'No playbook started' },
    { key: 'notifications', label: 'Notifications', done: p.obligations_settled, total: p.obligations_total, empty: 'None derived yet' },
    { key: 'assets', label: 'Assets contained', done: p.assets_contained, total: p.assets_total, empty: 'None recorded' },
  ];
}
