// Dev-only stand-in for the stakeholder directory, templates and messages (see mock.ts): a
// seeded directory, the backend's five built-in templates filled the way it fills them, and
// drafts and sent messages with the same validations. Marking a message sent writes
// "message_sent" to the incident's audit trail (which the timeline mock mirrors) and, when
// it answers an obligation, records that obligation as sent through the notify mock.

import type { Commands } from './api';
import { worded } from './mock-wording';
import { NOTIFY_CATALOG } from './mock-notify';
import { MOCK_JURISDICTIONS } from './mock-jurisdictions';
import { fillTemplate, NOT_YET_KNOWN, peopleText, recipientText, unknownVariables, TEMPLATE_VARIABLES } from './messages';
import { err, later, ok, protectedOutput } from './mock-result';
import { hasControl, isInternal, looksLikeEmail, looksLikePhone, nameProblem, recipientAddress } from './stakeholders';
import { parseRfc3339, toRfc3339 } from './time';
import type {
  AuditEntry,
  Catalog,
  ContactChannel,
  FieldChange,
  Incident,
  IpcError,
  Message,
  Recipient,
  Result,
  Stakeholder,
  StakeholderCategory,
  StakeholderInput,
  Template,
} from './types';

type MessageCommands = Pick<
  Commands,
  | 'stakeholdersList'
  | 'stakeholderSave'
  | 'stakeholderArchive'
  | 'stakeholdersImport'
  | 'stakeholdersExport'
  | 'templatesList'
  | 'templateSave'
  | 'messageRender'
  | 'messagesList'
  | 'messageSaveDraft'
  | 'messageMarkSent'
  | 'messageExportEml'
>;

type Deps = {
  incidents: () => Incident[];
  /** The incident's audit list; entries pushed here show on its timeline. */
  audit: (incidentId: string) => AuditEntry[] | undefined;
  actor: string;
  newId: () => string;
  /** Labels for the incident's type, severity and phase. */
  catalog: Pick<Catalog, 'incident_types' | 'severities' | 'phases'>;
  /** The obligations (for rule values) and the decision mark-sent records. */
  notify: Pick<Commands, 'notifyView' | 'notifyDecide'>;
};

const nowIso = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const nowLocal = () => toRfc3339(Date.now(), -new Date().getTimezoneOffset());
// Copies: the caller's objects may be reactive proxies, which structuredClone refuses.
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The backend's five, word for word (version 1 of each). */
export const BUILT_IN_TEMPLATES: Template[] = [
  {
    id: 'regulator-initial',
    name: 'Initial notification to a regulator',
    audience: 'regulator',
    subject: 'Personal data breach notification — {{incident_title}}',
    body: 'To: {{recipient}}\n\nWe are notifying you of a personal data breach under {{regime}} ({{rule_title}}).\n\nWhat happened: {{summary}}\nWhen we detected it: {{detected_at}}\nWhen we became aware of the personal-data breach: {{aware_at}}\nPeople affected: {{people_total}} ({{jurisdictions}})\nData affected: {{data_categories}}\nEncrypted: {{encrypted}}\n\nContainment and next steps: [describe]\nContact: {{sender}}\n\nFurther information will follow as our investigation progresses.',
  },
  {
    id: 'individuals-notice',
    name: 'Notice to affected people',
    audience: 'individuals',
    subject: 'Important: an incident that may involve your information',
    body: 'We are writing to tell you about an incident that involved some of your information.\n\nWhat happened: {{summary}}\nWhat information was involved: {{data_categories}}\nWhat we are doing: [describe]\nWhat you can do: [describe]\n\nFor more information contact: [contact line]',
  },
  {
    id: 'board-brief',
    name: 'Board and executive update',
    audience: 'board',
    subject: '[{{severity}}] Incident update: {{incident_title}}',
    body: 'Status: {{phase}} ({{severity}})\nDetected: {{detected_at}}\nIncident commander: {{commander}}\n\nWhat we know: {{summary}}\nPeople affected: {{people_total}} ({{jurisdictions}})\nNext regulatory deadline: see the notifications page.\n\nDecisions needed: [list]',
  },
  {
    id: 'law-enforcement',
    name: 'Report to law enforcement',
    audience: 'law_enforcement',
    subject: 'Cyber incident report — {{incident_title}}',
    body: 'We are reporting a cyber incident ({{incident_type}}) detected at {{detected_at}}.\n\nSummary: {{summary}}\nIndicators and evidence available on request.\nContact: {{sender}}',
  },
  {
    id: 'insurer-notice',
    name: 'Notice to the cyber insurer',
    audience: 'insurer',
    subject: 'Notice of circumstances — {{incident_title}}',
    body: 'We give notice of an incident that may lead to a claim.\n\nDetected: {{detected_at}}\nType: {{incident_type}}\nSummary: {{summary}}\nContact: {{sender}}',
  },
].map((t) => ({ ...t, version: 1, regime: '', built_in: true }));

