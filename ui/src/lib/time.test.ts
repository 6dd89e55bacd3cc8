import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatInOffset,
  formatOffset,
  formatRelative,
  formatUtc,
  formatUtcAndOffset,
  localInputToRfc3339,
  localZoneLabel,
  parseRfc3339,
  rfc3339ToLocalInput,
  toRfc3339,
} from './time';

// vite.config.ts runs the tests with TZ=Europe/Paris, a zone with DST; the first
// test in the zone-dependent block fails loudly if that ever stops being true.

describe('parseRfc3339', () => {
  it('keeps the original offset and computes the instant', () => {
    const p = parseRfc3339('2026-11-21T23:40:00+01:00');
    expect(p).toEqual({ ms: Date.UTC(2026, 10, 21, 22, 40), offsetMinutes: 60 });
  });

  it('accepts Z, negative and half-hour offsets and nanosecond fractions', () => {
    expect(parseRfc3339('2026-11-22T03:10:00Z')?.offsetMinutes).toBe(0);
    expect(parseRfc3339('2026-11-22T03:10:00.123456789Z')?.ms).toBe(Date.UTC(2026, 10, 22, 3, 10, 0, 123));
    expect(parseRfc3339('2026-11-21T22:10:00-05:00')?.ms).toBe(Date.UTC(2026, 10, 22, 3, 10));
    expect(parseRfc3339('2026-11-22T08:40:00+05:30')?.offsetMinutes).toBe(330);
  });

  it('rejects text that is not a timestamp with an offset', () => {
    expect(parseRfc3339('2026-11-22T03:10')).toBeNull();
    expect(parseRfc3339('yesterday')).toBeNull();
  });
});

describe('formatting', () => {
  it('formats UTC with its suffix', () => {
    expect(formatUtc('2026-11-22T04:10:00+01:00')).toBe('2026-11-22 03:10 UTC');
    expect(formatUtc(Date.UTC(2026, 0, 5, 9, 7))).toBe('2026-01-05 09:07 UTC');
  });

  it('formats the original offset, adding the date only when it differs from UTC', () => {
    expect(formatInOffset('2026-11-21T23:40:00+01:00')).toBe('23:40 +01:00');
    expect(formatInOffset('2026-11-22T00:40:00+01:00')).toBe('2026-11-22 00:40 +01:00');
    expect(formatInOffset('2026-11-21T19:10:00-08:00')).toBe('2026-11-21 19:10 -08:00');
  });

  it('pairs UTC with the original offset, and drops a redundant +00:00', () => {
    expect(formatUtcAndOffset('2026-11-21T23:40:00+01:00')).toBe('2026-11-21 22:40 UTC · 23:40 +01:00');
    expect(formatUtcAndOffset('2026-11-22T03:10:00Z')).toBe('2026-11-22 03:10 UTC');
  });

  it('formats offsets with sign and padding', () => {
    expect(formatOffset(60)).toBe('+01:00');
    expect(formatOffset(-330)).toBe('-05:30');
    expect(formatOffset(0)).toBe('+00:00');
  });
});

describe('relative time', () => {
  const now = Date.UTC(2026, 10, 22, 3, 10);
  it('reads as a countdown or an age', () => {
    expect(formatRelative(now + (13 * 60 + 20) * 60_000, now)).toBe('in 13 h 20 min');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatRelative(now - 45 * 60_000, now)).toBe('45 min ago');
    expect(formatRelative(now - 20_000, now)).toBe('just now');
    expect(formatRelative('2026-11-20T03:10:00Z', now)).toBe('2 d ago');
  });

  it('uses days and hours past a day', () => {
    expect(formatDuration((50 * 60 + 5) * 60_000)).toBe('2 d 2 h');
    expect(formatDuration(10 * 24 * 3_600_000 + 3_600_000)).toBe('10 d');
  });
});

