// Named time zones for the timeline. Incidents span offices and DST changes, so a fixed
// offset is not enough: the offset is looked up for each instant in the chosen IANA zone.
// Intl does the lookup; everything else is plain arithmetic so it can be unit-tested.

import { formatOffset, parseRfc3339, toRfc3339 } from './time';

export const UTC = 'UTC';

/** Zones a responder is likely to need, west to east; the machine's own zone is added. */
export const COMMON_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Amsterdam',
  'Europe/Madrid',
  'Europe/Zurich',
  'Europe/Warsaw',
  'Europe/Helsinki',
  'Europe/Istanbul',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Hong_Kong',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  if (zone === UTC) return true;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The machine's IANA zone, or UTC when the engine cannot name it. */
export function machineZone(): string {
  try {
    const z = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return z && isValidZone(z) ? z : UTC;
  } catch {
    return UTC;
  }
}

/** Minutes east of UTC in `zone` at the instant `ms`. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  if (zone === UTC) return 0;
  const whole = Math.floor(ms / 1000) * 1000;
  const parts = formatter(zone).formatToParts(new Date(whole));
  const n = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  // Some engines still print midnight as 24 even with h23.
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'), n('second'));
  return Math.round((wall - whole) / 60_000);
}

export type Wall = { y: number; mo: number; d: number; h: number; mi: number; s: number };

/**
 * The instant a wall-clock time in `zone` names. In a fall-back overlap the earlier
 * instant is taken (as `Date` does for the machine zone); a time skipped by a
 * spring-forward gap is read with the offset before the gap, landing after it.
 */
export function wallToMs(zone: string, w: Wall): number {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  if (zone === UTC) return asUtc;
  const DAY = 86_400_000;
  const before = zoneOffsetMinutes(zone, asUtc - DAY);
  const after = zoneOffsetMinutes(zone, asUtc + DAY);
  const valid = [before, after]
    .map((off) => asUtc - off * 60_000)
    .filter((ms) => asUtc - zoneOffsetMinutes(zone, ms) * 60_000 === ms);
  return valid.length ? Math.min(...valid) : asUtc - before * 60_000;
}

