import { describe, expect, it } from 'vitest';
import {
  buildEvent,
  buildFilter,
  carryFrom,
  chainText,
  signaturesText,
  logText,
  cleanMapping,
  emptyEventForm,
  emptyFilterForm,
  eventErrorFor,
  formFromEntry,
  importSummaryText,
  isFiltered,
  nextEventForm,
  nowForInput,
  parseEventForm,
  parseEventTime,
  parseTactics,
  parseTechniques,
  phaseSegments,
  progressPercent,
  splitList,
  tacticId,
  tacticLabel,
  TACTICS,
  validateMapping,
} from './timeline';
import { ApiError } from './errors';
import type { ColumnMapping, TimelineEntry } from './types';

// 2026-11-22 03:10:00 UTC = 04:10 in Paris (winter, +01:00) = 22:10 the day before in New York.
const NOW = Date.UTC(2026, 10, 22, 3, 10, 0);

describe('ATT&CK tactics', () => {
  it('has the 15 v19 tactics with TA0005 under both names', () => {
    expect(TACTICS).toHaveLength(15);
    expect(tacticLabel('TA0005')).toBe('Stealth (Defense Evasion)');
    expect(tacticLabel('TA0001')).toBe('Initial Access');
    expect(tacticLabel('TA9999')).toBe('TA9999');
  });

  it('reads ids and current or former names, however written', () => {
    expect(tacticId('ta0005')).toBe('TA0005');
    expect(tacticId('Defense Evasion')).toBe('TA0005');
    expect(tacticId(' stealth ')).toBe('TA0005');
    expect(tacticId('command-and-control')).toBe('TA0011');
    expect(tacticId('lateral_movement')).toBe('TA0008');
    expect(tacticId('TA0099')).toBeNull();
  });

  it('parses a comma list into ids, each once', () => {
    expect(parseTactics('Initial Access, TA0002,defense evasion, stealth')).toEqual({
      ok: true,
      value: ['TA0001', 'TA0002', 'TA0005'],
    });
    expect(parseTactics('')).toEqual({ ok: true, value: [] });
    expect(parseTactics(' , ,')).toEqual({ ok: true, value: [] });
  });

  it('names the item it cannot read', () => {
    const r = parseTactics('Execution, Exfil');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('“Exfil”');
  });

  it('parses techniques, upper-casing and checking their shape', () => {
    expect(parseTechniques('t1486, T1566.001, T1486')).toEqual({ ok: true, value: ['T1486', 'T1566.001'] });
    expect(parseTechniques('T1566.1').ok).toBe(false);
    expect(parseTechniques('TA0001').ok).toBe(false);
  });

  it('splits lists, trimming and dropping blanks and repeats', () => {
    expect(splitList(' ransom , lockbit,,Ransom, ')).toEqual(['ransom', 'lockbit']);
  });
});

describe('event time typed in quick-add', () => {
  it('reads "now" in the selected zone, with its offset', () => {
    expect(parseEventTime('now', 'Europe/Paris', NOW)).toEqual({ ok: true, value: '2026-11-22T04:10:00+01:00' });
    expect(parseEventTime(' NOW ', 'UTC', NOW)).toEqual({ ok: true, value: '2026-11-22T03:10:00+00:00' });
    expect(parseEventTime('now', 'America/New_York', NOW)).toEqual({ ok: true, value: '2026-11-21T22:10:00-05:00' });
  });

  it('reads a date and time in the selected zone, not the machine zone', () => {
    expect(parseEventTime('2026-11-21 21:40', 'America/New_York', NOW)).toEqual({
      ok: true,
      value: '2026-11-21T21:40:00-05:00',
    });
    expect(parseEventTime('2026-11-22T01:02:03', 'UTC', NOW)).toEqual({ ok: true, value: '2026-11-22T01:02:03+00:00' });
    // Summer time in Paris gets the summer offset even when typed in winter.
    expect(parseEventTime('2026-07-01 12:00', 'Europe/Paris', NOW)).toEqual({ ok: true, value: '2026-07-01T12:00:00+02:00' });
  });

  it('reads a time alone as today in the selected zone', () => {
    expect(parseEventTime('03:55', 'Europe/Paris', NOW)).toEqual({ ok: true, value: '2026-11-22T03:55:00+01:00' });
    // In New York it is still the 21st.
    expect(parseEventTime('21:05:09', 'America/New_York', NOW)).toEqual({ ok: true, value: '2026-11-21T21:05:09-05:00' });
  });

  it('keeps a timestamp that carries its own offset exactly as written', () => {
    expect(parseEventTime('2026-11-22T02:00:00+05:30', 'UTC', NOW)).toEqual({ ok: true, value: '2026-11-22T02:00:00+05:30' });
    expect(parseEventTime('2026-11-22 01:00:00.250Z', 'Europe/Paris', NOW)).toEqual({
      ok: true,
      value: '2026-11-22T01:00:00.250Z',
    });
  });

  it('refuses what it cannot read, impossible dates and the future', () => {
    expect(parseEventTime('', 'UTC', NOW).ok).toBe(false);
    expect(parseEventTime('yesterday', 'UTC', NOW).ok).toBe(false);
    expect(parseEventTime('2026-02-30 10:00', 'UTC', NOW).ok).toBe(false);
    expect(parseEventTime('25:00', 'UTC', NOW).ok).toBe(false);
    const future = parseEventTime('2026-11-22 05:00', 'UTC', NOW);
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.message).toContain('future');
    // A few minutes of clock drift is tolerated.
    expect(parseEventTime('2026-11-22 03:13', 'UTC', NOW).ok).toBe(true);
  });

  it('fills the Now button with the wall time in the zone', () => {
    expect(nowForInput(NOW, 'Europe/Paris')).toBe('2026-11-22 04:10:00');
    expect(parseEventTime(nowForInput(NOW, 'Asia/Tokyo'), 'Asia/Tokyo', NOW)).toEqual({
      ok: true,
      value: '2026-11-22T12:10:00+09:00',
    });
  });
});

