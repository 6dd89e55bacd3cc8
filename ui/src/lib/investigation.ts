// Pure rules behind the investigation page and the report view: how sizes, hashes, TLP
// labels and statuses read; the forms' models and their checks (the same ones the backend
// makes, so the error lands beside the field before a round trip); which extracted
// indicators a bulk add sends; which links may be drawn; how report blocks lay out.

import { canonicalMoment, momentError } from './notify';
import { formatUtc } from './time';
import type {
  ActionItem,
  ActionItemInput,
  Asset,
  AssetInput,
  AssetKind,
  Block,
  Column,
  Compromise,
  Containment,
  CustodyAction,
  CustodyEvent,
  EvidenceItem,
  EvidenceStatus,
  ExtractedIndicator,
  HypothesisStatus,
  Indicator,
  IndicatorsAdded,
  IocExportFormat,
  IocType,
  Link,
  LinkFrom,
  LinkTo,
  Metric,
  NewCustodyEvent,
  NewEvidence,
  NewIndicator,
  ReportFormat,
  ReportKind,
  Tlp,
  Tone,
  Workspace,
} from './types';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

// ---- Sizes and hashes ------------------------------------------------------------------

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** "512 B", "1.2 GiB" (binary units, as disk images are sized); "—" when unknown. */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  let v = bytes;
  let unit = -1;
  do {
    v /= 1024;
    unit++;
  } while (v >= 1024 && unit < UNITS.length - 1);
  // 1023.96 KiB would round to "1024.0 KiB": say 1.0 MiB instead.
  if (Number(v.toFixed(1)) >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${v.toFixed(1)} ${UNITS[unit]}`;
}

/** "3f2a9c1d…be07": enough of a hash to recognise it; the full value is one copy away. */
export function shortHash(hash: string, head = 8, tail = 4): string {
  return hash.length <= head + tail + 1 ? hash : `${hash.slice(0, head)}…${hash.slice(-tail)}`;
}

export function isSha256(text: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(text.trim());
}

// ---- TLP 2.0 ---------------------------------------------------------------------------

export const TLP_ORDER: Tlp[] = ['clear', 'green', 'amber', 'amber_strict', 'red'];

const TLP_LABELS: Record<Tlp, string> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  amber_strict: 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

const TLP_MEANING: Record<Tlp, string> = {
  clear: 'No limit on disclosure',
  green: 'Limited to the community; not public',
  amber: 'Limited to the organisation and its clients, need to know',
  amber_strict: 'Limited to the organisation only, need to know',
  red: 'For the named recipients only',
};

/** The label as TLP 2.0 writes it, even if the backend sends an unknown code. */
export function tlpLabel(tlp: string): string {
  return TLP_LABELS[tlp as Tlp] ?? `TLP:${tlp.toUpperCase()}`;
}

/** Who an indicator with this label may be shared with (for the chip's tooltip). */
export function tlpMeaning(tlp: string): string {
  return TLP_MEANING[tlp as Tlp] ?? '';
}

/** CSS class of a TLP chip: `tlp-clear`, `tlp-amber-strict`… (coloured by the chip itself). */
export function tlpClass(tlp: string): string {
  return `tlp-${(TLP_ORDER as string[]).includes(tlp) ? tlp.replace(/_/g, '-') : 'unknown'}`;
}

/** The indicators' strictest label: what a file with all of them must be marked. */
export function strictestTlp(list: readonly Pick<Indicator, 'tlp'>[]): Tlp | null {
  let best = -1;
  for (const i of list) best = Math.max(best, TLP_ORDER.indexOf(i.tlp));
  return best < 0 ? null : TLP_ORDER[best];
}

// ---- Status badges ---------------------------------------------------------------------

/** The app's meaning colours: danger (red), warn (amber), ok (green), neutral. */
export type BadgeTone = 'danger' | 'warn' | 'ok' | 'neutral';

export function evidenceStatusTone(status: EvidenceStatus): BadgeTone {
  switch (status) {
    case 'mismatch':
    case 'missing':
      return 'danger';
    case 'intact':
      return 'ok';
    default:
      return 'neutral';
  }
}

export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = {
  unverified: 'Not re-verified',
  intact: 'Intact',
  mismatch: 'HASH MISMATCH',
  missing: 'FILE MISSING',
};

export function isIntegrityFailure(item: Pick<EvidenceItem, 'status'>): boolean {
  return item.status === 'mismatch' || item.status === 'missing';
}

/** Evidence whose latest re-verification failed: each one is shown loudly until it is resolved. */
export function integrityFailures(items: readonly EvidenceItem[]): EvidenceItem[] {
  return items.filter(isIntegrityFailure);
}

export function compromiseTone(c: Compromise): BadgeTone {
  return c === 'confirmed' ? 'danger' : c === 'suspected' ? 'warn' : 'ok';
}

export function containmentTone(c: Containment): BadgeTone {
  return c === 'not_started' ? 'danger' : c === 'in_progress' ? 'warn' : 'ok';
}

export function hypothesisTone(s: HypothesisStatus): BadgeTone {
  return s === 'supported' ? 'ok' : s === 'refuted' ? 'neutral' : 'warn';
}

// ---- Evidence and custody --------------------------------------------------------------

export const CUSTODY_LABELS: Record<CustodyAction, string> = {
  collected: 'Collected',
  transferred: 'Transferred',
  accessed: 'Accessed',
  analysed: 'Analysed',
  returned: 'Returned',
  destroyed: 'Destroyed',
  verified: 'Hash verified',
  verification_failed: 'Hash verification FAILED',
};

/** Destroyed evidence ends its chain of custody: nothing can be recorded after it. */
export function isDestroyed(item: Pick<EvidenceItem, 'custody'>): boolean {
  const last = item.custody[item.custody.length - 1];
  return last?.action === 'destroyed';
}

/** Where the item is now: the last custody event that names a place, else where it was stored. */
export function currentLocation(item: Pick<EvidenceItem, 'custody' | 'storage_location'>): string {
  for (let i = item.custody.length - 1; i >= 0; i--) {
    const e = item.custody[i];
    if (e.location && e.action !== 'verified' && e.action !== 'verification_failed') return e.location;
  }
  return item.storage_location;
}

export type CustodyDay = { day: string; events: CustodyEvent[] };

/** Custody events in order, grouped by UTC day so a long log reads as a diary. */
export function groupCustodyByDay(events: readonly CustodyEvent[]): CustodyDay[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const out: CustodyDay[] = [];
  for (const e of sorted) {
    const day = formatUtc(e.at).slice(0, 10);
    const last = out[out.length - 1];
    if (last && last.day === day) last.events.push(e);
    else out.push({ day, events: [e] });
  }
  return out;
}

export type EvidenceForm = {
  label: string;
  description: string;
  /** Held elsewhere (a vendor, a vault): described, not hashed here. */
  reference: boolean;
  path: string;
  storage_location: string;
  source_system: string;
  /** For a reference: the SHA-256 its holder reported. */
  sha256: string;
  collected_by: string;
  /** RFC 3339 with an offset; blank = now. */
  collected_at: string;
};

export type EvidenceField = 'label' | 'path' | 'storage_location' | 'sha256' | 'collected_at' | 'collected_by' | 'source_system' | 'description';
export const EVIDENCE_FIELDS: EvidenceField[] = ['label', 'path', 'storage_location', 'sha256', 'collected_at', 'collected_by', 'source_system', 'description'];
export type EvidenceErrors = Partial<Record<EvidenceField, string>>;

export function emptyEvidenceForm(): EvidenceForm {
  return { label: '', description: '', reference: false, path: '', storage_location: '', source_system: '', sha256: '', collected_by: '', collected_at: '' };
}

export function evidenceFormsEqual(a: EvidenceForm, b: EvidenceForm): boolean {
  return (Object.keys(a) as (keyof EvidenceForm)[]).every((k) => a[k] === b[k]);
}

export function validateEvidence(f: EvidenceForm): EvidenceErrors {
  const e: EvidenceErrors = {};
  if (f.label.trim() === '') e.label = 'Name the evidence item, e.g. “FS01 memory image”.';
  if (f.reference) {
    if (f.storage_location.trim() === '') e.storage_location = 'Say where it is held: the vault, the vendor, a case number.';
    if (f.sha256.trim() !== '' && !isSha256(f.sha256)) e.sha256 = 'A SHA-256 is 64 hexadecimal digits; leave it blank if the holder gave none.';
  } else if (f.path.trim() === '') {
    e.path = 'Choose the file to hash, or switch to “held elsewhere”.';
  }
  const when = momentError(f.collected_at);
  if (when) e.collected_at = when;
  return e;
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

export function toNewEvidence(f: EvidenceForm): NewEvidence {
  return {
    label: f.label.trim(),
    description: f.description.trim(),
    path: f.reference ? null : f.path.trim(),
    sha256: f.reference ? orNull(f.sha256)?.toLowerCase() ?? null : null,
    source_system: f.source_system.trim(),
    collected_by: orNull(f.collected_by),
    collected_at: f.collected_at.trim() === '' ? null : canonicalMoment(f.collected_at),
    storage_location: f.storage_location.trim(),
  };
}

/** Reads a stored evidence draft back, trusting nothing about its shape. */
export function parseEvidenceForm(value: unknown): EvidenceForm | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const f = emptyEvidenceForm();
  for (const k of Object.keys(f) as (keyof EvidenceForm)[]) {
    if (k === 'reference') f.reference = o.reference === true;
    else if (typeof o[k] === 'string') f[k] = o[k] as string;
  }
  return f;
}

export const evidenceDraftKey = (incidentId: string) => `firebreak.draft.evidence.v1.${incidentId}`;

export type CustodyForm = { action: CustodyAction; actor: string; at: string; location: string; purpose: string };
export type CustodyField = 'action' | 'actor' | 'at' | 'location' | 'purpose';
export const CUSTODY_FIELDS: CustodyField[] = ['action', 'actor', 'at', 'location', 'purpose'];
export type CustodyErrors = Partial<Record<CustodyField, string>>;

export function emptyCustodyForm(): CustodyForm {
  return { action: 'transferred', actor: '', at: '', location: '', purpose: '' };
}

export function validateCustody(f: CustodyForm): CustodyErrors {
  const e: CustodyErrors = {};
  if (f.action === 'verified' || f.action === 'verification_failed')
    e.action = 'Verification outcomes are recorded by re-verifying the hash, not by hand.';
  if (f.purpose.trim() === '') e.purpose = 'Say why: the reason is part of the chain of custody.';
  const when = momentError(f.at);
  if (when) e.at = when;
  return e;
}

export function toNewCustody(f: CustodyForm): NewCustodyEvent {
  return {
    action: f.action,
    actor: orNull(f.actor),
    at: f.at.trim() === '' ? null : canonicalMoment(f.at),
    location: f.location.trim(),
    purpose: f.purpose.trim(),
  };
}

// ---- Indicators ------------------------------------------------------------------------

export type IndicatorForm = { value: string; ioc_type: IocType | ''; tlp: Tlp; description: string };

export function emptyIndicatorForm(tlp: Tlp = 'amber'): IndicatorForm {
  return { value: '', ioc_type: '', tlp, description: '' };
}

export function validateIndicator(f: IndicatorForm): { value?: string } {
  return f.value.trim() === '' ? { value: 'Paste or type the indicator: an address, domain, URL, hash…' } : {};
}

export function toNewIndicator(f: IndicatorForm): NewIndicator {
  return { value: f.value.trim(), ioc_type: f.ioc_type === '' ? null : f.ioc_type, description: f.description.trim(), tlp: f.tlp };
}

/** Indicators of one type, or all of them for the filter's "All types" (null). */
export function filterIndicators(list: readonly Indicator[], type: IocType | null): Indicator[] {
  return type === null ? [...list] : list.filter((i) => i.ioc_type === type);
}

/** How many indicators of each type there are, for the filter's options. */
export function typeCounts(list: readonly Pick<Indicator, 'ioc_type'>[]): Map<IocType, number> {
  const m = new Map<IocType, number>();
  for (const i of list) m.set(i.ioc_type, (m.get(i.ioc_type) ?? 0) + 1);
  return m;
}

/** "Added 3 indicators; 1 was already recorded (sightings merged)." */
export function addedText(r: Pick<IndicatorsAdded, 'added' | 'already_known'>): string {
  const parts = [`Added ${plural(r.added.length, 'indicator')}`];
  const known = r.already_known.length;
  if (known) parts.push(`${known} ${known === 1 ? 'was' : 'were'} already recorded (sightings merged)`);
  return `${parts.join('; ')}.`;
}

// ---- Bulk paste: which extracted candidates are added ----------------------------------

export const candidateKey = (c: Pick<ExtractedIndicator, 'ioc_type' | 'value'>) => `${c.ioc_type}|${c.value}`;

/** New candidates start ticked; ones the incident already has start unticked. */
export function initialSelection(found: readonly ExtractedIndicator[]): Set<string> {
  return new Set(found.filter((c) => !c.known).map(candidateKey));
}

/** Ticks (or unticks) every candidate shown; known ones are ticked only when asked to. */
export function selectAll(found: readonly ExtractedIndicator[], on: boolean, includeKnown = false): Set<string> {
  return on ? new Set(found.filter((c) => includeKnown || !c.known).map(candidateKey)) : new Set();
}

export function toggleSelection(selected: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(selected);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** What "Add selected" sends: the ticked candidates in the order found, typed, with the chosen TLP. */
export function selectedIndicators(found: readonly ExtractedIndicator[], selected: ReadonlySet<string>, tlp: Tlp): NewIndicator[] {
  return found
    .filter((c) => selected.has(candidateKey(c)))
    .map((c) => ({ value: c.value, ioc_type: c.ioc_type, tlp, description: '' }));
}

/** "3 of 5 selected · 2 already recorded". */
export function selectionSummary(found: readonly ExtractedIndicator[], selected: ReadonlySet<string>): string {
  const chosen = found.filter((c) => selected.has(candidateKey(c))).length;
  const known = found.filter((c) => c.known).length;
  return `${chosen} of ${found.length} selected${known ? ` · ${known} already recorded` : ''}`;
}

export const iocSuffix = (format: IocExportFormat) => (format === 'stix' ? 'iocs.stix.json' : 'iocs.csv');

// ---- Assets ----------------------------------------------------------------------------

export type AssetForm = { kind: AssetKind; name: string; owner: string; compromise: Compromise; containment: Containment; notes: string };

export function emptyAssetForm(): AssetForm {
  return { kind: 'host', name: '', owner: '', compromise: 'suspected', containment: 'not_started', notes: '' };
}

export function formFromAsset(a: Asset): AssetForm {
  return { kind: a.kind, name: a.name, owner: a.owner, compromise: a.compromise, containment: a.containment, notes: a.notes };
}

export function assetFormsEqual(a: AssetForm, b: AssetForm): boolean {
  return (Object.keys(a) as (keyof AssetForm)[]).every((k) => a[k] === b[k]);
}

export function validateAsset(f: AssetForm): { name?: string } {
  return f.name.trim() === '' ? { name: 'Name the asset: host name, account, service…' } : {};
}

export function toAssetInput(f: AssetForm): AssetInput {
  return { kind: f.kind, name: f.name.trim(), owner: f.owner.trim(), compromise: f.compromise, containment: f.containment, notes: f.notes.trim() };
}

// ---- Hypotheses, root cause, lessons ---------------------------------------------------

export function rationaleRequired(status: HypothesisStatus): boolean {
  return status !== 'open';
}

export function validateHypothesisStatus(status: HypothesisStatus, rationale: string): { rationale?: string } {
  if (rationaleRequired(status) && rationale.trim() === '')
    return { rationale: `Say what evidence shows the hypothesis is ${status}.` };
  return {};
}

/** One factor a line; blank lines and repeats dropped, first spelling kept. */
export function parseFactors(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const f = raw.replace(/^\s*[-*•]\s*/, '').trim();
    if (f === '' || seen.has(f.toLowerCase())) continue;
    seen.add(f.toLowerCase());
    out.push(f);
  }
  return out;
}

export type RootCauseForm = { statement: string; initial_access: string; factors: string };

export function rootCauseFormsEqual(a: RootCauseForm, b: RootCauseForm): boolean {
  return a.statement === b.statement && a.initial_access === b.initial_access && a.factors === b.factors;
}

export function validateRootCause(f: RootCauseForm, techniques: readonly string[]): { statement?: string; initial_access?: string } {
  const e: { statement?: string; initial_access?: string } = {};
  if (f.statement.trim() === '') e.statement = 'State the root cause: how the attacker got in and why it worked.';
  if (f.initial_access !== '' && !techniques.includes(f.initial_access))
    e.initial_access = `${f.initial_access} is not an ATT&CK Initial Access technique Firebreak knows.`;
  return e;
}

export const rootCauseDraftKey = (incidentId: string) => `firebreak.draft.root-cause.v1.${incidentId}`;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return false;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export type ActionItemErrors = Partial<Record<'action' | 'owner' | 'due_date', string>>;

export function validateActionItem(i: ActionItemInput): ActionItemErrors {
  const e: ActionItemErrors = {};
  if (i.action.trim() === '') e.action = 'Say what will be done.';
  if (i.owner.trim() === '') e.owner = 'Every lesson needs an owner.';
  if (!isRealDate(i.due_date)) e.due_date = 'Give a due date like 2026-12-31.';
  return e;
}

/** An open item past its due date (dates compared as written, in the user's calendar). */
export function isActionOverdue(item: Pick<ActionItem, 'status' | 'due_date'>, todayIso: string): boolean {
  return item.status === 'open' && item.due_date < todayIso;
}

/** Today in the user's calendar, "2026-11-22". */
export function localToday(nowMs: number): string {
  const d = new Date(nowMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// ---- Links -----------------------------------------------------------------------------

/** What each kind of record may be linked to (the backend refuses anything else). */
export const LINK_TARGETS: Record<LinkFrom, LinkTo[]> = {
  evidence: ['timeline_entry', 'playbook_step', 'finding'],
  hypothesis: ['evidence', 'finding'],
  indicator: ['timeline_entry'],
};

export const LINK_TO_LABELS: Record<LinkTo, string> = {
  timeline_entry: 'Timeline entry',
  playbook_step: 'Playbook step',
  finding: 'Finding',
  evidence: 'Evidence',
};

export function linksFrom(links: readonly Link[], kind: LinkFrom, id: string): Link[] {
  return links.filter((l) => l.from_kind === kind && l.from_id === id);
}

/** Words for a link's target: the finding's or evidence item's own text, else its id. */
export function linkTargetText(link: Pick<Link, 'to_kind' | 'to_id'>, ws: Pick<Workspace, 'findings' | 'evidence'>): string {
  switch (link.to_kind) {
    case 'finding':
      return ws.findings.find((f) => f.id === link.to_id)?.statement ?? link.to_id;
    case 'evidence':
      return ws.evidence.find((e) => e.id === link.to_id)?.label ?? link.to_id;
    case 'playbook_step':
      return link.to_id;
    case 'timeline_entry':
      return `entry ${link.to_id.length > 13 ? shortHash(link.to_id, 8, 4) : link.to_id}`;
  }
}

/** A playbook step reference "playbook/step"; the message says how to write one. */
export function stepRefError(text: string): string | null {
  return /^[^/\s]+\/[^/\s]+$/.test(text.trim()) ? null : 'Write the step as playbook/step, e.g. ransomware/isolate-hosts.';
}

// ---- Metrics ---------------------------------------------------------------------------

/** A metric as the card shows it: the measured span, or why it is missing (never a guess). */
export function metricText(m: Pick<Metric, 'seconds' | 'display' | 'missing'>): { measured: boolean; text: string } {
  if (m.seconds === null) return { measured: false, text: m.missing ? `missing — ${m.missing}` : 'missing' };
  return { measured: true, text: m.display };
}

// ---- Reports ---------------------------------------------------------------------------

export const REPORT_TITLES: Record<ReportKind, string> = { brief: 'Executive brief', full: 'Post-incident report' };

export const reportSuffix = (kind: ReportKind, format: ReportFormat) => `${kind === 'brief' ? 'brief' : 'report'}.${format}`;

export type BlockKind = 'Title' | 'Heading' | 'Paragraph' | 'KeyValues' | 'Table' | 'Bullets' | 'Callout' | 'Spacer' | 'Rule' | 'PageBreak' | 'Unknown';

/** Which variant a block is (the generated type is a tagged union keyed by variant name). */
export function blockKind(b: Block): BlockKind {
  if (typeof b === 'string') return b === 'Spacer' || b === 'Rule' || b === 'PageBreak' ? b : 'Unknown';
  if (typeof b !== 'object' || b === null) return 'Unknown';
  const keys: BlockKind[] = ['Title', 'Heading', 'Paragraph', 'KeyValues', 'Table', 'Bullets', 'Callout'];
  return keys.find((k) => k in b) ?? 'Unknown';
}

/** Relative widths as percentages; a non-positive or non-finite weight counts as 1 (as in the PDF). */
export function columnWidths(columns: readonly Pick<Column, 'weight'>[]): number[] {
  const w = columns.map((c) => (c.weight !== null && Number.isFinite(c.weight) && c.weight > 0 ? c.weight : 1));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => (total > 0 ? Math.round((x / total) * 1000) / 10 : 0));
}

/** Rows padded (or cut) to the column count, as the PDF draws them. */
export function tableCells(rows: readonly string[][], columns: number): string[][] {
  return rows.map((r) => Array.from({ length: columns }, (_, i) => r[i] ?? ''));
}

/** The alert colour family a callout uses in the app. */
export function toneClass(tone: Tone): BadgeTone | 'info' {
  switch (tone) {
    case 'Danger':
      return 'danger';
    case 'Warning':
      return 'warn';
    case 'Success':
      return 'ok';
    default:
      return 'info';
  }
}
