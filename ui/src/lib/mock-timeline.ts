// Dev-only stand-in for the timeline commands (see mock.ts): an in-memory chain per
// incident with the backend's filters, paging, verify and phases, and exports and imports
// that only pretend, slowly enough to show their progress bars (and to be stopped part-way,
// leaving nothing behind, as the backend's do). `?big` in the address
// gives the BEC incident 100,000 entries to try the list at scale; `?broken` breaks a chain.

import { createInitialAccessMock } from './mock-initial-access';
import type { ChannelFactory, Commands } from './api';
import { ACTION_LABELS } from './catalog';
import { err, later, ok, protectedOutput, sleep } from './mock-result';
import { tacticId } from './timeline';
import { instantMs, parseRfc3339, toRfc3339 } from './time';
import type {
  Density,
  InitialAccessState,
  AuditEntry,
  ColumnMapping,
  ExportFormat,
  ImportFormat,
  ImportPreview,
  Incident,
  IpcError,
  NewEvent,
  PhaseMark,
  Progress,
  TimelineEntry,
  TimelineFilter,
} from './types';

type TimelineCommands = Pick<
  Commands,
  | 'timelinePage'
  | 'timelineAddEvent'
  | 'timelineEditEvent'
  | 'timelineRetract'
  | 'timelineVerify'
  | 'timelineSignatures'
  | 'recordVerify'
  | 'timelinePhases'
  | 'timelineDensity'
  | 'timelineHosts'
  | 'timelineSuggestExportPath'
  | 'timelineExport'
  | 'timelineImportPreview'
  | 'timelineImport'
  | 'timelineCancelTransfers'
  | 'initialAccessState'
  | 'initialAccessMark'
  | 'initialAccessClear'
>;

type Deps = {
  incidents: () => Incident[];
  audit: (incidentId: string) => AuditEntry[];
  actor: string;
  /** Milliseconds between progress reports of an import or export (tests pass little). */
  tickMs?: number;
};

/** A stand-in Channel: the mock calls `onmessage` directly. */
export const mockChannel: ChannelFactory = <T>(onmessage: (m: T) => void) =>
  ({ id: 0, onmessage }) as unknown as ReturnType<ChannelFactory>;

