// Pure helpers for the notification obligations page, the deadline strip and reminders:
// countdowns, jurisdiction input, the facts form model and the decision rules. Kept free of
// the DOM and of Svelte so every rule is unit-tested.

import type {
  AffectedJurisdiction,
  Answer,
  DataCategory,
  DecisionState,
  JurisdictionInfo,
  KeyMoment,
  KeyMoments,
  NotificationFacts,
  Obligation,
  OrgProfile,
  ProfileFlag,
  RiskLevel,
  ServiceImpact,
} from './types';
import { formatOffset, parseRfc3339, toRfc3339 } from './time';
import { UTC, zonedParts } from './zones';

// ---- Countdowns ---------------------------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad2 = (n: number) => String(n).padStart(2, '0');

function dueMs(dueIso: string): number {
  return parseRfc3339(dueIso)?.ms ?? Number.NaN;
}

/** "2 d 04 h 13 m", "5 h 07 m", "13 m": whole minutes, rounded down. */
export function formatSpan(ms: number): string {
  const totalMin = Math.floor(Math.abs(ms) / MINUTE);
  const d = Math.floor(totalMin / (24 * 60));
  const h = Math.floor((totalMin % (24 * 60)) / 60);
  const m = totalMin % 60;
  if (d > 0) return `${d} d ${pad2(h)} h ${pad2(m)} m`;
  if (h > 0) return `${h} h ${pad2(m)} m`;
  return `${m} m`;
}

/** True once the due instant has passed (an unreadable time is never "overdue"). */
export function isOverdue(dueIso: string, nowMs: number): boolean {
  const due = dueMs(dueIso);
  return !Number.isNaN(due) && nowMs >= due;
}

/** "2 d 04 h 13 m left", "overdue by 3 h 10 m"; under a minute reads as such, not "0 m". */
export function formatCountdown(dueIso: string, nowMs: number): string {
  const due = dueMs(dueIso);
  if (Number.isNaN(due)) return '';
  const diff = due - nowMs;
  if (diff > 0) return diff < MINUTE ? 'less than 1 m left' : `${formatSpan(diff)} left`;
  return -diff < MINUTE ? 'overdue by less than 1 m' : `overdue by ${formatSpan(diff)}`;
}

/** The short form for chips: "14 d 14 h late", "in 5 h 20 m", "in 13 m" (minutes dropped past a day). */
export function formatCountdownShort(dueIso: string, nowMs: number): string {
  const due = dueMs(dueIso);
  if (Number.isNaN(due)) return '';
  const diff = due - nowMs;
  const min = Math.floor(Math.abs(diff) / MINUTE);
  const [d, h, m] = [Math.floor(min / 1440), Math.floor((min % 1440) / 60), min % 60];
  const span = min < 1 ? '< 1 m' : d > 0 ? `${d} d${h ? ` ${h} h` : ''}` : h > 0 ? `${h} h${m ? ` ${m} m` : ''}` : `${m} m`;
  return diff > 0 ? `in ${span}` : `${span} late`;
}

/** A short name for an incident in a chip: its first words, at most about 22 characters. */
export function shortTitle(title: string, max = 22): string {
  const t = title.trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 8 ? cut.slice(0, space) : t.slice(0, max)).replace(/[\s,;:·–-]+$/, '')}…`;
}

export type Tone = 'overdue' | 'soon' | 'ok';

/** Red when overdue, amber inside the reminder window, neutral otherwise. */
export function deadlineTone(dueIso: string, nowMs: number, windowHours: number): Tone {
  const due = dueMs(dueIso);
  if (Number.isNaN(due)) return 'ok';
  if (nowMs >= due) return 'overdue';
  return due - nowMs <= windowHours * HOUR ? 'soon' : 'ok';
}

/** Decisions that close an obligation: no countdown, no reminder. */
export function isSettled(state: DecisionState): boolean {
  return state === 'sent' || state === 'not_required';
}

/** Whether a card shows a live countdown. */
export function showsCountdown(o: Pick<Obligation, 'due_utc' | 'decision' | 'applicability'>): boolean {
  return o.due_utc !== null && !isSettled(o.decision.state) && o.applicability !== 'no_longer_applies';
}

// ---- Times in a named zone ---------------------------------------------------------------

/**
 * "2026-11-25 17:30 (UTC−05:00)": an RFC 3339 time read at its own offset, which is how the
 * backend writes due times in the zone the deadline is counted in.
 */
export function formatAtOwnOffset(value: string): string {
  const inst = parseRfc3339(value);
  if (!inst) return value;
  const d = new Date(inst.ms + inst.offsetMinutes * MINUTE);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} (UTC${formatOffset(inst.offsetMinutes)})`;
}

