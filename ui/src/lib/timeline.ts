// Pure rules behind the timeline page: ATT&CK vocabulary, reading what a responder types
// in the quick-add form, building the backend filter, the phase strip and the wording of
// results. Kept free of the DOM so they are unit-tested.

import { ApiError, toApiError } from './errors';
import { instantMs, parseRfc3339 } from './time';
import type {
  LogVerification,
  ChainStatus,
  ColumnMapping,
  EntryKind,
  ExportFormat,
  ImportFormat,
  ImportSummary,
  NewEvent,
  PhaseMark,
  SignatureStatus,
  TimelineEntry,
  TimelineFilter,
  TimelineOrder,
} from './types';
import { msToZonedRfc3339, readFilterTime, validWall, wallToMs, zonedParts } from './zones';

// ---- ATT&CK ------------------------------------------------------------------------

export type Tactic = { id: string; name: string; formerly: string | null };

/** MITRE ATT&CK Enterprise tactics (v19), in kill-chain order, as the backend knows them. */
export const TACTICS: Tactic[] = [
  { id: 'TA0043', name: 'Reconnaissance', formerly: null },
  { id: 'TA0042', name: 'Resource Development', formerly: null },
  { id: 'TA0001', name: 'Initial Access', formerly: null },
  { id: 'TA0002', name: 'Execution', formerly: null },
  { id: 'TA0003', name: 'Persistence', formerly: null },
  { id: 'TA0004', name: 'Privilege Escalation', formerly: null },
  // Renamed in v19; analysts and older tools still say "Defense Evasion".
  { id: 'TA0005', name: 'Stealth', formerly: 'Defense Evasion' },
  { id: 'TA0112', name: 'Defense Impairment', formerly: null },
  { id: 'TA0006', name: 'Credential Access', formerly: null },
  { id: 'TA0007', name: 'Discovery', formerly: null },
  { id: 'TA0008', name: 'Lateral Movement', formerly: null },
  { id: 'TA0009', name: 'Collection', formerly: null },
  { id: 'TA0011', name: 'Command and Control', formerly: null },
  { id: 'TA0010', name: 'Exfiltration', formerly: null },
  { id: 'TA0040', name: 'Impact', formerly: null },
];