/** Not SHA-256, just 64 stable hex digits so the UI has something hash-shaped to show. */
function fakeHash(text: string, prev: string): string {
  let h = 0x811c9dc5 ^ prev.charCodeAt(0);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  let out = '';
  for (let i = 0; i < 8; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ i;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

const EMPTY: string[] = [];

type Chain = {
  entries: TimelineEntry[];
  mirrored: Set<string>;
  version: number;
  sorted: Map<string, TimelineEntry[]>;
};

const HOSTS = ['FS01', 'DC01', 'WS-ACC-12', 'WS-HR-03', 'VPN-GW', 'MAIL01', 'SQL02', 'BACKUP01'];
const ACCOUNTS = ['svc_backup', 'j.meyer', 'administrator', 'a.kowalski', 'CORP\\helpdesk', 'SYSTEM'];
const SOURCES = ['EDR', 'Windows Security log', 'Firewall', 'VPN log', 'Interview', 'Proxy', 'M365 audit'];
const MESSAGES = [
  'Failed logon burst from external IP',
  'New local admin account created',
  'PowerShell launched with encoded command',
  'Outbound connection to known C2 address',
  'Large upload to file-sharing service',
  'Shadow copies deleted with vssadmin',
  'Scheduled task created for persistence',
  'Remote service installed via PsExec',
  'Antivirus real-time protection disabled',
  'LSASS memory read by unsigned binary',
];
const TACTIC_POOL = ['TA0001', 'TA0002', 'TA0003', 'TA0004', 'TA0005', 'TA0006', 'TA0008', 'TA0010', 'TA0011', 'TA0040'];

export function createTimelineMock(deps: Deps): { commands: TimelineCommands; initialAccess: (incidentId: string) => InitialAccessState } {
  const chains = new Map<string, Chain>();
  const find = (id: string) => deps.incidents().find((i) => i.id === id);

  function append(chain: Chain, partial: Partial<TimelineEntry> & Pick<TimelineEntry, 'incident_id' | 'kind' | 'occurred_at' | 'message'>) {
    const prev = chain.entries.length ? chain.entries[chain.entries.length - 1].hash : '0'.repeat(64);
    const seq = chain.entries.length + 1;
    const e: TimelineEntry = {
      id: `0193b7e0-${seq.toString(16).padStart(4, '0')}-7000-8000-${partial.incident_id.slice(-12)}`,
      seq,
      recorded_at: partial.occurred_at,
      recorded_by: deps.actor,
      source: '',
      host: '',
      account: '',
      tactics: EMPTY,
      techniques: EMPTY,
      confidence: null,
      tags: EMPTY,
      step_links: EMPTY,
      action: null,
      subject: '',
      note: '',
      changes: [],
      summary: partial.message,
      headline: partial.message,
      sentences: [],
      supersedes: null,
      reason: '',
      superseded: false,
      hash: '',
      ...partial,
    };
    e.hash = fakeHash(`${seq}|${e.kind}|${e.occurred_at}|${e.message}|${e.host}`, prev);
    chain.entries.push(e);
    chain.version++;
    chain.sorted.clear();
    return e;
  }

  function mirrorAudit(chain: Chain, incidentId: string) {
    for (const a of deps.audit(incidentId)) {
      if (chain.mirrored.has(a.id)) continue;
      chain.mirrored.add(a.id);
      const what = ACTION_LABELS[a.action] ?? a.action;
      const fields = a.changes.map((c) => c.field).join(', ');
      append(chain, {
        incident_id: incidentId,
        kind: 'action',
        occurred_at: a.at,
        recorded_at: a.at,
        recorded_by: a.actor,
        message: a.subject ? `${what}: ${a.subject}` : a.action === 'edited' ? `${what} ${fields}` : what,
        action: a.action,
        subject: a.subject,
        note: a.note,
        changes: a.changes,
        summary: a.sentences.length ? `${a.headline} — ${a.sentences.slice(0, 3).join('; ')}` : a.headline,
        headline: a.headline,
        sentences: a.sentences,
      });
    }
  }

  function seedRealistic(chain: Chain, inc: Incident) {
    const base = instantMs(inc.detected_at);
    const at = (minBefore: number, offset: number) => toRfc3339(base - minBefore * 60_000, offset);
    const ev = (e: Partial<TimelineEntry> & { occurred_at: string; message: string }) =>
      append(chain, { incident_id: inc.id, kind: 'event', recorded_at: toRfc3339(Date.now() - 60 * 60_000, 60), ...e });
    ev({ occurred_at: at(4320, -300), message: 'Phishing email with invoice macro delivered to j.meyer', source: 'M365 audit', account: 'j.meyer', tactics: ['TA0001'], techniques: ['T1566.001'], confidence: 70, tags: ['phishing'] });
    ev({ occurred_at: at(4300, 60), message: 'Macro spawned PowerShell with encoded command', source: 'EDR', host: 'WS-ACC-12', account: 'j.meyer', tactics: ['TA0002'], techniques: ['T1059.001'], confidence: 90, tags: ['initial'] });
    ev({ occurred_at: at(4290, 60), message: 'Beacon to 185.220.101.7:443 every 60 s', source: 'Firewall', host: 'WS-ACC-12', tactics: ['TA0011'], techniques: ['T1071.001'], confidence: 85 });
    const wrong = ev({ occurred_at: at(2900, 0), message: 'Credential dump on DC01 (suspected)', source: 'EDR', host: 'DC01', account: 'administrator', tactics: ['TA0006'], techniques: ['T1003.001'], confidence: 40 });
    ev({ occurred_at: at(2880, 60), message: 'LSASS read by procdump64.exe', source: 'EDR', host: 'WS-ACC-12', account: 'j.meyer', tactics: ['TA0006'], techniques: ['T1003.001'], confidence: 95, tags: ['creds'] });
    ev({ occurred_at: at(1500, 60), message: 'PsExec service installed on FS01 from WS-ACC-12', source: 'Windows Security log', host: 'FS01', account: 'administrator', tactics: ['TA0008'], techniques: ['T1569.002'], confidence: 90 });
    ev({ occurred_at: at(700, 60), message: 'Windows Defender real-time protection disabled', source: 'EDR', host: 'FS01', account: 'SYSTEM', tactics: ['TA0005', 'TA0112'], techniques: ['T1562.001'], confidence: 100 });
    ev({ occurred_at: at(400, 60), message: '38 GB uploaded to mega.nz', source: 'Proxy', host: 'FS01', tactics: ['TA0010'], techniques: ['T1567.002'], confidence: 80, tags: ['exfil'] });
    ev({ occurred_at: at(30, 60), message: 'Shadow copies deleted with vssadmin', source: 'EDR', host: 'FS01', account: 'administrator', tactics: ['TA0040'], techniques: ['T1490'], confidence: 100, tags: ['ransom'] });
    ev({ occurred_at: at(5, 60), message: 'Files renamed to .lockbit on \\\\FS01\\shares', source: 'EDR', host: 'FS01', tactics: ['TA0040'], techniques: ['T1486'], confidence: 100, tags: ['ransom'] });
    ev({ occurred_at: at(0, 60), message: 'Night operator reports README_RESTORE.txt in every folder', source: 'Interview', host: 'FS01', account: 'night operator', tags: ['ransom'] });
    // A retracted guess, so "show history" has something to show.
    wrong.superseded = true;
    append(chain, {
      incident_id: inc.id,
      kind: 'retraction',
      occurred_at: toRfc3339(Date.now() - 30 * 60_000, 60),
      recorded_at: toRfc3339(Date.now() - 30 * 60_000, 60),
      message: `Retracted: ${wrong.message}`,
      supersedes: wrong.id,
      reason: 'The dump on DC01 was our own forensic collection.',
    });
  }

  function seedBig(chain: Chain, inc: Incident, n: number) {
    const start = instantMs(inc.detected_at) - n * 20_000;
    for (let i = 0; i < n; i++) {
      const r = (i * 2654435761) >>> 0;
      append(chain, {
        incident_id: inc.id,
        kind: 'event',
        occurred_at: toRfc3339(start + i * 20_000 + (r % 15_000), r % 3 === 0 ? -300 : r % 3 === 1 ? 0 : 60),
        message: `${MESSAGES[r % MESSAGES.length]} (#${i + 1})`,
        source: SOURCES[r % SOURCES.length],
        host: HOSTS[(r >>> 3) % HOSTS.length],
        account: ACCOUNTS[(r >>> 5) % ACCOUNTS.length],
        tactics: [TACTIC_POOL[(r >>> 7) % TACTIC_POOL.length]],
        confidence: (r >>> 9) % 101,
        tags: r % 7 === 0 ? ['sampled'] : EMPTY,
      });
    }
  }

  const initialAccess = createInitialAccessMock({
    audit: (id) => (find(id) ? deps.audit(id) : null),
    entries: (id) => chainOf(id)?.entries ?? null,
    actor: deps.actor,
  });

  function chainOf(incidentId: string): Chain | null {
    const inc = find(incidentId);
    if (!inc) return null;
    let chain = chains.get(incidentId);
    if (!chain) {
      chain = { entries: [], mirrored: new Set(), version: 0, sorted: new Map() };
      chains.set(incidentId, chain);
      mirrorAudit(chain, incidentId);
      const all = deps.incidents();
      if (inc === all[0]) seedRealistic(chain, inc);
      if (inc === all[1]) seedBig(chain, inc, location.search.includes('big') ? 100_000 : 400);
    }
    mirrorAudit(chain, incidentId);
    return chain;
  }

  function matching(chain: Chain, f: TimelineFilter): TimelineEntry[] | IpcError {
    const key = JSON.stringify({ ...f, offset: null, limit: null });
    const hit = chain.sorted.get(key);
    if (hit) return hit;
    const tactic = f.tactic?.trim() ? tacticId(f.tactic) : null;
    if (f.tactic?.trim() && !tactic) return { code: 'validation', message: `"${f.tactic}" is not an ATT&CK tactic`, field: 'tactic' };
    const bound = (v: string | null, field: string) => {
      if (!v?.trim()) return null;
      const p = parseRfc3339(v);
      return p ? p.ms : field;
    };
    const from = bound(f.from, 'from');
    const to = bound(f.to, 'to');
    if (typeof from === 'string' || typeof to === 'string')
      return { code: 'validation', message: 'not an RFC 3339 time with an offset', field: typeof from === 'string' ? 'from' : 'to' };
    const lc = (s: string | null) => s?.trim().toLowerCase() || null;
    const host = lc(f.host);
    const hostPart = lc(f.host_contains ?? null);
    const actor = lc(f.actor);
    const tag = lc(f.tag);
    const text = lc(f.text);
    const rows = chain.entries.filter((e) => {
      if (!f.include_history && (e.kind === 'retraction' || e.superseded)) return false;
      if (f.kind && e.kind !== f.kind) return false;
      if (host && e.host.toLowerCase() !== host) return false;
      if (hostPart && !e.host.toLowerCase().includes(hostPart)) return false;
      if (actor && !e.account.toLowerCase().includes(actor) && !e.recorded_by.toLowerCase().includes(actor)) return false;
      if (tactic && !e.tactics.includes(tactic)) return false;
      if (tag && !e.tags.some((t) => t.toLowerCase() === tag)) return false;
      if (text && !`${e.message}\n${e.subject}\n${e.note}`.toLowerCase().includes(text)) return false;
      const ms = instantMs(e.occurred_at);
      if (from !== null && ms < from) return false;
      if (to !== null && ms >= to) return false;
      return true;
    });
    const order = f.order ?? 'occurred';
    if (order === 'occurred' || order === 'occurred_desc') {
      const t = new Map(rows.map((e) => [e, instantMs(e.occurred_at)]));
      rows.sort((a, b) => t.get(a)! - t.get(b)! || a.seq - b.seq);
    }
    if (order === 'occurred_desc' || order === 'recorded_desc') rows.reverse();
    chain.sorted.set(key, rows);
    return rows;
  }

  function validateEvent(e: NewEvent): IpcError | null {
    if (!parseRfc3339(e.occurred_at)) return { code: 'validation', message: `"${e.occurred_at}" is not an RFC 3339 time with an offset`, field: 'occurred_at' };
    if (!e.message.trim()) return { code: 'validation', message: 'describe what happened: the message is required', field: 'message' };
    for (const t of e.tactics) if (!tacticId(t)) return { code: 'validation', message: `"${t}" is not an ATT&CK tactic id (TA0001…) or name`, field: 'tactics' };
    if (e.confidence !== null && e.confidence > 100) return { code: 'validation', message: 'confidence is 0 to 100', field: 'confidence' };
    return null;
  }

  function eventEntry(incidentId: string, e: NewEvent): Partial<TimelineEntry> & Pick<TimelineEntry, 'incident_id' | 'kind' | 'occurred_at' | 'message'> {
    return {
      incident_id: incidentId,
      kind: 'event',
      occurred_at: e.occurred_at,
      recorded_at: toRfc3339(Date.now(), -new Date().getTimezoneOffset()),
      message: e.message.trim(),
      source: e.source?.trim() ?? '',
      host: e.host?.trim() ?? '',
      account: e.account?.trim() ?? '',
      tactics: [...new Set(e.tactics.map((t) => tacticId(t)!))],
      techniques: e.techniques.map((t) => t.toUpperCase()),
      confidence: e.confidence,
      // Copies: the caller's arrays may be reactive proxies, which structuredClone refuses.
      tags: [...e.tags],
      step_links: [...e.step_links],
      note: e.note?.trim() ?? '',
    };
  }

  // Imports and exports in progress; "stop" stops them all, as the app's state does.
  const tick = deps.tickMs ?? 90;
  let transfers = 0;
  let stopRequested = false;

  /** Reports progress; false when the transfer was stopped part-way. */
  async function report(onProgress: { onmessage: (p: Progress) => void }, total: number, steps = 12) {
    transfers += 1;
    try {
      for (let i = 1; i <= steps; i++) {
        if (tick) await sleep(tick);
        if (stopRequested) return false;
        onProgress.onmessage({ done: Math.round((total * i) / steps), total });
      }
      return true;
    } finally {
      transfers -= 1;
      if (transfers === 0) stopRequested = false;
    }
  }

  // The backend's own words, so the dev UI shows what the app will.
  const importStopped = () => err('cancelled', 'the import was stopped; nothing was imported');
  const exportStopped = () => err('cancelled', 'the export was stopped; no file was written');

  const extOf: Record<ExportFormat, string> = { timesketch_csv: 'csv', timesketch_jsonl: 'jsonl', spreadsheet_csv: 'csv', markdown: 'md', html: 'html' };
  const notFound = (id: string) => later(err('not_found', `No incident with id ${id}.`));

  const commands: TimelineCommands = {
    timelinePage: async (incidentId, f) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      const rows = matching(chain, f);
      if (!Array.isArray(rows)) return later(err(rows.code, rows.message, rows.field));
      const offset = f.offset ?? 0;
      const end = f.limit === null ? rows.length : offset + f.limit;
      return later(ok({ total: rows.length, offset, entries: rows.slice(offset, end) }), 40);
    },
    timelineAddEvent: async (incidentId, e) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      const bad = validateEvent(e);
      if (bad) return later(err(bad.code, bad.message, bad.field));
      return later(ok(append(chain, eventEntry(incidentId, e))));
    },
    timelineEditEvent: async (incidentId, entryId, e) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      const old = chain.entries.find((x) => x.id === entryId);
      if (!old) return later(err('not_found', `No timeline entry ${entryId}.`));
      if (old.kind !== 'event') return later(err('validation', `entry ${entryId} is a ${old.kind} and cannot be changed this way`, 'entry'));
      if (old.superseded) return later(err('conflict', `entry ${entryId} was already replaced or retracted; change its latest version`));
      const bad = validateEvent(e);
      if (bad) return later(err(bad.code, bad.message, bad.field));
      old.superseded = true;
      return later(ok(append(chain, { ...eventEntry(incidentId, e), supersedes: old.id })));
    },
    timelineRetract: async (incidentId, entryId, reason) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      if (!reason.trim()) return later(err('validation', 'say why the entry is retracted: a reason is required', 'reason'));
      const old = chain.entries.find((x) => x.id === entryId);
      if (!old) return later(err('not_found', `No timeline entry ${entryId}.`));
      if (old.kind === 'retraction') return later(err('validation', `entry ${entryId} is a retraction and cannot be changed this way`, 'entry'));
      if (old.superseded) return later(err('conflict', `entry ${entryId} was already replaced or retracted; change its latest version`));
      old.superseded = true;
      const now = toRfc3339(Date.now(), -new Date().getTimezoneOffset());
      return later(
        ok(append(chain, { incident_id: incidentId, kind: 'retraction', occurred_at: now, recorded_at: now, message: `Retracted: ${old.message}`, supersedes: old.id, reason: reason.trim() })),
      );
    },
    timelineVerify: async (incidentId) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      const n = chain.entries.length;
      await sleep(Math.min(2000, 200 + n / 100));
      if (location.search.includes('broken') && n > 2) {
        const bad = chain.entries[Math.floor(n / 2)];
        return ok({ status: 'broken', entries: bad.seq, first_bad_seq: bad.seq, entry_id: bad.id, problem: 'its content does not match its hash (the entry was altered)' });
      }
      return ok({ status: 'intact', entries: n, head_hash: n ? chain.entries[n - 1].hash : '0'.repeat(64) });
    },
    // The browser mock has no keys: every entry reads as signed by one made-up device.
    timelineSignatures: async (incidentId) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      const n = chain.entries.length;
      return ok({ status: 'signed', checkpoints: n, head_seq: n, authors: [{ fingerprint: '3f2a 9c10 77be 0d41', name: 'Mock responder' }], adopted_through: null });
    },
    // One made-up device; every change the mock recorded counts as one operation.
    recordVerify: async (incidentId) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      const operations = chain.entries.filter((e) => e.kind === 'action').length;
      return ok({
        operations,
        devices: [{ device: '3f2a 9c10 77be 0d41', name: 'Mock responder', operations }],
        replayed: ['incidents'],
        verdict: { status: 'intact' },
      });
    },
    timelineHosts: async (incidentId, fragment, limit) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      const part = fragment.trim().toLowerCase();
      const counts = new Map<string, { host: string; entries: number }>();
      for (const e of chain.entries) {
        if (!e.host || e.superseded || e.kind === 'retraction' || !e.host.toLowerCase().includes(part)) continue;
        const k = e.host.toLowerCase();
        const c = counts.get(k) ?? { host: e.host, entries: 0 };
        c.entries++;
        counts.set(k, c);
      }
      const top = [...counts.values()].sort((a, b) => b.entries - a.entries || a.host.localeCompare(b.host));
      return later(ok(top.slice(0, Math.min(limit, 50))));
    },
    timelinePhases: async (incidentId) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const marks: PhaseMark[] = [
        { milestone: 'detected', label: 'Detected', at: inc.detected_at },
        { milestone: 'declared', label: 'Declared', at: inc.declared_at },
        { milestone: 'detection_analysis', label: 'Detection & analysis', at: inc.declared_at },
      ];
      const labels: Record<string, string> = { containment: 'Containment', eradication: 'Eradication', recovery: 'Recovery', post_incident: 'Post-incident', detection_analysis: 'Detection & analysis' };
      let phaseSeen = false;
      for (const a of deps.audit(incidentId)) {
        const ph = a.changes.find((c) => c.field === 'phase');
        if (a.action === 'edited' && ph?.new) {
          phaseSeen = true;
          marks.push({ milestone: ph.new, label: labels[ph.new] ?? ph.new, at: a.at });
        }
        if (a.action === 'closed' || a.action === 'reopened') marks.push({ milestone: a.action, label: a.action === 'closed' ? 'Closed' : 'Reopened', at: a.at });
      }
      if (!phaseSeen && inc.phase !== 'detection_analysis') {
        const mid = (instantMs(inc.declared_at) + Date.now()) / 2;
        marks.splice(3, 0, { milestone: inc.phase, label: labels[inc.phase], at: toRfc3339(mid, 0) });
      }
      // The attack's start only where a responder marked it.
      const start = initialAccess.state(incidentId).mark;
      if (start) marks.unshift({ milestone: 'initial_access', label: 'Initial access', at: start.occurred_at });
      return later(ok(marks));
    },
    timelineDensity: async (incidentId, f, buckets) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      if (buckets < 1 || buckets > 400) return later(err('validation', 'between 1 and 400 slices', 'buckets'));
      const rows = matching(chain, f);
      if (!Array.isArray(rows)) return later({ status: 'error', error: rows });
      return later(ok(densityOf(rows.map((e) => instantMs(e.occurred_at)), buckets)));
    },
    timelineSuggestExportPath: async (incidentId, format) => {
      const inc = find(incidentId);
      if (!inc) return notFound(incidentId);
      const slug = inc.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
      return later(ok(`/home/dana/Documents/Firebreak/${slug}-timeline.${extOf[format]}`));
    },
    timelineExport: async (incidentId, format, path, options, onProgress) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      if (!path.trim()) return later(err('validation', 'choose where to save the export', 'path'));
      if (!path.startsWith('/')) return later(err('io', `cannot write ${path}: not an absolute path`));
      const guarded = protectedOutput(path);
      if (guarded) return later(guarded);
      const rows = matching(chain, { kind: null, host: null, actor: null, tactic: null, tag: null, text: null, from: null, to: null, order: 'occurred', offset: null, include_history: options.include_history, limit: null });
      const n = Array.isArray(rows) ? rows.length : 0;
      if (!(await report(onProgress, n))) return exportStopped();
      const last = chain.entries[chain.entries.length - 1];
      return ok({ path, format, entries: n, bytes: n * 212 + 640, head_hash: last?.hash ?? '0'.repeat(64) });
    },
    timelineImportPreview: async (path) => {
      const p = path.trim();
      if (!p) return later(err('validation', 'choose a file to import', 'path'));
      if (p.includes('missing')) return later(err('io', `cannot read ${p}: No such file or directory (os error 2)`));
      return later(ok(previewOf(p)));
    },
    timelineImport: async (incidentId, path, format, m, skipUndated, onProgress) => {
      const chain = chainOf(incidentId);
      if (!chain) return notFound(incidentId);
      if ((format === 'generic_csv' || format === 'generic_jsonl') && !m) return later(err('validation', 'map the columns of a generic CSV before importing', 'mapping'));
      const bytes = 96_000;
      if (path.includes('bad')) {
        if (!(await report(onProgress, bytes, 4))) return importStopped();
        return err('validation', 'line 7: datetime "yesterday" is not an ISO 8601 time with an offset');
      }
      if (format === 'generic_csv' && m && !m.naive_offset)
        return later(err('validation', 'line 2: datetime "2026-11-20 09:12:44" has no offset; set the offset for times without one'));
      // As the backend: rows the tool could not date are refused unless the responder chose to skip them.
      const undated = previewOf(path.trim()).undated;
      if (undated > 0 && !skipUndated)
        return later(err('validation', `${path}: line 2: datetime is "0000-00-00T00:00:00.000000+00:00": the tool could not date the event (Plaso writes this as "Not a time"). Preview the file to count such rows, then import again choosing to skip them (in the import dialog, or --skip-undated; the count is recorded on the timeline); nothing was imported`));
      if (!(await report(onProgress, bytes))) return importStopped();
      const base = Date.now() - 3 * 86_400_000;
      for (let i = 0; i < 24; i++)
        append(chain, { incident_id: incidentId, kind: 'event', occurred_at: toRfc3339(base + i * 600_000, 60), message: `Imported: ${MESSAGES[i % MESSAGES.length]}`, source: 'Import', host: HOSTS[i % HOSTS.length], tags: ['imported'] });
      if (undated > 0) {
        const file = path.trim().split('/').pop() ?? path;
        const subject = `${file} (${undated} undated rows skipped)`;
        const note = `${IMPORT_LABEL[format] ?? format}: 24 of ${24 + undated} rows imported (0 already present); ${undated} rows skipped that the tool could not date, at the responder's choice`;
        const at = toRfc3339(Date.now(), 0);
        const headline = `Timeline imported: ${subject}`;
        append(chain, { incident_id: incidentId, kind: 'action', occurred_at: at, message: `Timeline imported — ${subject}`, action: 'timeline_imported', subject, note, summary: headline, headline });
        return ok({ rows: 24 + undated, imported: 24, duplicates: 0, skipped_actions: 0, skipped_undated: undated, head_hash: chain.entries[chain.entries.length - 1].hash });
      }
      return ok({ rows: 26, imported: 24, duplicates: 1, skipped_actions: 1, skipped_undated: 0, head_hash: chain.entries[chain.entries.length - 1].hash });
    },
    timelineCancelTransfers: async () => {
      const n = transfers;
      if (n > 0) stopRequested = true;
      return later(ok(n));
    },
    ...initialAccess.commands,
  };
  return { commands, initialAccess: initialAccess.state };
}