/** "2026-11-25 23:30 (UTC+01:00)" for an instant seen in an IANA zone. */
export function formatInZone(value: string, zone: string): string {
  const inst = parseRfc3339(value);
  if (!inst) return value;
  const p = zonedParts(inst.ms, zone);
  return `${p.date} ${p.time.slice(0, 5)} (UTC${p.offset})`;
}

/** "America/New_York" → "America/New York"; UTC stays UTC. */
export function zoneName(zone: string): string {
  return zone === UTC ? UTC : zone.replace(/_/g, ' ');
}

/** Now on this machine, as RFC 3339 with its current offset: what "Now" buttons fill in. */
export function nowWithOffset(nowMs: number): string {
  return toRfc3339(nowMs, -new Date(nowMs).getTimezoneOffset());
}

/**
 * A typed moment in the one form every backend parser accepts ("2026-11-22T03:10:00+01:00"),
 * keeping the offset it was written with; null when it is not RFC 3339 with an offset.
 */
export function canonicalMoment(text: string): string | null {
  const inst = parseRfc3339(text);
  return inst ? toRfc3339(inst.ms, inst.offsetMinutes) : null;
}

/** An example for placeholders, in this machine's offset. */
export const MOMENT_EXAMPLE = '2026-11-22T03:10:00+01:00';

/** Validates a typed moment: empty is "not recorded", otherwise RFC 3339 with an offset. */
export function momentError(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  if (parseRfc3339(t)) return null;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t))
    return 'Add the offset the time was in, e.g. +01:00 or Z for UTC; or press Now.';
  return `Write the time as ${MOMENT_EXAMPLE} (date, time and offset), or press Now.`;
}

// ---- Jurisdictions ------------------------------------------------------------------------

const ALIASES: Record<string, string> = {
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  usa: 'US',
  'united states of america': 'US',
  'european union': 'EU',
};

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');

/**
 * The canonical code for what someone typed: a code ("de", "us_ca"), a name ("Germany",
 * "California", accents optional), a datalist entry ("California (US-CA)") or a common alias
 * ("UK"). Null when nothing matches; never a guess between two places.
 */
export function resolveJurisdiction(input: string, list: readonly JurisdictionInfo[]): string | null {
  const raw = input.trim();
  if (raw === '') return null;
  const withCode = /^(.*)\(([A-Za-z]{2}(?:[-_][A-Za-z0-9]{1,3})?)\)\s*$/.exec(raw);
  if (withCode) {
    const code = resolveJurisdiction(withCode[2], list);
    if (code) return code;
  }
  const asCode = raw.toUpperCase().replace(/_/g, '-');
  const byCode = list.find((j) => j.code === asCode);
  if (byCode) return byCode.code;
  const folded = fold(raw);
  const alias = ALIASES[folded];
  if (alias && list.some((j) => j.code === alias)) return alias;
  const byName = list.filter((j) => fold(j.name) === folded);
  if (byName.length === 1) return byName[0].code;
  // "California" is a US state; a country of the same name would win above via the code.
  if (byName.length > 1) return byName.find((j) => !j.code.includes('-'))?.code ?? byName[0].code;
  return null;
}

/** "California (US-CA)", how a jurisdiction is offered in the picker. */
export function jurisdictionOption(j: JurisdictionInfo): string {
  return `${j.name} (${j.code})`;
}

export function jurisdictionName(code: string, list: readonly JurisdictionInfo[]): string {
  return list.find((j) => j.code === code)?.name ?? code;
}

