// Dev-only stand-in for the notification commands (see mock.ts): a handful of rules written
// the way the backend's rules file writes them (GDPR Art. 33 and 34, the proposed EU single
// entry point, UK GDPR, NIS2 with a follow-up clock, SEC 8-K, California), the same
// yes / no / "depends on an unknown fact" evaluation, decisions with the same required notes,
// and every change written to the incident's audit trail, which the timeline mock mirrors.

import type { Commands } from './api';
import { worded } from './mock-wording';
import { MOCK_JURISDICTIONS } from './mock-jurisdictions';
import { err, ok, protectedOutput } from './mock-result';
import { parseRfc3339 } from './time';
import type {
  Applicability,
  AuditEntry,
  DataCategory,
  Decision,
  FieldChange,
  Incident,
  IpcError,
  KeyMoment,
  NotificationFacts,
  NotifyCatalog,
  Obligation,
  ObligationsView,
  UncoveredJurisdiction,
  OrgProfile,
  ProfileFlag,
  Reminders,
  RiskLevel,
  RuleStatus,
  Source,
  UpcomingDeadline,
} from './types';
import { isValidZone, msToZonedRfc3339, wallToMs, zonedParts } from './zones';

type NotifyCommands = Pick<
  Commands,
  | 'notifyCatalog'
  | 'notifyView'
  | 'notifySetFacts'
  | 'notifyDecide'
  | 'notifySuggestIcsPath'
  | 'notifyExportIcs'
  | 'notifyUpcoming'
  | 'orgProfileGet'
  | 'orgProfileSet'
  | 'remindersGet'
  | 'remindersSet'
>;

type Deps = {
  incidents: () => Incident[];
  /** The incident's audit list; entries pushed here show on its timeline. */
  audit: (incidentId: string) => AuditEntry[] | undefined;
  actor: string;
  newId: () => string;
};

const later = <T>(v: T, ms = 70) => new Promise<T>((r) => setTimeout(() => r(v), ms));

export const DISCLAIMER =
  'These rules summarise the law in our own words and can be wrong or out of date. Confirm every obligation, deadline and exemption with counsel; each rule shows its source and the date it was last reviewed.';
const RULES_VERSION = '2026.11.1';
const RULES_REVIEWED = '2026-11-22';

const sentence = (code: string) => {
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};
const choice = <T extends string>(value: T, label: string) => ({ value, label, detail: '' });

const PROFILE_LABELS: Record<ProfileFlag, string> = {
  sec_registrant: 'SEC registrant (files with the US SEC)',
  hipaa_covered_entity: 'HIPAA covered entity',
  hipaa_business_associate: 'HIPAA business associate',
  nis2_essential_entity: 'NIS2 essential entity',
  nis2_important_entity: 'NIS2 important entity',
  nis2_trust_service_provider: 'NIS2 trust service provider',
  dora_financial_entity: 'DORA financial entity',
  nydfs_covered_entity: 'NYDFS covered entity (23 NYCRR 500)',
  card_merchant: 'Payment card merchant',
  card_service_provider: 'Payment card service provider',
  cert_in_entity: 'Service provider or body corporate in India (CERT-In)',
  india_data_fiduciary: "Data fiduciary under India's DPDP Act",
  au_app_entity: "APP entity under Australia's Privacy Act",
  au_soci_responsible_entity: 'Responsible entity for an Australian critical asset (SOCI)',
  au_business_over_3m: 'Business with Australian turnover over A$3 million',
  us_critical_infrastructure: 'US critical-infrastructure entity (CIRCIA)',
  processor_for_affected_data: 'We process the affected data for another organisation (processor)',
  br_small_agent: "Small processing agent under Brazil's LGPD",
};

const DATA_LABELS: Record<DataCategory, string> = {
  personal_data: 'Personal data',
  special_category: 'Special-category data (GDPR Art. 9)',
  health: 'Health information',
  genetic: 'Genetic data',
  biometric: 'Biometric data',
  payment_card: 'Payment card data',
  financial_account: 'Financial account numbers',
  account_credentials: 'Account credentials (username and password)',
  government_id: 'Government identifiers (SSN, passport, driving licence)',
  children: "Children's data",
};

const MOMENT_LABELS: Record<KeyMoment, string> = {
  detected: 'Detected',
  aware_personal_data_breach: 'Became aware of a personal-data breach',
  breach_determined: 'Determined that a breach occurred',
  materiality_determined: 'Determined the incident is material',
  classified_major: 'Classified as major / significant',
  ransom_paid: 'Ransom paid',
};

export const NOTIFY_CATALOG: NotifyCatalog = {
  jurisdictions: MOCK_JURISDICTIONS,
  profile_flags: (Object.keys(PROFILE_LABELS) as ProfileFlag[]).map((f) => choice(f, PROFILE_LABELS[f])),
  data_categories: (Object.keys(DATA_LABELS) as DataCategory[]).map((d) => choice(d, DATA_LABELS[d])),
  moments: (Object.keys(MOMENT_LABELS) as KeyMoment[]).map((m) => choice(m, MOMENT_LABELS[m])),
  answers: (['unknown', 'yes', 'no'] as const).map((a) => choice(a, sentence(a))),
  risk_levels: (['unknown', 'unlikely', 'risk', 'high'] as const).map((r) => choice(r, sentence(r))),
  service_impacts: (['unknown', 'none', 'relevant', 'significant'] as const).map((s) => choice(s, sentence(s))),
  decision_states: [
    choice('pending', 'Pending'),
    choice('drafted', 'Drafted'),
    choice('sent', 'Sent'),
    choice('not_required', 'Not required'),
    choice('delayed', 'Delayed'),
  ],
};

