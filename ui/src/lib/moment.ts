// A moment typed as a wall-clock date and time in a chosen zone, the way a responder reads it
// off a log or a phone ("2026-12-08 14:05", Europe/Berlin), stored as RFC 3339 with the
// offset in force in that zone at that instant. A full RFC 3339 timestamp pasted in is taken
// as it is, so its own offset is kept.

import { parseRfc3339 } from './time';
import { isValidZone, machineZone, msToZonedRfc3339, UTC, zonedInputToRfc3339, zonedParts, zoneOffsetMinutes } from './zones';

export const WALL_FORMAT = 'YYYY-MM-DD HH:MM';

/** The zone to show a stored moment in: the first candidate whose offset at that instant matches. */
export function zoneFor(value: string, candidates: readonly string[]): string {
  const inst = parseRfc3339(value.trim());
  const usable = candidates.filter((z) => isValidZone(z));
  if (!inst) return usable[0] ?? UTC;
  return usable.find((z) => zoneOffsetMinutes(z, inst.ms) === inst.offsetMinutes) ?? (inst.offsetMinutes === 0 ? UTC : '');
}

/** "2026-12-08 14:05" for a stored moment in `zone`; '' for blank. With zone '' the moment's own offset is kept. */
export function wallText(value: string, zone: string): string {
  const t = value.trim();
  if (t === '') return '';
  const inst = parseRfc3339(t);
  if (!inst) return t;
  if (zone === '') return t;
  const p = zonedParts(inst.ms, zone);
  return `${p.date} ${p.time.slice(0, 5)}${p.time.endsWith(':00') ? '' : p.time.slice(5)}`;
}

/**
 * What the typed text means: '' (not recorded), an RFC 3339 moment, or the text itself when it
 * cannot be read (so the form's validation names the problem instead of losing the typing).
 */
export function composeMoment(text: string, zone: string): string {
  const t = text.trim();
  if (t === '') return '';
  if (parseRfc3339(t)) return t;
  return (zone && zonedInputToRfc3339(t, zone)) || t;
}

/** Now, in `zone` (the machine's zone when none is chosen). */
export function nowIn(zone: string, nowMs: number): string {
  return msToZonedRfc3339(nowMs, zone || machineZone());
}

/** The zones offered: UTC, this machine's, the organisation's, and the one in use, each once. */
export function momentZones(extra: readonly (string | null | undefined)[]): string[] {
  const list = [UTC, machineZone(), ...extra].filter((z): z is string => !!z && isValidZone(z));
  return [...new Set(list)];
}

/** Why the typed text is not a moment, in the terms of this input (date, time, zone); null when it is. */
export function wallMomentError(value: string): string | null {
  const t = value.trim();
  if (t === '' || parseRfc3339(t)) return null;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(t)) return 'That date or time does not exist: check the day and the hour, or press Now.';
  return `Write the date and time as ${WALL_FORMAT} (e.g. 2026-11-22 03:10) and choose the zone, or press Now.`;
}