/** A people count as typed: "" is unknown (null), otherwise a whole number. */
export function parsePeople(text: string): { ok: true; value: number | null } | { ok: false; error: string } {
  const t = text.trim().replace(/[\s,_']/g, '');
  if (t === '') return { ok: true, value: null };
  if (!/^\d+$/.test(t)) return { ok: false, error: 'Enter a whole number of people, or leave it blank if unknown.' };
  const n = Number(t);
  if (n > 4_294_967_295) return { ok: false, error: 'That is more people than Firebreak can count; check the number.' };
  return { ok: true, value: n };
}

// ---- The facts form -----------------------------------------------------------------------

export type MomentCode = Exclude<KeyMoment, 'detected'>;
export const MOMENT_CODES: MomentCode[] = [
  'aware_personal_data_breach',
  'breach_determined',
  'materiality_determined',
  'classified_major',
  'ransom_paid',
];

export type JurisdictionRow = { code: string; people: string };

export type FactsForm = {
  jurisdictions: JurisdictionRow[];
  data_categories: DataCategory[];
  encrypted: Answer;
  keys_safe: Answer;
  significant_harm: Answer;
  risk_to_people: RiskLevel;
  critical_service_impact: ServiceImpact;
  moments: Record<MomentCode, string>;
  flags: ProfileFlag[];
  /** "" = not set (day-counted deadlines without a zone then end in UTC). */
  home_zone: string;
  /** GDPR one-stop shop: main establishment in the EU/EEA, and where ("" = not recorded). */
  eu_main: Answer;
  eu_state: string;
};

/** EU and EEA member states: where a main establishment can be (GDPR one-stop shop). */
export const EEA_STATES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT',
  'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'IS', 'LI', 'NO',
] as const;

/** The profile fields as sent: a state only with "yes". */
export function euEstablishment(answer: Answer, state: string): Pick<OrgProfile, 'eu_main_establishment' | 'eu_main_establishment_state'> {
  return { eu_main_establishment: answer, eu_main_establishment_state: answer === 'yes' && state !== '' ? state : null };
}

export type FactsErrors = Partial<Record<string, string>>;

export function factsToForm(f: NotificationFacts): FactsForm {
  const moments = {} as Record<MomentCode, string>;
  for (const m of MOMENT_CODES) moments[m] = f.moments?.[m] ?? '';
  return {
    jurisdictions: (f.jurisdictions ?? []).map((j) => ({ code: j.code, people: j.people == null ? '' : String(j.people) })),
    data_categories: [...(f.data_categories ?? [])],
    encrypted: f.encrypted ?? 'unknown',
    keys_safe: f.keys_safe ?? 'unknown',
    significant_harm: f.significant_harm ?? 'unknown',
    risk_to_people: f.risk_to_people ?? 'unknown',
    critical_service_impact: f.critical_service_impact ?? 'unknown',
    moments,
    flags: [...(f.profile?.flags ?? [])],
    home_zone: f.profile?.home_zone ?? '',
    eu_main: f.profile?.eu_main_establishment ?? 'unknown',
    eu_state: f.profile?.eu_main_establishment_state ?? '',
  };
}

const sameSet = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x) => b.includes(x));

export function factsFormsEqual(a: FactsForm, b: FactsForm): boolean {
  return (
    a.jurisdictions.length === b.jurisdictions.length &&
    a.jurisdictions.every((j, i) => j.code === b.jurisdictions[i].code && j.people.trim() === b.jurisdictions[i].people.trim()) &&
    sameSet(a.data_categories, b.data_categories) &&
    a.encrypted === b.encrypted &&
    a.keys_safe === b.keys_safe &&
    a.significant_harm === b.significant_harm &&
    a.risk_to_people === b.risk_to_people &&
    a.critical_service_impact === b.critical_service_impact &&
    MOMENT_CODES.every((m) => a.moments[m].trim() === b.moments[m].trim()) &&
    sameSet(a.flags, b.flags) &&
    a.home_zone === b.home_zone &&
    a.eu_main === b.eu_main &&
    (a.eu_main !== 'yes' || a.eu_state === b.eu_state)
  );
}

export type BuiltFacts = { ok: true; facts: NotificationFacts } | { ok: false; errors: FactsErrors };

/** The facts to send, or the errors to show beside each field (keys: `people.<code>`, `moments.<code>`). */
export function buildFacts(form: FactsForm): BuiltFacts {
  const errors: FactsErrors = {};
  const jurisdictions: AffectedJurisdiction[] = [];
  for (const row of form.jurisdictions) {
    const p = parsePeople(row.people);
    if (p.ok) jurisdictions.push({ code: row.code, people: p.value });
    else errors[`people.${row.code}`] = p.error;
  }
  const moments: KeyMoments = {};
  for (const m of MOMENT_CODES) {
    const text = form.moments[m].trim();
    const e = momentError(text);
    if (e) errors[`moments.${m}`] = e;
    else moments[m] = text === '' ? null : canonicalMoment(text);
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    facts: {
      jurisdictions,
      data_categories: [...form.data_categories],
      encrypted: form.encrypted,
      keys_safe: form.keys_safe,
      significant_harm: form.significant_harm,
      risk_to_people: form.risk_to_people,
      critical_service_impact: form.critical_service_impact,
      profile: {
        flags: [...form.flags],
        home_zone: form.home_zone === '' ? null : form.home_zone,
        ...euEstablishment(form.eu_main, form.eu_state),
      },
      moments,
    },
  };
}

/** Nothing recorded yet that could start an obligation (the profile alone does not count). */
export function factsAreEmpty(f: NotificationFacts): boolean {
  const m = f.moments ?? {};
  return (
    (f.jurisdictions ?? []).length === 0 &&
    (f.data_categories ?? []).length === 0 &&
    MOMENT_CODES.every((c) => !m[c])
  );
}