type Seed = Omit<StakeholderInput, 'category' | 'primary_channel'> & {
  category: StakeholderCategory;
  primary_channel: ContactChannel;
};

/** A realistic directory for a mid-size European company with US listings. */
export const SEED_DIRECTORY: Seed[] = [
  { name: 'Priya Raman', organisation: 'Northwind Logistics', role: 'Chief Information Security Officer', category: 'executive', primary_channel: 'email', primary_address: 'priya.raman@northwind.example', oob_channel: 'signal', oob_address: '+44 7700 900123' },
  { name: 'Marcus Bell', organisation: 'Northwind Logistics', role: 'General Counsel', category: 'legal', primary_channel: 'email', primary_address: 'marcus.bell@northwind.example', oob_channel: 'phone', oob_address: '+44 20 7946 0102', notes: 'Decides on regulator notifications; privilege: copy him first.' },
  { name: 'Sofia Lindqvist', organisation: 'Northwind Logistics', role: 'Head of Communications', category: 'comms', primary_channel: 'email', primary_address: 'sofia.lindqvist@northwind.example', oob_channel: 'sms', oob_address: '+44 7700 900456' },
  { name: 'Harriet Okafor', organisation: 'Northwind Logistics', role: 'Chair of the Board', category: 'board', primary_channel: 'email', primary_address: 'h.okafor@boardmail.example', notes: 'Ask her assistant for a mobile number.' },
  { name: 'ICO breach reporting', organisation: "Information Commissioner's Office", role: 'UK data protection regulator', category: 'regulator', primary_channel: 'portal', primary_address: 'https://ico.org.uk/for-organisations/report-a-breach/', oob_channel: 'phone', oob_address: '0303 123 1113', notes: 'Report within 72 h of becoming aware; keep the case reference.' },
  { name: 'Cyber Squad duty agent', organisation: 'FBI New York Field Office', role: 'Field office cyber squad', category: 'law_enforcement', primary_channel: 'portal', primary_address: 'https://www.ic3.gov', oob_channel: 'phone', oob_address: '+1 212 555 0142' },
  { name: 'Rachel Adeyemi', organisation: 'Harbor Mutual Cyber', role: 'Breach coach (panel counsel)', category: 'breach_coach', primary_channel: 'phone', primary_address: '+44 20 7946 0550', oob_channel: 'email', oob_address: 'breach.coach@harbormutual.example', notes: 'Call the hotline first: notifying late can void cover. Policy HM-CY-44817.' },
  { name: 'Claims desk', organisation: 'Harbor Mutual Cyber', role: 'Cyber claims', category: 'insurer', primary_channel: 'email', primary_address: 'cyberclaims@harbormutual.example', oob_channel: 'phone', oob_address: '+44 20 7946 0551' },
  { name: 'Kwame Osei', organisation: 'Osei & Hart LLP', role: 'Outside counsel, data protection', category: 'outside_counsel', primary_channel: 'email', primary_address: 'k.osei@oseihart.example', oob_channel: 'signal', oob_address: '+44 7700 900789' },
  { name: 'Lena Fischer', organisation: 'Redline Forensics GmbH', role: 'DFIR lead', category: 'forensics', primary_channel: 'email', primary_address: 'ir@redline-forensics.example', oob_channel: 'phone', oob_address: '+49 30 901820 77', notes: 'Retainer RF-2291; 4 h on-site response.' },
];

