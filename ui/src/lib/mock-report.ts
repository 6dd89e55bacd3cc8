// Dev-only stand-in for the backend's report documents (see mock-investigation.ts): the
// executive brief and the post-incident report built from the mock's record with the same
// sections and block kinds, so the report view can be seen and printed in `npm run dev`.

import type { Block, Column, Document, Incident, NextStep, Obligation, ReportKind, Tone, Workspace } from './types';
import { formatInOffset, formatUtc, parseRfc3339 } from './time';

export type ReportInput = {
  incident: Incident;
  workspace: Workspace;
  /** Obligations that still apply or may apply (with their decisions), soonest due first. */
  obligations: Obligation[];
  /** The organisation's IANA zone; times are UTC only without one. */
  homeZone?: string | null;
  next: NextStep[];
  labels: { severity: string; type: string; phase: string; status: string };
  generatedBy: string;
  nowMs: number;
};

const when = (t: string) => {
  const i = parseRfc3339(t);
  if (!i) return t;
  return i.offsetMinutes === 0 ? formatUtc(t) : `${formatUtc(t)} (${formatInOffset(t)} local)`;
};

const h = (level: number, text: string): Block => ({ Heading: { level, text } });
const p = (text: string, style: 'Normal' | 'Muted' | 'Bold' | 'Mono' = 'Normal'): Block => ({ Paragraph: { text, style } });
const col = (header: string, weight: number, mono = false): Column => ({ header, weight, mono });
const table = (columns: Column[], rows: string[][], empty: string): Block =>
  rows.length ? { Table: { columns, rows } } : p(empty, 'Muted');

const COMPROMISE: Record<string, string> = { suspected: 'Suspected', confirmed: 'Confirmed', cleared: 'Cleared' };
const CONTAINMENT: Record<string, string> = {
  not_started: 'Not contained',
  in_progress: 'Containment in progress',
  contained: 'Contained',
  not_needed: 'No containment needed',
};

// The brief mirrors crates/firebreak-core/src/report/brief*.rs: the bottom line first, overdue
// notices with owners, decisions needed and taken, upcoming deadlines, impact, next steps;
// times in the organisation's zone with UTC beside. The mock does not lay out pages, so its
// lists stop at LIST_MAX instead of being fitted to one page, and its section headings stay
// ruled (level 1), as the core's are while a brief fits without shortening.
const LIST_MAX = 4;