/** "Stealth (Defense Evasion)", so both generations of analysts recognise it. */
export function tacticLabel(id: string): string {
  const t = TACTICS.find((x) => x.id === id);
  if (!t) return id;
  return t.formerly ? `${t.name} (${t.formerly})` : t.name;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ');

/** A tactic id for an id or a current or former name, case-insensitively; as the backend reads it. */
export function tacticId(input: string): string | null {
  const wanted = norm(input);
  const t = TACTICS.find(
    (x) => x.id.toLowerCase() === wanted || norm(x.name) === wanted || (x.formerly !== null && norm(x.formerly) === wanted),
  );
  return t?.id ?? null;
}

/** "a, b,,c " → ["a", "b", "c"]; each item once, first spelling kept. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '' || seen.has(item.toLowerCase())) continue;
    seen.add(item.toLowerCase());
    out.push(item);
  }
  return out;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Tactic ids from a comma list of ids or names; an unknown one is named in the message. */
export function parseTactics(text: string): Parsed<string[]> {
  const ids: string[] = [];
  for (const item of splitList(text)) {
    const id = tacticId(item);
    if (!id) return { ok: false, message: `“${item}” is not an ATT&CK tactic id or name (e.g. TA0010 or Exfiltration).` };
    if (!ids.includes(id)) ids.push(id);
  }
  return { ok: true, value: ids };
}

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

export function parseTechniques(text: string): Parsed<string[]> {
  const out: string[] = [];
  for (const item of splitList(text)) {
    const id = item.toUpperCase();
    if (!TECHNIQUE.test(id)) return { ok: false, message: `“${item}” is not a technique id like T1486 or T1566.001.` };
    if (!out.includes(id)) out.push(id);
  }
  return { ok: true, value: out };
}

// ---- Time typed by hand --------------------------------------------------------------

/** Clocks drift; an event a little ahead of this machine's clock is still plausible. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const WALL = /^(\d{4})-(\d{2})-(\d{2})[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * What a responder typed as an event time, as RFC 3339. Accepts "now", a date and time
 * ("2026-11-22 04:10[:05]", read in `zone`), a time alone ("04:10", today in `zone`), or a
 * full timestamp with its own offset, which is kept as written.
 */
export function parseEventTime(text: string, zone: string, nowMs: number): Parsed<string> {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Enter when it happened: “now”, or a date and time like 2026-11-22 04:10.' };
  if (/^now$/i.test(t)) return { ok: true, value: msToZonedRfc3339(nowMs, zone) };

  let value: string | null = null;
  const withOffset = t.replace(/^(\d{4}-\d{2}-\d{2})\s+/, '$1T');
  if (parseRfc3339(withOffset)) {
    value = withOffset.replace(/z$/, 'Z');
  } else {
    let m = WALL.exec(t);
    if (m) {
      const [, y, mo, d, h, mi, s] = m;
      const w = { y: +y, mo: +mo, d: +d, h: +h, mi: +mi, s: s ? +s : 0 };
      if (!validWall(w)) return { ok: false, message: `${t} is not a real date and time.` };
      value = msToZonedRfc3339(wallToMs(zone, w), zone);
    } else if ((m = TIME_ONLY.exec(t))) {
      const [, h, mi, s] = m;
      const today = zonedParts(nowMs, zone).date.split('-').map(Number);
      const w = { y: today[0], mo: today[1], d: today[2], h: +h, mi: +mi, s: s ? +s : 0 };
      if (!validWall(w)) return { ok: false, message: `${t} is not a time of day.` };
      value = msToZonedRfc3339(wallToMs(zone, w), zone);
    }
  }
  if (value === null)
    return { ok: false, message: `Cannot read “${t}” as a time. Type “now”, 2026-11-22 04:10, 04:10, or a time with an offset.` };
  if (instantMs(value) > nowMs + FUTURE_TOLERANCE_MS)
    return { ok: false, message: 'This is in the future. Enter when it happened.' };
  return { ok: true, value };
}

/** "2026-11-22 04:10:05" in `zone`, the form the "Now" button fills in. */
export function nowForInput(nowMs: number, zone: string): string {
  const p = zonedParts(nowMs, zone);
  return `${p.date} ${p.time}`;
}

// ---- The event form -----------------------------------------------------------------

export type EventForm = {
  time: string;
  message: string;
  source: string;
  host: string;
  account: string;
  tactics: string;
  techniques: string;
  confidence: string;
  tags: string;
};

export type EventField = keyof EventForm;
export type EventErrors = Partial<Record<EventField, string>>;

export const EVENT_FIELDS: EventField[] = [
  'time',
  'message',
  'source',
  'host',
  'account',
  'tactics',
  'techniques',
  'confidence',
  'tags',
];

/** Backend field names (IpcError.field) to the form field that shows the error. */
const BACKEND_FIELDS: Record<string, EventField> = {
  occurred_at: 'time',
  message: 'message',
  source: 'source',
  host: 'host',
  account: 'account',
  tactics: 'tactics',
  techniques: 'techniques',
  confidence: 'confidence',
  tags: 'tags',
};

export function emptyEventForm(): EventForm {
  return { time: 'now', message: '', source: '', host: '', account: '', tactics: '', techniques: '', confidence: '', tags: '' };
}

/** After an add, what stays for the next event: the same tool and host are the usual case. */
export function nextEventForm(previous: EventForm): EventForm {
  return { ...emptyEventForm(), source: previous.source, host: previous.host };
}

/** An event as the form shows it for editing; the time keeps its original offset. */
export function formFromEntry(e: TimelineEntry): EventForm {
  return {
    time: e.occurred_at,
    message: e.message,
    source: e.source,
    host: e.host,
    account: e.account,
    tactics: e.tactics.join(', '),
    techniques: e.techniques.join(', '),
    confidence: e.confidence === null ? '' : String(e.confidence),
    tags: e.tags.join(', '),
  };
}

export function eventFormsEqual(a: EventForm, b: EventForm): boolean {
  return EVENT_FIELDS.every((f) => a[f].trim() === b[f].trim());
}

/** A stored draft, trusting nothing about its shape. */
export function parseEventForm(value: unknown): EventForm | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const form = emptyEventForm();
  for (const f of EVENT_FIELDS) if (typeof o[f] === 'string') form[f] = o[f] as string;
  return form;
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

export type BuiltEvent = { ok: true; event: NewEvent } | { ok: false; errors: EventErrors };

/** What an edit carries over unchanged from the entry: fields the form does not show. */
export type EventCarry = { step_links: string[]; note: string | null };

/** Carry-over for an entry being corrected; an import's extra columns live in its note. */
export function carryFrom(e: TimelineEntry | null): EventCarry {
  return e ? { step_links: e.step_links, note: e.note === '' ? null : e.note } : { step_links: [], note: null };
}

/** Validates the form and builds what to send. */
export function buildEvent(form: EventForm, zone: string, nowMs: number, carry: EventCarry = carryFrom(null)): BuiltEvent {
  const errors: EventErrors = {};
  const time = parseEventTime(form.time, zone, nowMs);
  if (!time.ok) errors.time = time.message;
  if (form.message.trim() === '') errors.message = 'Describe what happened, in a sentence.';
  const tactics = parseTactics(form.tactics);
  if (!tactics.ok) errors.tactics = tactics.message;
  const techniques = parseTechniques(form.techniques);
  if (!techniques.ok) errors.techniques = techniques.message;
  let confidence: number | null = null;
  const c = form.confidence.trim().replace(/%$/, '');
  if (c !== '') {
    if (!/^\d{1,3}$/.test(c) || Number(c) > 100) errors.confidence = 'Confidence is a whole number from 0 to 100.';
    else confidence = Number(c);
  }
  if (!time.ok || !tactics.ok || !techniques.ok || Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    event: {
      occurred_at: time.value,
      message: form.message.trim(),
      source: orNull(form.source),
      host: orNull(form.host),
      account: orNull(form.account),
      tactics: tactics.value,
      techniques: techniques.value,
      confidence,
      tags: splitList(form.tags),
      step_links: carry.step_links,
      note: carry.note,
    },
  };
}

/** A backend rejection: beside its field when the form shows that field, else for the banner. */
export function eventErrorFor(e: unknown): { fields: EventErrors; banner: ApiError | null } {
  const err = toApiError(e);
  const field = err.code === 'validation' && err.field ? BACKEND_FIELDS[err.field] : undefined;
  return field ? { fields: { [field]: err.message }, banner: null } : { fields: {}, banner: err };
}

// ---- Filters ------------------------------------------------------------------------

export type FilterForm = {
  kind: EntryKind | null;
  /** A fragment matched anywhere in host names, or (hostExact) a host chosen from the suggestions. */
  host: string;
  hostExact: boolean;
  actor: string;
  tactic: string | null;
  tag: string;
  text: string;
  /** "2026-11-20 08:15" as typed, read in the selected zone. */
  from: string;
  to: string;
  order: TimelineOrder;
  history: boolean;
};

export function emptyFilterForm(): FilterForm {
  return {
    kind: null,
    host: '',
    hostExact: false,
    actor: '',
    tactic: null,
    tag: '',
    text: '',
    from: '',
    to: '',
    order: 'occurred_desc',
    history: false,
  };
}

/** True when anything narrows the list (order and history only rearrange or add). */
export function isFiltered(f: FilterForm): boolean {
  return f.kind !== null || f.tactic !== null || [f.host, f.actor, f.tag, f.text, f.from, f.to].some((v) => v.trim() !== '');
}

/** The backend filter without paging; half-typed times are left out rather than guessed. */
export function buildFilter(f: FilterForm, zone: string): TimelineFilter {
  const time = (v: string) => {
    const r = readFilterTime(v, zone);
    return r.ok ? r.value : null;
  };
  return {
    kind: f.kind,
    host: f.hostExact ? orNull(f.host) : null,
    host_contains: f.hostExact ? null : orNull(f.host),
    actor: orNull(f.actor),
    tactic: f.tactic,
    tag: orNull(f.tag),
    text: orNull(f.text),
    from: time(f.from),
    to: time(f.to),
    order: f.order,
    offset: null,
    include_history: f.history,
    limit: null,
  };
}

/** Same listing? Used to drop cached pages only when the answer can differ. */
export function filterKey(f: TimelineFilter): string {
  return JSON.stringify({ ...f, offset: null, limit: null });
}

// ---- Phase strip ----------------------------------------------------------------------

export type PhaseSegment = PhaseMark & {
  startMs: number;
  endMs: number;
  /** Share of the whole span, 0..1. */
  fraction: number;
  /** The phase the incident is in now (last mark of an open incident). */
  current: boolean;
};

/**
 * Each mark starts a segment that runs to the next mark; the last runs to `nowMs`, or
 * stops at a final "closed". Unparseable marks are dropped rather than misplaced.
 */
export function phaseSegments(marks: PhaseMark[], nowMs: number): PhaseSegment[] {
  const timed = marks
    .map((m) => ({ ...m, ms: instantMs(m.at) }))
    .filter((m) => Number.isFinite(m.ms))
    .sort((a, b) => a.ms - b.ms);
  if (!timed.length) return [];
  const closed = timed[timed.length - 1].milestone === 'closed';
  const endAll = closed ? timed[timed.length - 1].ms : Math.max(nowMs, timed[timed.length - 1].ms);
  const span = endAll - timed[0].ms;
  return timed.map(({ ms, ...m }, i) => {
    const endMs = i + 1 < timed.length ? timed[i + 1].ms : endAll;
    return {
      ...m,
      startMs: ms,
      endMs,
      fraction: span > 0 ? (endMs - ms) / span : 1 / timed.length,
      current: !closed && i === timed.length - 1,
    };
  });
}

// ---- Words ----------------------------------------------------------------------------

export const KIND_LABELS: Record<EntryKind, string> = { event: 'Event', action: 'Action', retraction: 'Retraction' };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function entryCount(n: number): string {
  return plural(n, 'entry', 'entries');
}

/** The verify result as one line; a broken chain says where and why. */
export function chainText(s: ChainStatus): string {
  if (s.status === 'intact') return `Intact — ${entryCount(s.entries)}, head ${s.head_hash.slice(0, 12)}…`;
  return `Broken at entry ${s.first_bad_seq}: ${s.problem}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function progressPercent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** `about` says who each file is for; the dialog shows it under the format. */
export const EXPORT_FORMATS: { value: ExportFormat; label: string; ext: string; about: string }[] = [
  {
    value: 'timesketch_csv',
    label: 'Timesketch CSV',
    ext: 'csv',
    about: 'For Timesketch and other tools: every value exactly as recorded. Do not open it in a spreadsheet: a cell starting with = or + can run as a formula.',
  },
  { value: 'timesketch_jsonl', label: 'Timesketch JSONL', ext: 'jsonl', about: 'For Timesketch and other tools: every value exactly as recorded.' },
  {
    value: 'spreadsheet_csv',
    label: 'Spreadsheet CSV (Excel, LibreOffice)',
    ext: 'csv',
    about: 'For people: the same columns, and cells that would start a formula (=, +, -, @) begin with an apostrophe, so nothing runs. Not for re-import into tools.',
  },
  { value: 'markdown', label: 'Markdown report', ext: 'md', about: 'For the board, counsel and regulators: a readable table.' },
  { value: 'html', label: 'HTML report (print to PDF)', ext: 'html', about: 'For the board, counsel and regulators: opens in a browser, prints to PDF.' },
];

export const IMPORT_FORMATS: { value: ImportFormat; label: string }[] = [
  { value: 'timesketch_csv', label: 'Timesketch CSV' },
  { value: 'timesketch_jsonl', label: 'Timesketch JSONL' },
  { value: 'plaso_dynamic', label: 'Plaso dynamic CSV' },
  { value: 'plaso_l2tcsv', label: 'Plaso l2tcsv' },
  { value: 'plaso_json_line', label: 'Plaso json_line' },
  { value: 'plaso_json', label: 'Plaso json' },
  { value: 'plaso_tln', label: 'Plaso TLN' },
  { value: 'plaso_l2ttln', label: 'Plaso l2t TLN' },
  { value: 'hayabusa_csv', label: 'Hayabusa CSV' },
  { value: 'hayabusa_jsonl', label: 'Hayabusa JSONL' },
  { value: 'chainsaw_json', label: 'Chainsaw JSON' },
  { value: 'velociraptor_jsonl', label: 'Velociraptor JSON Lines' },
  { value: 'evtxecmd_csv', label: 'EvtxECmd CSV' },
  { value: 'mftecmd_csv', label: 'MFTECmd CSV' },
  { value: 'generic_csv', label: 'Other CSV (map the columns)' },
  { value: 'generic_jsonl', label: 'Other JSON Lines (map the fields)' },
];

/** Formats whose columns the responder maps by hand. */
export function isGenericFormat(f: ImportFormat): boolean {
  return f === 'generic_csv' || f === 'generic_jsonl';
}

export function importSummaryText(s: ImportSummary): string {
  return (
    `Imported ${s.imported.toLocaleString('en-US')}, ${plural(s.duplicates, 'duplicate')} skipped, ` +
    `${plural(s.skipped_actions, 'responder action')} from another incident not replayed.` +
    (s.skipped_undated > 0 ? ` ${plural(s.skipped_undated, 'row')} the tool could not date skipped (recorded on the timeline).` : '')
  );
}

// ---- Column mapping (generic CSV) -------------------------------------------------------

export type MappingField = Exclude<keyof ColumnMapping, 'naive_offset'>;

export const MAPPING_FIELDS: { field: MappingField; label: string; required: boolean }[] = [
  { field: 'occurred_at', label: 'When it happened', required: true },
  { field: 'message', label: 'What happened', required: true },
  { field: 'source', label: 'Source', required: false },
  { field: 'host', label: 'Host', required: false },
  { field: 'account', label: 'Account', required: false },
  { field: 'tactics', label: 'ATT&CK tactics', required: false },
  { field: 'techniques', label: 'ATT&CK techniques', required: false },
  { field: 'confidence', label: 'Confidence', required: false },
  { field: 'tags', label: 'Tags', required: false },
  { field: 'time_of_day', label: 'Time of day (if in its own column)', required: false },
  { field: 'time_zone', label: 'Time zone of each row', required: false },
];

export type MappingErrors = Partial<Record<keyof ColumnMapping, string>>;

const OFFSET = /^(Z|[+-]\d{2}:\d{2})$/;

/** A mapping names real columns, the required ones included, and a well-formed offset. */
export function validateMapping(m: ColumnMapping, headers: string[]): MappingErrors {
  const errors: MappingErrors = {};
  for (const { field, label, required } of MAPPING_FIELDS) {
    const col = m[field];
    if (!col) {
      if (required) errors[field] = `Choose the column that holds “${label.toLowerCase()}”.`;
    } else if (!headers.includes(col)) errors[field] = `The file has no column “${col}”.`;
  }
  const off = m.naive_offset?.trim() ?? '';
  if (off !== '' && !OFFSET.test(off)) errors.naive_offset = 'Write the offset as +01:00, -05:00 or Z, or leave it empty.';
  return errors;
}

/** The mapping to send: empty optional columns and offset become null. */
export function cleanMapping(m: ColumnMapping): ColumnMapping {
  const opt = (v: string | null | undefined) => (v && v.trim() !== '' ? v : null);
  return {
    occurred_at: m.occurred_at,
    message: m.message,
    source: opt(m.source),
    host: opt(m.host),
    account: opt(m.account),
    tactics: opt(m.tactics),
    techniques: opt(m.techniques),
    confidence: opt(m.confidence),
    tags: opt(m.tags),
    time_of_day: opt(m.time_of_day),
    time_zone: opt(m.time_zone),
    naive_offset: opt(m.naive_offset?.trim() ?? null),
  };
}

/** One line on who signed the chain, or what is not signed (issue 17's keyed chain). */
export function signaturesText(s: SignatureStatus): string {
  switch (s.status) {
    case 'signed': {
      const who = s.authors.map((a) => `${a.name} (${a.fingerprint})`).join(', ');
      if (s.head_seq === 0) return 'Nothing to sign yet';
      const adopted = s.adopted_through ? `; entries 1–${s.adopted_through} were recorded before signing and adopted` : '';
      return `Signed by ${who}${adopted}`;
    }
    case 'unsigned':
      return `Entries ${s.from_seq}–${s.to_seq} carry no signature: written without a responder's key (outside Firebreak?)`;
    case 'broken':
      return `Signature check failed at entry ${s.seq}: ${s.problem}`;
  }
}

/** One line for the operation log's verification (what the CLI's `firebreak verify` says). */
export function logText(v: LogVerification): string {
  const n = v.operations === 1 ? '1 operation' : `${v.operations} operations`;
  const devices = v.devices.map((d) => (d.name ? `${d.name} (${d.device})` : d.device)).join(', ');
  switch (v.verdict.status) {
    case 'intact':
      return `Operation log intact: ${n} from ${devices || 'no device yet'}; replay gives the same ${v.replayed.join(', ')}`;
    case 'unsigned':
      return `Operations ${v.verdict.from_seq}–${v.verdict.to_seq} of device ${v.verdict.device} carry no signature`;
    case 'broken':
      return `Operation log broken: ${v.verdict.problem}`;
    case 'differs':
      return `Changed behind Firebreak's back: ${v.verdict.problem}`;
  }
}