/** What a mock import "reads": two new people and one known one, updated. */
const IMPORTED: Seed[] = [
  { name: 'Tomás Varga', organisation: 'Northwind Logistics', role: 'Data Protection Officer', category: 'legal', primary_channel: 'email', primary_address: 'dpo@northwind.example', oob_channel: 'phone', oob_address: '+44 20 7946 0199' },
  { name: 'SOC on-call', organisation: 'Bluewater MSSP', role: 'Managed detection and response', category: 'vendor', primary_channel: 'phone', primary_address: '+44 20 7946 0800', oob_channel: 'email', oob_address: 'soc@bluewater.example' },
  { name: 'Priya Raman', organisation: 'Northwind Logistics', role: 'Chief Information Security Officer', category: 'executive', primary_channel: 'email', primary_address: 'priya.raman@northwind.example', oob_channel: 'signal', oob_address: '+44 7700 900124' },
];

type Stored = Stakeholder & { archived: boolean };

/** The backend's `check_address`: the address must suit its channel. */
function addressProblem(field: string, channel: ContactChannel, address: string): IpcError | null {
  const v = (message: string): IpcError => ({ code: 'validation', message, field });
  if (address === '') return null;
  if (channel === 'email' && !looksLikeEmail(address)) return v(`"${address}" is not an email address`);
  if ((channel === 'phone' || channel === 'sms') && !looksLikePhone(address)) return v(`"${address}" is not a phone number`);
  if (channel === 'portal' && /\s/.test(address)) return v(`"${address}" is not a web address (it contains a space)`);
  if (hasControl(address)) return v('the address contains a control character; remove it');
  return null;
}

/** The backend's `check`, message for message. */
export function checkStakeholder(i: StakeholderInput): IpcError | null {
  const v = (field: string, message: string): IpcError => ({ code: 'validation', message, field });
  if (i.name.trim() === '') return v('name', 'a stakeholder needs a name');
  const primary = i.primary_channel ?? 'email';
  const address = (i.primary_address ?? '').trim();
  if (address === '' && primary !== 'in_person') return v('primary_address', `give the ${primary} address or number`);
  const nameBad = nameProblem(i.name.trim());
  if (nameBad) return v('name', nameBad);
  for (const [field, value] of [['organisation', i.organisation], ['role', i.role]] as const)
    if (hasControl((value ?? '').trim())) return v(field, `the ${field} contains a control character; remove it`);
  if (hasControl((i.notes ?? '').trim(), true)) return v('notes', 'the notes contain a control character; remove it');
  const addressBad = addressProblem('primary_address', primary, address);
  if (addressBad) return addressBad;
  const oobAddress = (i.oob_address ?? '').trim();
  const oob = i.oob_channel ?? null;
  if (oob !== null) {
    if (oob === primary && oob !== 'phone')
      return v('oob_channel', 'the out-of-band channel must differ from the primary one (it is for when that channel is compromised)');
    if (oobAddress === '' && oob !== 'in_person') return v('oob_address', `give the ${oob} address or number`);
    const oobBad = addressProblem('oob_address', oob, oobAddress);
    if (oobBad) return oobBad;
  } else if (oobAddress !== '') {
    return v('oob_channel', 'choose the out-of-band channel');
  }
  return null;
}