describe('toRfc3339 (pure, explicit offset)', () => {
  it('writes the wall time at the given offset', () => {
    const ms = Date.UTC(2026, 10, 22, 2, 10);
    expect(toRfc3339(ms, 60)).toBe('2026-11-22T03:10:00+01:00');
    expect(toRfc3339(ms, -300)).toBe('2026-11-21T21:10:00-05:00');
    expect(toRfc3339(ms, 0)).toBe('2026-11-22T02:10:00+00:00');
  });

  it('round-trips through parseRfc3339', () => {
    const s = toRfc3339(Date.UTC(2026, 2, 29, 0, 59), 120);
    expect(parseRfc3339(s)?.ms).toBe(Date.UTC(2026, 2, 29, 0, 59));
  });
});

describe('datetime-local in the user zone (TZ=Europe/Paris)', () => {
  it('runs in the expected zone', () => {
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(-60);
    expect(new Date(2026, 6, 1).getTimezoneOffset()).toBe(-120);
  });

  it('uses the offset in force at that instant, not today', () => {
    expect(localInputToRfc3339('2026-11-22T03:10')).toBe('2026-11-22T03:10:00+01:00');
    expect(localInputToRfc3339('2026-07-14T09:00')).toBe('2026-07-14T09:00:00+02:00');
  });

  it('handles the spring-forward edge (29 March 2026, 02:00 → 03:00)', () => {
    expect(localInputToRfc3339('2026-03-29T01:59')).toBe('2026-03-29T01:59:00+01:00');
    expect(localInputToRfc3339('2026-03-29T03:00')).toBe('2026-03-29T03:00:00+02:00');
    // 02:30 does not exist that night; the result must name a real instant, with an
    // offset that matches its wall time.
    const gap = localInputToRfc3339('2026-03-29T02:30');
    expect(gap).toBe('2026-03-29T03:30:00+02:00');
    expect(parseRfc3339(gap!)?.ms).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it('handles the fall-back edge (25 October 2026, 03:00 → 02:00)', () => {
    expect(localInputToRfc3339('2026-10-25T01:30')).toBe('2026-10-25T01:30:00+02:00');
    expect(localInputToRfc3339('2026-10-25T03:30')).toBe('2026-10-25T03:30:00+01:00');
    // 02:30 happens twice; whichever is chosen, the offset must agree with the instant.
    const twice = localInputToRfc3339('2026-10-25T02:30')!;
    expect(twice).toMatch(/^2026-10-25T02:30:00\+0[12]:00$/);
    expect(rfc3339ToLocalInput(twice)).toBe('2026-10-25T02:30');
  });

  it('treats empty or partial input as not given', () => {
    expect(localInputToRfc3339('')).toBeNull();
    expect(localInputToRfc3339('2026-11-22')).toBeNull();
  });

  it('prefills edit forms in the local zone, whatever offset was stored', () => {
    expect(rfc3339ToLocalInput('2026-11-21T23:40:00+01:00')).toBe('2026-11-21T23:40');
    expect(rfc3339ToLocalInput('2026-11-21T17:40:00-05:00')).toBe('2026-11-21T23:40');
    expect(rfc3339ToLocalInput('2026-07-01T10:00:00Z')).toBe('2026-07-01T12:00');
    expect(rfc3339ToLocalInput('not a time')).toBe('');
  });

  it('round-trips local input → RFC 3339 → local input', () => {
    for (const v of ['2026-01-01T00:00', '2026-03-29T03:00', '2026-10-25T04:15', '2026-12-31T23:59']) {
      expect(rfc3339ToLocalInput(localInputToRfc3339(v)!)).toBe(v);
    }
  });

  it('labels the zone with the offset at the given instant', () => {
    expect(localZoneLabel(Date.UTC(2026, 0, 15))).toBe('Europe/Paris (UTC+01:00)');
    expect(localZoneLabel(Date.UTC(2026, 6, 15))).toBe('Europe/Paris (UTC+02:00)');
  });
});
