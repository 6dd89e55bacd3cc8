// Dev-only stand-in for the Rust commands, loaded only when the page runs outside
// Tauri (vite dev in a browser). Never imported statically, so it stays out of the
// production bundle. Behaviour is deliberately rough: just enough to see the UI.

import type { Commands } from './api';
import { worded } from './mock-wording';
import type {
  AuditEntry,
  Catalog,
  Condition,
  Fact,
  FieldChange,
  Glance,
  GlanceItem,
  Incident,
  IncidentPatch,
  NewIncident,
  NextStep,
  Playbook,
  PlaybookSummary,
  Role,
  RunView,
  SearchHit,
  Section,
  StepState,
  StepVisibility,
} from './types';
import { parseRfc3339, toRfc3339 } from './time';
import { MOCK_PLAYBOOKS, playbookFromToml } from './mock-playbooks';
import { markdownToText } from './markdown';
import { createTimelineMock } from './mock-timeline';
import { createNotifyMock } from './mock-notify';
import { createMessagesMock } from './mock-messages';
import { createInvestigationMock } from './mock-investigation';
import { CAPS, err, MOCK_DB_PATH, ok, tooLarge } from './mock-result';
import { applicability, nextSteps } from './mock-runs';
import { inSentence } from './runs';

export { mockChannel } from './mock-timeline';

const FACT_QUESTIONS: Record<Fact, string> = {
  personal_data_involved: 'Personal data may have been accessed, altered or taken',
  health_data_involved: 'Health information (PHI) may be involved',
  payment_card_data_involved: 'Payment card data may be involved',
  data_exfiltrated: 'Data was, or may have been, taken out',
  ransom_demanded: 'A ransom or extortion demand was made',
  ransom_payment_considered: 'Paying a ransom or extortion demand is being considered',
  publicly_traded: 'The organisation is an SEC registrant / publicly traded',
  regulated_entity: 'The organisation is a NIS2, DORA, NYDFS or similarly regulated entity',
  law_enforcement_engaged: 'Law enforcement is engaged',
  funds_transferred: 'Money has already been transferred',
  cyber_insurance: 'A cyber insurance policy may respond',
  device_encrypted: 'The device was fully encrypted and its keys are safe',
  third_party_involved: 'A vendor, supplier or service provider is involved',
  suspect_still_has_access: 'The suspected insider still has access',
  service_outage: 'Customer-facing services are down or degraded',
};

const catalog: Catalog = {
  incident_types: [
    { value: 'ransomware', label: 'Ransomware', detail: '' },
    { value: 'business_email_compromise', label: 'Business email compromise', detail: '' },
    { value: 'data_breach', label: 'Data breach', detail: '' },
    { value: 'credential_compromise', label: 'Credential compromise', detail: '' },
    { value: 'insider_threat', label: 'Insider threat', detail: '' },
    { value: 'malware_outbreak', label: 'Malware outbreak', detail: '' },
    { value: 'ddos', label: 'DDoS', detail: '' },
    { value: 'cloud_account_compromise', label: 'Cloud account compromise', detail: '' },
    { value: 'lost_stolen_device', label: 'Lost or stolen device', detail: '' },
    { value: 'third_party', label: 'Third-party incident', detail: '' },
    { value: 'other', label: 'Other', detail: '' },
  ],
  severities: [
    { value: 'sev1', label: 'Critical', detail: 'Business-critical systems down or data exfiltration confirmed.' },
    { value: 'sev2', label: 'High', detail: 'Significant impact or likely data exposure; contain now.' },
    { value: 'sev3', label: 'Moderate', detail: 'Limited impact, contained to a few systems or users.' },
    { value: 'sev4', label: 'Low', detail: 'Minor or suspected; no confirmed impact yet.' },
  ],
  phases: [
    { value: 'detection_analysis', label: 'Detection & analysis', detail: 'CSF 2.0: Detect (DE)' },
    { value: 'containment', label: 'Containment', detail: 'CSF 2.0: Respond (RS.MI)' },
    { value: 'eradication', label: 'Eradication', detail: 'CSF 2.0: Respond (RS.MI)' },
    { value: 'recovery', label: 'Recovery', detail: 'CSF 2.0: Recover (RC)' },
    { value: 'post_incident', label: 'Post-incident', detail: 'CSF 2.0: Identify (ID.IM)' },
  ],
  statuses: [
    { value: 'open', label: 'Open', detail: '' },
    { value: 'closed', label: 'Closed', detail: '' },
  ],
  sections: [
    { value: 'triage', label: 'Triage', detail: '' },
    { value: 'containment', label: 'Containment', detail: '' },
    { value: 'investigation', label: 'Investigation & root cause', detail: '' },
    { value: 'notification', label: 'Notification & communication', detail: '' },
    { value: 'eradication_recovery', label: 'Eradication & recovery', detail: '' },
    { value: 'post_incident', label: 'Post-incident', detail: '' },
  ],
  roles: [
    { value: 'commander', label: 'Incident commander', detail: '' },
    { value: 'scribe', label: 'Scribe', detail: '' },
    { value: 'it_ops', label: 'IT / operations', detail: '' },
    { value: 'forensics', label: 'Forensics', detail: '' },
    { value: 'legal', label: 'Legal', detail: '' },
    { value: 'comms', label: 'Communications', detail: '' },
    { value: 'executive', label: 'Executive', detail: '' },
    { value: 'hr', label: 'HR', detail: '' },
  ],
  // Like the backend: the label is the code, the question is the detail.
  facts: (Object.keys(FACT_QUESTIONS) as Fact[]).map((f) => ({ value: f, label: f, detail: FACT_QUESTIONS[f] })),
  step_states: [
    { value: 'todo', label: 'To do', detail: '' },
    { value: 'in_progress', label: 'In progress', detail: '' },
    { value: 'done', label: 'Done', detail: '' },
    { value: 'skipped', label: 'Skipped', detail: '' },
    { value: 'blocked', label: 'Blocked', detail: '' },
  ],
};