describe('building an event from the form', () => {
  const form = (extra: Partial<ReturnType<typeof emptyEventForm>>) => ({ ...emptyEventForm(), ...extra });

  it('builds a NewEvent with trimmed text, nulls for blanks and parsed lists', () => {
    const r = buildEvent(
      form({
        message: '  Ransom note found on FS01 ',
        source: 'EDR',
        host: '',
        tactics: 'impact, TA0005',
        techniques: 't1486',
        confidence: '80',
        tags: 'ransom, fs01',
      }),
      'Europe/Paris',
      NOW,
      { step_links: ['ransomware/isolate-hosts'], note: 'Columns: EventID=4625' },
    );
    expect(r).toEqual({
      ok: true,
      event: {
        occurred_at: '2026-11-22T04:10:00+01:00',
        message: 'Ransom note found on FS01',
        source: 'EDR',
        host: null,
        account: null,
        tactics: ['TA0040', 'TA0005'],
        techniques: ['T1486'],
        confidence: 80,
        tags: ['ransom', 'fs01'],
        step_links: ['ransomware/isolate-hosts'],
        note: 'Columns: EventID=4625',
      },
    });
  });

  it('reports every problem at once, each on its field', () => {
    const r = buildEvent(form({ time: 'soon', message: ' ', tactics: 'Nope', techniques: 'X1', confidence: '150' }), 'UTC', NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['confidence', 'message', 'tactics', 'techniques', 'time']);
  });

  it('accepts confidence written with a percent sign', () => {
    const r = buildEvent(form({ message: 'x', confidence: '40%' }), 'UTC', NOW);
    expect(r.ok && r.event.confidence).toBe(40);
  });

  it('keeps source and host for the next event, and clears the rest', () => {
    const next = nextEventForm(form({ message: 'm', source: 'EDR', host: 'FS01', tags: 't', account: 'a' }));
    expect(next).toEqual({ ...emptyEventForm(), source: 'EDR', host: 'FS01' });
  });

  it('carries over what the form does not show when correcting an entry', () => {
    expect(carryFrom(null)).toEqual({ step_links: [], note: null });
    expect(carryFrom({ step_links: ['a/b'], note: '' } as unknown as TimelineEntry)).toEqual({ step_links: ['a/b'], note: null });
    expect(carryFrom({ step_links: [], note: 'EventID=4625' } as unknown as TimelineEntry).note).toBe('EventID=4625');
  });

  it('prefills an edit with the original timestamp, so its offset survives', () => {
    const entry = {
      occurred_at: '2026-11-21T21:40:00-05:00',
      message: 'Login from new country',
      source: 'Okta',
      host: '',
      account: 'cfo@example.com',
      tactics: ['TA0001'],
      techniques: ['T1078'],
      confidence: null,
      tags: ['bec'],
    } as unknown as TimelineEntry;
    const f = formFromEntry(entry);
    expect(f.tactics).toBe('TA0001');
    expect(f.confidence).toBe('');
    const r = buildEvent(f, 'Asia/Tokyo', NOW);
    expect(r.ok && r.event.occurred_at).toBe('2026-11-21T21:40:00-05:00');
  });

  it('maps a backend field error to the form field', () => {
    expect(eventErrorFor(new ApiError('validation', 'bad time', 'occurred_at')).fields).toEqual({ time: 'bad time' });
    const other = eventErrorFor(new ApiError('validation', 'bad link', 'step_links'));
    expect(other.fields).toEqual({});
    expect(other.banner?.message).toBe('bad link');
    expect(eventErrorFor(new ApiError('conflict', 'changed', 'message')).banner?.code).toBe('conflict');
  });

  it('restores a stored draft defensively', () => {
    expect(parseEventForm(null)).toBeNull();
    expect(parseEventForm({ message: 'x', host: 3 })).toEqual({ ...emptyEventForm(), message: 'x' });
  });
});