const plural = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${n === 1 ? noun : `${noun}s`}`;
const lowerFirst = (s: string) => (/^.[A-Z]/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

/** "Sun 6 Dec 00:22 CET (5 Dec 23:22 UTC)"; UTC only without a home zone; the year when not `nowMs`'s. */
export function briefTime(ms: number, zone: string | null, nowMs = ms): string {
  const fmt = (timeZone: string, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone, hour12: false, ...opts }).format(ms).replace(',', '');
  const year = (timeZone: string) => {
    const y = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(t);
    return y(ms) === y(nowMs) ? '' : ` ${y(ms)}`;
  };
  const day = (timeZone: string) => fmt(timeZone, { weekday: 'short', day: 'numeric', month: 'short' }) + year(timeZone);
  const hm = (timeZone: string) => fmt(timeZone, { hour: '2-digit', minute: '2-digit' });
  if (!zone) return `${day('UTC')} ${hm('UTC')} UTC`;
  const name = fmt(zone, { timeZoneName: 'short' }).split(' ').pop() ?? zone;
  const sameDay = fmt(zone, { day: 'numeric' }) === fmt('UTC', { day: 'numeric' });
  const utc = sameDay ? `${hm('UTC')} UTC` : `${fmt('UTC', { day: 'numeric', month: 'short' })} ${hm('UTC')} UTC`;
  return `${day(zone)} ${hm(zone)} ${name} (${utc})`;
}

/** "2 days", "1 day 4 hours", "5 hours", "3 hours 10 minutes". */
function duration(ms: number): string {
  const min = Math.floor(Math.abs(ms) / 60_000);
  const [d, h, m] = [Math.floor(min / 1440), Math.floor((min % 1440) / 60), min % 60];
  if (d >= 2) return `${d} days`;
  if (d === 1) return h ? `1 day ${plural(h, 'hour')}` : '1 day';
  if (h >= 3 || (h && !m)) return plural(h, 'hour');
  if (h) return `${plural(h, 'hour')} ${plural(m, 'minute')}`;
  return plural(Math.max(m, 1), 'minute');
}

const relative = (ms: number, now: number) => (ms >= now ? `in ${duration(ms - now)}` : `overdue by ${duration(now - ms)}`);

function capped(items: string[]): string[] {
  return items.length <= LIST_MAX ? items : [...items.slice(0, LIST_MAX), `+${items.length - LIST_MAX} more — see the full report.`];
}

function briefLines(d: ReportInput) {
  const at = (t: string | number) => briefTime(typeof t === 'number' ? t : Date.parse(t), d.homeZone ?? null, d.nowMs);
  const commander = d.incident.commander.trim();
  const dueMs = (o: Obligation) => (o.due_utc ? Date.parse(o.due_utc) : null);
  const open = d.obligations
    .filter((o) => o.decision.state === 'pending' || o.decision.state === 'drafted')
    .sort((a, b) => (dueMs(a) ?? Infinity) - (dueMs(b) ?? Infinity));
  const late = open.filter((o) => (dueMs(o) ?? Infinity) < d.nowMs);
  const owner = (o: Obligation) =>
    o.decision.state === 'drafted' && o.decision.decided_by
      ? `${o.decision.decided_by} (prepared the draft)`
      : commander
        ? `${commander} (incident commander; no one else is assigned)`
        : 'nobody — no incident commander is named; assign an owner now';
  const may = (o: Obligation) => (o.applicability === 'possible' ? ' (may apply)' : '');
  const overdue = late.map((o) => {
    const t = dueMs(o) ?? d.nowMs;
    const action =
      o.applicability === 'possible'
        ? `First establish ${o.depends_on.join(' and ')} — it decides whether this applies.`
        : o.decision.state === 'drafted'
          ? 'Recommended: approve the draft and send it today.'
          : 'Recommended: send it now with what is known.';
    return `${o.regime}: ${o.title}${may(o)} — was due ${at(t)}, ${relative(t, d.nowMs)}. Owner: ${owner(o)}. ${action}`;
  });
  const needed = open
    .filter((o) => o.applicability === 'applies' && (dueMs(o) ?? Infinity) >= d.nowMs)
    .map((o) => {
      const t = dueMs(o);
      const due = t === null ? o.deadline : `due ${at(t)}, ${relative(t, d.nowMs)}`;
      return `Approve sending — ${o.regime}: ${o.title}, ${lowerFirst(due)}.`;
    });
  const groups = new Map<string, Obligation[]>();
  for (const o of open.filter((x) => x.applicability === 'possible')) for (const f of o.depends_on) groups.set(f, [...(groups.get(f) ?? []), o]);
  const firstDue = (list: Obligation[]) => Math.min(...list.map((o) => dueMs(o) ?? Infinity));
  for (const [fact, list] of [...groups].sort((a, b) => b[1].length - a[1].length || firstDue(a[1]) - firstDue(b[1]))) {
    const t = firstDue(list);
    const when = t === Infinity ? ' (no clock running yet)' : t < d.nowMs ? `, the first already ${relative(t, d.nowMs)}` : `, the first due ${at(t)}, ${relative(t, d.nowMs)}`;
    needed.push(`Establish ${fact}: it decides ${plural(list.length, 'possible notification')}${when}.`);
  }
  const taken = d.obligations.flatMap((o) => {
    const by = o.decision.decided_by ? ` (${o.decision.decided_by})` : '';
    const note = o.decision.note.trim().replace(/\.$/, '') || 'no reason recorded';
    if (o.decision.state === 'sent') return [`${o.regime}: ${lowerFirst(o.recipient)} notified${o.decision.sent_at ? ` ${at(o.decision.sent_at)}` : ''}${by}.`];
    if (o.decision.state === 'not_required') return [`${o.regime}: no notice to ${lowerFirst(o.recipient)} — ${note}${by}.`];
    if (o.decision.state === 'delayed') return [`${o.regime}: notice to ${lowerFirst(o.recipient)} delayed — ${note}${by}.`];
    return [];
  });
  const upcoming = open
    .filter((o) => (dueMs(o) ?? -Infinity) >= d.nowMs)
    .map((o) => `${o.regime}: ${o.title}${may(o)} — due ${at(dueMs(o) ?? 0)}, ${relative(dueMs(o) ?? 0, d.nowMs)}.`);
  const next = d.next.map((s) => `${s.title} — ${s.owner === 'commander' && commander ? commander : (ROLE[s.owner] ?? s.owner)}`);
  return { at, commander, late, overdue, needed, taken, upcoming, next };
}

const ROLE: Record<string, string> = {
  commander: 'Incident commander',
  scribe: 'Scribe',
  it_ops: 'IT / operations',
  forensics: 'Forensics',
  legal: 'Legal',
  comms: 'Communications',
  executive: 'Executive',
  hr: 'HR',
};

function bottomLine(d: ReportInput, l: ReturnType<typeof briefLines>): Block {
  const i = d.incident;
  const assets = d.workspace.assets;
  const open = assets.filter((a) => a.compromise !== 'cleared' && (a.containment === 'not_started' || a.containment === 'in_progress')).length;
  let tone: Tone = 'Info';
  let title = `Bottom line: ${d.labels.phase.toLowerCase()}.`;
  if (i.status === 'closed') [tone, title] = ['Success', 'The incident is closed.'];
  else if (l.late.length) [tone, title] = ['Danger', `Bottom line: ${plural(l.late.length, 'notification deadline')} ${l.late.length === 1 ? 'has' : 'have'} passed.`];
  else if (open) [tone, title] = ['Warning', `Bottom line: not yet contained — ${plural(open, 'affected system')} still open.`];
  else if (!assets.length) [tone, title] = ['Warning', 'Bottom line: the affected systems are not yet assessed.'];
  else if (i.severity === 'sev1' || i.severity === 'sev2') [tone, title] = ['Warning', `Bottom line: contained; now in ${d.labels.phase.toLowerCase()}.`];
  const [code, word] = d.labels.severity.split(' · ');
  const severity = word ? `${code} (${word.toLowerCase()})` : d.labels.severity;
  const led = l.commander ? `led by ${l.commander} (incident commander)` : 'with no incident commander named';
  const state = i.status === 'closed' ? 'closed' : `now in ${d.labels.phase.toLowerCase()}`;
  const text = [`${severity} ${d.labels.type.toLowerCase()} incident, detected ${l.at(i.detected_at)}, ${state}, ${led}.`];
  const first = l.late[0];
  if (first?.due_utc) text.push(`Most urgent: ${first.regime} — ${first.title.toLowerCase()}, ${relative(Date.parse(first.due_utc), d.nowMs)}.`);
  text.push(
    !assets.length
      ? 'Which systems are affected is not yet assessed.'
      : open
        ? `${open} of ${plural(assets.length, 'affected system')} still open.`
        : `All ${plural(assets.length, 'affected system')} are contained or cleared.`,
  );
  const n = l.needed.length;
  text.push(n === 0 ? 'No decision is needed from you now.' : n === 1 ? '1 decision is needed from you (below).' : `${n} decisions are needed from you (below).`);
  const rc = d.workspace.root_cause;
  text.push(rc ? `Root cause: ${rc.statement}` : 'Root cause not yet established.');
  return { Callout: { tone, title, text: text.join(' ') } };
}

/** A host name or IPv4 address in the title: then the systems are "not yet assessed". */
export function namedServer(title: string): string | null {
  for (const raw of title.split(/\s+/)) {
    const w = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const labels = w.split('.');
    const last = labels[labels.length - 1] ?? '';
    const ipv4 = labels.length === 4 && labels.every((x) => /^\d{1,3}$/.test(x) && Number(x) < 256);
    const fqdn = labels.length >= 2 && labels.every(Boolean) && /^[A-Za-z]{2,}$/.test(last) && !['pdf', 'doc', 'docx', 'xlsx', 'zip', 'exe', 'txt', 'csv'].includes(last.toLowerCase());
    if (/^[A-Za-z0-9.-]+$/.test(w) && (ipv4 || fqdn)) return w;
  }
  return null;
}

function brief(d: ReportInput): Block[] {
  const ws = d.workspace;
  const l = briefLines(d);
  const confirmed = ws.assets.filter((a) => a.compromise === 'confirmed').length;
  const suspected = ws.assets.filter((a) => a.compromise === 'suspected').length;
  const containment = (['contained', 'in_progress', 'not_started'] as const)
    .map((state) => [state, ws.assets.filter((a) => a.containment === state && a.compromise !== 'cleared').map((a) => a.name)] as const)
    .filter(([, names]) => names.length)
    .map(([state, names]) => `${CONTAINMENT[state]}: ${names.join(', ')}.`);
  const server = namedServer(d.incident.title);
  const impact = [
    ws.assets.length
      ? `${plural(ws.assets.length, 'affected system')}: ${confirmed} confirmed compromised, ${suspected} suspected.`
      : server
        ? `Affected systems: not yet assessed beyond ${server}, named in the incident title.`
        : 'Affected systems: not yet assessed.',
    ...containment,
  ];
  const section = (heading: string, items: string[], empty: string): Block[] => [
    h(1, heading),
    items.length ? { Bullets: capped(items) } : p(empty, 'Muted'),
  ];
  return [
    { Title: { text: `Executive brief: ${d.incident.title}`, subtitle: `${d.labels.severity} · ${d.labels.type} · as of ${l.at(d.nowMs)}` } },
    bottomLine(d, l),
    ...(l.overdue.length ? section('Overdue now', l.overdue, '') : []),
    ...section('Decisions needed', l.needed, 'None pending.'),
    ...section('Decisions already taken', l.taken, 'None recorded yet.'),
    ...section('Upcoming deadlines', l.upcoming, 'No dated deadline is coming up.'),
    h(1, 'Impact and containment'),
    ...(d.incident.summary ? [p(d.incident.summary)] : []),
    { Bullets: capped(impact) },
    ...section('Next steps for the response team', l.next, 'No playbook step is waiting.'),
  ];
}

function facts(d: ReportInput): [string, string][] {
  const i = d.incident;
  return [
    ['Status', `${d.labels.status} — ${d.labels.phase}`],
    ['Detected', when(i.detected_at)],
    ['Declared', when(i.declared_at)],
    ['Incident commander', i.commander || 'not named'],
  ];
}

function full(d: ReportInput): Block[] {
  const i = d.incident;
  const ws = d.workspace;
  const rc = ws.root_cause;
  return [
    { Title: { text: `Post-incident report: ${i.title}`, subtitle: `${d.labels.severity} · ${d.labels.type} · generated ${formatUtc(d.nowMs)}` } },
    h(1, '1. Summary'),
    p(i.summary || 'No summary recorded.'),
    { KeyValues: [['Incident', i.id], ...facts(d).slice(0, 4), ['Root cause', rc?.statement ?? 'not yet established']] },
    h(1, '2. Scope and impact'),
    h(2, 'Affected assets'),
    table(
      [col('Asset', 2), col('Kind', 1), col('Owner', 1.2), col('Compromise', 1), col('Containment', 1.3)],
      ws.assets.map((a) => [a.name, a.kind, a.owner, COMPROMISE[a.compromise] ?? a.compromise, CONTAINMENT[a.containment] ?? a.containment]),
      'No affected assets recorded.',
    ),
    h(2, 'Indicators of compromise'),
    table(
      [col('Type', 1), col('Value', 3, true), col('TLP', 0.9), col('First seen', 1.4)],
      ws.indicators.map((x) => [x.ioc_type, x.value, `TLP:${x.tlp.replace('_', '+').toUpperCase()}`, x.first_seen ? formatUtc(x.first_seen) : '']),
      'No indicators recorded.',
    ),
    'PageBreak',
    h(1, '3. Evidence and chain of custody'),
    table(
      [col('Evidence', 2), col('SHA-256', 3, true), col('Collected', 1.4), col('Status', 1)],
      ws.evidence.map((e) => [e.label, e.sha256 ?? '(not reported)', `${formatUtc(e.collected_at)} by ${e.collected_by}`, e.status]),
      'No evidence registered.',
    ),
    ...ws.evidence
      .filter((e) => e.status === 'mismatch' || e.status === 'missing')
      .map((e): Block => ({ Callout: { tone: 'Danger', title: `Integrity failure: ${e.label}`, text: `The latest re-verification found the file ${e.status === 'missing' ? 'missing' : 'changed'}; see its custody log.` } })),
    h(1, '4. Root cause'),
    rc
      ? { KeyValues: [['Statement', rc.statement], ['Initial access', rc.initial_access ? `${rc.initial_access} ${rc.initial_access_name}` : 'not determined'], ['Recorded by', `${rc.updated_by}, revision ${rc.revision}`]] }
      : { Callout: { tone: 'Warning', title: 'Root cause not yet established', text: 'Record it on the investigation page once the evidence supports a hypothesis.' } },
    ...(rc?.contributing_factors.length ? [h(3, 'Contributing factors'), { Bullets: rc.contributing_factors } as Block] : []),
    h(2, 'Hypotheses'),
    table(
      [col('Hypothesis', 3), col('Status', 0.8), col('Rationale', 2.4)],
      ws.hypotheses.map((x) => [x.statement, x.status, x.rationale]),
      'No hypotheses recorded.',
    ),
    h(2, 'Findings'),
    ws.findings.length ? { Bullets: ws.findings.map((f) => f.statement) } : p('No findings recorded.', 'Muted'),
    h(1, '5. Metrics'),
    table(
      [col('Metric', 1.4), col('Value', 1), col('Measured from → to', 2.6)],
      ws.metrics.map((m) => [m.label, m.seconds === null ? 'missing' : m.display, m.seconds === null ? m.missing : `${m.from_label} → ${m.to_label}`]),
      'No metrics.',
    ),
    h(1, '6. Lessons learned'),
    table(
      [col('Action', 3), col('Owner', 1.2), col('Due', 0.9), col('Status', 0.7)],
      ws.action_items.map((a) => [a.action, a.owner, a.due_date, a.status === 'done' ? 'Done' : 'Open']),
      'No action items recorded.',
    ),
    'Rule',
    p('Generated by Firebreak from the incident record. Times in UTC with the original offset where it differs.', 'Muted'),
  ];
}

export function buildReport(kind: ReportKind, d: ReportInput): Document {
  const what = kind === 'brief' ? 'Executive brief' : 'Post-incident report';
  const at = new Date(d.nowMs).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    title: `${what}: ${d.incident.title}`,
    author: d.generatedBy,
    subject: `${what} for incident ${d.incident.id}`,
    created: at,
    header: `CONFIDENTIAL · ${what} · incident ${d.incident.id.slice(-8)}`,
    footer: `Firebreak · prepared ${kind === 'brief' ? briefTime(d.nowMs, d.homeZone ?? null) : formatUtc(d.nowMs)}${d.generatedBy ? ` by ${d.generatedBy}` : ''}`,
    blocks: kind === 'brief' ? brief(d) : full(d),
  };
}
