import { describe, expect, it } from 'vitest';
import {
  buildFacts,
  canonicalMoment,
  countObligations,
  deadlineTone,
  factsAreEmpty,
  factsFormsEqual,
  factsToForm,
  formatAtOwnOffset,
  formatCountdown,
  formatInZone,
  isOverdue,
  momentError,
  formatCountdownShort,
  shortTitle,
  noteRule,
  nowWithOffset,
  parseFactsForm,
  parsePeople,
  peopleText,
  resolveJurisdiction,
  showsCountdown,
  validateDecision,
} from './notify';
import type { JurisdictionInfo, Obligation } from './types';

const at = (iso: string) => Date.parse(iso);
const DUE = '2026-11-25T09:00:00Z';

describe('formatCountdown', () => {
  it('counts days, hours and minutes left, padded', () => {
    expect(formatCountdown(DUE, at('2026-11-23T04:46:30Z'))).toBe('2 d 04 h 13 m left');
    expect(formatCountdown(DUE, at('2026-11-25T03:53:00Z'))).toBe('5 h 07 m left');
    expect(formatCountdown(DUE, at('2026-11-25T08:47:00Z'))).toBe('13 m left');
    expect(formatCountdown(DUE, at('2026-11-25T08:59:30Z'))).toBe('less than 1 m left');
  });

  it('says how long ago it was due once overdue', () => {
    expect(formatCountdown(DUE, at('2026-11-25T12:10:00Z'))).toBe('overdue by 3 h 10 m');
    expect(formatCountdown(DUE, at('2026-11-27T10:01:00Z'))).toBe('overdue by 2 d 01 h 01 m');
    expect(formatCountdown(DUE, at('2026-11-25T09:00:00Z'))).toBe('overdue by less than 1 m');
  });

  it('reads due times in any offset', () => {
    expect(formatCountdown('2026-11-25T10:00:00+01:00', at('2026-11-25T08:00:00Z'))).toBe('1 h 00 m left');
  });

  it('shows nothing for an unreadable time rather than a made-up number', () => {
    expect(formatCountdown('soon', 0)).toBe('');
    expect(isOverdue('soon', Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});

describe('isOverdue and tone', () => {
  it('is overdue from the due instant on', () => {
    expect(isOverdue(DUE, at(DUE) - 1)).toBe(false);
    expect(isOverdue(DUE, at(DUE))).toBe(true);
  });

  it('is amber inside the reminder window, red once overdue', () => {
    expect(deadlineTone(DUE, at('2026-11-23T08:00:00Z'), 24)).toBe('ok');
    expect(deadlineTone(DUE, at('2026-11-24T09:00:00Z'), 24)).toBe('soon');
    expect(deadlineTone(DUE, at('2026-11-25T09:00:01Z'), 24)).toBe('overdue');
  });
});

describe('times in zones', () => {
  it('shows a due time at its own offset and in another zone', () => {
    expect(formatAtOwnOffset('2026-11-25T17:30:00-05:00')).toBe('2026-11-25 17:30 (UTC-05:00)');
    expect(formatInZone('2026-11-25T22:30:00Z', 'Europe/Paris')).toBe('2026-11-25 23:30 (UTC+01:00)');
    expect(formatInZone('2026-07-01T22:30:00Z', 'Europe/Paris')).toBe('2026-07-02 00:30 (UTC+02:00)');
  });

  it('fills "now" with the machine offset (Europe/Paris in tests)', () => {
    expect(nowWithOffset(at('2026-11-22T02:10:05Z'))).toBe('2026-11-22T03:10:05+01:00');
    expect(nowWithOffset(at('2026-07-01T10:00:00Z'))).toBe('2026-07-01T12:00:00+02:00');
  });

  it('writes moments in one canonical form, keeping their offset', () => {
    expect(canonicalMoment('2026-11-22 03:10+01:00')).toBe('2026-11-22T03:10:00+01:00');
    expect(canonicalMoment('2026-11-22T02:10:05.123Z')).toBe('2026-11-22T02:10:05+00:00');
    expect(canonicalMoment('2026-11-22T03:10')).toBeNull();
  });

  it('explains how to fix a moment', () => {
    expect(momentError('')).toBeNull();
    expect(momentError('2026-11-22T03:10:00+01:00')).toBeNull();
    expect(momentError('2026-11-22T03:10')).toMatch(/offset/);
    expect(momentError('yesterday')).toMatch(/2026-11-22T03:10:00\+01:00/);
  });
});

describe('resolveJurisdiction', () => {
  const list: JurisdictionInfo[] = [
    { code: 'EU', name: 'European Union (country not yet known)' },
    { code: 'AX', name: 'Åland Islands' },
    { code: 'CA', name: 'Canada' },
    { code: 'DE', name: 'Germany' },
    { code: 'GB', name: 'United Kingdom' },
    { code: 'US', name: 'United States' },
    { code: 'US-CA', name: 'California' },
    { code: 'US-TX', name: 'Texas' },
  ];

  it('accepts codes in any case', () => {
    expect(resolveJurisdiction('de', list)).toBe('DE');
    expect(resolveJurisdiction(' US-CA ', list)).toBe('US-CA');
    expect(resolveJurisdiction('us_tx', list)).toBe('US-TX');
    expect(resolveJurisdiction('eu', list)).toBe('EU');
    expect(resolveJurisdiction('CA', list)).toBe('CA');
  });

  it('accepts names, ignoring case and accents', () => {
    expect(resolveJurisdiction('Germany', list)).toBe('DE');
    expect(resolveJurisdiction('california', list)).toBe('US-CA');
    expect(resolveJurisdiction('aland islands', list)).toBe('AX');
    expect(resolveJurisdiction('united  kingdom', list)).toBe('GB');
  });

  it('accepts the picker entries and common aliases', () => {
    expect(resolveJurisdiction('California (US-CA)', list)).toBe('US-CA');
    expect(resolveJurisdiction('Germany (DE)', list)).toBe('DE');
    expect(resolveJurisdiction('UK', list)).toBe('GB');
    expect(resolveJurisdiction('USA', list)).toBe('US');
  });

  it('refuses anything else instead of guessing', () => {
    expect(resolveJurisdiction('', list)).toBeNull();
    expect(resolveJurisdiction('Germ', list)).toBeNull();
    expect(resolveJurisdiction('XX', list)).toBeNull();
    expect(resolveJurisdiction('Atlantis (ZZ)', list)).toBeNull();
  });
});

describe('people counts', () => {
  it('reads blank as unknown and whole numbers with separators', () => {
    expect(parsePeople('')).toEqual({ ok: true, value: null });
    expect(parsePeople(' 1,200 ')).toEqual({ ok: true, value: 1200 });
    expect(parsePeople('0')).toEqual({ ok: true, value: 0 });
    expect(parsePeople('12.5').ok).toBe(false);
    expect(parsePeople('-3').ok).toBe(false);
    expect(parsePeople('99999999999').ok).toBe(false);
  });
});

describe('facts form', () => {
  const facts = {
    jurisdictions: [
      { code: 'DE', people: 1200 },
      { code: 'US-CA', people: null },
    ],
    data_categories: ['personal_data' as const],
    encrypted: 'no' as const,
    risk_to_people: 'risk' as const,
    profile: { flags: ['sec_registrant' as const], home_zone: 'Europe/Berlin' },
    moments: { detected: '2026-11-21T23:40:00+01:00', aware_personal_data_breach: '2026-11-22T03:10:00+01:00' },
  };

  it('round-trips facts, leaving detected to the incident', () => {
    const form = factsToForm(facts);
    expect(form.jurisdictions).toEqual([
      { code: 'DE', people: '1200' },
      { code: 'US-CA', people: '' },
    ]);
    expect(form.keys_safe).toBe('unknown');
    const built = buildFacts(form);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.facts.jurisdictions).toEqual(facts.jurisdictions);
    expect(built.facts.moments).toEqual({
      aware_personal_data_breach: '2026-11-22T03:10:00+01:00',
      breach_determined: null,
      materiality_determined: null,
      classified_major: null,
      ransom_paid: null,
    });
    expect(built.facts.profile).toEqual({
      flags: ['sec_registrant'],
      home_zone: 'Europe/Berlin',
      eu_main_establishment: 'unknown',
      eu_main_establishment_state: null,
    });
  });

  it('sends the EU main establishment state only with a yes', () => {
    const form = { ...factsToForm(facts), eu_main: 'no' as const, eu_state: 'IE' };
    const built = buildFacts(form);
    expect(built.ok && built.facts.profile).toMatchObject({ eu_main_establishment: 'no', eu_main_establishment_state: null });
    const yes = buildFacts({ ...form, eu_main: 'yes' });
    expect(yes.ok && yes.facts.profile).toMatchObject({ eu_main_establishment: 'yes', eu_main_establishment_state: 'IE' });
    expect(factsFormsEqual(form, { ...form, eu_state: 'DE' })).toBe(true);
    expect(factsFormsEqual({ ...form, eu_main: 'yes' }, { ...form, eu_main: 'yes', eu_state: 'DE' })).toBe(false);
  });

  it('reports each bad field by key', () => {
    const form = factsToForm(facts);
    form.jurisdictions[1].people = 'many';
    form.moments.ransom_paid = 'last night';
    const built = buildFacts(form);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(Object.keys(built.errors).sort()).toEqual(['moments.ransom_paid', 'people.US-CA']);
  });

  it('compares forms by content, not order of ticked boxes', () => {
    const a = factsToForm(facts);
    const b = factsToForm(facts);
    b.moments.aware_personal_data_breach += ' ';
    expect(factsFormsEqual(a, b)).toBe(true);
    b.data_categories = ['health'];
    expect(factsFormsEqual(a, b)).toBe(false);
  });

  it('treats a profile alone as no facts yet', () => {
    expect(factsAreEmpty({ profile: { flags: ['sec_registrant'] }, moments: { detected: '2026-11-21T23:40:00Z' } })).toBe(true);
    expect(factsAreEmpty(facts)).toBe(false);
  });

  it('restores a draft defensively', () => {
    const base = factsToForm(facts);
    expect(parseFactsForm(null, base)).toBeNull();
    const restored = parseFactsForm({ jurisdictions: [{ code: 'FR', people: '3' }, { code: 7 }], risk_to_people: 'high' }, base);
    expect(restored?.jurisdictions).toEqual([{ code: 'FR', people: '3' }]);
    expect(restored?.risk_to_people).toBe('high');
    expect(restored?.flags).toEqual(['sec_registrant']);
  });
});

describe('decisions', () => {
  it('names the note and says when it is required', () => {
    expect(noteRule('not_required')).toMatchObject({ label: 'Rationale (required)', required: true });
    expect(noteRule('delayed')).toMatchObject({ label: 'Legal basis (required)', required: true });
    for (const s of ['pending', 'drafted', 'sent'] as const) expect(noteRule(s)).toMatchObject({ label: 'Note', required: false });
  });

  it('validates the note and the sent time', () => {
    expect(validateDecision('not_required', '  ', '').note).toMatch(/rationale/);
    expect(validateDecision('delayed', '', '').note).toMatch(/legal basis/);
    expect(validateDecision('not_required', 'Keys safe', '')).toEqual({});
    expect(validateDecision('sent', '', '')).toEqual({});
    expect(validateDecision('sent', '', '2026-11-22 10:00').sent_at).toBeDefined();
    expect(validateDecision('sent', '', '2026-11-22T10:00:00Z')).toEqual({});
  });
});

describe('countdown visibility and counts', () => {
  const ob = (over: Partial<Obligation>): Obligation =>
    ({
      applicability: 'applies',
      due_utc: DUE,
      decision: { state: 'pending', note: '', sent_at: null, decided_by: '', decided_at: null },
      ...over,
    }) as Obligation;
  const decided = (state: Obligation['decision']['state']) => ({ state, note: '', sent_at: null, decided_by: '', decided_at: null });

  it('hides the countdown once sent or not required, or without a due time', () => {
    expect(showsCountdown(ob({}))).toBe(true);
    expect(showsCountdown(ob({ decision: decided('drafted') }))).toBe(true);
    expect(showsCountdown(ob({ decision: decided('sent') }))).toBe(false);
    expect(showsCountdown(ob({ decision: decided('not_required') }))).toBe(false);
    expect(showsCountdown(ob({ due_utc: null }))).toBe(false);
    expect(showsCountdown(ob({ applicability: 'no_longer_applies' }))).toBe(false);
  });

  it('counts what applies, what may, and what is overdue', () => {
    const list = [
      ob({}),
      ob({ applicability: 'possible', due_utc: null }),
      ob({ decision: decided('sent') }),
      ob({ applicability: 'no_longer_applies' }),
    ];
    expect(countObligations(list, at('2026-11-26T00:00:00Z'))).toEqual({ applies: 2, possible: 1, overdue: 1, open: 2, settled: 1 });
  });
});

describe('deadline chips', () => {
  const now = Date.UTC(2026, 11, 8, 12, 0);
  it('say how late or how soon in a few characters', () => {
    expect(formatCountdownShort('2026-11-23T21:56:00Z', now)).toBe('14 d 14 h late');
    expect(formatCountdownShort('2026-12-08T17:20:00Z', now)).toBe('in 5 h 20 m');
    expect(formatCountdownShort('2026-12-08T12:07:00Z', now)).toBe('in 7 m');
    expect(formatCountdownShort('2026-12-08T12:00:30Z', now)).toBe('in < 1 m');
    expect(formatCountdownShort('2026-12-06T12:00:00Z', now)).toBe('2 d late');
    expect(formatCountdownShort('2026-12-08T15:00:00Z', now)).toBe('in 3 h');
    expect(formatCountdownShort('not a time', now)).toBe('');
  });

  it('name the incident by its first words', () => {
    expect(shortTitle('Ransom note on fs01')).toBe('Ransom note on fs01');
    expect(shortTitle('Ransom note on finance share, payroll encrypted')).toBe('Ransom note on finance…');
    expect(shortTitle('Supercalifragilisticexpialidocious-host')).toBe('Supercalifragilisticex…');
  });
});

describe('peopleText', () => {
  it('counts people, says when the number is not known', () => {
    expect(peopleText(1200)).toBe('1,200 people');
    expect(peopleText(1)).toBe('1 person');
    expect(peopleText(null)).toBe('number of people not known yet');
  });
});
