import { describe, expect, it } from 'vitest';
import { composeMoment, momentZones, nowIn, wallMomentError, wallText, zoneFor } from './moment';

describe('moments typed as date, time and zone', () => {
  it('reads a wall time in the chosen zone with the offset in force then', () => {
    expect(composeMoment('2026-12-08 14:05', 'Europe/Berlin')).toBe('2026-12-08T14:05:00+01:00');
    expect(composeMoment('2026-07-08 14:05', 'Europe/Berlin')).toBe('2026-07-08T14:05:00+02:00');
    expect(composeMoment('2026-12-08T14:05', 'UTC')).toBe('2026-12-08T14:05:00+00:00');
  });

  it('keeps a pasted RFC 3339 timestamp and its own offset', () => {
    expect(composeMoment(' 2026-11-22T03:10:00+05:30 ', 'UTC')).toBe('2026-11-22T03:10:00+05:30');
  });

  it('keeps unreadable typing as it is, so validation can name it', () => {
    expect(composeMoment('yesterday', 'UTC')).toBe('yesterday');
    expect(composeMoment('2026-02-30 10:00', 'UTC')).toBe('2026-02-30 10:00');
    expect(composeMoment('   ', 'UTC')).toBe('');
    expect(wallMomentError('2026-02-30 10:00')).toMatch(/does not exist/);
    expect(wallMomentError('yesterday')).toMatch(/YYYY-MM-DD HH:MM/);
    expect(wallMomentError('2026-12-08T14:05:00+01:00')).toBeNull();
    expect(wallMomentError('')).toBeNull();
  });

  it('shows a stored moment in a zone whose offset matches, else as written', () => {
    const v = '2026-12-08T14:05:00+01:00';
    expect(zoneFor(v, ['UTC', 'Europe/Berlin'])).toBe('Europe/Berlin');
    expect(wallText(v, 'Europe/Berlin')).toBe('2026-12-08 14:05');
    expect(wallText(v, 'UTC')).toBe('2026-12-08 13:05');
    expect(zoneFor('2026-12-08T14:05:00+05:30', ['UTC', 'Europe/Berlin'])).toBe('');
    expect(wallText('2026-12-08T14:05:00+05:30', '')).toBe('2026-12-08T14:05:00+05:30');
    expect(zoneFor('2026-12-08T14:05:00Z', ['Europe/Berlin'])).toBe('UTC');
    expect(wallText('2026-12-08T14:05:07Z', 'UTC')).toBe('2026-12-08 14:05:07');
  });

  it('fills now in the chosen zone and offers each zone once', () => {
    expect(nowIn('Europe/Berlin', Date.UTC(2026, 11, 8, 13, 5))).toBe('2026-12-08T14:05:00+01:00');
    const zones = momentZones(['UTC', 'Europe/Berlin', null, 'Not/AZone']);
    expect(zones[0]).toBe('UTC');
    expect(zones.filter((z) => z === 'Europe/Berlin')).toHaveLength(1);
    expect(zones).not.toContain('Not/AZone');
  });
});