/** As the core's timeline::density: whole-millisecond slices from the first match; the last match closes the last slice. */
export function densityOf(times: number[], buckets: number): Density {
  if (!times.length) return { start: null, end: null, bucket_ms: 0, counts: [], total: 0 };
  let [min, max] = [times[0], times[0]];
  for (const t of times) [min, max] = [Math.min(min, t), Math.max(max, t)];
  const width = Math.max(1, Math.ceil((max - min) / buckets));
  const used = Math.min(buckets, Math.floor((max - min) / width) + 1);
  const counts: number[] = Array(used).fill(0);
  for (const t of times) counts[Math.min(Math.floor((t - min) / width), used - 1)]++;
  const end = Math.min(min + width * used, Math.max(max, min + width));
  return { start: toRfc3339(min, 0), end: toRfc3339(end, 0), bucket_ms: width, counts, total: times.length };
}

const IMPORT_LABEL: Partial<Record<ImportFormat, string>> = {
  timesketch_csv: 'Timesketch CSV',
  timesketch_jsonl: 'Timesketch JSONL',
  generic_csv: 'Other CSV (column mapping)',
  plaso_dynamic: 'Plaso dynamic CSV',
};

/** What the backend's preview says of the demo files: Timesketch, a Plaso dynamic CSV with
 * four "Not a time" rows (any path containing "plaso"), JSONL, or a CSV to map by hand. */
