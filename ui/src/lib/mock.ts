// Dev-only stand-in for the Rust commands, loaded only when the page runs outside
// Tauri (vite dev in a browser). Never imported statically, so it stays out of the
// production bundle. Behaviour is deliberately rough: just enough to see the UI.

import type { Commands } from './api';
import type {
  AuditEntry,
  Catalog,
  FieldChange,
  Incident,
  IncidentPatch,
  IpcError,
  NewIncident,
  Result,
} from './types';
import { parseRfc3339, toRfc3339 } from './time';

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
  return {
    id: newId(),
    incident_id: inc.id,
    at: inc.declared_at,
    actor: ACTOR,
    action: 'declared',
    changes: fields.map((f) => ({ field: f, old: null, new: inc[f] || null })),
  };
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

const ok = <T>(data: T): Result<T, IpcError> => ({ status: 'ok', data: structuredClone(data) });
const err = (code: IpcError['code'], message: string, field: string | null = null): Result<never, IpcError> => ({
  status: 'error',
  error: { code, message, field },
});
const later = <T>(v: T) => new Promise<T>((r) => setTimeout(() => r(v), 80));

const sevRank = { sev1: 1, sev2: 2, sev3: 3, sev4: 4 };

function find(id: string) {
  return incidents.find((i) => i.id === id);
}

function record(inc: Incident, action: AuditEntry['action'], changes: FieldChange[]) {
  inc.revision += 1;
  inc.updated_at = nowIso();
  audits.get(inc.id)?.push({ id: newId(), incident_id: inc.id, at: nowIso(), actor: ACTOR, action, changes });
}

export const mockCommands: Commands = {
  appInfo: () =>
    // `?startup-error` in the address shows the full-page error a newer database causes.
    location.search.includes('startup-error')
      ? later(err('schema_too_new', 'The database at /home/dana/.local/share/org.firebreak.desktop/firebreak.db has schema version 3; this Firebreak knows up to version 1.'))
      : later(
      ok({
        version: '0.1.0-dev',
        db_path: '/home/dana/.local/share/org.firebreak.desktop/firebreak.db',
        schema_version: 1,
        actor: ACTOR,
      }),
    ),
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
};