const ACTOR = 'dana.cho';
const nowIso = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const ago = (minutes: number, offset: number) => toRfc3339(Date.now() - minutes * 60_000, offset);

let seq = 0;
const newId = () => `0193a5c2-${(++seq).toString(16).padStart(4, '0')}-7000-8000-00000000${seq}`;

const incidents: Incident[] = [];
const audits = new Map<string, AuditEntry[]>();

function seed(input: NewIncident, declaredMinutesAgo: number, offset: number, phase: Incident['phase']) {
  const declared = ago(declaredMinutesAgo, offset);
  const inc: Incident = {
    id: newId(),
    title: input.title,
    incident_type: input.incident_type,
    severity: input.severity,
    phase,
    status: 'open',
    detected_at: input.detected_at ?? declared,
    declared_at: declared,
    commander: input.commander ?? '',
    summary: input.summary ?? '',
    revision: 1,
    updated_at: nowIso(),
    closed_at: null,
  };
  incidents.push(inc);
  audits.set(inc.id, [declaredEntry(inc)]);
}

function declaredEntry(inc: Incident): AuditEntry {
  const fields = ['title', 'incident_type', 'severity', 'phase', 'status', 'detected_at', 'commander', 'summary'] as const;
  return worded({
    id: newId(),
    incident_id: inc.id,
    at: inc.declared_at,
    actor: ACTOR,
    action: 'declared',
    subject: '',
    note: '',
    changes: fields.map((f) => ({ field: f, old: null, new: inc[f] || null })),
  });
}

seed(
  {
    title: 'Ransomware on file server FS01',
    incident_type: 'ransomware',
    severity: 'sev1',
    detected_at: ago(200, 60),
    phase: null,
    commander: 'Dana Cho',
    summary: 'Encrypted shares on FS01 found by the night operator.\nRansom note README_RESTORE.txt in every folder.',
  },
  185,
  60,
  'containment',
);
seed(
  {
    title: 'CFO mailbox forwarding rule to external address',
    incident_type: 'business_email_compromise',
    severity: 'sev2',
    detected_at: null,
    phase: null,
    commander: 'Luis Ortega',
    summary: 'Inbox rule forwarding invoices to a look-alike domain.',
  },
  1460,
  -300,
  'eradication',
);
seed(
  {
    title: 'Stolen laptop (Frankfurt branch)',
    incident_type: 'lost_stolen_device',
    severity: 'sev4',
    detected_at: null,
    phase: null,
    commander: '',
    summary: '',
  },
  4000,
  60,
  'detection_analysis',
);

const later = <T>(v: T) => new Promise<T>((r) => setTimeout(() => r(v), 80));

const sevRank = { sev1: 1, sev2: 2, sev3: 3, sev4: 4 };

function find(id: string) {
  return incidents.find((i) => i.id === id);
}

function record(inc: Incident, action: AuditEntry['action'], changes: FieldChange[]) {
  inc.revision += 1;
  inc.updated_at = nowIso();
  audits.get(inc.id)?.push(worded({ id: newId(), incident_id: inc.id, at: nowIso(), actor: ACTOR, action, subject: '', note: '', changes }));
}

