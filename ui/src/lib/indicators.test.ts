import { describe, expect, it } from 'vitest';
import { ariaSort, DEFAULT_INDICATOR_SORT, firstRows, nextSort, searchIndicators, sortIndicators } from './indicators';
import type { Indicator } from './types';

function ioc(value: string, extra: Partial<Indicator> = {}): Indicator {
  return {
    id: value,
    incident_id: 'i',
    ioc_type: 'domain',
    value,
    original: '',
    description: '',
    tlp: 'amber',
    first_seen: null,
    last_seen: null,
    added_by: 'a',
    added_at: '2026-11-20T10:00:00Z',
    ...extra,
  };
}

const list = [
  ioc('cdn-update.net', { tlp: 'red', last_seen: '2026-11-21T08:30:00Z', description: 'C2 gate' }),
  ioc('185.220.101.7', { ioc_type: 'ipv4', tlp: 'clear', last_seen: '2026-11-21T09:00:00+01:00' }),
  ioc('b'.repeat(64), { ioc_type: 'sha256', original: 'B'.repeat(64), tlp: 'green' }),
  ioc('Mega.nz', { description: 'exfil target', last_seen: '2026-11-19T00:00:00Z' }),
];

describe('searchIndicators', () => {
  it('finds by part of the value, ignoring case, and by description', () => {
    expect(searchIndicators(list, 'MEGA').map((i) => i.value)).toEqual(['Mega.nz']);
    expect(searchIndicators(list, '101.7').map((i) => i.value)).toEqual(['185.220.101.7']);
    expect(searchIndicators(list, 'exfil').map((i) => i.value)).toEqual(['Mega.nz']);
  });
  it('reads a defanged query as the indicator it names', () => {
    expect(searchIndicators(list, 'cdn-update[.]net').map((i) => i.value)).toEqual(['cdn-update.net']);
  });
  it('needs every word, and an empty query keeps all', () => {
    expect(searchIndicators(list, 'c2 gate').length).toBe(1);
    expect(searchIndicators(list, 'c2 mega').length).toBe(0);
    expect(searchIndicators(list, '  ').length).toBe(4);
  });
});

describe('sortIndicators', () => {
  it('sorts by last seen, newest first by default, instants compared across offsets, missing last', () => {
    expect(sortIndicators(list, DEFAULT_INDICATOR_SORT).map((i) => i.value)).toEqual([
      'cdn-update.net',
      '185.220.101.7',
      'Mega.nz',
      'b'.repeat(64),
    ]);
  });
  it('sorts TLP by strictness and the value A→Z, ignoring case', () => {
    expect(sortIndicators(list, { column: 'tlp', dir: 'desc' }).map((i) => i.tlp)).toEqual(['red', 'amber', 'green', 'clear']);
    expect(sortIndicators(list, { column: 'value', dir: 'asc' }).map((i) => i.value)[3]).toBe('Mega.nz');
  });
  it('keeps missing values last in both directions', () => {
    for (const dir of ['asc', 'desc'] as const)
      expect(sortIndicators(list, { column: 'description', dir }).slice(2).every((i) => i.description === '')).toBe(true);
  });
  it('sorts the type by its label', () => {
    const label = (t: string) => ({ domain: 'Domain', ipv4: 'IPv4 address', sha256: 'SHA-256' })[t] ?? t;
    expect(sortIndicators(list, { column: 'type', dir: 'asc' }, label).map((i) => i.ioc_type)).toEqual(['domain', 'domain', 'ipv4', 'sha256']);
  });
});

describe('nextSort and ariaSort', () => {
  it('flips the same column and starts another in its natural order', () => {
    expect(nextSort({ column: 'value', dir: 'asc' }, 'value')).toEqual({ column: 'value', dir: 'desc' });
    expect(nextSort({ column: 'value', dir: 'asc' }, 'first_seen')).toEqual({ column: 'first_seen', dir: 'desc' });
    expect(nextSort({ column: 'tlp', dir: 'desc' }, 'type')).toEqual({ column: 'type', dir: 'asc' });
    expect(ariaSort({ column: 'tlp', dir: 'desc' }, 'tlp')).toBe('descending');
    expect(ariaSort({ column: 'tlp', dir: 'desc' }, 'value')).toBe('none');
  });
});

describe('firstRows', () => {
  const many = Array.from({ length: 527 }, (_, i) => i);
  it('shows the first rows and says how many more there are', () => {
    const r = firstRows(many, false);
    expect(r.rows.length).toBe(50);
    expect(r.hidden).toBe(477);
  });
  it('shows everything when asked, or when the list is short', () => {
    expect(firstRows(many, true)).toEqual({ rows: many, hidden: 0 });
    expect(firstRows(many.slice(0, 50), false).hidden).toBe(0);
  });
});