function previewOf(p: string): ImportPreview {
  const ts = ['datetime', 'message', 'timestamp_desc', 'hostname', 'username', 'tag'];
  const tsRows = [
    ['2026-11-20T09:12:44+01:00', 'Logon from 203.0.113.9', 'Event Recorded', 'VPN-GW', 'j.meyer', 'vpn'],
    ['2026-11-20T09:13:02+01:00', 'MFA push approved', 'Event Recorded', 'VPN-GW', 'j.meyer', ''],
  ];
  const tsUse = ['time', 'message', 'detail', 'host', 'account', 'tags'];
  const columns = (headers: string[], fields: string[]) => headers.map((column, i) => ({ column, field: fields[i] ?? 'detail' }));
  const base = { undated: 0, undated_reason: null };
  if (p.includes('plaso')) {
    const headers = ['datetime', 'timestamp_desc', 'source', 'source_long', 'message', 'parser', 'display_name', 'tag'];
    return {
      format: 'plaso_dynamic',
      format_label: IMPORT_LABEL.plaso_dynamic ?? '',
      headers,
      sample: [
        ['0000-00-00T00:00:00.000000+00:00', 'Not a time', 'FILE', 'Bodyfile', '/$OrphanFiles', 'bodyfile', 'OS:/evidence/bodyfile', '-'],
        ['2026-11-20T07:45:23.000000+00:00', 'Content Modification Time', 'LOG', 'Syslog', 'sshd: Accepted password for root', 'text/syslog', 'OS:/var/log/auth.log', '-'],
      ],
      suggested: mapping('datetime', 'message'),
      bytes: 412_000,
      columns: columns(headers, ['time', 'detail', 'detail', 'detail', 'message', 'source', 'detail', 'tags']),
      rows: 28,
      undated: 4,
      undated_reason: 'first at line 2: datetime is "0000-00-00T00:00:00.000000+00:00": the tool could not date the event (Plaso writes this as "Not a time")',
    };
  }
  if (p.endsWith('.jsonl'))
    return { ...base, format: 'timesketch_jsonl', format_label: 'Timesketch JSONL', headers: ts, sample: tsRows, suggested: mapping('datetime', 'message'), bytes: 18_400, columns: columns(ts, tsUse), rows: 26 };
  if (p.includes('timesketch'))
    return { ...base, format: 'timesketch_csv', format_label: 'Timesketch CSV', headers: ts, sample: tsRows, suggested: mapping('datetime', 'message'), bytes: 2_400_000, columns: columns(ts, tsUse), rows: 26 };
  const headers = ['Time', 'Event', 'Computer', 'User', 'Tactic', 'Score'];
  return {
    ...base,
    format: 'generic_csv',
    format_label: 'Other CSV (column mapping)',
    headers,
    sample: [
      ['2026-11-20 09:12:44', 'Logon from 203.0.113.9', 'VPN-GW', 'j.meyer', 'Initial Access', '60'],
      ['2026-11-20 09:13:02', 'MFA push approved', 'VPN-GW', 'j.meyer', '', '40'],
      ['2026-11-20 09:20:10', 'New inbox rule "ForwardAll"', 'MAIL01', 'j.meyer', 'Collection', '90'],
    ],
    suggested: { ...mapping('Time', 'Event'), host: 'Computer', account: 'User', tactics: 'Tactic', confidence: 'Score' },
    bytes: 96_000,
    columns: columns(headers, ['time', 'message', 'host', 'account', 'tactics', 'confidence']),
    rows: 26,
  };
}

function mapping(occurred_at: string, message: string): ColumnMapping {
  return { occurred_at, message, source: null, host: null, account: null, tactics: null, techniques: null, confidence: null, tags: null, time_of_day: null, time_zone: null, naive_offset: null };
}