// ---- playbooks and runs ----------------------------------------------------------

const library: Playbook[] = structuredClone(MOCK_PLAYBOOKS);
const SECTION_ORDER = catalog.sections.map((s) => s.value);

const latest = (id: string) =>
  library.filter((p) => p.id === id).reduce<Playbook | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);

function summarise(p: Playbook): PlaybookSummary {
  return {
    id: p.id,
    title: p.title,
    version: p.version,
    source: MOCK_PLAYBOOKS.some((m) => m.id === p.id && m.version === p.version) ? 'builtin' : 'imported',
    incident_types: p.incident_types,
    summary: p.summary,
    section_counts: SECTION_ORDER.map((section) => ({ section, steps: p.steps.filter((s) => s.section === section).length })).filter(
      (c) => c.steps > 0,
    ),
    conditional_steps: p.steps.filter((s) => s.when.length > 0).length,
  };
}

type StepRec = { state: StepState; reason: string; note: string; assignee_role: Role | null; assignee_name: string; updated_at: string | null; updated_by: string | null };
type MockRun = { id: string; playbook: Playbook; started_at: string; started_by: string; steps: Map<string, StepRec> };

const runs = new Map<string, MockRun[]>();
const factsOf = new Map<string, Map<Fact, boolean>>();

const facts = (incidentId: string) => {
  let f = factsOf.get(incidentId);
  if (!f) factsOf.set(incidentId, (f = new Map()));
  return f;
};
const applicabilityOf = (f: Map<Fact, boolean>, when: Condition[]) => applicability(when, f, (fact) => FACT_QUESTIONS[fact]);

function viewRun(incidentId: string, run: MockRun): RunView {
  const f = facts(incidentId);
  const stepsOf = (section: Section) =>
    run.playbook.steps
      .filter((s) => s.section === section)
      .map((step) => {
        const rec = run.steps.get(step.id)!;
        return { step, ...rec, applicability: applicabilityOf(f, step.when) };
      });
  const sections = SECTION_ORDER.map((section) => {
    const steps = stepsOf(section);
    // Undecided steps are open work, as in the core.
    const open = steps.filter((s) => s.applicability.kind !== 'not_applicable');
    return {
      section,
      label: catalog.sections.find((c) => c.value === section)?.label ?? section,
      complete: open.filter((s) => s.state === 'done' || s.state === 'skipped').length,
      applicable: open.length,
      undecided: open.filter((s) => s.applicability.kind === 'undecided').length,
      steps,
    };
  }).filter((s) => s.steps.length > 0);
  return {
    id: run.id,
    playbook_id: run.playbook.id,
    playbook_title: run.playbook.title,
    playbook_version: run.playbook.version,
    started_at: run.started_at,
    started_by: run.started_by,
    complete: sections.reduce((n, s) => n + s.complete, 0),
    applicable: sections.reduce((n, s) => n + s.applicable, 0),
    undecided: sections.reduce((n, s) => n + s.undecided, 0),
    sections,
  };
}

function startRunFor(inc: Incident, playbook: Playbook, at: string): MockRun {
  const run: MockRun = {
    id: newId(),
    playbook,
    started_at: at,
    started_by: ACTOR,
    steps: new Map(
      playbook.steps.map((s) => [
        s.id,
        { state: 'todo', reason: '', note: '', assignee_role: null, assignee_name: '', updated_at: null, updated_by: null },
      ]),
    ),
  };
  runs.set(inc.id, [...(runs.get(inc.id) ?? []), run]);
  inc.revision += 1;
  audits.get(inc.id)?.push(
    worded({
      id: newId(),
      incident_id: inc.id,
      at,
      actor: ACTOR,
      action: 'playbook_started',
      subject: playbook.title,
      note: '',
      changes: [{ field: 'playbook', old: null, new: `${playbook.id} v${playbook.version}` }],
    }),
  );
  return run;
}