function formatTime(value: string): string {
  const inst = parseRfc3339(value);
  if (!inst) return value;
  const wall = (offset: number) => {
    const d = new Date(inst.ms + offset * 60_000).toISOString();
    return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
  };
  const off = inst.offsetMinutes;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const offText = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${wall(0)} UTC (${wall(off)} ${offText})`;
}

export function createMessagesMock(deps: Deps): {
  commands: MessageCommands;
  /** Adds a message without validation; `sentAt` marks it sent and writes the audit trail. */
  seedMessage: (incidentId: string, m: { rule_id?: string | null; template_id: string | null; names: string[]; channel: ContactChannel; subject: string; body: string }, sentAt?: string) => void;
} {
  const directory: Stored[] = [];
  const templates: Template[] = structuredClone(BUILT_IN_TEMPLATES);
  const messages = new Map<string, Message[]>();
  const find = (id: string) => deps.incidents().find((i) => i.id === id);
  const notFound = (what: string, id: string) => later(err('not_found', `No ${what} with id ${id}.`));

  function upsert(id: string | null, input: StakeholderInput): Stored | IpcError {
    const bad = checkStakeholder(input);
    if (bad) return bad;
    const name = input.name.trim();
    const organisation = (input.organisation ?? '').trim();
    const same = directory.find(
      (s) => s.name.toLowerCase() === name.toLowerCase() && s.organisation.toLowerCase() === organisation.toLowerCase(),
    );
    if (id !== null && same && same.id !== id)
      return { code: 'conflict', message: `another stakeholder is already called ${name} (${organisation})`, field: null };
    const target = id !== null ? directory.find((s) => s.id === id) : same;
    if (id !== null && !target) return { code: 'not_found', message: `No stakeholder with id ${id}.`, field: null };
    const category = input.category ?? 'other';
    const rec: Stored = {
      id: target?.id ?? deps.newId(),
      name,
      organisation,
      role: (input.role ?? '').trim(),
      category,
      internal: isInternal(category),
      primary_channel: input.primary_channel ?? 'email',
      primary_address: (input.primary_address ?? '').trim(),
      oob_channel: input.oob_channel ?? null,
      oob_address: (input.oob_address ?? '').trim(),
      notes: (input.notes ?? '').trim(),
      updated_at: nowIso(),
      archived: false,
    };
    if (target) Object.assign(target, rec);
    else directory.push(rec);
    return target ?? rec;
  }

  const listed = () =>
    directory
      .filter((s) => !s.archived)
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.organisation.localeCompare(b.organisation))
      .map(({ archived: _archived, ...s }) => s);

  const latestTemplates = () => [...templates].sort((a, b) => a.audience.localeCompare(b.audience) || a.name.localeCompare(b.name));

  async function values(inc: Incident, ruleId: string | null): Promise<Record<string, string>> {
    const view = await deps.notify.notifyView(inc.id);
    const facts = view.status === 'ok' ? view.data.facts : null;
    const ob = ruleId && view.status === 'ok' ? view.data.obligations.find((o) => o.rule_id === ruleId) : undefined;
    const label = (list: { value: string; label: string }[], v: string) => list.find((c) => c.value === v)?.label ?? v;
    const or = (s: string | null | undefined) => (s ? s : NOT_YET_KNOWN);
    const js = facts?.jurisdictions ?? [];
    const people = peopleText(js.map((j) => ({ name: MOCK_JURISDICTIONS.find((x) => x.code === j.code)?.name ?? j.code, people: j.people })));
    const moment = (m: string | null | undefined) => (m ? formatTime(m) : NOT_YET_KNOWN);
    return {
      incident_title: inc.title,
      incident_type: label(deps.catalog.incident_types, inc.incident_type),
      severity: label(deps.catalog.severities, inc.severity),
      phase: label(deps.catalog.phases, inc.phase),
      summary: or(inc.summary),
      commander: or(inc.commander),
      detected_at: formatTime(inc.detected_at),
      declared_at: formatTime(inc.declared_at),
      aware_at: moment(facts?.moments?.aware_personal_data_breach),
      determined_at: moment(facts?.moments?.breach_determined),
      people_total: or(people.total),
      jurisdictions: or(people.places),
      data_categories: or((facts?.data_categories ?? []).map((d) => label(NOTIFY_CATALOG.data_categories, d)).join(', ')),
      encrypted: facts?.encrypted ?? 'unknown',
      today: new Date().toISOString().slice(0, 10),
      sender: deps.actor,
      recipient: or(ob?.recipient),
      regime: or(ob?.regime),
      rule_title: or(ob?.title),
      deadline: or(ob?.deadline),
      due_utc: ob?.due_utc ? `${ob.due_utc.slice(0, 10)} ${ob.due_utc.slice(11, 16)} UTC` : NOT_YET_KNOWN,
    };
  }

  const listOf = (incidentId: string) => {
    let l = messages.get(incidentId);
    if (!l) messages.set(incidentId, (l = []));
    return l;
  };
  const newestFirst = (l: Message[]) => [...l].sort((a, b) => b.updated_at.localeCompare(a.updated_at) || a.id.localeCompare(b.id));

  function record(incidentId: string, m: Message, at: string): AuditEntry {
    const to = m.recipients.map(recipientText);
    const changes: FieldChange[] = [
      { field: 'recipients', old: null, new: to.join('; ') },
      { field: 'channel', old: null, new: m.channel },
      { field: 'sent_at', old: null, new: at },
      { field: 'subject', old: null, new: m.subject },
    ];
    const entry: AuditEntry = worded({
      id: deps.newId(),
      incident_id: incidentId,
      at: nowIso(),
      actor: deps.actor,
      action: 'message_sent',
      subject: m.subject,
      note: m.body,
      changes,
    });
    deps.audit(incidentId)?.push(entry);
    return entry;
  }

  function pathError(path: string, what: string): Result<never, IpcError> | null {
    const p = path.trim();
    if (!p) return err('validation', `choose where to save the ${what}`, 'path');
    if (!p.startsWith('/')) return err('io', `cannot write ${p}: not an absolute path`);
    return protectedOutput(p);
  }

  const commands: MessageCommands = {
    stakeholdersList: async () => later(ok(listed()), 40),
    stakeholderSave: async (id, input) => {
      const res = upsert(id, plain(input));
      if ('code' in res) return later(err(res.code, res.message, res.field));
      const { archived: _archived, ...s } = res;
      return later(ok(s));
    },
    stakeholderArchive: async (id) => {
      const s = directory.find((x) => x.id === id);
      if (!s) return notFound('stakeholder', id);
      s.archived = true;
      return later(ok(null));
    },
    stakeholdersImport: async (path) => {
      const p = path.trim();
      const file = p.split(/[\\/]/).pop() ?? p;
      if (!p) return later(err('validation', 'choose a file to import', 'path'));
      if (!p.startsWith('/')) return later(err('io', `cannot read ${p}: No such file or directory`));
      // `bad` in the name stands for a file with a broken record, to see the line error.
      if (/bad|broken/i.test(file))
        return later(err('validation', `${file}: line 4: "jane.doe@" is not an email address; nothing was imported`), 250);
      if (!/\.(csv|vcf|vcard)$/i.test(file))
        return later(
          err('validation', `${file}: line 1: the header must name the columns name, organisation, role, category, primary_channel, primary_address, oob_channel, oob_address, notes; nothing was imported`),
        );
      let added = 0;
      let updated = 0;
      for (const seed of IMPORTED) {
        const existed = directory.some((s) => !s.archived && s.name === seed.name && s.organisation === seed.organisation);
        const res = upsert(null, seed);
        if ('code' in res) return later(err(res.code, `${file}: ${res.message}; nothing was imported`));
        if (existed) updated++;
        else added++;
      }
      return later(ok({ added, updated }), 300);
    },
    stakeholdersExport: async (path) => {
      const bad = pathError(path, 'contacts file');
      if (bad) return later(bad);
      const n = listed().length;
      const vcard = /\.(vcf|vcard)$/i.test(path.trim());
      return later(ok({ path: path.trim(), bytes: (vcard ? 260 : 150) * n + 90, items: n }), 250);
    },
    templatesList: async () => later(ok(latestTemplates()), 40),
    templateSave: async (raw) => {
      const input = plain(raw);
      for (const [field, value] of [
        ['name', input.name],
        ['subject', input.subject],
        ['body', input.body],
      ] as const) {
        if (value.trim() === '') return later(err('validation', `a template needs a ${field}`, field));
      }
      for (const field of ['subject', 'body'] as const) {
        const bad = unknownVariables(input[field]);
        if (bad.length)
          return later(err('validation', `unknown variable {{${bad[0]}}}; available: ${TEMPLATE_VARIABLES.join(', ')}`, field));
      }
      const id = input.id ?? deps.newId();
      const idx = templates.findIndex((t) => t.id === id);
      if (input.id !== null && idx < 0) return notFound('template', id);
      const current = idx >= 0 ? templates[idx] : null;
      const t: Template = {
        id,
        version: current ? current.version + 1 : 1,
        name: input.name.trim(),
        audience: input.audience.trim(),
        regime: (input.regime ?? '').trim(),
        subject: input.subject,
        body: input.body,
        built_in: current?.built_in ?? false,
      };
      if (idx >= 0) templates[idx] = t;
      else templates.push(t);
      return later(ok(t));
    },
    messageRender: async (incidentId, templateId, ruleId) => {
      const inc = find(incidentId);
      if (!inc) return notFound('incident', incidentId);
      const t = templates.find((x) => x.id === templateId);
      if (!t) return notFound('template', templateId);
      const v = await values(inc, ruleId);
      return later(ok({ template_id: t.id, template_version: t.version, subject: fillTemplate(t.subject, v), body: fillTemplate(t.body, v) }));
    },
    messagesList: async (incidentId) => {
      if (!find(incidentId)) return notFound('incident', incidentId);
      return later(ok(newestFirst(listOf(incidentId))), 40);
    },
    messageSaveDraft: async (incidentId, raw) => {
      const d = plain(raw);
      if (d.subject.trim() === '' || d.body.trim() === '') return later(err('validation', 'a message needs a subject and a body', 'body'));
      const others = (d.other_recipients ?? []).map((r) => r.trim()).filter(Boolean);
      for (const r of others) {
        if (d.channel === 'email' && !looksLikeEmail(r))
          return later(err('validation', `"${r}" is not an e-mail address`, 'other_recipients'));
        if (hasControl(r)) return later(err('validation', 'the recipient contains a control character; remove it', 'other_recipients'));
      }
      const ids = d.stakeholder_ids ?? [];
      if (!find(incidentId)) return notFound('incident', incidentId);
      const recipients: Recipient[] = [];
      for (const id of ids) {
        const s = directory.find((x) => x.id === id);
        if (!s) return notFound('stakeholder', id);
        recipients.push({ stakeholder_id: s.id, name: s.name, address: recipientAddress(s, d.channel).address });
      }
      for (const address of others) recipients.push({ stakeholder_id: null, name: '', address });
      const list = listOf(incidentId);
      const existing = d.id ? list.find((m) => m.id === d.id) : undefined;
      if (d.id && !existing) return notFound('message', d.id);
      if (existing?.sent) return later(err('conflict', 'this message was sent; it cannot be changed'));
      const m: Message = {
        id: existing?.id ?? deps.newId(),
        incident_id: incidentId,
        rule_id: d.rule_id,
        template_id: d.template_id,
        template_version: d.template_version,
        recipients,
        channel: d.channel,
        subject: d.subject,
        body: d.body,
        sent: false,
        sent_at: null,
        sent_by: '',
        updated_at: nowIso(),
      };
      if (d.rule_id) {
        // As in the backend: a pending obligation whose message is being drafted is "drafted".
        const view = await deps.notify.notifyView(incidentId);
        const ob = view.status === 'ok' ? view.data.obligations.find((o) => o.rule_id === d.rule_id) : undefined;
        // An obligation the facts no longer give keeps its draft: the text is never refused.
        if (ob?.decision.state === 'pending') {
          // The obligation keeps its own note (a later rationale must be typed, not inherited).
          const res = await deps.notify.notifyDecide(incidentId, { rule_id: d.rule_id, state: 'drafted', note: ob.decision.note, sent_at: null });
          if (res.status === 'error') return later(err(res.error.code, res.error.message, res.error.field));
        }
      }
      if (existing) Object.assign(existing, m);
      else list.push(m);
      return later(ok(m));
    },
    messageMarkSent: async (incidentId, messageId, sentAt) => {
      const given = sentAt?.trim() ?? '';
      if (given && !parseRfc3339(given))
        return later(
          err('validation', `"${given}" is not an RFC 3339 timestamp with an offset; write it like 2026-11-22T03:10:00Z or 2026-11-22T04:10:00+01:00`, 'sent_at'),
        );
      if (!find(incidentId)) return notFound('incident', incidentId);
      const m = listOf(incidentId).find((x) => x.id === messageId);
      if (!m) return notFound('message', messageId);
      if (m.sent) return later(err('conflict', 'this message was already marked sent'));
      if (m.recipients.length === 0) return later(err('validation', 'add at least one recipient before marking the message sent', 'recipients'));
      const at = given || nowLocal();
      const before = { ...m };
      Object.assign(m, { sent: true, sent_at: at, sent_by: deps.actor, updated_at: nowIso() });
      const entry = record(incidentId, m, at);
      if (m.rule_id) {
        // One transaction in the backend: if the obligation cannot be decided, nothing is kept.
        const to = m.recipients.map(recipientText).join('; ');
        const res = await deps.notify.notifyDecide(incidentId, { rule_id: m.rule_id, state: 'sent', note: `message "${m.subject}" sent to ${to}`, sent_at: at });
        if (res.status === 'error') {
          Object.assign(m, before);
          const audit = deps.audit(incidentId);
          const i = audit?.indexOf(entry) ?? -1;
          if (audit && i >= 0) audit.splice(i, 1);
          return later(err(res.error.code, res.error.message, res.error.field));
        }
      }
      return later(ok(m));
    },
    messageExportEml: async (incidentId, messageId, path) => {
      if (!find(incidentId)) return notFound('incident', incidentId);
      const m = listOf(incidentId).find((x) => x.id === messageId);
      if (!m) return notFound('message', messageId);
      const bad = pathError(path, 'message');
      if (bad) return later(bad);
      return later(ok({ path: path.trim(), bytes: 320 + m.subject.length + Math.ceil(m.body.length * 1.05), items: 1 }), 200);
    },
  };

  for (const s of SEED_DIRECTORY) upsert(null, s);

  function seedMessage(
    incidentId: string,
    s: { rule_id?: string | null; template_id: string | null; names: string[]; channel: ContactChannel; subject: string; body: string },
    sentAt?: string,
  ) {
    const recipients = s.names
      .map((n) => directory.find((d) => d.name === n))
      .filter((d): d is Stored => !!d)
      .map((d) => ({ stakeholder_id: d.id, name: d.name, address: recipientAddress(d, s.channel).address }));
    const m: Message = {
      id: deps.newId(),
      incident_id: incidentId,
      rule_id: s.rule_id ?? null,
      template_id: s.template_id,
      template_version: s.template_id ? 1 : null,
      recipients,
      channel: s.channel,
      subject: s.subject,
      body: s.body,
      sent: !!sentAt,
      sent_at: sentAt ?? null,
      sent_by: sentAt ? deps.actor : '',
      updated_at: sentAt ? new Date(parseRfc3339(sentAt)?.ms ?? Date.now()).toISOString().replace(/\.\d+Z$/, 'Z') : nowIso(),
    };
    listOf(incidentId).push(m);
    if (sentAt) {
      const e = record(incidentId, m, sentAt);
      e.at = m.updated_at;
    }
  }

  return { commands, seedMessage };
}
