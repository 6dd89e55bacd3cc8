// Pure helpers for the stakeholder directory: labels, grouping and search, the add/edit form
// model with the backend's rules checked before sending, and which address a message uses.
// Free of the DOM and of Svelte so every rule is unit-tested.

import type { ContactChannel, Stakeholder, StakeholderCategory, StakeholderInput } from './types';

export const CHANNEL_LABELS: Record<ContactChannel, string> = {
  email: 'Email',
  phone: 'Phone',
  sms: 'SMS',
  portal: 'Portal',
  signal: 'Signal',
  in_person: 'In person',
  other: 'Other',
};
export const CHANNELS = Object.keys(CHANNEL_LABELS) as ContactChannel[];

export const CATEGORY_LABELS: Record<StakeholderCategory, string> = {
  executive: 'Executive',
  board: 'Board',
  legal: 'Legal',
  comms: 'Communications',
  hr: 'HR',
  it: 'IT',
  regulator: 'Regulator',
  law_enforcement: 'Law enforcement',
  insurer: 'Insurer',
  breach_coach: 'Breach coach',
  outside_counsel: 'Outside counsel',
  forensics: 'Forensics',
  customer: 'Customer',
  vendor: 'Vendor',
  other: 'Other',
};
export const CATEGORIES = Object.keys(CATEGORY_LABELS) as StakeholderCategory[];

/** The backend's split: these categories are people inside the organisation. */
const INTERNAL: StakeholderCategory[] = ['executive', 'board', 'legal', 'comms', 'hr', 'it'];

export function isInternal(category: StakeholderCategory): boolean {
  return INTERNAL.includes(category);
}

export const INTERNAL_CATEGORIES = CATEGORIES.filter(isInternal);
export const EXTERNAL_CATEGORIES = CATEGORIES.filter((c) => !isInternal(c));

// ---- Listing ------------------------------------------------------------------------------

/** Lower-cased text a search matches against: name, organisation, role, category, addresses, notes. */
function haystack(s: Stakeholder): string {
  return [
    s.name,
    s.organisation,
    s.role,
    CATEGORY_LABELS[s.category] ?? s.category,
    s.primary_address,
    s.oob_address,
    s.notes,
  ]
    .join(' ')
    .toLowerCase();
}

/** Every word of the query must appear somewhere in the person's entry. */
export function matchesSearch(s: Stakeholder, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = haystack(s);
  return words.every((w) => hay.includes(w));
}

export type StakeholderGroups = { internal: Stakeholder[]; external: Stakeholder[] };

/** Internal and external, each by category order then name. */
export function groupStakeholders(list: readonly Stakeholder[], query = ''): StakeholderGroups {
  const rank = (c: StakeholderCategory) => CATEGORIES.indexOf(c);
  const sorted = list
    .filter((s) => matchesSearch(s, query))
    .sort((a, b) => rank(a.category) - rank(b.category) || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  return {
    internal: sorted.filter((s) => isInternal(s.category)),
    external: sorted.filter((s) => !isInternal(s.category)),
  };
}

/** People who can only be reached on one channel: if that is compromised email, no one can. */
export function lacksOob(s: Pick<Stakeholder, 'oob_channel'>): boolean {
  return s.oob_channel === null;
}

// ---- Which address a message uses --------------------------------------------------------

export type ResolvedAddress = {
  address: string;
  /** Whether the out-of-band address is used. */
  oob: boolean;
  /** The channel the address belongs to. */
  channel: ContactChannel;
  /** False when the person has no address on the chosen channel and the primary one is used anyway. */
  matches: boolean;
};

/**
 * The backend's rule: the out-of-band address when the message goes by the person's
 * out-of-band channel, otherwise the primary address.
 */
export function recipientAddress(
  s: Pick<Stakeholder, 'primary_channel' | 'primary_address' | 'oob_channel' | 'oob_address'>,
  channel: ContactChannel,
): ResolvedAddress {
  if (s.oob_channel !== null && s.oob_channel === channel) {
    return { address: s.oob_address, oob: true, channel, matches: true };
  }
  return { address: s.primary_address, oob: false, channel: s.primary_channel, matches: s.primary_channel === channel };
}

// ---- The add / edit form ---------------------------------------------------------------

export type StakeholderForm = {
  name: string;
  organisation: string;
  role: string;
  category: StakeholderCategory;
  primary_channel: ContactChannel;
  primary_address: string;
  /** "" = none. */
  oob_channel: ContactChannel | '';
  oob_address: string;
  notes: string;
};

export type StakeholderField = keyof StakeholderForm;
export const STAKEHOLDER_FIELDS: StakeholderField[] = [
  'name',
  'organisation',
  'role',
  'category',
  'primary_channel',
  'primary_address',
  'oob_channel',
  'oob_address',
  'notes',
];
export type StakeholderErrors = Partial<Record<StakeholderField, string>>;

export function emptyStakeholderForm(category: StakeholderCategory = 'other'): StakeholderForm {
  return {
    name: '',
    organisation: '',
    role: '',
    category,
    primary_channel: 'email',
    primary_address: '',
    oob_channel: '',
    oob_address: '',
    notes: '',
  };
}

export function formFromStakeholder(s: Stakeholder): StakeholderForm {
  return {
    name: s.name,
    organisation: s.organisation,
    role: s.role,
    category: s.category,
    primary_channel: s.primary_channel,
    primary_address: s.primary_address,
    oob_channel: s.oob_channel ?? '',
    oob_address: s.oob_address,
    notes: s.notes,
  };
}

export function stakeholderFormsEqual(a: StakeholderForm, b: StakeholderForm): boolean {
  return STAKEHOLDER_FIELDS.every((f) => a[f] === b[f]);
}

export function toStakeholderInput(f: StakeholderForm): StakeholderInput {
  return {
    name: f.name.trim(),
    organisation: f.organisation.trim(),
    role: f.role.trim(),
    category: f.category,
    primary_channel: f.primary_channel,
    primary_address: f.primary_address.trim(),
    oob_channel: f.oob_channel === '' ? null : f.oob_channel,
    oob_address: f.oob_channel === '' ? '' : f.oob_address.trim(),
    notes: f.notes.trim(),
  };
}

// Control characters (and the Unicode line separators) that could end a header or a vCard
// line in an export.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

/** The backend's address check (RFC 5322 addr-spec: dot-atom local part, dotted domain). */
export function looksLikeEmail(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at <= 0 || CONTROL.test(s)) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  const atom = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u;
  const label = /^[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
  const quoted = /^"([^"\\]|\\.)+"$/.test(local) && !/\s/.test(local);
  const labels = domain.split('.');
  return (quoted || local.split('.').every((p) => atom.test(p))) && labels.length >= 2 && labels.every((l) => label.test(l));
}