function searchLibrary(query: string, limit: number): SearchHit[] {
  const terms = query.toLowerCase().split(/\W+/).filter((t) => t.length > 1);
  if (!terms.length) return [];
  const hits: (SearchHit & { score: number })[] = [];
  for (const p of new Set(library.map((x) => x.id))) {
    const pb = latest(p)!;
    for (const st of pb.steps) {
      const hay = `${st.title}. ${markdownToText(st.guidance)} ${st.output}`;
      const lower = hay.toLowerCase();
      const score = terms.reduce((n, t) => n + (lower.split(t).length - 1) + (st.title.toLowerCase().includes(t) ? 5 : 0), 0);
      if (!terms.every((t) => lower.includes(t))) continue;
      const first = Math.min(...terms.map((t) => lower.indexOf(t)));
      const from = Math.max(0, first - 60);
      let snippet = (from > 0 ? '…' : '') + hay.slice(from, from + 160).replace(/\s+/g, ' ') + (from + 160 < hay.length ? '…' : '');
      for (const t of terms) snippet = snippet.replace(new RegExp(`(${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'gi'), '\u0002$1\u0003');
      hits.push({
        playbook_id: pb.id,
        playbook_title: pb.title,
        version: pb.version,
        step_id: st.id,
        step_title: st.title,
        section: st.section,
        snippet,
        score,
      });
    }
  }
  hits.sort((a, b) => b.score - a.score);
  return hits.slice(0, limit).map(({ score: _score, ...h }) => h);
}

const timeline = createTimelineMock({ incidents: () => incidents, audit: (id) => audits.get(id) ?? [], actor: ACTOR });
const notify = createNotifyMock({ incidents: () => incidents, audit: (id) => audits.get(id), actor: ACTOR, newId });
const messages = createMessagesMock({
  incidents: () => incidents,
  audit: (id) => audits.get(id),
  actor: ACTOR,
  newId,
  catalog,
  notify: notify.commands,
});

const label = <T extends string>(list: { value: T; label: string }[], v: string) => list.find((c) => c.value === v)?.label ?? v;
const investigation = createInvestigationMock({
  incidents: () => incidents,
  audit: (id) => audits.get(id),
  actor: ACTOR,
  newId,
  initialAccess: (id) => timeline.initialAccess(id),
  timelineEntry: async (incidentId, entryId) => {
    const all = {
      kind: null, host: null, actor: null, tactic: null, tag: null, text: null, from: null, to: null,
      order: null, offset: null, include_history: true, limit: null,
    };
    const page = await timeline.commands.timelinePage(incidentId, all);
    return page.status === 'ok' ? (page.data.entries.find((e) => e.id === entryId)?.message ?? null) : null;
  },
  stepExists: (incidentId, ref) => {
    const [pb, step] = ref.split('/');
    return (runs.get(incidentId) ?? []).some((r) => r.playbook.id === pb && r.playbook.steps.some((s) => s.id === step));
  },
  obligations: async (incidentId) => {
    const v = await notify.commands.notifyView(incidentId);
    if (v.status !== 'ok') return [];
    return v.data.obligations.filter((o) => o.applicability !== 'no_longer_applies');
  },
  homeZone: async (incidentId) => {
    const v = await notify.commands.notifyView(incidentId);
    return v.status === 'ok' ? (v.data.facts.profile?.home_zone ?? null) : null;
  },
  nextSteps: async (incidentId) => nextSteps((runs.get(incidentId) ?? []).map((r) => viewRun(incidentId, r)), SECTION_ORDER).next,
  labels: (inc) => ({
    severity: `${inc.severity.toUpperCase()} · ${label(catalog.severities, inc.severity)}`,
    type: label(catalog.incident_types, inc.incident_type),
    phase: label(catalog.phases, inc.phase),
    status: label(catalog.statuses, inc.status),
  }),
});

/** The glance from the mock's own obligations, runs and workspace (the core computes it for real). */
async function mockGlance(id: string): Promise<Glance> {
  const now = Date.now();
  const ms = (t: string | null) => (t ? (parseRfc3339(t)?.ms ?? null) : null);
  const view = await notify.commands.notifyView(id);
  const obligations = view.status === 'ok' ? view.data.obligations.filter((o) => o.applicability !== 'no_longer_applies') : [];
  const open = obligations.filter((o) => o.decision.state === 'pending' || o.decision.state === 'drafted');
  const item = (o: (typeof open)[number]): GlanceItem => ({
    kind: 'obligation',
    title: `${o.regime} · ${o.title}${o.applicability === 'possible' ? ' (may apply)' : ''}`,
    detail: `To ${o.recipient}${o.decision.state === 'drafted' ? ' · drafted' : ''}`,
    due_utc: o.due_utc,
    key: o.rule_id,
    playbook_id: null,
  });
  const byDue = (a: GlanceItem, b: GlanceItem) => (ms(a.due_utc) ?? 0) - (ms(b.due_utc) ?? 0);
  const ws = await investigation.commands.investigationWorkspace(id);
  const tasks = ws.status === 'ok' ? ws.data.action_items : [];
  const assets = ws.status === 'ok' ? ws.data.assets : [];
  const overdue: GlanceItem[] = [
    ...open.filter((o) => (ms(o.due_utc) ?? Infinity) < now).map(item),
    ...tasks
      .filter((t) => t.status === 'open' && Date.parse(`${t.due_date}T00:00:00Z`) + 86_400_000 < now)
      .map((t) => ({ kind: 'task' as const, title: t.action, detail: t.owner ? `Owner: ${t.owner}` : 'No owner', due_utc: new Date(Date.parse(`${t.due_date}T00:00:00Z`) + 86_400_000).toISOString(), key: t.id, playbook_id: null })),
  ].sort(byDue);
  const views = (runs.get(id) ?? []).map((r) => viewRun(id, r));
  const steps = nextSteps(views, SECTION_ORDER);
  const step = (kind: 'step' | 'blocked') => (s: NextStep): GlanceItem =>
    kind === 'step' && s.decide.length
      ? { kind: 'decide', title: `Decide whether ${inSentence(s.decide[0].question)}`, detail: `Decides “${s.title}” · ${s.playbook_title}`, due_utc: null, key: s.step_id, playbook_id: s.playbook_id }
      : { kind, title: s.title, detail: s.playbook_title, due_utc: null, key: s.step_id, playbook_id: s.playbook_id };
  return {
    incident_id: id,
    as_of: new Date(now).toISOString(),
    overdue,
    next: [...open.filter((o) => (ms(o.due_utc) ?? -Infinity) >= now).map(item).sort(byDue).slice(0, 3), ...steps.next.map(step('step'))],
    blocked: steps.blocked.map(step('blocked')),
    progress: {
      steps_complete: views.reduce((n, v) => n + v.complete, 0),
      steps_total: views.reduce((n, v) => n + v.applicable, 0),
      obligations_settled: obligations.length - open.length,
      obligations_total: obligations.length,
      assets_contained: assets.filter((a) => a.containment === 'contained' || a.containment === 'not_needed').length,
      assets_total: assets.length,
    },
  };
}

const mockDrafts = new Map<string, string>();

export const mockCommands: Commands = {
  ...investigation.commands,
  ...messages.commands,
  ...timeline.commands,
  ...notify.commands,
  appInfo: () =>
    // `?startup-error` in the address shows the full-page error a newer database causes.
    location.search.includes('startup-error')
      ? later(err('schema_too_new', 'The database at /home/dana/.local/share/org.firebreak.desktop/firebreak.db has schema version 3; this Firebreak knows up to version 1.'))
      : later(
      ok({
        version: '0.1.0-dev',
        db_path: MOCK_DB_PATH,
        schema_version: 1,
        actor: ACTOR,
        key_fingerprint: '3f2a 9c10 77be 0d41',
        db_warning: null,
      }),
    ),
  // Drafts live for the page's lifetime, as the database keeps them for the app's.
  draftsAll: () => later(ok([...mockDrafts].map(([key, value]) => ({ key, value })))),
  draftPut: async (key, value) => {
    mockDrafts.set(key, value);
    return ok(null);
  },
  draftClear: async (key) => {
    mockDrafts.delete(key);
    return ok(null);
  },
  catalog: () => later(ok(catalog)),
  declareIncident: async (input) => {
    if (input.title.trim() === '') return later(err('validation', 'Title must not be empty.', 'title'));
    if (input.detected_at && !parseRfc3339(input.detected_at))
      return later(err('validation', 'Detected-at must be RFC 3339 with an offset.', 'detected_at'));
    const now = toRfc3339(Date.now(), -new Date().getTimezoneOffset());
    const inc: Incident = {
      id: newId(),
      title: input.title.trim(),
      incident_type: input.incident_type,
      severity: input.severity,
      phase: input.phase ?? 'detection_analysis',
      status: 'open',
      detected_at: input.detected_at ?? now,
      declared_at: now,
      commander: input.commander ?? '',
      summary: input.summary ?? '',
      revision: 1,
      updated_at: nowIso(),
      closed_at: null,
    };
    incidents.push(inc);
    audits.set(inc.id, [declaredEntry(inc)]);
    return later(ok(inc));
  },
  listIncidents: async (f) => {
    const text = f.text?.toLowerCase() ?? '';
    const rows = incidents.filter(
      (i) =>
        (!f.status || i.status === f.status) &&
        (!f.incident_type || i.incident_type === f.incident_type) &&
        (!f.severity || i.severity === f.severity) &&
        (!text || `${i.title} ${i.summary} ${i.commander}`.toLowerCase().includes(text)),
    );
    const t = (s: string) => parseRfc3339(s)?.ms ?? 0;
    const sorters: Record<string, (a: Incident, b: Incident) => number> = {
      declared_desc: (a, b) => t(b.declared_at) - t(a.declared_at),
      declared_asc: (a, b) => t(a.declared_at) - t(b.declared_at),
      detected_desc: (a, b) => t(b.detected_at) - t(a.detected_at),
      severity: (a, b) => sevRank[a.severity] - sevRank[b.severity],
      updated_desc: (a, b) => t(b.updated_at) - t(a.updated_at),
      title: (a, b) => a.title.localeCompare(b.title),
    };
    rows.sort(sorters[f.sort ?? 'declared_desc']);
    return later(ok(rows));
  },
  incidentGlance: async (id) => {
    if (!find(id)) return later(err('not_found', `No incident with id ${id}.`));
    return later(ok(await mockGlance(id)));
  },
  getIncident: async (id) => {
    const inc = find(id);
    if (!inc) return later(err('not_found', `No incident with id ${id}.`));
    return later(ok({ incident: inc, audit: audits.get(id) ?? [] }));
  },
  editIncident: async (id, patch: IncidentPatch) => {
    const inc = find(id);
    if (!inc) return later(err('not_found', `No incident with id ${id}.`));
    if (patch.expected_revision !== null && patch.expected_revision !== inc.revision)
      return later(err('conflict', `The incident is at revision ${inc.revision}; you edited revision ${patch.expected_revision}.`));
    if (patch.title != null && patch.title.trim() === '')
      return later(err('validation', 'Title must not be empty.', 'title'));
    const changes: FieldChange[] = [];
    for (const f of ['title', 'incident_type', 'severity', 'phase', 'detected_at', 'commander', 'summary'] as const) {
      const v = patch[f];
      if (v !== null && v !== inc[f]) {
        changes.push({ field: f, old: inc[f] || null, new: v || null });
        (inc as Record<string, unknown>)[f] = v;
      }
    }
    if (changes.length) record(inc, 'edited', changes);
    return later(ok(inc));
  },
  closeIncident: async (id, rev) => {
    const inc = find(id);
    if (!inc) return later(err('not_found', `No incident with id ${id}.`));
    if (rev !== null && rev !== inc.revision) return later(err('conflict', 'The incident changed since you loaded it.'));
    inc.status = 'closed';
    inc.closed_at = nowIso();
    record(inc, 'closed', [{ field: 'status', old: 'open', new: 'closed' }]);
    return later(ok(inc));
  },
  reopenIncident: async (id, rev) => {
    const inc = find(id);
    if (!inc) return later(err('not_found', `No incident with id ${id}.`));
    if (rev !== null && rev !== inc.revision) return later(err('conflict', 'The incident changed since you loaded it.'));
    inc.status = 'open';
    inc.closed_at = null;
    record(inc, 'reopened', [{ field: 'status', old: 'closed', new: 'open' }]);
    return later(ok(inc));
  },
  listPlaybooks: async () => {
    const ids = [...new Set(library.map((p) => p.id))];
    return later(ok(ids.map((id) => summarise(latest(id)!))));
  },
  getPlaybook: async (id, version) => {
    const p = version === null ? latest(id) : library.find((x) => x.id === id && x.version === version);
    return p ? later(ok(p)) : later(err('not_found', `No playbook with id ${id}.`));
  },
  searchPlaybooks: async (query, limit) => later(ok(searchLibrary(query, limit))),
  lintPlaybook: async (content) => {
    const big = tooLarge('playbook', content, CAPS.playbook);
    return later(ok(big ? [{ line: 1, col: 1, message: big }] : playbookFromToml(content).problems));
  },
  importPlaybook: async (fileName, content) => {
    const big = tooLarge('playbook', content, CAPS.playbook);
    if (big) return later(err('validation', `${fileName}:1:1: ${big}`));
    const { playbook, problems } = playbookFromToml(content);
    if (!playbook) return later(err('validation', `${fileName}:${problems[0].line}:${problems[0].col}: ${problems[0].message}`));
    const same = library.find((p) => p.id === playbook.id && p.version === playbook.version);
    if (same && JSON.stringify(same) === JSON.stringify(playbook)) return later(ok({ id: playbook.id, version: playbook.version, added: false }));
    if (same) return later(err('conflict', `${playbook.id} v${playbook.version} is already stored with different content; bump the version.`));
    library.push(playbook);
    return later(ok({ id: playbook.id, version: playbook.version, added: true }));
  },
  incidentRuns: async (incidentId) => {
    if (!find(incidentId)) return later(err('not_found', `No incident with id ${incidentId}.`));
    const views = (runs.get(incidentId) ?? []).map((r) => viewRun(incidentId, r));
    const f = facts(incidentId);
    return later(
      ok({
        facts: (Object.keys(FACT_QUESTIONS) as Fact[]).map((fact) => ({ fact, question: FACT_QUESTIONS[fact], value: f.get(fact) ?? null })),
        runs: views,
        ...nextSteps(views, SECTION_ORDER),
      }),
    );
  },
  startRun: async (incidentId, playbookId) => {
    const inc = find(incidentId);
    if (!inc) return later(err('not_found', `No incident with id ${incidentId}.`));
    if (inc.status === 'closed') return later(err('conflict', 'the incident is closed; reopen it before starting a playbook'));
    const pb = latest(playbookId);
    if (!pb) return later(err('not_found', `No playbook with id ${playbookId}.`));
    if ((runs.get(incidentId) ?? []).some((r) => r.playbook.id === playbookId))
      return later(err('conflict', `playbook ${playbookId} is already running on this incident`));
    return later(ok(viewRun(incidentId, startRunFor(inc, pb, nowIso()))));
  },
  updateStep: async (incidentId, playbookId, stepId, update) => {
    const inc = find(incidentId);
    const run = (runs.get(incidentId) ?? []).find((r) => r.playbook.id === playbookId);
    const rec = run?.steps.get(stepId);
    const st = run?.playbook.steps.find((s) => s.id === stepId);
    if (!inc || !run || !rec || !st) return later(err('not_found', `No step ${playbookId}/${stepId} on this incident.`));
    const needs = update.state === 'skipped' || update.state === 'blocked';
    if (needs && !update.reason?.trim())
      return later(err('validation', `say why the step is ${update.state}: a reason is required`, 'reason'));
    const next: StepRec = { ...rec };
    if (update.state) next.state = update.state;
    if (update.reason !== null) next.reason = update.reason.trim();
    if (next.state !== 'skipped' && next.state !== 'blocked') next.reason = '';
    const note = update.note?.trim() ?? '';
    if (note) next.note = note;
    if (update.assignee_role) next.assignee_role = update.assignee_role;
    if (update.assignee_name !== null) next.assignee_name = update.assignee_name.trim();
    const changes: FieldChange[] = (['state', 'reason', 'assignee_role', 'assignee_name'] as const)
      .filter((k) => (rec[k] ?? '') !== (next[k] ?? ''))
      .map((k) => ({ field: k, old: rec[k] || null, new: next[k] || null }));
    if (!changes.length && !note) return later(ok(viewRun(incidentId, run)));
    if (!changes.length) changes.push({ field: 'note', old: null, new: note });
    Object.assign(rec, next, { updated_at: nowIso(), updated_by: ACTOR });
    inc.revision += 1;
    audits.get(inc.id)?.push(
      worded({
        id: newId(),
        incident_id: inc.id,
        at: nowIso(),
        actor: ACTOR,
        action: 'step_updated',
        subject: `${run.playbook.title} › ${st.title}`,
        note,
        changes,
      }),
    );
    return later(ok(viewRun(incidentId, run)));
  },
  setFacts: async (incidentId, changes) => {
    const inc = find(incidentId);
    if (!inc) return later(err('not_found', `No incident with id ${incidentId}.`));
    const f = facts(incidentId);
    const before = new Map(f);
    const text = (v: boolean | undefined | null) => (v === true ? 'yes' : v === false ? 'no' : 'unknown');
    const audit: FieldChange[] = [];
    for (const ch of changes) {
      if ((f.get(ch.fact) ?? null) === ch.value) continue;
      audit.push({ field: ch.fact, old: text(f.get(ch.fact)), new: text(ch.value) });
      if (ch.value === null) f.delete(ch.fact);
      else f.set(ch.fact, ch.value);
    }
    if (!audit.length) return later(ok({ shown: [], hidden: [], decided: [] }));
    inc.revision += 1;
    audits.get(inc.id)?.push(worded({ id: newId(), incident_id: inc.id, at: nowIso(), actor: ACTOR, action: 'facts_changed', subject: 'incident facts', note: '', changes: audit }));
    const shown: StepVisibility[] = [];
    const hidden: StepVisibility[] = [];
    const decided: StepVisibility[] = [];
    for (const run of runs.get(incidentId) ?? []) {
      for (const st of run.playbook.steps.filter((s) => s.when.length)) {
        // Shown/hidden = on or off the checklist; undecided → applies is "decided", as in the core.
        const was = applicabilityOf(before, st.when).kind;
        const is = applicabilityOf(f, st.when).kind;
        const vis = { playbook_title: run.playbook.title, step_id: st.id, title: st.title, conditions: st.when };
        if (was === 'not_applicable' && is !== 'not_applicable') shown.push(vis);
        else if (was !== 'not_applicable' && is === 'not_applicable') hidden.push(vis);
        else if (was === 'undecided' && is === 'applies') decided.push(vis);
      }
    }
    return later(ok({ shown, hidden, decided }));
  },
};

// A run already under way on the ransomware incident, so the checklist has something to show.
{
  const inc = incidents[0];
  facts(inc.id).set('ransom_demanded', true);
  facts(inc.id).set('cyber_insurance', true);
  const run = startRunFor(inc, latest('ransomware')!, ago(170, 60));
  const set = (id: string, rec: Partial<StepRec>) => Object.assign(run.steps.get(id)!, { updated_at: ago(150, 0), updated_by: ACTOR }, rec);
  set('declare-incident', { state: 'done', note: 'Bridge on +44 20 7946 0000, PIN 4411' });
  set('isolate-hosts', { state: 'in_progress', assignee_role: 'it_ops', assignee_name: 'Priya Nair' });
  set('engage-insurer', { state: 'blocked', reason: 'Waiting for the policy number from finance' });
}

// Notification facts on the first two incidents, so the deadline strip and the obligations
// page have something to show: GDPR's 72 hours running on the ransomware, the ICO's nearly
// out on the BEC. The stolen laptop has none (the page's empty state).
{
  const [ransomware, bec] = incidents;
  notify.seed(ransomware.id, {
    jurisdictions: [
      { code: 'DE', people: 1200 },
      { code: 'FR', people: null },
      { code: 'US-CA', people: null },
    ],
    data_categories: ['personal_data', 'account_credentials'],
    encrypted: 'no',
    risk_to_people: 'risk',
    profile: { flags: ['sec_registrant'], home_zone: 'Europe/Berlin' },
    moments: { aware_personal_data_breach: ago(170, 60) },
  });
  notify.seed(
    bec.id,
    {
      jurisdictions: [{ code: 'GB', people: 40 }],
      data_categories: ['personal_data', 'financial_account'],
      risk_to_people: 'risk',
      profile: { flags: ['sec_registrant'], home_zone: 'America/New_York' },
      moments: { aware_personal_data_breach: ago(70 * 60 + 30, -300), materiality_determined: ago(1400, -300) },
    },
    { 'sec-8k-item-1-05': { state: 'drafted', note: 'Draft with outside counsel (K. Osei)', decided_at: ago(600, 0) } },
  );
}

// A board update already sent and an insurer notice in draft on the ransomware incident, so
// the sent log and "Open draft" have something to show.
{
  const [ransomware] = incidents;
  messages.seedMessage(
    ransomware.id,
    {
      template_id: 'board-brief',
      names: ['Harriet Okafor', 'Priya Raman'],
      channel: 'email',
      subject: '[Critical] Incident update: Ransomware on file server FS01',
      body:
        'Status: Containment (Critical)\nIncident commander: Dana Cho\n\nWhat we know: Encrypted shares on FS01 found by the night operator.\nRansom note README_RESTORE.txt in every folder.\n\nDecisions needed: approve engaging Redline Forensics under the retainer; no contact with the attacker without counsel.',
    },
    ago(120, 60),
  );
  messages.seedMessage(ransomware.id, {
    template_id: 'insurer-notice',
    names: ['Rachel Adeyemi'],
    channel: 'phone',
    subject: 'Notice of circumstances — Ransomware on file server FS01',
    body: 'We give notice of an incident that may lead to a claim.\n\nType: Ransomware\nSummary: Encrypted shares on FS01 found by the night operator.\nContact: dana.cho',
  });
}

// Evidence, indicators, assets and hypotheses on the ransomware incident, so the investigation
// page, the metrics and the reports have something to show. Its ransom note's file was
// "tampered" with: re-verifying it shows the integrity alarm.
investigation.seed(incidents[0].id, (m) => ago(m, 60));