/** RFC 3339 in `zone`, with the offset in force at that instant. */
export function msToZonedRfc3339(ms: number, zone: string): string {
  return toRfc3339(ms, zoneOffsetMinutes(zone, ms));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Wall-clock parts of an instant in `zone`: "2026-11-22", "04:10:05", "+01:00". */
export function zonedParts(ms: number, zone: string): { date: string; time: string; offset: string } {
  const off = zoneOffsetMinutes(zone, ms);
  const d = new Date(Math.floor(ms / 1000) * 1000 + off * 60_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    offset: formatOffset(off),
  };
}

/** "2026-11-22 04:10:05" in `zone`; unparseable input is shown as it is. */
export function formatZoned(value: string, zone: string): string {
  const inst = parseRfc3339(value);
  if (!inst) return value;
  const p = zonedParts(inst.ms, zone);
  return `${p.date} ${p.time}`;
}

/** A short zone name for labels: "UTC", "Paris", "New York"; a bare offset as "UTC+01:00". */
export function shortZoneName(zone: string): string {
  if (zone === UTC) return UTC;
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return `UTC${formatOffset(fixed)}`;
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/** "Europe/Paris (UTC+01:00)", with the offset in force at `atMs`. */
export function zoneLabel(zone: string, atMs: number): string {
  if (zone === UTC) return 'UTC';
  return `${zone.replace(/_/g, ' ')} (UTC${formatOffset(zoneOffsetMinutes(zone, atMs))})`;
}

/**
 * Minutes east of UTC of a zone given as a bare offset ("+01:00", or "Etc/GMT-1", whose
 * POSIX sign is inverted), which names no place and no DST rules; null for a named zone.
 */
export function fixedOffsetMinutes(zone: string): number | null {
  let m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  m = /^Etc\/(?:GMT|UTC)([+-])(\d{1,2})$/.exec(zone);
  if (m) return (m[1] === '-' ? 1 : -1) * Number(m[2]) * 60;
  return null;
}

export function isFixedOffsetZone(zone: string): boolean {
  return fixedOffsetMinutes(zone) !== null;
}

/**
 * The zone picker's words for a zone: "UTC", "Europe/Berlin (UTC+01:00)", and for this
 * computer's own zone "Local — America/New_York (UTC-05:00)". A machine that only reports
 * an offset gets "Local — fixed offset UTC+01:00", so the label never looks like a place.
 */
export function zoneOptionLabel(zone: string, machine: string, atMs: number): string {
  const fixed = fixedOffsetMinutes(zone);
  const offset = `UTC${formatOffset(fixed ?? zoneOffsetMinutes(zone, atMs))}`;
  const local = zone === machine && zone !== UTC;
  if (zone === UTC) return machine === UTC ? 'UTC (also this computer)' : 'UTC';
  if (isFixedOffsetZone(zone)) return `${local ? 'Local — ' : ''}fixed offset ${offset}`;
  return `${local ? 'Local — ' : ''}${zone} (${offset})`;
}

/** UTC first, then the machine's zone, then the common ones, each once. */
export function zoneChoices(machine: string, current: string): string[] {
  const list = [UTC, machine, current, ...COMMON_ZONES].filter((z) => isValidZone(z));
  return [...new Set(list)];
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A `datetime-local` value read in `zone`, as RFC 3339; null when incomplete. */
export function zonedInputToRfc3339(value: string, zone: string): string | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const w = { y: +y, mo: +mo, d: +d, h: +h, mi: +mi, s: s ? +s : 0 };
  if (!validWall(w)) return null;
  return msToZonedRfc3339(wallToMs(zone, w), zone);
}

/** Rejects 2026-02-30 and 25:00 rather than letting Date roll them over. */
export function validWall(w: Wall): boolean {
  if (w.mo < 1 || w.mo > 12 || w.d < 1 || w.h > 23 || w.mi > 59 || w.s > 59) return false;
  const days = new Date(Date.UTC(w.y, w.mo, 0)).getUTCDate();
  return w.d <= days;
}

const FILTER_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** How the timeline's From/Before fields are written, shown beside them. */
export const FILTER_TIME_FORMAT = 'YYYY-MM-DD HH:MM';

export type TimeReading = { ok: true; value: string | null } | { ok: false; message: string };

/**
 * A filter bound typed as "2026-11-20 08:15" (seconds optional, "T" accepted) or a date
 * alone (its midnight), read in `zone`, as RFC 3339. Empty is "no bound" (null).
 */
export function readFilterTime(text: string, zone: string): TimeReading {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  const m = FILTER_TIME.exec(t);
  if (!m) return { ok: false, message: `Write it as ${FILTER_TIME_FORMAT}, e.g. 2026-11-20 08:15.` };
  const [, y, mo, d, h, mi, s] = m;
  const w = { y: +y, mo: +mo, d: +d, h: h ? +h : 0, mi: mi ? +mi : 0, s: s ? +s : 0 };
  if (!validWall(w)) return { ok: false, message: `${t} is not a real date and time.` };
  return { ok: true, value: msToZonedRfc3339(wallToMs(zone, w), zone) };
}

/** "2026-11-20 08:15" in `zone`: how a bound reads back. */
export function formatFilterTime(ms: number, zone: string): string {
  const p = zonedParts(ms, zone);
  return `${p.date} ${p.time.slice(0, 5)}`;
}

/** The instant as a `datetime-local` value in `zone`, for prefilling: "2026-11-22T04:10". */
export function rfc3339ToZonedInput(value: string, zone: string): string {
  const inst = parseRfc3339(value);
  if (!inst) return '';
  const p = zonedParts(inst.ms, zone);
  return `${p.date}T${p.time.slice(0, 5)}`;
}

export const ZONE_STORAGE_KEY = 'firebreak.timeline.zone.v1';

type ZoneStorage = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): ZoneStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The zone chosen last time; UTC until someone picks another (the guide's default). */
export function loadZone(store: ZoneStorage | null = storage()): string {
  try {
    const z = store?.getItem(ZONE_STORAGE_KEY);
    return z && isValidZone(z) ? z : UTC;
  } catch {
    return UTC;
  }
}

export function saveZone(zone: string, store: ZoneStorage | null = storage()): void {
  try {
    store?.setItem(ZONE_STORAGE_KEY, zone);
  } catch {
    // Storage full or disabled: the choice lasts for this session only.
  }
}