/** What is wrong with a name as the backend sees it, or null. */
export function nameProblem(name: string): string | null {
  if (CONTROL.test(name)) return 'the name contains a control character or line break; remove it';
  const syntax = [...name].find((c) => '<>@'.includes(c));
  if (syntax) return `the name "${name}" contains "${syntax}", which reads as an e-mail address; give the name alone and the address in its own field`;
  return null;
}

/** Control characters in one-line text (or, with `lines`, other than line breaks and tabs). */
export function hasControl(s: string, lines = false): boolean {
  return (lines ? CONTROL_BUT_LINES : CONTROL).test(s);
}

/** The backend's phone check: digits with the usual separators. */
export function looksLikePhone(s: string): boolean {
  return /^[0-9 +()\-./#*,;xXpPwWextEXT]+$/.test(s) && /[0-9]/.test(s);
}

const ADDRESS_EXAMPLES: Record<ContactChannel, string> = {
  email: 'name@example.org',
  phone: '+44 20 7946 0000',
  sms: '+44 7700 900000',
  portal: 'https://…',
  signal: '+44 7700 900000',
  in_person: 'Where to find them (optional)',
  other: 'How to reach them',
};

const ADDRESS_NOUNS: Record<ContactChannel, string> = {
  email: 'email address',
  phone: 'phone number',
  sms: 'mobile number',
  portal: 'portal address (URL)',
  signal: 'Signal number',
  in_person: 'place',
  other: 'contact details',
};

/** "email address", "phone number": what the address field holds for a channel. */
export function addressNoun(channel: ContactChannel): string {
  return ADDRESS_NOUNS[channel];
}

export function addressPlaceholder(channel: ContactChannel | ''): string {
  return channel === '' ? '' : ADDRESS_EXAMPLES[channel];
}

/** The backend's rules, worded to say how to fix each. */
export function validateStakeholder(f: StakeholderForm): StakeholderErrors {
  const e: StakeholderErrors = {};
  if (f.name.trim() === '') e.name = 'Enter a name: a person, or a team such as “ICO breach reporting”.';
  else if (nameProblem(f.name.trim())) e.name = 'Enter the name alone, without “<”, “>”, “@” or line breaks: the address has its own field.';
  const primary = f.primary_address.trim();
  if (primary === '' && f.primary_channel !== 'in_person')
    e.primary_address = `Enter the ${addressNoun(f.primary_channel)}.`;
  else if (f.primary_channel === 'email' && primary !== '' && !looksLikeEmail(primary))
    e.primary_address = `“${primary}” is not an email address (name@example.org).`;
  if (f.oob_channel !== '') {
    if (f.oob_channel === f.primary_channel && f.oob_channel !== 'phone')
      e.oob_channel = 'Choose a different channel from the primary one: it is for when that channel is compromised.';
    if (f.oob_address.trim() === '' && f.oob_channel !== 'in_person')
      e.oob_address = `Enter the ${addressNoun(f.oob_channel)}.`;
  } else if (f.oob_address.trim() !== '') {
    e.oob_channel = 'Choose the out-of-band channel for this address.';
  }
  return e;
}

/** Reads a stored form back, trusting nothing about its shape. */
export function parseStakeholderForm(value: unknown): StakeholderForm | null {
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const f = emptyStakeholderForm();
  for (const k of STAKEHOLDER_FIELDS) if (typeof o[k] === 'string') (f as Record<string, string>)[k] = o[k] as string;
  if (!CATEGORIES.includes(f.category)) f.category = 'other';
  if (!CHANNELS.includes(f.primary_channel)) f.primary_channel = 'email';
  if (f.oob_channel !== '' && !CHANNELS.includes(f.oob_channel)) f.oob_channel = '';
  return f;
}

// ---- Contact files ----------------------------------------------------------------------

export type ContactFileFormat = 'csv' | 'vcf';

/** The backend decides by extension: .vcf / .vcard is vCard, anything else CSV. */
export function contactFormatOf(path: string): ContactFileFormat {
  return /\.(vcf|vcard)$/i.test(path.trim()) ? 'vcf' : 'csv';
}

/** The path with its extension replaced (or added), so switching format keeps the folder and name. */
export function withExtension(path: string, ext: string): string {
  const p = path.trim();
  if (p === '') return p;
  const slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  const dot = p.lastIndexOf('.');
  const base = dot > slash + 1 ? p.slice(0, dot) : p;
  return `${base}.${ext}`;
}

/** What the import did, for the notice. */
export function importResultText(r: { added: number; updated: number }): string {
  return `Added ${r.added}, updated ${r.updated}`;
}