/** Reads a stored draft back, trusting nothing about its shape. */
export function parseFactsForm(value: unknown, fallback: FactsForm): FactsForm | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);
  const strs = <T extends string>(v: unknown, d: T[]) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as T[]) : d);
  const rows = Array.isArray(o.jurisdictions)
    ? o.jurisdictions.filter(
        (r): r is JurisdictionRow => typeof r === 'object' && r !== null && typeof r.code === 'string' && typeof r.people === 'string',
      )
    : fallback.jurisdictions;
  const mo = typeof o.moments === 'object' && o.moments !== null ? (o.moments as Record<string, unknown>) : {};
  const moments = {} as Record<MomentCode, string>;
  for (const m of MOMENT_CODES) moments[m] = str(mo[m], fallback.moments[m]);
  return {
    jurisdictions: rows.map((r) => ({ code: r.code, people: r.people })),
    data_categories: strs(o.data_categories, fallback.data_categories),
    encrypted: str(o.encrypted, fallback.encrypted) as Answer,
    keys_safe: str(o.keys_safe, fallback.keys_safe) as Answer,
    significant_harm: str(o.significant_harm, fallback.significant_harm) as Answer,
    risk_to_people: str(o.risk_to_people, fallback.risk_to_people) as RiskLevel,
    critical_service_impact: str(o.critical_service_impact, fallback.critical_service_impact) as ServiceImpact,
    moments,
    flags: strs(o.flags, fallback.flags),
    home_zone: str(o.home_zone, fallback.home_zone),
    eu_main: str(o.eu_main, fallback.eu_main) as Answer,
    eu_state: str(o.eu_state, fallback.eu_state),
  };
}

export const factsDraftKey = (incidentId: string) => `firebreak.draft.notify-facts.v1.${incidentId}`;

// ---- Decisions ----------------------------------------------------------------------------

export type NoteRule = { label: string; required: boolean; placeholder: string; missing: string };

/** What the note means for each decision, and whether the record needs it. */
export function noteRule(state: DecisionState): NoteRule {
  switch (state) {
    case 'not_required':
      return {
        label: 'Rationale (required)',
        required: true,
        placeholder: 'Why no notice is needed, e.g. risk assessed as unlikely: data encrypted, keys safe',
        missing: 'Say why this notification is not required: the rationale is part of the record.',
      };
    case 'delayed':
      return {
        label: 'Legal basis (required)',
        required: true,
        placeholder: 'The basis for the delay, e.g. written request from law enforcement, dated …',
        missing: 'Give the legal basis for the delay, e.g. a written law-enforcement request.',
      };
    default:
      return { label: 'Note', required: false, placeholder: 'Optional: reference, who sent it, where the copy is', missing: '' };
  }
}

export type DecisionErrors = { note?: string; sent_at?: string };

export function validateDecision(state: DecisionState, note: string, sentAt: string): DecisionErrors {
  const errors: DecisionErrors = {};
  const rule = noteRule(state);
  if (rule.required && note.trim() === '') errors.note = rule.missing;
  if (state === 'sent' && sentAt.trim() !== '' && !parseRfc3339(sentAt))
    errors.sent_at = `Write when it was sent as ${MOMENT_EXAMPLE}, or leave blank for now.`;
  return errors;
}

export const DECISION_LABELS: Record<DecisionState, string> = {
  pending: 'Pending',
  drafted: 'Drafted',
  sent: 'Sent',
  not_required: 'Not required',
  delayed: 'Delayed',
};

// ---- Summaries ----------------------------------------------------------------------------

export type ObligationCounts = { applies: number; possible: number; overdue: number; open: number; settled: number };

export function countObligations(list: readonly Obligation[], nowMs: number): ObligationCounts {
  const c: ObligationCounts = { applies: 0, possible: 0, overdue: 0, open: 0, settled: 0 };
  for (const o of list) {
    if (o.applicability === 'no_longer_applies') continue;
    if (o.applicability === 'applies') c.applies++;
    else c.possible++;
    if (isSettled(o.decision.state)) c.settled++;
    else {
      c.open++;
      if (o.due_utc && isOverdue(o.due_utc, nowMs)) c.overdue++;
    }
  }
  return c;
}

/** "300 people" / "1 person" / "number of people not known yet" for a place without a rule. */
export function peopleText(people: number | null): string {
  if (people === null) return 'number of people not known yet';
  return `${people.toLocaleString('en-GB')} ${people === 1 ? 'person' : 'people'}`;
}
