// Dev-only stand-in for the investigation and report commands (see mock.ts): evidence with a
// pretend hash (a path naming "tampered" changes on re-verification, "gone" disappears,
// "missing" is not there to begin with), an append-only custody log, indicators deduplicated
// by type and normal form, assets and a root cause guarded by revisions, lessons with real
// dates, links checked both ends, metrics never guessed, and reports built from it all. Every
// change is written to the incident's audit trail, which the timeline mock mirrors.

import type { Commands } from './api';
import { worded } from './mock-wording';
import { CUSTODY_LABELS } from './investigation';
import { buildReport } from './mock-report';
import { checkCandidates, intelFile } from './mock-intel';
import { detect, extract, IOC_LABELS, parseAs } from './mock-ioc';
import { CAPS, err, later, ok, protectedOutput, sleep, tooLarge } from './mock-result';
import { parseRfc3339, toRfc3339 } from './time';
import type {
  ActionItem,
  IocType,
  Asset,
  AssetKind,
  AuditAction,
  AuditEntry,
  Compromise,
  Containment,
  CustodyAction,
  EvidenceItem,
  FieldChange,
  Finding,
  Hypothesis,
  HypothesisStatus,
  Incident,
  Indicator,
  InitialAccessState,
  IntelItem,
  IntelPreview,
  InvestigationCatalog,
  IpcError,
  Link,
  LinkFrom,
  LinkTo,
  Metric,
  NewEvidence,
  NewIndicator,
  NextStep,
  Obligation,
  Progress,
  RootCause,
  Tlp,
  Workspace,
} from './types';

type InvestigationCommands = Pick<
  Commands,
  | 'investigationCatalog'
  | 'investigationWorkspace'
  | 'investigationSuggestPath'
  | 'evidenceAdd'
  | 'evidenceCustody'
  | 'evidenceVerify'
  | 'evidenceCancelHashing'
  | 'indicatorsAdd'
  | 'indicatorsExtract'
  | 'indicatorsExport'
  | 'indicatorsImportPreview'
  | 'indicatorsImport'
  | 'assetAdd'
  | 'assetUpdate'
  | 'findingAdd'
  | 'hypothesisAdd'
  | 'hypothesisSet'
  | 'rootCauseSet'
  | 'actionItemAdd'
  | 'actionItemSet'
  | 'linkAdd'
  | 'reportDocument'
  | 'reportExport'
>;

type Deps = {
  incidents: () => Incident[];
  /** The incident's audit list; entries pushed here show on its timeline. */
  audit: (incidentId: string) => AuditEntry[] | undefined;
  actor: string;
  newId: () => string;
  /** The incident's initial-access mark (the timeline mock's), when wired. */
  initialAccess?: (incidentId: string) => InitialAccessState;
  /** The message of one of the incident's timeline entries, or null when it has none with that id. */
  timelineEntry?: (incidentId: string, entryId: string) => Promise<string | null>;
  /** Whether "playbook/step" is a step of one of the incident's runs. */
  stepExists?: (incidentId: string, ref: string) => boolean;
  /** For the reports: open obligations (soonest first) and the steps waiting. */
  obligations?: (incidentId: string) => Promise<Obligation[]>;
  nextSteps?: (incidentId: string) => Promise<NextStep[]>;
  /** The organisation's IANA zone for the incident (its facts, else the organisation's). */
  homeZone?: (incidentId: string) => Promise<string | null>;
  labels?: (incident: Incident) => { severity: string; type: string; phase: string; status: string };
  /** Milliseconds between progress reports while "hashing" (tests pass 0). */
  tickMs?: number;
};

const nowLocal = () => toRfc3339(Date.now(), -new Date().getTimezoneOffset());

const choice = <T extends string>(value: T, label: string) => ({ value, label, detail: '' });

const INITIAL_ACCESS: [string, string][] = [
  ['T1189', 'Drive-by Compromise'],
  ['T1190', 'Exploit Public-Facing Application'],
  ['T1133', 'External Remote Services'],
  ['T1200', 'Hardware Additions'],
  ['T1566', 'Phishing'],
  ['T1566.001', 'Phishing: Spearphishing Attachment'],
  ['T1566.002', 'Phishing: Spearphishing Link'],
  ['T1566.003', 'Phishing: Spearphishing via Service'],
  ['T1566.004', 'Phishing: Spearphishing Voice'],
  ['T1091', 'Replication Through Removable Media'],
  ['T1195', 'Supply Chain Compromise'],
  ['T1195.001', 'Supply Chain Compromise: Compromise Software Dependencies and Development Tools'],
  ['T1195.002', 'Supply Chain Compromise: Compromise Software Supply Chain'],
  ['T1195.003', 'Supply Chain Compromise: Compromise Hardware Supply Chain'],
  ['T1199', 'Trusted Relationship'],
  ['T1078', 'Valid Accounts'],
  ['T1078.001', 'Valid Accounts: Default Accounts'],
  ['T1078.002', 'Valid Accounts: Domain Accounts'],
  ['T1078.003', 'Valid Accounts: Local Accounts'],
  ['T1078.004', 'Valid Accounts: Cloud Accounts'],
  ['T1659', 'Content Injection'],
  ['T1669', 'Wi-Fi Networks'],
];

const TLP_LABELS: Record<Tlp, string> = { clear: 'TLP:CLEAR', green: 'TLP:GREEN', amber: 'TLP:AMBER', amber_strict: 'TLP:AMBER+STRICT', red: 'TLP:RED' };
const ASSET_LABELS: Record<AssetKind, string> = { host: 'Host', account: 'Account', service: 'Service', data_store: 'Data store', network: 'Network', application: 'Application' };
const COMPROMISE_LABELS: Record<Compromise, string> = { suspected: 'Suspected', confirmed: 'Confirmed', cleared: 'Cleared' };
const CONTAINMENT_LABELS: Record<Containment, string> = {
  not_started: 'Not contained',
  in_progress: 'Containment in progress',
  contained: 'Contained',
  not_needed: 'No containment needed',
};
const STATUS_LABELS: Record<HypothesisStatus, string> = { open: 'Open', supported: 'Supported', refuted: 'Refuted' };