// ---- Evaluation: the backend's yes / no / unknown, reduced to what the mock rules use -----

type Tri = 'yes' | 'no' | 'unknown';
type Verdict = { state: Tri; reasons: string[]; depends_on: string[] };

const v = (state: Tri, reason: string): Verdict =>
  state === 'unknown' ? { state, reasons: [], depends_on: [reason] } : { state, reasons: [reason], depends_on: [] };

function all(parts: Verdict[]): Verdict {
  const no = parts.find((p) => p.state === 'no');
  if (no) return no;
  return {
    state: parts.some((p) => p.state === 'unknown') ? 'unknown' : 'yes',
    reasons: parts.flatMap((p) => p.reasons),
    depends_on: parts.flatMap((p) => p.depends_on),
  };
}

const EU27 = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];
const EEA = [...EU27, 'EU', 'IS', 'LI', 'NO'];
const nameOf = (code: string) => MOCK_JURISDICTIONS.find((j) => j.code === code)?.name ?? code;

/** Every place a rule below names (the core reads them from the rules file). */
const COVERED = [...EEA, 'GB', 'US-CA'];

function uncovered(f: NotificationFacts): UncoveredJurisdiction[] {
  return (f.jurisdictions ?? [])
    .filter((j) => !COVERED.includes(j.code))
    .map((j) => ({
      code: j.code,
      name: nameOf(j.code),
      people: j.people ?? null,
      note: `No rule for ${j.code} (${nameOf(j.code)}) in Firebreak's reference — check with counsel.`,
    }));
}

function place(f: NotificationFacts, codes: string[], group: string): Verdict {
  const js = f.jurisdictions ?? [];
  const hit = js.find((j) => codes.includes(j.code));
  if (hit) return v('yes', `people affected in ${nameOf(hit.code)}`);
  if (js.length === 0) return v('unknown', 'where the affected people live (no jurisdictions recorded)');
  return v('no', `no one affected in ${group}`);
}

function data(f: NotificationFacts, cats: DataCategory[]): Verdict {
  const got = f.data_categories ?? [];
  // Every category counts as personal data too.
  const hit = cats.find((c) => got.includes(c)) ?? (cats.includes('personal_data') ? got[0] : undefined);
  if (hit) return v('yes', `data affected: ${DATA_LABELS[hit]}`);
  if (got.length === 0) return v('unknown', 'what data was affected (no data categories recorded)');
  return v('no', `none of: ${cats.map((c) => DATA_LABELS[c]).join(', ')} affected`);
}

function profile(f: NotificationFacts, flags: ProfileFlag[]): Verdict {
  const hit = flags.find((p) => f.profile?.flags?.includes(p));
  return hit ? v('yes', `organisation: ${PROFILE_LABELS[hit]}`) : v('no', `organisation is not: ${flags.map((p) => PROFILE_LABELS[p]).join(' / ')}`);
}

function notProfile(f: NotificationFacts, flag: ProfileFlag): Verdict[] {
  return f.profile?.flags?.includes(flag) ? [v('no', `organisation: ${PROFILE_LABELS[flag]}`)] : [];
}

function risk(f: NotificationFacts, atLeast: RiskLevel): Verdict {
  const rank = (r: RiskLevel) => (r === 'high' ? 2 : r === 'risk' ? 1 : 0);
  const got = f.risk_to_people ?? 'unknown';
  if (got === 'unknown') return v('unknown', 'the risk to the people affected');
  return rank(got) >= rank(atLeast)
    ? v('yes', `risk to people assessed as ${got}`)
    : v('no', `risk to people assessed as ${got}, below ${atLeast}`);
}

function encryption(f: NotificationFacts): Verdict {
  const enc = f.encrypted ?? 'unknown';
  const keys = f.keys_safe ?? 'unknown';
  if (enc === 'yes' && keys === 'yes') return v('no', 'exempt: the data was encrypted and the keys are safe');
  if (enc === 'no') return v('yes', 'the data was not encrypted');
  if (keys === 'no') return v('yes', 'the encryption keys were compromised');
  return v('unknown', 'whether the data was encrypted with the keys safe (safe harbour)');
}

function peopleMoreThan(f: NotificationFacts, code: string, n: number): Verdict {
  const rows = (f.jurisdictions ?? []).filter((j) => j.code === code);
  const known = rows.reduce((s, j) => s + (j.people ?? 0), 0);
  const unknown = rows.some((j) => j.people == null);
  const name = nameOf(code);
  if (known > n) return v('yes', `people affected in ${name}: ${known} > ${n}`);
  if (unknown) return v('unknown', `how many people in ${name} are affected (threshold > ${n})`);
  return v('no', `people affected in ${name}: ${known}, threshold > ${n}`);
}

// ---- Rules ---------------------------------------------------------------------------------

type Count = { hours?: number; businessDays?: number; months?: number };

type MockRule = {
  id: string;
  regime: string;
  title: string;
  citation: string;
  recipient: string;
  audience: string;
  status: RuleStatus;
  trigger: KeyMoment | `sent:${string}`;
  wording: string;
  count: Count;
  zone?: string;
  cutoff?: [number, number];
  summary: string;
  follow_ups: string[];
  sources: Source[];
  when: (f: NotificationFacts) => Verdict;
  /** GDPR one-stop shop: lead authority, or one obligation per member state (core: one_stop.rs). */
  oneStopShop?: boolean;
};

