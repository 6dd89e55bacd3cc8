// Pure helpers for templates and messages: the {{variables}} a template may use, filling and
// inserting them, which template suits an obligation, the composer's form model, and how
// the sent log is ordered. Free of the DOM and of Svelte so every rule is unit-tested.

import type { ContactChannel, DraftInput, Message, Recipient, Stakeholder, StakeholderCategory, Template } from './types';
import { CHANNELS, recipientAddress, type ResolvedAddress } from './stakeholders';

// ---- Template variables ------------------------------------------------------------------

/** The backend's list, in its order: anything else in {{…}} is refused when saving. */
export const TEMPLATE_VARIABLES = [
  'incident_title',
  'incident_type',
  'severity',
  'phase',
  'summary',
  'commander',
  'detected_at',
  'declared_at',
  'aware_at',
  'determined_at',
  'people_total',
  'jurisdictions',
  'data_categories',
  'encrypted',
  'recipient',
  'regime',
  'rule_title',
  'due_utc',
  'deadline',
  'today',
  'sender',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export const VARIABLE_HINTS: Record<TemplateVariable, string> = {
  incident_title: 'The incident title',
  incident_type: 'Ransomware, data breach, …',
  severity: 'Critical, high, …',
  phase: 'Containment, recovery, …',
  summary: 'The incident summary',
  commander: 'Incident commander',
  detected_at: 'When it was detected (UTC and local)',
  declared_at: 'When it was declared',
  aware_at: 'When you became aware of a personal-data breach',
  determined_at: 'When a breach was determined',
  people_total: 'People affected, summed over places',
  jurisdictions: 'Where affected people live',
  data_categories: 'What data was affected',
  encrypted: 'Whether the data was encrypted',
  recipient: 'Who the obligation says to tell',
  regime: 'GDPR, SEC, NIS2, …',
  rule_title: 'The obligation being answered',
  due_utc: 'The obligation’s due time (UTC)',
  deadline: 'The deadline as the law words it',
  today: 'Today’s date',
  sender: 'You (the signed-in responder)',
};

export const NOT_YET_KNOWN = '[not yet known]';

/** Names inside {{…}}, trimmed, in order of appearance (the backend's reading). */
export function placeholders(text: string): string[] {
  return text
    .split('{{')
    .slice(1)
    .flatMap((rest) => {
      const end = rest.indexOf('}}');
      return end < 0 ? [] : [rest.slice(0, end).trim()];
    });
}

export function unknownVariables(text: string): string[] {
  const known: readonly string[] = TEMPLATE_VARIABLES;
  return [...new Set(placeholders(text).filter((n) => !known.includes(n)))];
}

/** The backend's wording for a template field with an unknown variable; null when all are known. */
export function variablesError(text: string): string | null {
  const bad = unknownVariables(text);
  if (!bad.length) return null;
  return `unknown variable ${bad.map((b) => `{{${b}}}`).join(', ')}; available: ${TEMPLATE_VARIABLES.join(', ')}`;
}

/** Fills {{name}} from `values`; names without a value are left as written (the backend's rule). */
export function fillTemplate(text: string, values: Partial<Record<string, string>>): string {
  let out = '';
  let rest = text;
  for (;;) {
    const start = rest.indexOf('{{');
    if (start < 0) break;
    out += rest.slice(0, start);
    const after = rest.slice(start + 2);
    const end = after.indexOf('}}');
    if (end < 0) {
      out += rest.slice(start);
      rest = '';
      break;
    }
    const name = after.slice(0, end);
    const value = values[name.trim()];
    out += value ?? `{{${name}}}`;
    rest = after.slice(end + 2);
  }
  return out + rest;
}

export type Insertion = { text: string; cursor: number };

/** Replaces the selection [start, end) with `insert` and puts the cursor after it. */
export function insertAt(text: string, start: number | null, end: number | null, insert: string): Insertion {
  const s = Math.max(0, Math.min(start ?? text.length, text.length));
  const e = Math.max(s, Math.min(end ?? s, text.length));
  return { text: text.slice(0, s) + insert + text.slice(e), cursor: s + insert.length };
}

/** `{{name}}` inserted at the cursor, replacing a selection. */
export function insertVariable(text: string, start: number | null, end: number | null, name: string): Insertion {
  return insertAt(text, start, end, `{{${name}}}`);
}

/** Example values for previewing a template before it is used on an incident. */
export const SAMPLE_VALUES: Record<TemplateVariable, string> = {
  incident_title: 'Ransomware on file server FS01',
  incident_type: 'Ransomware',
  severity: 'Critical',
  phase: 'Containment',
  summary: 'Encrypted shares on FS01 found by the night operator.',
  commander: 'Dana Cho',
  detected_at: '2026-11-22 02:10 UTC (2026-11-22 03:10 +01:00)',
  declared_at: '2026-11-22 02:25 UTC (2026-11-22 03:25 +01:00)',
  aware_at: '2026-11-22 02:40 UTC (2026-11-22 03:40 +01:00)',
  determined_at: NOT_YET_KNOWN,
  people_total: '1200',
  jurisdictions: 'Germany, France',
  data_categories: 'Personal data, Account credentials (username and password)',
  encrypted: 'no',
  recipient: 'Lead supervisory authority',
  regime: 'GDPR',
  rule_title: 'Notify the lead supervisory authority',
  due_utc: '2026-11-25 02:40 UTC',
  deadline: 'Without undue delay and, where feasible, within 72 hours of becoming aware',
  today: '2026-11-22',
  sender: 'dana.cho',
};

// ---- Text still to fill in ---------------------------------------------------------------

export type Gap = { text: string; count: number };

/**
 * What still needs writing before sending: "[not yet known]", "[describe]" and the like
 * (square-bracketed lower-case prompts), and any {{variable}} that would go out literally.
 */
export function findGaps(...texts: string[]): Gap[] {
  const counts = new Map<string, number>();
  for (const t of texts) {
    for (const m of t.matchAll(/\[[a-z][a-z ,]{1,40}\]|\{\{[^{}]*\}\}/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  return [...counts].map(([text, count]) => ({ text, count }));
}

// ---- Choosing a template and recipients for an obligation -------------------------------

const AUDIENCE_TEMPLATE: Record<string, string> = {
  regulator: 'regulator-initial',
  individuals: 'individuals-notice',
};

/**
 * The template to start from: regulator → regulator-initial, individuals →
 * individuals-notice, otherwise the first template for that audience, else the first one.
 */
export function templateForAudience(templates: readonly Template[], audience: string | null): Template | null {
  if (!templates.length) return null;
  if (audience) {
    const preferred = AUDIENCE_TEMPLATE[audience];
    const byId = preferred ? templates.find((t) => t.id === preferred) : undefined;
    if (byId) return byId;
    const byAudience = templates.find((t) => t.audience === audience);
    if (byAudience) return byAudience;
  }
  return templates[0];
}

const AUDIENCE_CATEGORIES: Record<string, StakeholderCategory[]> = {
  regulator: ['regulator'],
  individuals: ['customer'],
  board: ['board', 'executive'],
  law_enforcement: ['law_enforcement'],
  insurer: ['insurer', 'breach_coach'],
  public_filing: ['legal', 'outside_counsel'],
};

/** Directory categories that usually receive messages for an audience (listed first in the picker). */
export function suggestedCategories(audience: string | null): StakeholderCategory[] {
  return (audience && AUDIENCE_CATEGORIES[audience]) || [];
}

/** Suggested people first, then by name; the filter matches name, organisation, role and addresses. */
export function pickerList(list: readonly Stakeholder[], audience: string | null, filter: string): Stakeholder[] {
  const suggested = suggestedCategories(audience);
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return list
    .filter((s) => {
      const hay = `${s.name} ${s.organisation} ${s.role} ${s.primary_address} ${s.oob_address}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => {
      const sa = suggested.includes(a.category) ? 0 : 1;
      const sb = suggested.includes(b.category) ? 0 : 1;
      return sa - sb || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
    });
}

/** Free-text recipients: one per line, or separated by commas or semicolons. */
export function parseOtherRecipients(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((r) => r.trim())
    .filter(Boolean);
}

export type PreviewRecipient = { stakeholder_id: string | null; name: string; resolved: ResolvedAddress | null; address: string };

/** Who the message will go to and at which address, as the backend will store it. */
export function previewRecipients(
  directory: readonly Stakeholder[],
  ids: readonly string[],
  channel: ContactChannel,
  other: string,
): PreviewRecipient[] {
  const out: PreviewRecipient[] = [];
  for (const id of ids) {
    const s = directory.find((x) => x.id === id);
    if (!s) continue;
    const resolved = recipientAddress(s, channel);
    out.push({ stakeholder_id: s.id, name: s.name, resolved, address: resolved.address });
  }
  for (const address of parseOtherRecipients(other)) out.push({ stakeholder_id: null, name: '', resolved: null, address });
  return out;
}

/** "Name <address>", or the bare address. */
export function recipientText(r: Pick<Recipient, 'name' | 'address'>): string {
  if (!r.name) return r.address;
  return r.address ? `${r.name} <${r.address}>` : r.name;
}

// ---- The composer's form ------------------------------------------------------------------

export type ComposerForm = {
  template_id: string;
  template_version: number | null;
  stakeholder_ids: string[];
  other: string;
  channel: ContactChannel;
  subject: string;
  body: string;
};

export type ComposerErrors = Partial<Record<'recipients' | 'subject' | 'body' | 'sent_at' | 'path', string>>;

export function emptyComposer(): ComposerForm {
  return { template_id: '', template_version: null, stakeholder_ids: [], other: '', channel: 'email', subject: '', body: '' };
}

export function composerFromMessage(m: Message, directory: readonly Stakeholder[]): ComposerForm {
  const inDirectory = (id: string | null) => id !== null && directory.some((s) => s.id === id);
  return {
    template_id: m.template_id ?? '',
    template_version: m.template_version,
    stakeholder_ids: m.recipients.filter((r) => inDirectory(r.stakeholder_id)).map((r) => r.stakeholder_id as string),
    // People archived since keep their stored address as a free-text recipient.
    other: m.recipients
      .filter((r) => !inDirectory(r.stakeholder_id))
      .map((r) => r.address)
      .join('\n'),
    channel: CHANNELS.includes(m.channel as ContactChannel) ? (m.channel as ContactChannel) : 'email',
    subject: m.subject,
    body: m.body,
  };
}

export function composersEqual(a: ComposerForm, b: ComposerForm): boolean {
  return (
    a.template_id === b.template_id &&
    a.template_version === b.template_version &&
    a.channel === b.channel &&
    a.other.trim() === b.other.trim() &&
    a.subject === b.subject &&
    a.body === b.body &&
    a.stakeholder_ids.length === b.stakeholder_ids.length &&
    a.stakeholder_ids.every((id) => b.stakeholder_ids.includes(id))
  );
}

/** The backend's rules for a draft: a recipient, a subject and a body. */
/** What a draft needs to be saved: a subject and a text. Recipients can come later. */
export function validateComposer(f: ComposerForm): ComposerErrors {
  const e: ComposerErrors = {};
  if (f.subject.trim() === '') e.subject = 'Enter a subject.';
  if (f.body.trim() === '') e.body = 'Write the message, or choose a template to start from.';
  return e;
}

/** What marking a message sent needs on top of a saveable draft: someone it went to. */
export function validateForSending(f: ComposerForm): ComposerErrors {
  const e = validateComposer(f);
  if (f.stakeholder_ids.length === 0 && parseOtherRecipients(f.other).length === 0)
    e.recipients = 'Choose at least one person from the directory, or type an address below, before marking it sent.';
  return e;
}

/** The people affected as the backend's template variables say them (mirrors the core). */
export function peopleText(places: { name: string; people: number | null | undefined }[]): { total: string | null; places: string | null } {
  if (places.length === 0) return { total: null, places: null };
  const known = places.filter((p) => p.people != null);
  const sum = known.reduce((n, p) => n + (p.people ?? 0), 0);
  const grouped = (n: number) => n.toLocaleString('en-US');
  const total = known.length === 0 ? null : known.length === places.length ? grouped(sum) : `at least ${grouped(sum)}`;
  // One place: its count is the total already said before it.
  const list =
    places.length === 1
      ? places[0].name
      : places.map((p) => (p.people != null ? `${p.name} ${grouped(p.people)}` : `${p.name} number not yet known`)).join(', ');
  return { total, places: list };
}

export function buildDraft(f: ComposerForm, id: string | null, ruleId: string | null): DraftInput {
  return {
    id,
    rule_id: ruleId,
    template_id: f.template_id || null,
    template_version: f.template_id ? f.template_version : null,
    stakeholder_ids: [...f.stakeholder_ids],
    other_recipients: parseOtherRecipients(f.other),
    channel: f.channel,
    subject: f.subject,
    body: f.body,
  };
}

/** Reads a stored composer back, trusting nothing about its shape. */
export function parseComposer(value: unknown): ComposerForm | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const f = emptyComposer();
  for (const k of ['template_id', 'other', 'subject', 'body'] as const) if (typeof o[k] === 'string') f[k] = o[k] as string;
  if (typeof o.template_version === 'number') f.template_version = o.template_version;
  if (typeof o.channel === 'string' && CHANNELS.includes(o.channel as ContactChannel)) f.channel = o.channel as ContactChannel;
  if (Array.isArray(o.stakeholder_ids)) f.stakeholder_ids = o.stakeholder_ids.filter((x): x is string => typeof x === 'string');
  return f;
}

/** Unsent composer text survives a crash: one slot per draft, obligation or new message. */
export const composerDraftKey = (incidentId: string, slot: string) => `firebreak.draft.message.v1.${incidentId}.${slot}`;

/** A file name for the .eml: the subject, made safe for any file system. */
export function emlFileName(subject: string): string {
  const slug = subject
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '');
  return `${slug || 'message'}.eml`;
}

// ---- The sent log -------------------------------------------------------------------------

/** Newest first: a sent message by when it was sent, a draft by when it was last saved. */
export function sortMessages(list: readonly Message[]): Message[] {
  const at = (m: Message) => Date.parse(m.sent_at ?? m.updated_at) || 0;
  return [...list].sort((a, b) => at(b) - at(a) || b.id.localeCompare(a.id));
}

/** The newest unsent draft answering an obligation, to reopen instead of starting again. */
export function draftFor(list: readonly Message[], ruleId: string): Message | null {
  return sortMessages(list).find((m) => !m.sent && m.rule_id === ruleId) ?? null;
}

/** "Priya Raman, Marcus Bell and 2 more". */
export function recipientsSummary(list: readonly Recipient[], max = 2): string {
  const names = list.map((r) => r.name || r.address);
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