export const INVESTIGATION_CATALOG: InvestigationCatalog = {
  ioc_types: (Object.keys(IOC_LABELS) as (keyof typeof IOC_LABELS)[]).map((t) => choice(t, IOC_LABELS[t])),
  tlp: (Object.keys(TLP_LABELS) as Tlp[]).map((t) => choice(t, TLP_LABELS[t])),
  asset_kinds: (Object.keys(ASSET_LABELS) as AssetKind[]).map((k) => choice(k, ASSET_LABELS[k])),
  compromise: (Object.keys(COMPROMISE_LABELS) as Compromise[]).map((k) => choice(k, COMPROMISE_LABELS[k])),
  containment: (Object.keys(CONTAINMENT_LABELS) as Containment[]).map((k) => choice(k, CONTAINMENT_LABELS[k])),
  custody_actions: (['collected', 'transferred', 'accessed', 'analysed', 'returned', 'destroyed'] as const).map((a) => choice(a, CUSTODY_LABELS[a])),
  hypothesis_statuses: (Object.keys(STATUS_LABELS) as HypothesisStatus[]).map((s) => choice(s, STATUS_LABELS[s])),
  initial_access: INITIAL_ACCESS.map(([id, name]) => choice(id, name)),
};

/** Not SHA-256: 64 stable hex digits derived from the text, so the UI has a hash to show. */
export function fakeSha256(text: string): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  for (let i = 0; i < 8; i++) {
    h = Math.imul(h ^ (h >>> 13) ^ i, 0x5bd1e995);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

/** A plausible size for a path: disk and memory images are gigabytes, documents kilobytes. */
function fakeSize(path: string): number {
  const n = parseInt(fakeSha256(path).slice(0, 6), 16);
  if (/\.(raw|mem|e01|img|vmdk|dd|aff4|vhdx?)$/i.test(path)) return 4 * 1024 ** 3 + (n % 12) * 1024 ** 3 + n;
  if (/\.(zip|7z|tar|gz|pcap|pcapng|evtx)$/i.test(path)) return 40 * 1024 ** 2 + n * 37;
  return 2048 + (n % 200_000);
}

/** "2 d 3 h", "45 min", "30 s": as the backend writes durations. */
export function human(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const parts: string[] = [];
  if (d > 0) parts.push(`${d} d`);
  if (h > 0) parts.push(`${h} h`);
  if (m > 0 && d === 0) parts.push(`${m} min`);
  return parts.length ? parts.join(' ') : `${d} d`;
}

type StoredLink = Link & { label: string };
type State = {
  evidence: EvidenceItem[];
  indicators: Indicator[];
  assets: Asset[];
  findings: Finding[];
  hypotheses: Hypothesis[];
  root_cause: RootCause | null;
  action_items: ActionItem[];
  links: StoredLink[];
};

type Bad = { error: IpcError };
const bad = (code: IpcError['code'], message: string, field: string | null = null): Bad => ({ error: { code, message, field } });
const isBad = (v: unknown): v is Bad => typeof v === 'object' && v !== null && 'error' in v && Object.keys(v).length === 1;
const fail = (b: Bad) => later(err(b.error.code, b.error.message, b.error.field));

const SHORT_MAX = 200;

function short(field: string, v: string | undefined | null): string | Bad {
  const t = (v ?? '').trim();
  if (t.length > SHORT_MAX) return bad('validation', `${field} is longer than ${SHORT_MAX} characters`, field);
  if (/[\u0000-\u001f]/.test(t)) return bad('validation', `${field} must be one line`, field);
  return t;
}

function moment(field: string, v: string | null | undefined): string | null | Bad {
  const t = (v ?? '').trim();
  if (t === '') return null;
  const i = parseRfc3339(t);
  if (!i) return bad('validation', `${field} must be RFC 3339 with an offset, like 2026-11-22T03:10:00+01:00 (got "${t}")`, field);
  return toRfc3339(i.ms, i.offsetMinutes);
}

const ms = (t: string) => parseRfc3339(t)?.ms ?? 0;

export function createInvestigationMock(deps: Deps) {
  const states = new Map<string, State>();
  const tick = deps.tickMs ?? 90;
  const find = (id: string) => deps.incidents().find((i) => i.id === id);
  const notFound = (id: string) => later(err('not_found', `No incident with id ${id}.`));

  const stateOf = (id: string): State => {
    let s = states.get(id);
    if (!s) {
      s = { evidence: [], indicators: [], assets: [], findings: [], hypotheses: [], root_cause: null, action_items: [], links: [] };
      states.set(id, s);
    }
    return s;
  };

  function audit(incidentId: string, action: AuditAction, subject: string, note: string, changes: FieldChange[], at = nowLocal(), headline?: string) {
    deps.audit(incidentId)?.push(worded({ id: deps.newId(), incident_id: incidentId, at, actor: deps.actor, action, subject, note, changes }, headline));
  }
  const change = (field: string, old: string | null, next: string | null): FieldChange => ({ field, old, new: next });

  // Hashes in progress; "cancel" stops them all, as the app's state does.
  let hashing = 0;
  let cancelRequested = false;

  /** Reports progress; false when the hash was cancelled part-way. */
  async function report(onProgress: { onmessage: (p: Progress) => void }, total: number, steps = 10) {
    hashing += 1;
    try {
      for (let i = 1; i <= steps; i++) {
        if (tick) await sleep(tick);
        if (cancelRequested) return false;
        onProgress.onmessage({ done: Math.round((total * i) / steps), total });
      }
      return true;
    } finally {
      hashing -= 1;
      if (hashing === 0) cancelRequested = false;
    }
  }

  const cancelled = (what: string) => later(err('cancelled', `hashing ${what} was cancelled`));

  /** From the event marked as initial access, never the oldest one on record. */
  function timeToDetect(inc: Incident): Metric {
    const start = deps.initialAccess?.(inc.id) ?? { mark: null, missing: 'the start is not yet established: mark the timeline event of the first malicious activity (initial access)' };
    const from = start.mark?.occurred_at ?? null;
    const base = { key: 'time_to_detect', label: 'Time to detect', from_label: 'Initial access (first malicious activity)', from, to_label: 'Detected', to: inc.detected_at };
    if (from === null) return { ...base, seconds: null, display: 'missing', missing: start.missing };
    const seconds = Math.round((ms(inc.detected_at) - ms(from)) / 1000);
    if (seconds < 0) return { ...base, seconds: null, display: 'missing', missing: 'Initial access (first malicious activity) is recorded after detected; check both times' };
    return { ...base, seconds, display: human(seconds), missing: '' };
  }

  function metrics(inc: Incident): Metric[] {
    const declared = Math.round((ms(inc.declared_at) - ms(inc.detected_at)) / 1000);
    const missing = (key: string, label: string, fromLabel: string, from: string | null, toLabel: string, why: string): Metric => ({
      key,
      label,
      from_label: fromLabel,
      from,
      to_label: toLabel,
      to: null,
      seconds: null,
      display: 'missing',
      missing: from === null ? `${fromLabel} is not on record: ${why}` : `not yet: ${why}`,
    });
    return [
      timeToDetect(inc),
      declared >= 0
        ? { key: 'time_to_declare', label: 'Time to declare', from_label: 'Detected', from: inc.detected_at, to_label: 'Declared', to: inc.declared_at, seconds: declared, display: human(declared), missing: '' }
        : { ...missing('time_to_declare', 'Time to declare', 'Detected', inc.detected_at, 'Declared', ''), to: inc.declared_at, missing: 'Detected is recorded after declared; check both times' },
      missing('time_to_contain', 'Time to contain', 'Detected', inc.detected_at, 'Contained (moved to eradication)', 'move the incident to Eradication when containment is achieved'),
      missing('time_to_eradicate', 'Time to eradicate', 'Detected', inc.detected_at, 'Eradicated (moved to recovery)', 'move the incident to Recovery when the threat is removed'),
      missing('time_to_recover', 'Time to recover', 'Detected', inc.detected_at, 'Recovered (moved to post-incident)', 'move the incident to Post-incident when operations are restored'),
      missing('time_to_notify', 'Time to notify', 'Detected', inc.detected_at, 'First regulatory notification sent', 'mark a notification obligation as sent'),
    ];
  }

  function workspace(inc: Incident): Workspace {
    const s = stateOf(inc.id);
    return {
      incident_id: inc.id,
      evidence: s.evidence,
      indicators: [...s.indicators].sort((a, b) => a.ioc_type.localeCompare(b.ioc_type) || a.value.localeCompare(b.value)),
      assets: [...s.assets].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.toLowerCase().localeCompare(b.name.toLowerCase())),
      findings: s.findings,
      hypotheses: s.hypotheses,
      root_cause: s.root_cause,
      action_items: [...s.action_items].sort((a, b) => a.due_date.localeCompare(b.due_date)),
      links: s.links.map(({ from_kind, from_id, to_kind, to_id }) => ({ from_kind, from_id, to_kind, to_id })),
      metrics: metrics(inc),
    };
  }

  // ---- Evidence ----------------------------------------------------------------------

  type CheckedEvidence = Omit<EvidenceItem, 'id' | 'incident_id' | 'status' | 'checked_at' | 'added_by' | 'custody'>;

  function checkEvidence(input: NewEvidence): CheckedEvidence | Bad {
    const label = short('label', input.label);
    if (isBad(label)) return label;
    if (label === '') return bad('validation', 'name the evidence item: a label is required', 'label');
    const source = short('source_system', input.source_system);
    if (isBad(source)) return source;
    const location = short('storage_location', input.storage_location);
    if (isBad(location)) return location;
    const by = short('collected_by', input.collected_by);
    if (isBad(by)) return by;
    const at = moment('collected_at', input.collected_at);
    if (isBad(at)) return at;
    const path = (input.path ?? '').trim();
    const reported = (input.sha256 ?? '').trim().toLowerCase();
    const base = {
      label,
      description: (input.description ?? '').trim(),
      source_system: source,
      collected_by: by || deps.actor,
      collected_at: at ?? nowLocal(),
      storage_location: location,
    };
    if (path) {
      if (reported) return bad('validation', 'a file is hashed here; give a SHA-256 only for a reference to evidence held elsewhere', 'sha256');
      if (/missing/i.test(path)) return bad('validation', `no file at ${path}`, 'path');
      return { ...base, kind: 'file', path, sha256: fakeSha256(path), size_bytes: fakeSize(path) };
    }
    if (reported && !/^[0-9a-f]{64}$/.test(reported)) return bad('validation', `"${reported}" is not a SHA-256 (64 hexadecimal digits)`, 'sha256');
    if (location === '') return bad('validation', 'say where evidence held elsewhere is kept (vault, vendor, case number)', 'storage_location');
    return { ...base, kind: 'reference', path: '', sha256: reported || null, size_bytes: null };
  }

  function storeEvidence(inc: Incident, c: CheckedEvidence): EvidenceItem {
    const id = deps.newId();
    const item: EvidenceItem = {
      ...c,
      id,
      incident_id: inc.id,
      status: 'unverified',
      checked_at: null,
      added_by: deps.actor,
      custody: [
        {
          id: deps.newId(),
          seq: 1,
          action: 'collected',
          actor: c.collected_by,
          at: c.collected_at,
          location: c.storage_location,
          purpose: c.source_system,
          observed_sha256: null,
          recorded_by: deps.actor,
        },
      ],
    };
    stateOf(inc.id).evidence.push(item);
    const changes = [change('kind', null, c.kind)];
    if (c.sha256) changes.push(change('sha256', null, c.sha256));
    if (c.size_bytes !== null) changes.push(change('size_bytes', null, String(c.size_bytes)));
    if (c.path) changes.push(change('path', null, c.path));
    if (c.storage_location) changes.push(change('storage_location', null, c.storage_location));
    audit(inc.id, 'evidence_added', c.label, c.description, changes);
    return item;
  }

  function evidenceOf(incidentId: string, evidenceId: string) {
    return stateOf(incidentId).evidence.find((e) => e.id === evidenceId);
  }

  function recordCustody(inc: Incident, item: EvidenceItem, e: { action: CustodyAction; actor?: string | null; at?: string | null; location?: string; purpose?: string }): EvidenceItem | Bad {
    if (e.action === 'verified' || e.action === 'verification_failed')
      return bad('validation', 'verification outcomes are recorded by re-verifying the hash, not by hand', 'action');
    const who = short('actor', e.actor);
    if (isBad(who)) return who;
    const at = moment('at', e.at);
    if (isBad(at)) return at;
    const location = short('location', e.location);
    if (isBad(location)) return location;
    const purpose = (e.purpose ?? '').trim();
    if (purpose === '') return bad('validation', 'say why (the reason is part of the chain of custody)', 'purpose');
    const last = item.custody[item.custody.length - 1];
    if (last?.action === 'destroyed')
      return bad('conflict', `${item.label} was destroyed on ${last.at}; nothing can follow in its chain of custody`);
    const actor = who || deps.actor;
    item.custody.push({
      id: deps.newId(),
      seq: item.custody.length + 1,
      action: e.action,
      actor,
      at: at ?? nowLocal(),
      location,
      purpose,
      observed_sha256: null,
      recorded_by: deps.actor,
    });
    audit(inc.id, 'custody_recorded', item.label, purpose, [
      change('custody', null, CUSTODY_LABELS[e.action]),
      change('by', null, actor),
      change('location', null, location),
    ]);
    return item;
  }

  // ---- Indicators --------------------------------------------------------------------

  type CheckedIoc = Omit<Indicator, 'id' | 'incident_id' | 'added_by' | 'added_at'>;

  function checkIndicator(input: NewIndicator): CheckedIoc | Bad {
    const parsed = input.ioc_type ? parseAs(input.ioc_type, input.value) : detect(input.value);
    if (!parsed.ok) return bad('validation', parsed.message, 'value');
    const first = moment('first_seen', input.first_seen);
    if (isBad(first)) return first;
    const last = moment('last_seen', input.last_seen);
    if (isBad(last)) return last;
    if (first && last && ms(first) > ms(last)) return bad('validation', 'last seen is before first seen', 'last_seen');
    const given = input.value.trim();
    return {
      ioc_type: parsed.value.ioc_type,
      value: parsed.value.value,
      original: given === parsed.value.value ? '' : given,
      description: (input.description ?? '').trim(),
      tlp: input.tlp ?? 'amber',
      first_seen: first,
      last_seen: last,
    };
  }

  /** `imported`: one entry naming the file even for one indicator, with `note` (what was left out). */
  function addIndicators(
    inc: Incident,
    inputs: NewIndicator[],
    origin = '',
    opts: { imported: boolean; note: string } = { imported: false, note: '' },
  ): { added: Indicator[]; already_known: Indicator[] } | Bad {
    if (inputs.length === 0) return bad('validation', 'give at least one indicator', 'value');
    const checked: CheckedIoc[] = [];
    for (const [i, input] of inputs.entries()) {
      const c = checkIndicator(input);
      if (isBad(c)) {
        if (inputs.length > 1 && c.error.code === 'validation')
          c.error.message = `indicator ${i + 1} of ${inputs.length}: ${c.error.message}; none were added`;
        return c;
      }
      checked.push(c);
    }
    const s = stateOf(inc.id);
    const out = { added: [] as Indicator[], already_known: [] as Indicator[] };
    // A batch is one timeline entry listing every value, as in the core.
    const each = checked.length === 1 && !opts.imported;
    const items: FieldChange[] = [];
    for (const c of checked) {
      const known = s.indicators.find((x) => x.ioc_type === c.ioc_type && x.value === c.value);
      if (!known) {
        const ind: Indicator = { ...c, id: deps.newId(), incident_id: inc.id, added_by: deps.actor, added_at: nowLocal() };
        s.indicators.push(ind);
        if (each)
          audit(inc.id, 'indicator_added', c.value, c.description, [
            change('type', null, IOC_LABELS[c.ioc_type]),
            change('value', null, c.value),
            change('tlp', null, TLP_LABELS[c.tlp]),
          ]);
        items.push(change(`added.${c.ioc_type}`, null, c.value));
        out.added.push(ind);
        continue;
      }
      const changes: FieldChange[] = [];
      const first = known.first_seen && c.first_seen ? (ms(c.first_seen) < ms(known.first_seen) ? c.first_seen : known.first_seen) : (known.first_seen ?? c.first_seen);
      const last = known.last_seen && c.last_seen ? (ms(c.last_seen) > ms(known.last_seen) ? c.last_seen : known.last_seen) : (known.last_seen ?? c.last_seen);
      if (first !== known.first_seen) changes.push(change('first_seen', known.first_seen, first));
      if (last !== known.last_seen) changes.push(change('last_seen', known.last_seen, last));
      if (!known.description && c.description) changes.push(change('description', null, c.description));
      if (changes.length) {
        Object.assign(known, { first_seen: first, last_seen: last, description: known.description || c.description });
        if (each) audit(inc.id, 'indicator_updated', known.value, '', changes);
        items.push(change(`known.${c.ioc_type}`, null, c.value));
      }
      out.already_known.push(known);
    }
    if (!each && items.length) {
      const added = items.filter((i) => i.field.startsWith('added.')).length;
      const from = origin ? ` from ${origin}` : '';
      const entry = worded({ id: deps.newId(), incident_id: inc.id, at: nowLocal(), actor: deps.actor, action: 'indicators_added', subject: origin, note: opts.note, changes: items }, `Added ${added} indicators${from}`);
      entry.sentences = items.map((i) => `${IOC_LABELS[i.field.split('.')[1] as IocType] ?? i.field} ${i.new}${i.field.startsWith('known.') ? ' (already known)' : ''}`);
      deps.audit(inc.id)?.push(entry);
    }
    return out;
  }

  function intelPreview(incidentId: string, path: string): IntelPreview | Bad {
    if (!find(incidentId)) return bad('not_found', `No incident with id ${incidentId}.`);
    const file = intelFile(path);
    if ('code' in file) return bad(file.code, file.message, file.code === 'validation' ? 'path' : null);
    const { items, skipped } = checkCandidates(file);
    const known = (i: IntelItem) => stateOf(incidentId).indicators.some((x) => x.ioc_type === i.ioc_type && x.value === i.value);
    return {
      format: file.format,
      file_name: file.file_name,
      title: file.title,
      to_add: items.filter((i) => !known(i)),
      duplicates: items.filter(known),
      unsupported: skipped,
      other_objects: file.other_objects,
    };
  }

  // ---- Assets, findings, hypotheses, root cause, lessons ------------------------------

  function checkAsset(a: { kind: AssetKind; name: string; owner?: string; compromise: Compromise; containment: Containment; notes?: string }) {
    const name = short('name', a.name);
    if (isBad(name)) return name;
    if (name === '') return bad('validation', 'name the asset (host name, account, service…)', 'name');
    const owner = short('owner', a.owner);
    if (isBad(owner)) return owner;
    return { kind: a.kind, name, owner, compromise: a.compromise, containment: a.containment, notes: (a.notes ?? '').trim() };
  }

  function addAsset(inc: Incident, input: Parameters<typeof checkAsset>[0]): Asset | Bad {
    const a = checkAsset(input);
    if (isBad(a)) return a;
    const s = stateOf(inc.id);
    const same = s.assets.find((x) => x.kind === a.kind && x.name.toLowerCase() === a.name.toLowerCase());
    if (same) return bad('conflict', `${ASSET_LABELS[same.kind]} ${same.name} is already listed (by ${same.updated_by}); edit it instead`);
    const asset: Asset = { ...a, id: deps.newId(), revision: 1, updated_by: deps.actor, updated_at: nowLocal() };
    s.assets.push(asset);
    audit(inc.id, 'asset_added', a.name, a.notes, [
      change('kind', null, ASSET_LABELS[a.kind]),
      change('compromise', null, COMPROMISE_LABELS[a.compromise]),
      change('containment', null, CONTAINMENT_LABELS[a.containment]),
      ...(a.owner ? [change('owner', null, a.owner)] : []),
    ]);
    return asset;
  }

  function required(field: string, v: string, what: string): string | Bad {
    const t = v.trim();
    return t === '' ? bad('validation', `${what} is required`, field) : t;
  }

  function addFinding(inc: Incident, statement: string): Finding | Bad {
    const st = required('statement', statement, 'the finding');
    if (isBad(st)) return st;
    const f: Finding = { id: deps.newId(), statement: st, added_by: deps.actor, added_at: nowLocal() };
    stateOf(inc.id).findings.push(f);
    audit(inc.id, 'finding_added', st, '', []);
    return f;
  }

  function addHypothesis(inc: Incident, statement: string): Hypothesis | Bad {
    const st = required('statement', statement, 'the hypothesis');
    if (isBad(st)) return st;
    const now = nowLocal();
    const h: Hypothesis = { id: deps.newId(), statement: st, status: 'open', rationale: '', revision: 1, added_by: deps.actor, updated_at: now };
    stateOf(inc.id).hypotheses.push(h);
    audit(inc.id, 'hypothesis_added', st, '', []);
    return h;
  }

  function setHypothesis(inc: Incident, id: string, status: HypothesisStatus, rationale: string): Hypothesis | Bad {
    const why = rationale.trim();
    if (status !== 'open' && why === '')
      return bad('validation', `say what evidence shows the hypothesis is ${STATUS_LABELS[status].toLowerCase()}`, 'rationale');
    const h = stateOf(inc.id).hypotheses.find((x) => x.id === id);
    if (!h) return bad('not_found', `No hypothesis with id ${id}.`);
    if (h.status === status && h.rationale === why) return h;
    audit(inc.id, 'hypothesis_updated', h.statement, why, [change('status', STATUS_LABELS[h.status], STATUS_LABELS[status])]);
    Object.assign(h, { status, rationale: why, revision: h.revision + 1, updated_at: nowLocal() });
    return h;
  }

  function techniqueName(id: string): string | null {
    const exact = INITIAL_ACCESS.find(([t]) => t === id);
    if (exact) return exact[1];
    if (!/^T\d{4}(\.\d{3})?$/.test(id)) return null;
    return INITIAL_ACCESS.find(([t]) => t === id.split('.')[0])?.[1] ?? null;
  }

  function setRootCause(inc: Incident, input: { statement: string; initial_access?: string; contributing_factors?: string[]; revision?: number | null }): RootCause | Bad {
    const st = required('statement', input.statement, 'the root-cause statement');
    if (isBad(st)) return st;
    const access = (input.initial_access ?? '').trim().toUpperCase().split(/\s+/)[0] ?? '';
    const name = access ? techniqueName(access) : '';
    if (name === null) return bad('validation', `"${access}" is not an ATT&CK Initial Access technique (T1566, T1190, T1078.004, …)`, 'initial_access');
    const factors: string[] = [];
    for (const f of input.contributing_factors ?? []) {
      const t = short('contributing_factors', f);
      if (isBad(t)) return t;
      if (t && !factors.includes(t)) factors.push(t);
    }
    const s = stateOf(inc.id);
    const old = s.root_cause;
    const current = old?.revision ?? 0;
    if (input.revision != null && input.revision !== current)
      return bad('conflict', `the root cause was revised since you opened it (revision ${input.revision} → ${current}); reload and try again`);
    const changes: FieldChange[] = [];
    if (old?.statement !== st) changes.push(change('statement', old?.statement ?? null, st));
    if (old?.initial_access !== access) changes.push(change('initial_access', old?.initial_access ?? null, access));
    const joined = factors.join('; ');
    if (old?.contributing_factors.join('; ') !== joined) changes.push(change('contributing_factors', old?.contributing_factors.join('; ') ?? null, joined));
    s.root_cause = {
      statement: st,
      initial_access: access,
      initial_access_name: name ?? '',
      contributing_factors: factors,
      revision: current + 1,
      updated_by: deps.actor,
      updated_at: nowLocal(),
    };
    audit(inc.id, 'root_cause_recorded', 'root cause', '', changes);
    return s.root_cause;
  }

  function isRealDate(t: string): boolean {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  function addActionItem(inc: Incident, input: { action: string; owner: string; due_date: string }): ActionItem | Bad {
    const action = required('action', input.action, 'the action');
    if (isBad(action)) return action;
    const owner = short('owner', input.owner);
    if (isBad(owner)) return owner;
    if (owner === '') return bad('validation', 'every lesson needs an owner', 'owner');
    const due = input.due_date.trim();
    if (!isRealDate(due)) return bad('validation', `${JSON.stringify(input.due_date)} is not a date like 2026-12-31`, 'due_date');
    const item: ActionItem = { id: deps.newId(), action, owner, due_date: due, status: 'open', added_by: deps.actor, done_at: null };
    stateOf(inc.id).action_items.push(item);
    audit(inc.id, 'action_item_added', action, '', [change('owner', null, owner), change('due_date', null, due)]);
    return item;
  }

  // ---- Links -------------------------------------------------------------------------

  const ALLOWED: Record<LinkFrom, LinkTo[]> = {
    evidence: ['timeline_entry', 'playbook_step', 'finding'],
    hypothesis: ['evidence', 'finding'],
    indicator: ['timeline_entry'],
  };

  function describeFrom(s: State, kind: LinkFrom, id: string): string | Bad {
    const label =
      kind === 'evidence'
        ? s.evidence.find((e) => e.id === id)?.label
        : kind === 'indicator'
          ? s.indicators.find((e) => e.id === id)?.value
          : s.hypotheses.find((e) => e.id === id)?.statement;
    return label ?? bad('not_found', `No ${kind === 'evidence' ? 'evidence item' : kind} with id ${id}.`);
  }

  async function describeTo(inc: Incident, s: State, kind: LinkTo, id: string): Promise<string | Bad> {
    switch (kind) {
      case 'finding':
        return s.findings.find((f) => f.id === id)?.statement ?? bad('not_found', `No finding with id ${id}.`);
      case 'evidence':
        return s.evidence.find((e) => e.id === id)?.label ?? bad('not_found', `No evidence item with id ${id}.`);
      case 'timeline_entry': {
        const msg = deps.timelineEntry ? await deps.timelineEntry(inc.id, id) : null;
        return msg ?? bad('not_found', `No timeline entry with id ${id}.`);
      }
      case 'playbook_step': {
        if (!/^[^/\s]+\/[^/\s]+$/.test(id)) return bad('validation', `"${id}" is not a step reference like ransomware/isolate-hosts`, 'to_id');
        return deps.stepExists?.(inc.id, id) ? id : bad('not_found', `No playbook step in this incident's runs with id ${id}.`);
      }
    }
  }

  async function addLink(inc: Incident, link: Link): Promise<Link | Bad> {
    if (!ALLOWED[link.from_kind]?.includes(link.to_kind)) return bad('validation', `${link.from_kind} cannot be linked to ${link.to_kind}`, 'to_kind');
    const l = { ...link, from_id: link.from_id.trim(), to_id: link.to_id.trim() };
    const s = stateOf(inc.id);
    const from = describeFrom(s, l.from_kind, l.from_id);
    if (isBad(from)) return from;
    const to = await describeTo(inc, s, l.to_kind, l.to_id);
    if (isBad(to)) return to;
    const dup = s.links.some((x) => x.from_kind === l.from_kind && x.from_id === l.from_id && x.to_kind === l.to_kind && x.to_id === l.to_id);
    if (!dup) {
      s.links.push({ ...l, label: to });
      audit(inc.id, 'linked', from, '', [change(l.to_kind, null, to)]);
    }
    return l;
  }

  function suggestPath(inc: Incident, suffix: string): string {
    const slug = inc.title
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .slice(0, 6)
      .join('-');
    return `/home/dana/Downloads/firebreak-${slug}-${suffix}`;
  }

  function writable(path: string): Bad | null {
    const p = path.trim();
    if (!p) return bad('validation', 'choose where to save the file', 'path');
    if (!p.startsWith('/')) return bad('io', `cannot write ${p}: not an absolute path`);
    if (/readonly|denied/i.test(p)) return bad('io', `cannot write ${p}: Permission denied (os error 13)`);
    // The backend refuses the database and every registered evidence file, whatever incident.
    const evidence = [...states.values()].flatMap((st) => st.evidence.map((e) => ({ path: e.path, label: e.label })));
    const guarded = protectedOutput(p, evidence);
    return guarded && guarded.status === 'error' ? { error: guarded.error } : null;
  }

  const commands: InvestigationCommands = {
    investigationCatalog: async () => later(ok(INVESTIGATION_CATALOG)),
    investigationWorkspace: async (incidentId) => {
      const inc = find(incidentId);
      return inc ? later(ok(workspace(inc))) : notFound(incidentId);
    },
    investigationSuggestPath: async (incidentId, suffix) => {
      const inc = find(incidentId);
      return inc ? later(ok(suggestPath(inc, suffix)), 30) : notFound(incidentId);
    },
    evidenceAdd: async (incidentId, input, onProgress) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const c = checkEvidence(input);
      if (isBad(c)) return fail(c);
      if (c.size_bytes !== null && !(await report(onProgress, c.size_bytes))) return cancelled(c.path);
      return later(ok(storeEvidence(inc, c)));
    },
    evidenceCancelHashing: async () => {
      const n = hashing;
      if (n > 0) cancelRequested = true;
      return later(ok(n));
    },
    evidenceCustody: async (incidentId, evidenceId, event) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const item = evidenceOf(incidentId, evidenceId);
      if (!item) return later(err('not_found', `No evidence item with id ${evidenceId}.`));
      const r = recordCustody(inc, item, event);
      return isBad(r) ? fail(r) : later(ok(r));
    },
    evidenceVerify: async (incidentId, evidenceId, onProgress) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const item = evidenceOf(incidentId, evidenceId);
      if (!item) return later(err('not_found', `No evidence item with id ${evidenceId}.`));
      if (item.kind !== 'file' || !item.sha256)
        return later(err('validation', `${item.label} is a reference to evidence held elsewhere; it cannot be re-hashed here`, 'evidence'));
      const expected = item.sha256;
      const gone = /gone|deleted/i.test(item.path);
      if (!gone && !(await report(onProgress, item.size_bytes ?? 0))) return cancelled(item.path);
      const tampered = /tampered|modified/i.test(item.path);
      const observed = gone ? null : tampered ? fakeSha256(`${item.path}#changed`) : expected;
      const status = gone ? 'missing' : tampered ? 'mismatch' : 'intact';
      const message =
        status === 'intact'
          ? `${item.label}: intact — SHA-256 matches the hash recorded at collection`
          : status === 'mismatch'
            ? `${item.label}: HASH MISMATCH — recorded ${expected}, file now ${observed} (${(item.size_bytes ?? 0) + 512} bytes, ${item.size_bytes ?? 0} at collection)`
            : `${item.label}: FILE MISSING — nothing at ${item.path}`;
      const now = nowLocal();
      const was = item.status;
      Object.assign(item, { status, checked_at: now });
      item.custody.push({
        id: deps.newId(),
        seq: item.custody.length + 1,
        action: status === 'intact' ? 'verified' : 'verification_failed',
        actor: deps.actor,
        at: now,
        location: item.path,
        purpose: message,
        observed_sha256: observed,
        recorded_by: deps.actor,
      });
      audit(inc.id, status === 'intact' ? 'evidence_verified' : 'evidence_mismatch', item.label, message, [
        change('status', was, status),
        change('expected_sha256', null, expected),
        change('observed_sha256', null, observed ?? '(file missing)'),
      ]);
      return later(ok({ evidence_id: item.id, status, expected_sha256: expected, observed_sha256: observed, message }));
    },
    indicatorsAdd: async (incidentId, inputs, origin) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const r = addIndicators(inc, inputs, origin ?? '');
      return isBad(r) ? fail(r) : later(ok(r));
    },
    indicatorsExtract: async (incidentId, text) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const big = tooLarge('text', text, CAPS.extractText);
      if (big) return later(err('validation', big, 'file'));
      const s = stateOf(incidentId);
      return later(ok(extract(text).map((p) => ({ ...p, known: s.indicators.some((i) => i.ioc_type === p.ioc_type && i.value === p.value) }))));
    },
    indicatorsExport: async (incidentId, format, path) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const problem = writable(path);
      if (problem) return fail(problem);
      const n = stateOf(incidentId).indicators.length;
      return later(ok({ path: path.trim(), bytes: format === 'stix' ? 900 + n * 640 : 120 + n * 110, items: n }), 200);
    },
    indicatorsImportPreview: async (incidentId, path) => {
      const r = intelPreview(incidentId, path);
      return isBad(r) ? fail(r) : later(ok(r), 200);
    },
    indicatorsImport: async (incidentId, path) => {
      const inc = find(incidentId);
      const p = intelPreview(incidentId, path);
      if (!inc || isBad(p)) return isBad(p) ? fail(p) : notFound(incidentId);
      const done = { format: p.format, file_name: p.file_name, added: 0, already_known: 0, unsupported: p.unsupported.length };
      const inputs = [...p.to_add, ...p.duplicates].map((i) => ({ value: i.value, ioc_type: i.ioc_type, description: i.description, tlp: i.tlp, first_seen: i.first_seen, last_seen: i.last_seen }));
      if (!inputs.length) return later(ok(done));
      const lines = p.unsupported.slice(0, 40).map((u) => `- ${u.part} — ${u.reason}`);
      const note = p.unsupported.length ? [`Not imported (${p.unsupported.length}):`, ...lines].join('\n') : '';
      const label = p.format === 'stix' ? 'STIX 2.1 bundle' : 'MISP event';
      const r = addIndicators(inc, inputs, `${label} ${p.file_name}`, { imported: true, note });
      return isBad(r) ? fail(r) : later(ok({ ...done, added: r.added.length, already_known: r.already_known.length }));
    },
    assetAdd: async (incidentId, input) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const r = addAsset(inc, input);
      return isBad(r) ? fail(r) : later(ok(r));
    },
    assetUpdate: async (incidentId, assetId, input, revision) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const a = checkAsset(input);
      if (isBad(a)) return fail(a);
      const s = stateOf(incidentId);
      const old = s.assets.find((x) => x.id === assetId);
      if (!old) return later(err('not_found', `No asset with id ${assetId}.`));
      if (old.revision !== revision)
        return later(err('conflict', `${old.name} was changed by ${old.updated_by} since you opened it (revision ${revision} → ${old.revision}); reload and try again`));
      const changes: FieldChange[] = [];
      const diff = (field: string, o: string, n: string) => o !== n && changes.push(change(field, o, n));
      diff('kind', ASSET_LABELS[old.kind], ASSET_LABELS[a.kind]);
      diff('name', old.name, a.name);
      diff('owner', old.owner, a.owner);
      diff('compromise', COMPROMISE_LABELS[old.compromise], COMPROMISE_LABELS[a.compromise]);
      diff('containment', CONTAINMENT_LABELS[old.containment], CONTAINMENT_LABELS[a.containment]);
      diff('notes', old.notes, a.notes);
      if (!changes.length) return later(ok(old));
      const same = s.assets.find((x) => x.id !== assetId && x.kind === a.kind && x.name.toLowerCase() === a.name.toLowerCase());
      if (same) return later(err('conflict', `${ASSET_LABELS[same.kind]} ${same.name} is already listed`));
      Object.assign(old, a, { revision: old.revision + 1, updated_by: deps.actor, updated_at: nowLocal() });
      audit(incidentId, 'asset_updated', a.name, '', changes);
      return later(ok(old));
    },
    findingAdd: async (incidentId, statement) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const r = addFinding(inc, statement);
      return isBad(r) ? fail(r) : later(ok(r));
    },
    hypothesisAdd: async (incidentId, statement) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const r = addHypothesis(inc, statement);
      return isBad(r) ? fail(r) : later(ok(r));
    },
    hypothesisSet: async (incidentId, hypothesisId, status, rationale) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const r = setHypothesis(inc, hypothesisId, status, rationale);
      return isBad(r) ? fail(r) : later(ok(r));
    },
    rootCauseSet: async (incidentId, input) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const r = setRootCause(inc, input);
      return isBad(r) ? fail(r) : later(ok(r));
    },
    actionItemAdd: async (incidentId, input) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const r = addActionItem(inc, input);
      return isBad(r) ? fail(r) : later(ok(r));
    },
    actionItemSet: async (incidentId, itemId, status) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const item = stateOf(incidentId).action_items.find((a) => a.id === itemId);
      if (!item) return later(err('not_found', `No action item with id ${itemId}.`));
      if (item.status !== status) {
        audit(incidentId, 'action_item_updated', item.action, '', [change('status', item.status, status)]);
        Object.assign(item, { status, done_at: status === 'done' ? nowLocal() : null });
      }
      return later(ok(item));
    },
    linkAdd: async (incidentId, link) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const r = await addLink(inc, link);
      return isBad(r) ? fail(r) : later(ok(r));
    },
    reportDocument: async (incidentId, kind) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const [obligations, next, homeZone] = await Promise.all([
        deps.obligations?.(incidentId) ?? [],
        deps.nextSteps?.(incidentId) ?? [],
        deps.homeZone?.(incidentId) ?? null,
      ]);
      const labels = deps.labels?.(inc) ?? { severity: inc.severity.toUpperCase(), type: inc.incident_type, phase: inc.phase, status: inc.status };
      return later(ok(buildReport(kind, { incident: inc, workspace: workspace(inc), obligations, next, homeZone, labels, generatedBy: deps.actor, nowMs: Date.now() })), 120);
    },
    reportExport: async (incidentId, kind, format, path) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const problem = writable(path);
      if (problem) return fail(problem);
      const blocks = kind === 'brief' ? 14 : 40;
      return later(ok({ path: path.trim(), bytes: format === 'pdf' ? 38_000 + blocks * 900 : 9_000 + blocks * 420, items: 1 }), 400);
    },
  };

  /** Dev data for one incident: evidence (one file that will fail re-verification), indicators, assets, hypotheses. */
  function seed(incidentId: string, minutesAgo: (m: number) => string) {
    const inc = find(incidentId);
    if (!inc) return;
    const add = (e: NewEvidence) => {
      const c = checkEvidence(e);
      return isBad(c) ? null : storeEvidence(inc, c);
    };
    const mem = add({
      label: 'FS01 memory image',
      description: 'Captured with WinPmem before isolation, while the encryptor was still running.',
      path: '/cases/IR-2026-031/FS01-memory.raw',
      source_system: 'FS01 (WinPmem 4.0)',
      collected_by: 'Priya Nair',
      collected_at: minutesAgo(160),
      storage_location: 'Evidence safe B, shelf 2 (encrypted USB, tag E-0142)',
    });
    if (mem) {
      recordCustody(inc, mem, { action: 'transferred', actor: 'Priya Nair', at: minutesAgo(120), location: 'Redline Forensics lab, Frankfurt', purpose: 'Handed to the forensics firm for analysis under the retainer' });
      Object.assign(mem, { status: 'intact', checked_at: minutesAgo(90) });
      mem.custody.push({ id: deps.newId(), seq: mem.custody.length + 1, action: 'verified', actor: deps.actor, at: minutesAgo(90), location: mem.path, purpose: `${mem.label}: intact — SHA-256 matches the hash recorded at collection`, observed_sha256: mem.sha256, recorded_by: deps.actor });
    }
    add({
      label: 'Ransom note from the finance share',
      path: '/cases/IR-2026-031/README_RESTORE-tampered.txt',
      source_system: 'FS01 \\\\finance',
      collected_at: minutesAgo(150),
      storage_location: 'Case folder IR-2026-031',
    });
    add({
      label: 'FS01 disk image (held by the insurer’s forensics firm)',
      sha256: '9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8',
      source_system: 'Redline Forensics',
      collected_by: 'Redline Forensics (J. Okoro)',
      collected_at: minutesAgo(100),
      storage_location: 'Redline Forensics vault, case RF-88213',
    });
    addIndicators(inc, [
      { value: 'hxxp://update-check[.]example-cdn[.]net/payload.bin', description: 'Download URL in the loader', tlp: 'amber', first_seen: minutesAgo(260) },
      { value: '203.0.113.77', description: 'C2 beacon from FS01', tlp: 'amber_strict' },
      { value: 'example-cdn.net', tlp: 'green' },
      { value: 'D41D8CD98F00B204E9800998ECF8427E', description: 'Encryptor dropper', tlp: 'red' },
      { value: 'README_RESTORE.txt', description: 'Ransom note', tlp: 'clear' },
    ]);
    addAsset(inc, { kind: 'host', name: 'FS01', owner: 'IT operations', compromise: 'confirmed', containment: 'contained', notes: 'Isolated at the switch; powered on for memory capture' });
    addAsset(inc, { kind: 'account', name: 'svc_backup', owner: 'IT operations', compromise: 'confirmed', containment: 'in_progress', notes: 'Password reset pending on two appliances' });
    addAsset(inc, { kind: 'host', name: 'DC01', owner: 'IT operations', compromise: 'suspected', containment: 'not_started', notes: '' });
    const h = addHypothesis(inc, 'Initial access via the VPN with svc_backup credentials bought from a broker');
    addHypothesis(inc, 'A phishing attachment on WS-ACC-12 dropped the loader');
    const f = addFinding(inc, 'svc_backup logged in to the VPN from 203.0.113.77 two days before the encryption');
    if (!isBad(h) && !isBad(f)) {
      setHypothesis(inc, h.id, 'supported', 'VPN logs show the svc_backup logon from the C2 address; no MFA on service accounts');
      const s = stateOf(inc.id);
      s.links.push({ from_kind: 'hypothesis', from_id: h.id, to_kind: 'finding', to_id: f.id, label: f.statement });
      if (mem) s.links.push({ from_kind: 'evidence', from_id: mem.id, to_kind: 'finding', to_id: f.id, label: f.statement });
    }
    const due = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    addActionItem(inc, { action: 'Enforce MFA on every VPN account, service accounts included', owner: 'Luis Ortega', due_date: due });
  }

  return { commands, seed };
}
