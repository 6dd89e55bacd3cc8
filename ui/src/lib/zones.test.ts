import { describe, expect, it } from 'vitest';
import {
  formatZoned,
  loadZone,
  rfc3339ToZonedInput,
  saveZone,
  shortZoneName,
  wallToMs,
  zoneChoices,
  zonedInputToRfc3339,
  zoneLabel,
  zoneOffsetMinutes,
  ZONE_STORAGE_KEY,
} from './zones';

describe('offsets by zone and instant', () => {
  it('follows DST in a named zone', () => {
    expect(zoneOffsetMinutes('Europe/Paris', Date.UTC(2026, 0, 15, 12))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Paris', Date.UTC(2026, 6, 15, 12))).toBe(120);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2026, 0, 15, 12))).toBe(-300);
    expect(zoneOffsetMinutes('Asia/Kolkata', Date.UTC(2026, 0, 15, 12))).toBe(330);
    expect(zoneOffsetMinutes('UTC', Date.UTC(2026, 6, 15, 12))).toBe(0);
  });

  it('switches exactly at the transition (Paris, 29 March 2026, 01:00 UTC)', () => {
    expect(zoneOffsetMinutes('Europe/Paris', Date.UTC(2026, 2, 29, 0, 59, 59))).toBe(60);
    expect(zoneOffsetMinutes('Europe/Paris', Date.UTC(2026, 2, 29, 1, 0, 0))).toBe(120);
  });
});

describe('wall time to instant', () => {
  const w = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => ({ y, mo, d, h, mi, s });

  it('reads a wall time in the given zone, not the machine zone', () => {
    expect(wallToMs('America/New_York', w(2026, 11, 22, 4, 10))).toBe(Date.UTC(2026, 10, 22, 9, 10));
    expect(wallToMs('UTC', w(2026, 11, 22, 4, 10))).toBe(Date.UTC(2026, 10, 22, 4, 10));
    expect(wallToMs('Asia/Tokyo', w(2026, 1, 1, 0, 30))).toBe(Date.UTC(2025, 11, 31, 15, 30));
  });

  it('takes the earlier instant in a fall-back overlap, like Date does', () => {
    // 25 Oct 2026, 02:30 happens twice in Paris: at +02:00 and again at +01:00.
    expect(wallToMs('Europe/Paris', w(2026, 10, 25, 2, 30))).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(wallToMs('Europe/Paris', w(2026, 10, 25, 2, 30))).toBe(new Date(2026, 9, 25, 2, 30).getTime());
  });

  it('moves a time skipped by spring-forward past the gap, like Date does', () => {
    // 29 Mar 2026, 02:30 does not exist in Paris; it is read as 03:30 +02:00.
    expect(wallToMs('Europe/Paris', w(2026, 3, 29, 2, 30))).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(wallToMs('Europe/Paris', w(2026, 3, 29, 2, 30))).toBe(new Date(2026, 2, 29, 2, 30).getTime());
  });
});

describe('datetime-local inputs in a zone', () => {
  it('converts to RFC 3339 with the offset in force then', () => {
    expect(zonedInputToRfc3339('2026-11-22T04:10', 'Europe/Paris')).toBe('2026-11-22T04:10:00+01:00');
    expect(zonedInputToRfc3339('2026-07-01T04:10', 'Europe/Paris')).toBe('2026-07-01T04:10:00+02:00');
    expect(zonedInputToRfc3339('2026-11-22T04:10:30', 'UTC')).toBe('2026-11-22T04:10:30+00:00');
    expect(zonedInputToRfc3339('2026-11-22T04:10', 'America/Los_Angeles')).toBe('2026-11-22T04:10:00-08:00');
  });

  it('refuses incomplete or impossible values', () => {
    expect(zonedInputToRfc3339('', 'UTC')).toBeNull();
    expect(zonedInputToRfc3339('2026-11-22', 'UTC')).toBeNull();
    expect(zonedInputToRfc3339('2026-02-30T10:00', 'UTC')).toBeNull();
  });

  it('round-trips for prefilling', () => {
    expect(rfc3339ToZonedInput('2026-11-22T03:10:00Z', 'Europe/Paris')).toBe('2026-11-22T04:10');
    expect(rfc3339ToZonedInput('nonsense', 'UTC')).toBe('');
  });
});

describe('display', () => {
  it('formats with seconds in the chosen zone', () => {
    expect(formatZoned('2026-11-22T03:10:05Z', 'Europe/Paris')).toBe('2026-11-22 04:10:05');
    expect(formatZoned('2026-11-22T03:10:05+05:00', 'UTC')).toBe('2026-11-21 22:10:05');
    expect(formatZoned('not a time', 'UTC')).toBe('not a time');
  });

  it('labels zones', () => {
    expect(zoneLabel('UTC', 0)).toBe('UTC');
    expect(zoneLabel('America/New_York', Date.UTC(2026, 0, 1))).toBe('America/New York (UTC-05:00)');
    expect(shortZoneName('America/New_York')).toBe('New York');
  });

  it('offers UTC first, then the machine zone, each once, invalid ones dropped', () => {
    const z = zoneChoices('Europe/Paris', 'Not/AZone');
    expect(z.slice(0, 2)).toEqual(['UTC', 'Europe/Paris']);
    expect(z.filter((x) => x === 'Europe/Paris')).toHaveLength(1);
    expect(z).not.toContain('Not/AZone');
  });
});

describe('remembered zone', () => {
  const store = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
  };

  it('defaults to UTC and remembers a choice', () => {
    const s = store();
    expect(loadZone(s)).toBe('UTC');
    saveZone('Asia/Tokyo', s);
    expect(s.m.get(ZONE_STORAGE_KEY)).toBe('Asia/Tokyo');
    expect(loadZone(s)).toBe('Asia/Tokyo');
  });

  it('ignores a stored zone this engine does not know', () => {
    const s = store();
    s.setItem(ZONE_STORAGE_KEY, 'Mars/Olympus_Mons');
    expect(loadZone(s)).toBe('UTC');
  });
});