describe('filters', () => {
  it('builds the backend filter, times read in the zone', () => {
    const f = {
      ...emptyFilterForm(),
      host: ' FS01 ',
      tactic: 'TA0005',
      from: '2026-11-22 04:00',
      to: '2026-11-22 05',
      history: true,
    };
    expect(buildFilter(f, 'Europe/Paris')).toEqual({
      kind: null,
      host: null,
      host_contains: 'FS01', // typed: a part of the name
      actor: null,
      tactic: 'TA0005',
      tag: null,
      text: null,
      from: '2026-11-22T04:00:00+01:00',
      to: null, // half-typed: ignored rather than guessed
      order: 'occurred_desc',
      offset: null,
      include_history: true,
      limit: null,
    });
  });

  it('a chosen host is exact, and a date alone starts at its midnight', () => {
    const f = { ...emptyFilterForm(), host: 'fs01.offsec.lan', hostExact: true, from: '2026-11-22' };
    const built = buildFilter(f, 'UTC');
    expect([built.host, built.host_contains, built.from]).toEqual(['fs01.offsec.lan', null, '2026-11-22T00:00:00+00:00']);
  });

  it('knows when the list is narrowed', () => {
    expect(isFiltered(emptyFilterForm())).toBe(false);
    expect(isFiltered({ ...emptyFilterForm(), order: 'recorded', history: true })).toBe(false);
    expect(isFiltered({ ...emptyFilterForm(), tag: 'x' })).toBe(true);
    expect(isFiltered({ ...emptyFilterForm(), kind: 'action' })).toBe(true);
  });
});

describe('phase strip', () => {
  const m = (milestone: string, at: string) => ({ milestone, label: milestone, at });

  it('splits the span up to now in proportion to each phase', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const s = phaseSegments(
      [m('declared', '2026-11-22T02:00:00Z'), m('detected', '2026-11-22T00:00:00Z'), m('containment', '2026-11-22T05:00:00Z')],
      now,
    );
    expect(s.map((x) => x.milestone)).toEqual(['detected', 'declared', 'containment']);
    expect(s.map((x) => x.fraction)).toEqual([0.2, 0.3, 0.5]);
    expect(s.map((x) => x.current)).toEqual([false, false, true]);
  });

  it('ends at a final close, and keeps times in their own offsets', () => {
    const s = phaseSegments(
      [m('detected', '2026-11-22T01:00:00+01:00'), m('declared', '2026-11-22T01:00:00Z'), m('closed', '2026-11-22T02:00:00Z')],
      Date.parse('2026-12-01T00:00:00Z'),
    );
    expect(s.map((x) => x.fraction)).toEqual([0.5, 0.5, 0]);
    expect(s.every((x) => !x.current)).toBe(true);
  });

  it('copes with nothing, one mark and bad times', () => {
    expect(phaseSegments([], 0)).toEqual([]);
    const one = phaseSegments([m('declared', '2026-11-22T02:00:00Z'), m('x', 'garbage')], Date.parse('2026-11-22T02:00:00Z'));
    expect(one).toHaveLength(1);
    expect(one[0].fraction).toBe(1);
  });
});

