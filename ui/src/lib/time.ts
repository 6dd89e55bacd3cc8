// Time helpers. Every time on screen names its zone: UTC by default, the original
// offset beside it, a relative countdown next to absolutes. Parsing is done by hand
// because the backend may send nanosecond fractions, which not every engine's
// Date.parse accepts.

export type Instant = { ms: number; offsetMinutes: number };

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*([Zz]|[+-]\d{2}:?\d{2})$/;

/** Parses an RFC 3339 timestamp, keeping the offset it was written with. */
export function parseRfc3339(text: string): Instant | null {
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, off] = m;
  const offsetMinutes = parseOffset(off);
  const fracMs = frac ? Math.floor(Number(frac) * 1000) : 0;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0, fracMs);
  if (Number.isNaN(wall)) return null;
  return { ms: wall - offsetMinutes * 60_000, offsetMinutes };
}

function parseOffset(off: string): number {
  if (off === 'Z' || off === 'z') return 0;
  const sign = off[0] === '-' ? -1 : 1;
  const digits = off.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** "+01:00", "-05:30", "+00:00". */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Wall-clock fields of an instant as seen at a fixed offset. */
function wallAt(ms: number, offsetMinutes: number) {
  const d = new Date(ms + offsetMinutes * 60_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    seconds: pad(d.getUTCSeconds()),
  };
}

function toInstant(value: string | number | Date): Instant | null {
  if (typeof value === 'string') return parseRfc3339(value);
  const ms = typeof value === 'number' ? value : value.getTime();
  return Number.isNaN(ms) ? null : { ms, offsetMinutes: 0 };
}

/** "2026-11-22 03:10 UTC". Unparseable input is shown as-is rather than hidden. */
export function formatUtc(value: string | number | Date): string {
  const inst = toInstant(value);
  if (!inst) return String(value);
  const w = wallAt(inst.ms, 0);
  return `${w.date} ${w.time} UTC`;
}

/**
 * The time as its writer saw it: "23:40 +01:00". The date is added only when it
 * differs from the UTC date, so the pair stays short but never misleading.
 */
export function formatInOffset(value: string): string {
  const inst = parseRfc3339(value);
  if (!inst) return value;
  const local = wallAt(inst.ms, inst.offsetMinutes);
  const utc = wallAt(inst.ms, 0);
  const datePart = local.date === utc.date ? '' : `${local.date} `;
  return `${datePart}${local.time} ${formatOffset(inst.offsetMinutes)}`;
}

/** "2026-11-21 22:40 UTC · 23:40 +01:00"; just the UTC part when the offset is zero. */
export function formatUtcAndOffset(value: string): string {
  const inst = parseRfc3339(value);
  if (!inst) return value;
  if (inst.offsetMinutes === 0) return formatUtc(value);
  return `${formatUtc(value)} · ${formatInOffset(value)}`;
}

/** "45 min", "13 h 20 min", "3 h", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const totalMin = Math.floor(Math.abs(ms) / 60_000);
  if (totalMin < 60) return `${totalMin} min`;
  const totalH = Math.floor(totalMin / 60);
  const min = totalMin % 60;
  if (totalH < 24) return min ? `${totalH} h ${min} min` : `${totalH} h`;
  const days = Math.floor(totalH / 24);
  const h = totalH % 24;
  return h && days < 7 ? `${days} d ${h} h` : `${days} d`;
}

/** "in 13 h 20 min", "3 h ago", "just now". */
export function formatRelative(value: string | number | Date, nowMs: number): string {
  const inst = toInstant(value);
  if (!inst) return '';
  const diff = inst.ms - nowMs;
  if (Math.abs(diff) < 60_000) return 'just now';
  const d = formatDuration(diff);
  return diff > 0 ? `in ${d}` : `${d} ago`;
}

/** Pure: an instant written at a given offset, "2026-11-22T03:10:00+01:00". */
export function toRfc3339(ms: number, offsetMinutes: number): string {
  const w = wallAt(ms, offsetMinutes);
  return `${w.date}T${w.time}:${w.seconds}${formatOffset(offsetMinutes)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value, read in the user's zone, as RFC 3339 with that zone's
 * offset *at that instant* (not today's offset: a time typed across a DST change gets
 * the offset in force then). A wall time skipped by a spring-forward gap is moved the
 * way the engine's Date moves it, and the output names the real resulting instant.
 * Empty input means "not given".
 */
export function localInputToRfc3339(value: string): string | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(+y, +mo - 1, +d, +h, +mi, s ? +s : 0);
  if (Number.isNaN(date.getTime())) return null;
  return toRfc3339(date.getTime(), -date.getTimezoneOffset());
}

/** Reverse of localInputToRfc3339, for prefilling an edit form: "2026-11-22T03:10". */
export function rfc3339ToLocalInput(value: string): string {
  const inst = parseRfc3339(value);
  if (!inst) return '';
  const d = new Date(inst.ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}

/** "Europe/Paris (UTC+01:00)", the offset taken at the given instant. */
export function localZoneLabel(atMs: number = Date.now()): string {
  let name = '';
  try {
    name = Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  } catch {
    // Some minimal ICU builds lack zone names; the offset alone still says enough.
  }
  const offset = `UTC${formatOffset(-new Date(atMs).getTimezoneOffset())}`;
  return name ? `${name} (${offset})` : offset;
}

/** Milliseconds of an RFC 3339 string, or NaN. */
export function instantMs(value: string): number {
  return parseRfc3339(value)?.ms ?? Number.NaN;
}