const GDPR_SOURCES: Source[] = [
  { ref: 'S1', title: 'GDPR Art. 33/34 texts and guides', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
  { ref: 'S2', title: 'EDPB Guidelines 9/2022 summaries' },
];
const CA_DATA: DataCategory[] = ['personal_data', 'government_id', 'financial_account', 'payment_card', 'account_credentials', 'health', 'biometric'];

/** The rule behind an obligation id (`<rule>@<state>` for one member state). */
const ruleOf = (id: string): MockRule | undefined => RULES.find((r) => r.id === id.split('@')[0]);

const RULES: MockRule[] = [
  {
    id: 'gdpr-33-authority',
    regime: 'GDPR',
    title: 'Notify the lead supervisory authority',
    citation: 'GDPR Art. 33(1); EDPB Guidelines 9/2022 §73',
    recipient: 'Lead supervisory authority',
    audience: 'regulator',
    status: 'in_force',
    trigger: 'aware_personal_data_breach',
    wording: 'Without undue delay and, where feasible, within 72 hours of becoming aware',
    count: { hours: 72 },
    oneStopShop: true,
    summary:
      'A controller must report a personal data breach to the competent data protection authority without undue delay and, where it can, within 72 hours of becoming aware. With a main establishment in the EU, that is the lead authority; without one, the authority of every member state where affected people live.',
    follow_ups: [
      'Details may be sent in stages as they become known (Art. 33(4))',
      'Record every breach in the internal breach register, reported or not (Art. 33(5))',
    ],
    sources: GDPR_SOURCES,
    when: (f) => all([place(f, EEA, 'the EU/EEA'), ...notProfile(f, 'processor_for_affected_data'), data(f, ['personal_data']), risk(f, 'risk')]),
  },
  {
    id: 'gdpr-34-individuals',
    regime: 'GDPR',
    title: 'Tell affected people about a high-risk breach',
    citation: 'GDPR Art. 34',
    recipient: 'Affected data subjects',
    audience: 'individuals',
    status: 'in_force',
    trigger: 'aware_personal_data_breach',
    wording: 'Without undue delay (no fixed hour count)',
    count: {},
    summary:
      'If the breach is likely to put people at high risk, the controller must tell them directly without undue delay; there is no fixed hour count. Not needed if the data was unreadable to others (for example encrypted with keys that stayed safe) or if later steps removed the high risk.',
    follow_ups: ['If telling each person would take disproportionate effort, use an equally effective public notice'],
    sources: GDPR_SOURCES.slice(0, 1),
    when: (f) =>
      all([place(f, EEA, 'the EU/EEA'), ...notProfile(f, 'processor_for_affected_data'), data(f, ['personal_data']), risk(f, 'high'), encryption(f)]),
  },
  {
    id: 'eu-omnibus-authority-proposed',
    regime: 'GDPR',
    title: 'Proposed: report through the EU single entry point',
    citation: 'EU Digital Omnibus proposal (Nov 2025)',
    recipient: 'ENISA single entry point (proposed)',
    audience: 'regulator',
    status: 'proposed',
    trigger: 'aware_personal_data_breach',
    wording: 'Proposed: within 96 hours of becoming aware (not law)',
    count: { hours: 96 },
    summary:
      'The Commission has proposed that high-risk breaches be reported once, through a single EU entry point, within 96 hours. This is a proposal, not law: follow Art. 33 until it is adopted.',
    follow_ups: [],
    sources: [{ ref: 'S3', title: 'Digital Omnibus proposal summaries' }],
    when: (f) => all([place(f, EEA, 'the EU/EEA'), ...notProfile(f, 'processor_for_affected_data'), data(f, ['personal_data']), risk(f, 'high')]),
  },
  {
    id: 'uk-gdpr-ico',
    regime: 'UK GDPR',
    title: 'Notify the ICO',
    citation: 'UK GDPR Art. 33',
    recipient: "Information Commissioner's Office",
    audience: 'regulator',
    status: 'in_force',
    trigger: 'aware_personal_data_breach',
    wording: 'Without undue delay and, where feasible, within 72 hours of becoming aware',
    count: { hours: 72 },
    summary: 'UK GDPR keeps the EU rule: report a breach that is likely to put people at risk to the ICO within 72 hours of becoming aware.',
    follow_ups: [],
    sources: [{ ref: 'S4', title: 'ICO guide to personal data breaches', url: 'https://ico.org.uk/for-organisations/report-a-breach/' }],
    when: (f) => all([place(f, ['GB'], 'the United Kingdom'), data(f, ['personal_data']), risk(f, 'risk')]),
  },
  {
    id: 'nis2-incident-notification',
    regime: 'NIS2',
    title: 'Incident notification to the CSIRT',
    citation: 'NIS2 Art. 23(4)(b)',
    recipient: 'National CSIRT or competent authority',
    audience: 'regulator',
    status: 'in_force',
    trigger: 'classified_major',
    wording: 'Within 72 hours of becoming aware of a significant incident',
    count: { hours: 72 },
    summary: 'Essential and important entities update the early warning with an initial assessment of the incident, its severity and impact within 72 hours.',
    follow_ups: ['Intermediate reports on request', 'Final report within one month of this notification'],
    sources: [{ ref: 'S9', title: 'NIS2 Directive Art. 23 summaries' }],
    when: (f) => all([place(f, EEA, 'the EU/EEA'), profile(f, ['nis2_essential_entity', 'nis2_important_entity'])]),
  },
  {
    id: 'nis2-final-report',
    regime: 'NIS2',
    title: 'Final report to the CSIRT',
    citation: 'NIS2 Art. 23(4)(d)',
    recipient: 'National CSIRT or competent authority',
    audience: 'regulator',
    status: 'in_force',
    trigger: 'sent:nis2-incident-notification',
    wording: 'No later than one month after the incident notification',
    count: { months: 1 },
    summary: 'A final report with a detailed description, root cause, mitigations and cross-border impact, one month after the incident notification.',
    follow_ups: [],
    sources: [{ ref: 'S9', title: 'NIS2 Directive Art. 23 summaries' }],
    when: (f) => all([place(f, EEA, 'the EU/EEA'), profile(f, ['nis2_essential_entity', 'nis2_important_entity'])]),
  },
  {
    id: 'sec-8k-item-1-05',
    regime: 'SEC',
    title: 'File Form 8-K Item 1.05',
    citation: 'Form 8-K Item 1.05; 17 CFR 232.13',
    recipient: 'SEC (public EDGAR filing)',
    audience: 'public_filing',
    status: 'in_force',
    trigger: 'materiality_determined',
    wording: 'Within 4 business days after determining the incident is material',
    count: { businessDays: 4 },
    zone: 'America/New_York',
    cutoff: [17, 30],
    summary:
      'A registrant must file a Form 8-K within 4 business days of deciding that a cybersecurity incident is material, and must make that decision without unreasonable delay after discovery. The decision day is day 0; weekends, US federal holidays and days EDGAR is closed do not count.',
    follow_ups: [
      'Amend the 8-K within 4 business days once information missing from it becomes available',
      'Filing may be delayed only on written notice from the US Attorney General (30 days, +30, +60)',
    ],
    sources: [
      { ref: 'S6', title: 'SEC 8-K Item 1.05 release and C&DIs', url: 'https://www.sec.gov/rules/final/2023/33-11216.pdf' },
      { ref: 'S7', title: '17 CFR 232.13; EDGAR closure notices' },
    ],
    when: (f) => all([profile(f, ['sec_registrant'])]),
  },
  {
    id: 'california-residents',
    regime: 'California',
    title: 'Notify affected California residents',
    citation: 'Cal. Civ. Code § 1798.82(a)',
    recipient: 'Affected California residents',
    audience: 'individuals',
    status: 'in_force',
    trigger: 'breach_determined',
    wording: 'In the most expedient time possible and without unreasonable delay',
    count: {},
    summary:
      'A business must notify California residents whose unencrypted personal information was, or is reasonably believed to have been, acquired by an unauthorised person. Encrypted data is exempt unless the key was also taken.',
    follow_ups: ['Use the model notice headings the statute requires'],
    sources: [{ ref: 'S12', title: 'California breach notification law summaries' }],
    when: (f) => all([place(f, ['US-CA'], 'California'), data(f, CA_DATA), encryption(f)]),
  },
  {
    id: 'california-attorney-general',
    regime: 'California',
    title: 'Send a sample notice to the Attorney General',
    citation: 'Cal. Civ. Code § 1798.82(f)',
    recipient: 'California Attorney General',
    audience: 'regulator',
    status: 'in_force',
    trigger: 'breach_determined',
    wording: 'No fixed period in our reference; at the time residents are notified',
    count: {},
    summary: 'If more than 500 California residents are notified, send a sample copy of the notice to the Attorney General electronically.',
    follow_ups: [],
    sources: [{ ref: 'S12', title: 'California breach notification law summaries' }],
    when: (f) => all([place(f, ['US-CA'], 'California'), data(f, CA_DATA), encryption(f), peopleMoreThan(f, 'US-CA', 500)]),
  },
];

// ---- Counting ------------------------------------------------------------------------------

const isoUtc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function dateParts(ms: number, zone: string) {
  const [y, mo, d] = zonedParts(ms, zone).date.split('-').map(Number);
  return { y, mo, d };
}

function addBusinessDays(y: number, mo: number, d: number, n: number) {
  const date = new Date(Date.UTC(y, mo - 1, d));
  let left = n;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const wd = date.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return { y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function dueMs(rule: MockRule, startMs: number, zone: string): number | null {
  const c = rule.count;
  if (c.hours !== undefined) return startMs + c.hours * 3_600_000;
  const [h, mi] = rule.cutoff ?? [23, 59];
  const s = rule.cutoff ? 0 : 59;
  const day = dateParts(startMs, zone);
  if (c.businessDays !== undefined) return wallToMs(zone, { ...addBusinessDays(day.y, day.mo, day.d, c.businessDays), h, mi, s });
  if (c.months !== undefined) {
    const end = new Date(Date.UTC(day.y, day.mo - 1 + c.months, day.d));
    return wallToMs(zone, { y: end.getUTCFullYear(), mo: end.getUTCMonth() + 1, d: end.getUTCDate(), h, mi, s });
  }
  return null;
}

function counting(rule: MockRule, zone: string): string {
  const c = rule.count;
  if (c.hours !== undefined) return `${c.hours} clock hours (weekends and holidays count)`;
  if (c.businessDays !== undefined)
    return `${c.businessDays} US federal business days after the trigger day (day 0), by ${rule.cutoff ? rule.cutoff.map((n) => String(n).padStart(2, '0')).join(':') : 'end of day'} ${zone}`;
  if (c.months !== undefined) return `${c.months} month${c.months === 1 ? '' : 's'}, to the end of the last day in ${zone}`;
  return 'No fixed period: the law says only what the deadline wording says';
}

function triggerLabel(trigger: string): string {
  if (trigger.startsWith('sent:')) {
    const id = trigger.slice(5);
    return `Sent: ${RULES.find((r) => r.id === id)?.title ?? id}`;
  }
  return MOMENT_LABELS[trigger as KeyMoment] ?? trigger;
}

// ---- The store -----------------------------------------------------------------------------

type Row = { applicability: Applicability; due_utc: string | null; decision: Decision };
type State = { facts: NotificationFacts | null; rows: Map<string, Row> };

const emptyDecision = (): Decision => ({ state: 'pending', note: '', sent_at: null, decided_by: '', decided_at: null });

function normaliseFacts(f: NotificationFacts, orgProfile: OrgProfile): NotificationFacts {
  return {
    jurisdictions: (f.jurisdictions ?? []).map((j) => ({ code: j.code, people: j.people ?? null })),
    data_categories: [...(f.data_categories ?? [])],
    encrypted: f.encrypted ?? 'unknown',
    keys_safe: f.keys_safe ?? 'unknown',
    risk_to_people: f.risk_to_people ?? 'unknown',
    significant_harm: f.significant_harm ?? 'unknown',
    critical_service_impact: f.critical_service_impact ?? 'unknown',
    profile: {
      flags: [...(f.profile?.flags ?? orgProfile.flags ?? [])],
      home_zone: f.profile?.home_zone ?? null,
      eu_main_establishment: f.profile?.eu_main_establishment ?? orgProfile.eu_main_establishment ?? 'unknown',
      eu_main_establishment_state: f.profile?.eu_main_establishment_state ?? orgProfile.eu_main_establishment_state ?? null,
    },
    moments: {
      detected: null,
      aware_personal_data_breach: f.moments?.aware_personal_data_breach ?? null,
      breach_determined: f.moments?.breach_determined ?? null,
      materiality_determined: f.moments?.materiality_determined ?? null,
      classified_major: f.moments?.classified_major ?? null,
      ransom_paid: f.moments?.ransom_paid ?? null,
    },
  };
}

type Derived = { rule: MockRule; id: string; title: string; recipient: string; verdict: Verdict; due: string | null };
type Variant = { id: string; title: string; recipient: string; reason: string | null };

const NO_MAIN =
  'no EU main establishment: every supervisory authority where affected people live is told, each within the same deadline (an EU representative does not make one lead authority)';

function perState(rule: MockRule, state: string): Variant {
  if (state === 'EU')
    return {
      id: `${rule.id}@EU`,
      title: 'Notify the supervisory authorities of the member states concerned',
      recipient: 'Supervisory authority of each member state where affected people live (member states not recorded yet)',
      reason: NO_MAIN,
    };
  const name = nameOf(state);
  return { id: `${rule.id}@${state}`, title: `Notify the supervisory authority of ${name}`, recipient: `Supervisory authority of ${name}`, reason: NO_MAIN };
}

/** The obligation an id names (`<rule>@<state>` for one member state). */
export function variantForId(rule: MockRule, id: string): Variant {
  const at = id.indexOf('@');
  return at < 0 ? { id: rule.id, title: rule.title, recipient: rule.recipient, reason: null } : perState(rule, id.slice(at + 1));
}

/** Mirrors notify/one_stop.rs: which obligations a rule gives for these facts. */
export function variants(rule: MockRule, f: NotificationFacts): Variant[] {
  const plain: Variant = { id: rule.id, title: rule.title, recipient: rule.recipient, reason: null };
  if (!rule.oneStopShop) return [plain];
  const answer = f.profile?.eu_main_establishment ?? 'unknown';
  if (answer === 'yes') {
    const st = f.profile?.eu_main_establishment_state ?? null;
    return [
      st
        ? { ...plain, recipient: `Lead supervisory authority (${nameOf(st)})`, reason: `main establishment in ${nameOf(st)}: its authority leads` }
        : {
            ...plain,
            recipient: 'Lead supervisory authority (member state of the main establishment not recorded)',
            reason: 'main establishment in the EU: one lead authority (record which member state)',
          },
    ];
  }
  if (answer === 'unknown')
    return [
      {
        ...plain,
        title: 'Notify the lead supervisory authority, or each one concerned',
        recipient: 'Lead supervisory authority, or the authority of each member state concerned',
        reason:
          'EU main establishment not recorded: without one, every supervisory authority where affected people live must be told, each within the same deadline; answer it in the organisation profile',
      },
    ];
  const states = (f.jurisdictions ?? []).map((j) => j.code).filter((c) => EEA.includes(c) || c === 'EU');
  if (!states.length)
    return [
      {
        ...plain,
        title: 'Notify the supervisory authority of each member state concerned',
        recipient: 'Supervisory authority of every member state where affected people live',
        reason: NO_MAIN,
      },
    ];
  return states.map((c) => perState(rule, c));
}

export function createNotifyMock(deps: Deps): {
  commands: NotifyCommands;
  /** Seeds an incident's facts and decisions without writing the audit trail. */
  seed: (incidentId: string, facts: NotificationFacts, decisions?: Record<string, Partial<Decision>>) => void;
} {
  let orgProfile: OrgProfile = {
    flags: ['sec_registrant'],
    home_zone: 'Europe/Berlin',
    eu_main_establishment: 'unknown',
    eu_main_establishment_state: null,
  };
  let reminders: Reminders = { hours_before: 24, os_notifications: true };
  const states = new Map<string, State>();
  const find = (id: string) => deps.incidents().find((i) => i.id === id);
  const notFound = (id: string) => later(err('not_found', `No incident with id ${id}.`));

  const stateOf = (id: string): State => {
    let s = states.get(id);
    if (!s) states.set(id, (s = { facts: null, rows: new Map() }));
    return s;
  };

  function factsOf(inc: Incident): NotificationFacts {
    const s = stateOf(inc.id);
    const f = structuredClone(s.facts ?? normaliseFacts({ profile: structuredClone(orgProfile) }, orgProfile));
    f.moments = { ...f.moments, detected: inc.detected_at };
    return f;
  }

  function sentTimes(s: State): Map<string, string> {
    const out = new Map<string, string>();
    for (const [id, r] of s.rows) if (r.decision.state === 'sent' && r.decision.sent_at) out.set(id, r.decision.sent_at);
    return out;
  }

  function derive(f: NotificationFacts, sent: Map<string, string>): Derived[] {
    const out: Derived[] = [];
    const applied = new Map<string, Tri>();
    for (const rule of RULES) {
      const verdict = rule.when(f);
      if (rule.trigger.startsWith('sent:')) {
        const prev = applied.get(rule.trigger.slice(5));
        if (prev === 'unknown' && verdict.state !== 'no') verdict.state = 'unknown';
        else if (prev !== 'yes') verdict.state = 'no';
      }
      applied.set(rule.id, verdict.state);
      if (verdict.state === 'no') continue;
      const start = triggerAt(rule, f, sent);
      const zone = zoneFor(rule, f);
      const ms = start ? dueMs(rule, parseRfc3339(start)!.ms, zone) : null;
      for (const va of variants(rule, f)) {
        const vd = { ...verdict, reasons: va.reason ? [...verdict.reasons, va.reason] : [...verdict.reasons] };
        out.push({ rule, id: va.id, title: va.title, recipient: va.recipient, verdict: vd, due: ms === null ? null : isoUtc(ms) });
      }
    }
    return out;
  }

  const zoneFor = (rule: MockRule, f: NotificationFacts) => rule.zone ?? f.profile?.home_zone ?? 'UTC';
  const triggerAt = (rule: MockRule, f: NotificationFacts, sent: Map<string, string>): string | null =>
    rule.trigger.startsWith('sent:') ? (sent.get(rule.trigger.slice(5)) ?? null) : (f.moments?.[rule.trigger as KeyMoment] ?? null);

  function obligation(d: Derived, f: NotificationFacts, sent: Map<string, string>, applicability: Applicability, decision: Decision): Obligation {
    const { rule } = d;
    const zone = zoneFor(rule, f);
    return {
      rule_id: d.id,
      regime: rule.regime,
      title: d.title,
      citation: rule.citation,
      recipient: d.recipient,
      audience: rule.audience,
      rule_status: rule.status,
      applicability,
      reasons: d.verdict.reasons,
      depends_on: d.verdict.depends_on,
      trigger: rule.trigger,
      trigger_label: triggerLabel(rule.trigger),
      trigger_at: triggerAt(rule, f, sent),
      due_utc: d.due,
      due_local: d.due ? msToZonedRfc3339(parseRfc3339(d.due)!.ms, zone) : null,
      zone,
      deadline: rule.wording,
      counting: counting(rule, zone),
      fixed_period: Object.keys(rule.count).length > 0,
      summary: rule.summary,
      follow_ups: rule.follow_ups,
      sources: rule.sources,
      last_reviewed: RULES_REVIEWED,
      decision,
    };
  }

  function view(inc: Incident): ObligationsView {
    const s = stateOf(inc.id);
    const f = factsOf(inc);
    const sent = sentTimes(s);
    const derived = derive(f, sent);
    const list = derived.map((d) =>
      obligation(d, f, sent, d.verdict.state === 'unknown' ? 'possible' : 'applies', s.rows.get(d.id)?.decision ?? emptyDecision()),
    );
    for (const [id, row] of s.rows) {
      if (derived.some((d) => d.id === id)) continue;
      const rule = ruleOf(id);
      if (rule) list.push(obligation({ rule, ...variantForId(rule, id), verdict: rule.when(f), due: row.due_utc }, f, sent, 'no_longer_applies', row.decision));
    }
    list.sort((a, b) => {
      if ((a.due_utc === null) !== (b.due_utc === null)) return a.due_utc === null ? 1 : -1;
      const t = (a.due_utc ?? '').localeCompare(b.due_utc ?? '');
      return t || a.regime.localeCompare(b.regime) || a.rule_id.localeCompare(b.rule_id);
    });
    return { incident_id: inc.id, facts: f, obligations: list, uncovered: uncovered(f), rules_version: RULES_VERSION, rules_reviewed: RULES_REVIEWED, disclaimer: DISCLAIMER };
  }

  function record(inc: Incident, action: AuditEntry['action'], subject: string, note: string, changes: FieldChange[]) {
    deps.audit(inc.id)?.push(
      worded({
        id: deps.newId(),
        incident_id: inc.id,
        at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        actor: deps.actor,
        action,
        subject,
        note,
        changes,
      }),
    );
  }

  const subject = (rule: MockRule, id: string) => `${rule.regime} — ${variantForId(rule, id).title} (${id})`;
  const applText = (a: Applicability) => (a === 'no_longer_applies' ? 'no longer applies' : a);
  const dueText = (d: string | null) => d ?? 'no fixed time';

  /** Brings stored rows in line with the facts, writing each difference to the audit trail. */
  function sync(inc: Incident, why: string, audit: boolean) {
    const s = stateOf(inc.id);
    const f = factsOf(inc);
    const derived = derive(f, sentTimes(s));
    for (const d of derived) {
      const appl: Applicability = d.verdict.state === 'unknown' ? 'possible' : 'applies';
      const old = s.rows.get(d.id);
      const changes: FieldChange[] = [];
      if (old?.applicability !== appl) changes.push({ field: 'applicability', old: old ? applText(old.applicability) : null, new: applText(appl) });
      if (!old || old.due_utc !== d.due) changes.push({ field: 'due', old: old ? dueText(old.due_utc) : null, new: dueText(d.due) });
      if (!changes.length) continue;
      s.rows.set(d.id, { applicability: appl, due_utc: d.due, decision: old?.decision ?? emptyDecision() });
      const note = [why, ...d.verdict.reasons, ...(d.verdict.depends_on.length ? [`depends on: ${d.verdict.depends_on.join('; ')}`] : [])];
      if (audit) record(inc, !old || old.applicability === 'no_longer_applies' ? 'obligation_added' : 'obligation_changed', subject(d.rule, d.id), note.join('; '), changes);
    }
    for (const [id, row] of s.rows) {
      if (derived.some((d) => d.id === id) || row.applicability === 'no_longer_applies') continue;
      const rule = ruleOf(id)!;
      const verdict = rule.when(f);
      const because =
        verdict.state === 'no'
          ? verdict.reasons.join('; ')
          : rule.oneStopShop
            ? "the organisation's EU main establishment changed who must be told"
            : 'the obligation it follows no longer applies';
      const was = row.applicability;
      row.applicability = 'no_longer_applies';
      if (audit)
        record(inc, 'obligation_removed', subject(rule, id), `${why}; ${because}; decision kept: ${row.decision.state}`, [
          { field: 'applicability', old: applText(was), new: applText('no_longer_applies') },
        ]);
    }
  }

  function validateFacts(f: NotificationFacts): IpcError | null {
    const seen = new Set<string>();
    for (const j of f.jurisdictions ?? []) {
      if (!MOCK_JURISDICTIONS.some((x) => x.code === j.code))
        return { code: 'validation', message: `"${j.code}" is not a jurisdiction code (ISO 3166-1, US-XX or EU)`, field: 'jurisdictions' };
      if (seen.has(j.code)) return { code: 'validation', message: `${j.code} is listed twice`, field: 'jurisdictions' };
      seen.add(j.code);
      if (j.people != null && (!Number.isInteger(j.people) || j.people < 0))
        return { code: 'validation', message: 'people must be a whole number', field: 'jurisdictions' };
    }
    for (const [m, at] of Object.entries(f.moments ?? {})) {
      if (m === 'detected' || at == null) continue;
      if (!parseRfc3339(at)) return { code: 'validation', message: `"${at}" is not an RFC 3339 time with an offset`, field: `moments.${m}` };
    }
    const zone = f.profile?.home_zone;
    if (zone && !isValidZone(zone)) return { code: 'validation', message: `"${zone}" is not an IANA time zone`, field: 'profile.home_zone' };
    return null;
  }

  function factsChanges(a: NotificationFacts, b: NotificationFacts): FieldChange[] {
    const text = (x: unknown) => (x == null ? null : typeof x === 'string' ? x : JSON.stringify(x));
    const out: FieldChange[] = [];
    for (const k of ['jurisdictions', 'data_categories', 'encrypted', 'keys_safe', 'risk_to_people', 'significant_harm', 'critical_service_impact', 'profile'] as const) {
      const o = text(a[k]);
      const n = text(b[k]);
      if (o !== n) out.push({ field: k, old: o, new: n });
    }
    for (const m of Object.keys(MOMENT_LABELS) as KeyMoment[]) {
      if (m === 'detected') continue;
      const o = a.moments?.[m] ?? null;
      const n = b.moments?.[m] ?? null;
      if (o !== n) out.push({ field: `moments.${m}`, old: o, new: n });
    }
    return out;
  }

  function upcoming(limit: number): UpcomingDeadline[] {
    const out: UpcomingDeadline[] = [];
    for (const inc of deps.incidents().filter((i) => i.status === 'open')) {
      for (const o of view(inc).obligations) {
        const open = o.decision.state !== 'sent' && o.decision.state !== 'not_required' && o.applicability !== 'no_longer_applies';
        if (!open || !o.due_utc) continue;
        out.push({
          incident_id: inc.id,
          incident_title: inc.title,
          rule_id: o.rule_id,
          regime: o.regime,
          title: o.title,
          recipient: o.recipient,
          due_utc: o.due_utc,
          applicability: o.applicability,
          decision: o.decision.state,
        });
      }
    }
    out.sort((a, b) => a.due_utc.localeCompare(b.due_utc) || a.rule_id.localeCompare(b.rule_id));
    return out.slice(0, limit);
  }

  const commands: NotifyCommands = {
    notifyCatalog: async () => later(ok(NOTIFY_CATALOG), 40),
    notifyView: async (incidentId) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      return later(ok(view(inc)));
    },
    notifySetFacts: async (incidentId, facts) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const bad = validateFacts(facts);
      if (bad) return later(err(bad.code, bad.message, bad.field));
      const before = factsOf(inc);
      // Copies: the caller's objects may be reactive proxies, which structuredClone refuses.
      const after = normaliseFacts(JSON.parse(JSON.stringify(facts)) as NotificationFacts, orgProfile);
      after.moments = { ...after.moments, detected: inc.detected_at };
      const changes = factsChanges(before, after);
      if (changes.length) {
        stateOf(inc.id).facts = after;
        record(inc, 'notification_facts_changed', 'notification facts', '', changes);
        sync(inc, `notification facts changed (${changes.map((c) => c.field).join(', ')})`, true);
      }
      return later(ok(view(inc)));
    },
    notifyDecide: async (incidentId, input) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const note = (input.note ?? '').trim();
      if (input.state === 'not_required' && !note)
        return later(err('validation', 'say why this notification is not required (the rationale is part of the record)', 'note'));
      if (input.state === 'delayed' && !note)
        return later(err('validation', "give the legal basis for the delay (e.g. the US Attorney General's written request)", 'note'));
      let sentAt: string | null = null;
      if (input.state === 'sent') {
        const given = input.sent_at?.trim();
        if (given && !parseRfc3339(given)) return later(err('validation', `"${given}" is not an RFC 3339 time with an offset`, 'sent_at'));
        sentAt = given || new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      }
      const s = stateOf(inc.id);
      let row = s.rows.get(input.rule_id);
      if (!row) {
        const o = view(inc).obligations.find((x) => x.rule_id === input.rule_id);
        if (!o) return later(err('not_found', `No obligation ${input.rule_id} on this incident.`));
        row = { applicability: o.applicability, due_utc: o.due_utc, decision: emptyDecision() };
        s.rows.set(input.rule_id, row);
      }
      const old = row.decision.state;
      row.decision = { state: input.state, note, sent_at: sentAt, decided_by: deps.actor, decided_at: new Date().toISOString() };
      const changes: FieldChange[] = [{ field: 'decision', old, new: input.state }];
      if (sentAt) changes.push({ field: 'sent_at', old: null, new: sentAt });
      const rule = ruleOf(input.rule_id);
      record(inc, 'obligation_decided', rule ? subject(rule, input.rule_id) : input.rule_id, note, changes);
      sync(inc, `decision on ${input.rule_id} changed`, true);
      return later(ok(view(inc)));
    },
    notifySuggestIcsPath: async (incidentId) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const slug = inc.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
      return later(ok(`/home/dana/Documents/Firebreak/${slug}-deadlines.ics`));
    },
    notifyExportIcs: async (incidentId, path) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const p = path.trim();
      if (!p) return later(err('validation', 'choose where to save the calendar', 'path'));
      if (!p.startsWith('/')) return later(err('io', `cannot write ${p}: not an absolute path`));
      const guarded = protectedOutput(p);
      if (guarded) return later(guarded);
      const items = view(inc).obligations.filter((o) => o.due_utc && o.applicability !== 'no_longer_applies').length;
      return later(ok({ path: p, bytes: 420 + items * 610, items }), 300);
    },
    notifyUpcoming: async (limit) => later(ok(upcoming(limit)), 40),
    orgProfileGet: async () => later(ok(orgProfile)),
    orgProfileSet: async (p) => {
      if (p.home_zone && !isValidZone(p.home_zone)) return later(err('validation', `"${p.home_zone}" is not an IANA time zone`, 'home_zone'));
      const state = p.eu_main_establishment_state ?? null;
      if (state && (state === 'EU' || !EEA.includes(state)))
        return later(err('validation', `"${state}" is not an EU/EEA member state: use its ISO code (IE, DE, NL…)`, 'eu_main_establishment_state'));
      orgProfile = {
        flags: [...(p.flags ?? [])],
        home_zone: p.home_zone ?? null,
        eu_main_establishment: p.eu_main_establishment ?? 'unknown',
        eu_main_establishment_state: state,
      };
      return later(ok(orgProfile));
    },
    remindersGet: async () => later(ok(reminders)),
    remindersSet: async (r) => {
      if (!Number.isInteger(r.hours_before) || r.hours_before < 1 || r.hours_before > 720)
        return later(err('validation', 'choose between 1 hour and 720 hours (30 days)', 'hours_before'));
      reminders = { hours_before: r.hours_before, os_notifications: r.os_notifications };
      return later(ok(reminders));
    },
  };

  function seed(incidentId: string, facts: NotificationFacts, decisions: Record<string, Partial<Decision>> = {}) {
    const inc = find(incidentId);
    if (!inc) return;
    const s = stateOf(incidentId);
    s.facts = normaliseFacts(facts, orgProfile);
    for (const [id, d] of Object.entries(decisions)) {
      s.rows.set(id, { applicability: 'applies', due_utc: null, decision: { ...emptyDecision(), decided_by: deps.actor, ...d } });
    }
    sync(inc, 'seed', false);
  }

  return { commands, seed };
}