describe('words', () => {
  it('states the chain result', () => {
    expect(chainText({ status: 'intact', entries: 1234, head_hash: 'abcdef0123456789ff' })).toBe(
      'Intact — 1,234 entries, head abcdef012345…',
    );
    expect(chainText({ status: 'broken', entries: 9, first_bad_seq: 7, entry_id: 'x', problem: 'its content does not match its hash' })).toBe(
      'Broken at entry 7: its content does not match its hash',
    );
  });

  it('summarises an import', () => {
    expect(importSummaryText({ rows: 12, imported: 10, duplicates: 1, skipped_actions: 1, skipped_undated: 0, head_hash: 'h' })).toBe(
      'Imported 10, 1 duplicate skipped, 1 responder action from another incident not replayed.',
    );
    expect(importSummaryText({ rows: 1200, imported: 1200, duplicates: 0, skipped_actions: 0, skipped_undated: 0, head_hash: 'h' })).toBe(
      'Imported 1,200, 0 duplicates skipped, 0 responder actions from another incident not replayed.',
    );
    expect(importSummaryText({ rows: 503, imported: 499, duplicates: 0, skipped_actions: 0, skipped_undated: 4, head_hash: 'h' })).toBe(
      'Imported 499, 0 duplicates skipped, 0 responder actions from another incident not replayed. 4 rows the tool could not date skipped (recorded on the timeline).',
    );
  });

  it('computes a bounded percentage', () => {
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(50, 200)).toBe(25);
    expect(progressPercent(300, 200)).toBe(100);
  });
});

describe('column mapping', () => {
  const headers = ['Time', 'Event', 'Computer'];
  const mapping = (extra: Partial<ColumnMapping> = {}): ColumnMapping => ({
    occurred_at: 'Time',
    message: 'Event',
    source: null,
    host: 'Computer',
    account: '',
    tactics: null,
    techniques: null,
    confidence: null,
    tags: null,
    time_of_day: null,
    time_zone: null,
    naive_offset: null,
    ...extra,
  });

  it('accepts a mapping of real columns', () => {
    expect(validateMapping(mapping(), headers)).toEqual({});
    expect(validateMapping(mapping({ naive_offset: '+01:00' }), headers)).toEqual({});
    expect(validateMapping(mapping({ naive_offset: 'Z' }), headers)).toEqual({});
  });

  it('requires time and message, real columns and a well-formed offset', () => {
    const e = validateMapping(mapping({ occurred_at: '', host: 'Hostname', naive_offset: '1h' }), headers);
    expect(Object.keys(e).sort()).toEqual(['host', 'naive_offset', 'occurred_at']);
  });

  it('sends empty choices as null', () => {
    expect(cleanMapping(mapping({ naive_offset: ' ' }))).toMatchObject({ account: null, naive_offset: null, host: 'Computer' });
  });
});

describe('signature line', () => {
  const dana = { fingerprint: '3f2a 9c10 77be 0d41', name: 'Dana Reyes' };
  it('names who signed, and what was adopted', () => {
    expect(signaturesText({ status: 'signed', checkpoints: 3, head_seq: 9, authors: [dana], adopted_through: null })).toBe(
      'Signed by Dana Reyes (3f2a 9c10 77be 0d41)',
    );
    expect(signaturesText({ status: 'signed', checkpoints: 3, head_seq: 9, authors: [dana], adopted_through: 4 })).toMatch(/entries 1–4 were recorded before signing/);
    expect(signaturesText({ status: 'signed', checkpoints: 0, head_seq: 0, authors: [], adopted_through: null })).toBe('Nothing to sign yet');
  });

  it('names the entries nobody signed and a signature that fails', () => {
    expect(signaturesText({ status: 'unsigned', from_seq: 2, to_seq: 5, head_seq: 9, authors: [dana] })).toMatch(/^Entries 2–5 carry no signature/);
    expect(signaturesText({ status: 'broken', seq: 7, problem: 'it was re-hashed' })).toBe('Signature check failed at entry 7: it was re-hashed');
  });
});

describe('logText', () => {
  const base = { operations: 4, devices: [{ device: '3f2a 9c10 77be 0d41', name: 'Dana Reyes', operations: 4 }], replayed: ['incidents'] };
  it('says who recorded the log and what replay compared', () => {
    expect(logText({ ...base, verdict: { status: 'intact' } })).toBe(
      'Operation log intact: 4 operations from Dana Reyes (3f2a 9c10 77be 0d41); replay gives the same incidents',
    );
  });
  it('names a changed row, a broken chain and unsigned operations', () => {
    const differs = { status: 'differs' as const, table: 'incidents', key: 'x', problem: 'incidents row x: severity is "sev4" in the database, but the log makes it "sev2"' };
    expect(logText({ ...base, verdict: differs })).toMatch(/^Changed behind Firebreak's back: incidents row x: severity/);
    expect(logText({ ...base, verdict: { status: 'broken', device: 'd', seq: 3, problem: 'operation #2 of device d is missing' } })).toBe(
      'Operation log broken: operation #2 of device d is missing',
    );
    expect(logText({ ...base, verdict: { status: 'unsigned', device: 'unsigned', from_seq: 1, to_seq: 4 } })).toBe(
      'Operations 1–4 of device unsigned carry no signature',
    );
  });
});
