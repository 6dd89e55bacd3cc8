// Dev-only stand-in for the backend's report documents (see mock-investigation.ts): the
// executive brief and the post-incident report built from the mock's record with the same
// sections and block kinds, so the report view can be seen and printed in `npm run dev`.

import type { Block, Column, Document, Incident, NextStep, Obligation, ReportKind, Tone, Workspace } from './types';
import { formatInOffset, formatUtc, parseRfc3339 } from './time';

export type ReportInput = {
  incident: Incident;
  workspace: Workspace;
  /** Open obligations, soonest due first. */
  obligations: Obligation[];
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

function due(o: Obligation, nowMs: number): string {
  if (!o.due_utc) return o.deadline;
  const left = Date.parse(o.due_utc) - nowMs;
  const hours = Math.round(Math.abs(left) / 3_600_000);
  return `due ${formatUtc(o.due_utc)} (${left >= 0 ? `in ${hours} h` : `OVERDUE by ${hours} h`})`;
}

function statusCallout(d: ReportInput): Block {
  const i = d.incident;
  const open = d.workspace.assets.filter((a) => a.compromise !== 'cleared' && (a.containment === 'not_started' || a.containment === 'in_progress'));
  const overdue = d.obligations.filter((o) => o.due_utc && Date.parse(o.due_utc) < d.nowMs).length;
  let tone: Tone = 'Info';
  let title = d.labels.phase;
  if (i.status === 'closed') [tone, title] = ['Success', 'Closed'];
  else if (overdue) [tone, title] = ['Danger', `${overdue} notification deadline(s) overdue`];
  else if (open.length) [tone, title] = ['Warning', `Not yet contained: ${open.length} affected asset(s) still open`];
  else if (i.severity === 'sev1' || i.severity === 'sev2') [tone, title] = ['Warning', `${d.labels.severity} — ${d.labels.phase}`];
  const rc = d.workspace.root_cause;
  return { Callout: { tone, title, text: rc ? `Root cause: ${rc.statement}` : 'Root cause not yet established.' } };
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

function brief(d: ReportInput): Block[] {
  const ws = d.workspace;
  const confirmed = ws.assets.filter((a) => a.compromise === 'confirmed').length;
  const suspected = ws.assets.filter((a) => a.compromise === 'suspected').length;
  const containment = (['contained', 'in_progress', 'not_started'] as const)
    .map((state) => [state, ws.assets.filter((a) => a.containment === state && a.compromise !== 'cleared').map((a) => a.name)] as const)
    .filter(([, names]) => names.length)
    .map(([state, names]) => `${CONTAINMENT[state]}: ${names.join(', ')}.`);
  const decisions = d.obligations.slice(0, 5).map((o) =>
    o.applicability === 'possible'
      ? `Confirm whether we must notify ${o.recipient} (${o.regime}; depends on ${o.depends_on.join(', ')}) — ${due(o, d.nowMs)}`
      : `Approve notification to ${o.recipient} (${o.regime}) — ${due(o, d.nowMs)}`,
  );
  const deadlines = d.obligations.filter((o) => o.due_utc).slice(0, 5).map((o) => `${due(o, d.nowMs)} — ${o.regime}: ${o.title}`);
  // Decisions read as questions, as in the core's brief (report/brief.rs).
  const next = d.next.slice(0, 5).map((s) => (s.decide.length ? `Decide: ${s.decide[0].question} (for ${s.title})` : `${s.title} (${s.owner})`));
  return [
    { Title: { text: `Executive brief: ${d.incident.title}`, subtitle: `${d.labels.severity} · ${d.labels.type} · as of ${formatUtc(d.nowMs)}` } },
    statusCallout(d),
    { KeyValues: facts(d) },
    h(1, 'Business impact'),
    ...(d.incident.summary ? [p(d.incident.summary)] : []),
    {
      Bullets: ws.assets.length
        ? [`${ws.assets.length} affected asset(s): ${confirmed} confirmed compromised, ${suspected} suspected.`]
        : ['No affected systems recorded yet.'],
    },
    h(1, 'What is contained'),
    { Bullets: containment.length ? containment : ['No affected assets recorded yet.'] },
    h(1, 'Decisions needed now'),
    decisions.length ? { Bullets: decisions } : p('None pending.', 'Muted'),
    h(1, 'Upcoming deadlines'),
    deadlines.length ? { Bullets: deadlines } : p('No dated deadline is running.', 'Muted'),
    h(1, 'Next steps'),
    next.length ? { Bullets: next } : p('No playbook step is waiting.', 'Muted'),
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
    footer: `Firebreak · prepared ${formatUtc(d.nowMs)}${d.generatedBy ? ` by ${d.generatedBy}` : ''}`,
    blocks: kind === 'brief' ? brief(d) : full(d),
  };
}
