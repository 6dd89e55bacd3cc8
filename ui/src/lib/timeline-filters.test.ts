import { describe, expect, it } from 'vitest';
import { emptyFilterForm } from './timeline';
import {
  chooseHost,
  clearFieldError,
  DEFAULT_ORDER,
  filterChips,
  loadOrder,
  ORDER_STORAGE_KEY,
  prefillFromFilters,
  removeChip,
  saveOrder,
  typeHost,
} from './timeline-filters';
import { formatFilterTime, readFilterTime, shortZoneName, zoneOptionLabel } from './zones';

function memory(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('order', () => {
  it('is newest first until the user picks another, then remembered', () => {
    const store = memory();
    expect(loadOrder(store)).toBe('occurred_desc');
    expect(emptyFilterForm().order).toBe(DEFAULT_ORDER);
    saveOrder('recorded', store);
    expect(loadOrder(store)).toBe('recorded');
  });
  it('ignores a stored value it does not know', () => {
    expect(loadOrder(memory({ [ORDER_STORAGE_KEY]: 'sideways' }))).toBe('occurred_desc');
    expect(loadOrder(null)).toBe('occurred_desc');
  });
});

describe('the folded filter bar', () => {
  it('shows a chip for each active filter kept in the panel, none for search and host', () => {
    const f = { ...emptyFilterForm(), text: 'beacon', host: 'fs01' };
    expect(filterChips(f, 'UTC')).toEqual([]);
    const g = { ...f, kind: 'event' as const, tactic: 'TA0011', tag: ' exfil ', from: '2026-11-20', to: '2026-11-20 8:', history: true };
    expect(filterChips(g, 'Europe/Berlin').map((c) => c.text)).toEqual([
      'Events only',
      'TA0011 Command and Control',
      'Tag: exfil',
      'From 2026-11-20 00:00 Berlin',
      'Before 2026-11-20 8:', // unreadable: shown as typed, not guessed
      'History shown',
    ]);
  });
  it('removes the filter a chip stands for and nothing else', () => {
    const f = { ...emptyFilterForm(), kind: 'action' as const, tag: 'x', history: true };
    expect(removeChip(f, 'kind')).toEqual({ ...f, kind: null });
    expect(removeChip(f, 'tag')).toEqual({ ...f, tag: '' });
    expect(removeChip(f, 'history')).toEqual({ ...f, history: false });
  });
});

describe('host filter', () => {
  it('a chosen suggestion is exact; typing makes it a fragment again', () => {
    const chosen = chooseHost(emptyFilterForm(), 'fs01.offsec.lan');
    expect([chosen.host, chosen.hostExact]).toEqual(['fs01.offsec.lan', true]);
    const typed = typeHost(chosen, 'fs01.offsec');
    expect([typed.host, typed.hostExact]).toEqual(['fs01.offsec', false]);
  });
});

describe('quick add', () => {
  it('starts from the exact host, tag and tactic being filtered on', () => {
    const f = { ...emptyFilterForm(), host: 'fs01.offsec.lan', hostExact: true, tag: 'exfil ', tactic: 'TA0010', kind: 'event' as const };
    expect(prefillFromFilters(f)).toEqual({ host: 'fs01.offsec.lan', tags: 'exfil', tactics: 'TA0010' });
  });
  it('does not turn a host fragment into a host name', () => {
    expect(prefillFromFilters({ ...emptyFilterForm(), host: 'fs01' })).toEqual({});
  });
  it('withdraws only the edited field’s error', () => {
    const errors = { time: 'Cannot read “x” as a time.', message: 'Describe what happened, in a sentence.' };
    expect(clearFieldError(errors, 'time')).toEqual({ message: errors.message });
    expect(clearFieldError(errors, 'host')).toBe(errors);
  });
});

describe('times typed in ISO form', () => {
  it('reads date and time, a date alone, seconds and a T, in the zone', () => {
    expect(readFilterTime('2026-11-20 08:15', 'Europe/Berlin')).toEqual({ ok: true, value: '2026-11-20T08:15:00+01:00' });
    expect(readFilterTime('2026-07-01T08:15:30', 'Europe/Berlin')).toEqual({ ok: true, value: '2026-07-01T08:15:30+02:00' });
    expect(readFilterTime(' 2026-11-20 ', 'UTC')).toEqual({ ok: true, value: '2026-11-20T00:00:00+00:00' });
    expect(readFilterTime('', 'UTC')).toEqual({ ok: true, value: null });
  });
  it('refuses US order and impossible dates, saying the format', () => {
    const us = readFilterTime('11/20/2026 08:15 AM', 'UTC');
    expect(us.ok).toBe(false);
    expect(!us.ok && us.message).toContain('YYYY-MM-DD HH:MM');
    expect(readFilterTime('2026-02-30 10:00', 'UTC').ok).toBe(false);
  });
  it('formats an instant back in the zone', () => {
    expect(formatFilterTime(Date.parse('2026-11-20T07:15:00Z'), 'Europe/Berlin')).toBe('2026-11-20 08:15');
  });
});

describe('zone picker labels', () => {
  const at = Date.parse('2026-11-20T12:00:00Z');
  it('names the zone, with its offset, and marks this computer’s own', () => {
    expect(zoneOptionLabel('UTC', 'Europe/Berlin', at)).toBe('UTC');
    expect(zoneOptionLabel('Europe/Berlin', 'America/New_York', at)).toBe('Europe/Berlin (UTC+01:00)');
    expect(zoneOptionLabel('America/New_York', 'America/New_York', at)).toBe('Local — America/New_York (UTC-05:00)');
  });
  it('says a bare offset is one, rather than passing it off as a place', () => {
    expect(zoneOptionLabel('+01:00', '+01:00', at)).toBe('Local — fixed offset UTC+01:00');
    expect(zoneOptionLabel('Etc/GMT+5', 'UTC', at)).toBe('fixed offset UTC-05:00');
    // Field labels ("When (…)") say the same, not "GMT+5" with its inverted POSIX sign.
    expect(shortZoneName('Etc/GMT+5')).toBe('UTC-05:00');
    expect(shortZoneName('America/New_York')).toBe('New York');
    expect(zoneOptionLabel('UTC', 'UTC', at)).toBe('UTC (also this computer)');
  });
});
