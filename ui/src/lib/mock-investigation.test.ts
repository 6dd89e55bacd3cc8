import { describe, expect, it } from 'vitest';
import { createInvestigationMock, human } from './mock-investigation';
import { detect, extract, refang } from './mock-ioc';
import { MOCK_DB_PATH } from './mock-result';
import { mockChannel } from './mock-timeline';
import type { AuditEntry, Incident, IpcError, Progress, Result } from './types';

// The dev mock stands in for the backend in `npm run dev`; it must agree with the backend on
// what the UI relies on: required fields named by field, evidence status that persists, the
// append-only custody log, indicator deduplication, revisions that refuse stale edits, and
// every change on the audit trail.

const incident: Incident = {
  id: 'inc-1',
  title: 'Ransomware on file server FS01',
  incident_type: 'ransomware',
  severity: 'sev1',
  phase: 'containment',
  status: 'open',
  detected_at: '2026-11-22T01:00:00+01:00',
  declared_at: '2026-11-22T01:45:00+01:00',
  commander: 'Dana Cho',
  summary: 'Encrypted shares.',
  revision: 1,
  updated_at: '2026-11-22T00:45:00Z',
  closed_at: null,
};

function setup() {
  const audit: AuditEntry[] = [];
  let n = 0;
  const mock = createInvestigationMock({
    incidents: () => [incident],
    audit: () => audit,
    actor: 'tester',
    newId: () => `id-${++n}`,
    timelineEntry: async (_inc, id) => (id === 'entry-1' ? 'Logon from 203.0.113.7' : null),
    stepExists: (_inc, ref) => ref === 'ransomware/isolate-hosts',
    tickMs: 0,
  });
  return { audit, c: mock.commands };
}

const data = <T>(r: Result<T, IpcError>): T => {
  if (r.status !== 'ok') throw new Error(JSON.stringify(r.error));
  return r.data;
};
const progressSink = () => {
  const seen: Progress[] = [];
  return { seen, channel: mockChannel<Progress>((p) => seen.push(p)) };
};

describe('investigation mock: evidence', () => {
  it('hashes a file with progress, records its first custody entry and audits it', async () => {
    const { c, audit } = setup();
    const { seen, channel } = progressSink();
    const item = data(await c.evidenceAdd('inc-1', { label: 'FS01 memory', path: '/cases/fs01.raw', storage_location: 'Safe B' }, channel));
    expect(item).toMatchObject({ kind: 'file', status: 'unverified', collected_by: 'tester', storage_location: 'Safe B' });
    expect(item.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(item.size_bytes).toBeGreaterThan(1024 ** 3);
    expect(item.custody).toHaveLength(1);
    expect(item.custody[0].action).toBe('collected');
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toEqual({ done: item.size_bytes, total: item.size_bytes });
    expect(audit.map((a) => a.action)).toEqual(['evidence_added']);
    expect(audit[0].changes.find((ch) => ch.field === 'sha256')?.new).toBe(item.sha256);
    // As the backend: no export may overwrite registered evidence or the database.
    expect(await c.reportExport('inc-1', 'brief', 'pdf', '/cases/fs01.raw')).toMatchObject({
      error: { code: 'validation', field: 'path', message: expect.stringContaining('evidence "FS01 memory"') },
    });
    expect(await c.indicatorsExport('inc-1', 'csv', `${MOCK_DB_PATH}-shm`, '')).toMatchObject({ error: { field: 'path' } });
  });

  it('names the field at fault', async () => {
    const { c, audit } = setup();
    const { channel } = progressSink();
    expect(await c.evidenceAdd('inc-1', { label: ' ', path: '/a.raw' }, channel)).toMatchObject({ status: 'error', error: { code: 'validation', field: 'label' } });
    expect(await c.evidenceAdd('inc-1', { label: 'Disk', sha256: null }, channel)).toMatchObject({ error: { field: 'storage_location' } });
    expect(await c.evidenceAdd('inc-1', { label: 'Disk', storage_location: 'Vault', sha256: 'abc' }, channel)).toMatchObject({ error: { field: 'sha256' } });
    expect(await c.evidenceAdd('inc-1', { label: 'Disk', path: '/a.raw', sha256: 'a'.repeat(64) }, channel)).toMatchObject({ error: { field: 'sha256' } });
    expect(await c.evidenceAdd('inc-1', { label: 'Disk', path: '/cases/missing.raw' }, channel)).toMatchObject({ error: { field: 'path' } });
    expect(await c.evidenceAdd('inc-1', { label: 'Disk', path: '/a.raw', collected_at: '2026-11-22 03:10' }, channel)).toMatchObject({ error: { field: 'collected_at' } });
    expect(audit).toHaveLength(0);
  });

  it('records a reference with the holder’s hash, lowercased', async () => {
    const { c } = setup();
    const { seen, channel } = progressSink();
    const ref = data(await c.evidenceAdd('inc-1', { label: 'Disk (vendor)', storage_location: 'Vault RF-1', sha256: 'AB'.repeat(32) }, channel));
    expect(ref).toMatchObject({ kind: 'reference', path: '', sha256: 'ab'.repeat(32), size_bytes: null });
    expect(seen).toHaveLength(0);
    const verify = await c.evidenceVerify('inc-1', ref.id, channel);
    expect(verify).toMatchObject({ status: 'error', error: { code: 'validation', field: 'evidence' } });
  });

  it('requires a reason for custody and closes the chain after destruction', async () => {
    const { c, audit } = setup();
    const { channel } = progressSink();
    const item = data(await c.evidenceAdd('inc-1', { label: 'Mem', path: '/a.raw' }, channel));
    expect(await c.evidenceCustody('inc-1', item.id, { action: 'transferred', purpose: ' ' })).toMatchObject({ error: { field: 'purpose' } });
    expect(await c.evidenceCustody('inc-1', item.id, { action: 'verified', purpose: 'x' })).toMatchObject({ error: { field: 'action' } });
    const moved = data(await c.evidenceCustody('inc-1', item.id, { action: 'transferred', location: 'Lab', purpose: 'Analysis', actor: 'Priya' }));
    expect(moved.custody.map((e) => [e.seq, e.action, e.actor])).toEqual([
      [1, 'collected', 'tester'],
      [2, 'transferred', 'Priya'],
    ]);
    data(await c.evidenceCustody('inc-1', item.id, { action: 'destroyed', purpose: 'Retention ended' }));
    const after = await c.evidenceCustody('inc-1', item.id, { action: 'accessed', purpose: 'Look again' });
    expect(after).toMatchObject({ status: 'error', error: { code: 'conflict' } });
    expect(audit.filter((a) => a.action === 'custody_recorded')).toHaveLength(2);
  });

  it('re-verifies: intact, mismatch and missing, and keeps the outcome on the item', async () => {
    const { c, audit } = setup();
    const { channel } = progressSink();
    const good = data(await c.evidenceAdd('inc-1', { label: 'Good', path: '/cases/good.raw' }, channel));
    const bad = data(await c.evidenceAdd('inc-1', { label: 'Note', path: '/cases/note-tampered.txt' }, channel));
    const gone = data(await c.evidenceAdd('inc-1', { label: 'Log', path: '/cases/gone.evtx' }, channel));

    expect(data(await c.evidenceVerify('inc-1', good.id, channel))).toMatchObject({ status: 'intact', observed_sha256: good.sha256 });
    const mismatch = data(await c.evidenceVerify('inc-1', bad.id, channel));
    expect(mismatch.status).toBe('mismatch');
    expect(mismatch.observed_sha256).not.toBe(bad.sha256);
    expect(mismatch.message).toMatch(/HASH MISMATCH/);
    expect(data(await c.evidenceVerify('inc-1', gone.id, channel))).toMatchObject({ status: 'missing', observed_sha256: null });

    const ws = data(await c.investigationWorkspace('inc-1'));
    const byId = (id: string) => ws.evidence.find((e) => e.id === id)!;
    expect(byId(good.id).status).toBe('intact');
    expect(byId(good.id).checked_at).not.toBeNull();
    expect(byId(bad.id).status).toBe('mismatch');
    expect(byId(bad.id).custody.at(-1)?.action).toBe('verification_failed');
    expect(byId(gone.id).status).toBe('missing');
    expect(audit.filter((a) => a.action === 'evidence_mismatch').map((a) => a.subject)).toEqual(['Note', 'Log']);
    expect(audit.filter((a) => a.action === 'evidence_verified')).toHaveLength(1);
  });
});

describe('investigation mock: indicators', () => {
  it('refangs, normalises and stores each indicator once', async () => {
    const { c, audit } = setup();
    const first = data(await c.indicatorsAdd('inc-1', [{ value: 'hxxp://Evil[.]Example/login', first_seen: '2026-11-20T10:00:00Z' }, { value: 'EVIL.example' }], null));
    expect(first.added.map((i) => [i.ioc_type, i.value, i.original, i.tlp])).toEqual([
      ['url', 'http://evil.example/login', 'hxxp://Evil[.]Example/login', 'amber'],
      ['domain', 'evil.example', 'EVIL.example', 'amber'],
    ]);
    const again = data(await c.indicatorsAdd('inc-1', [{ value: 'http://evil.example/login', first_seen: '2026-11-19T10:00:00Z' }], null));
    expect(again.added).toHaveLength(0);
    expect(again.already_known[0].first_seen).toBe('2026-11-19T10:00:00+00:00');
    expect(data(await c.investigationWorkspace('inc-1')).indicators).toHaveLength(2);
    // A batch is one entry listing every value; a single repeat sighting is its own entry.
    expect(audit.map((a) => a.action)).toEqual(['indicators_added', 'indicator_updated']);
    expect(audit[0].headline).toBe('Added 2 indicators');
    expect(audit[0].sentences).toEqual(['URL http://evil.example/login', 'Domain evil.example']);
  });

  it('writes one entry for a pasted batch, with every value in its details', async () => {
    const { c, audit } = setup();
    data(await c.indicatorsAdd('inc-1', [{ value: 'known.example' }], null));
    const batch = Array.from({ length: 30 }, (_, i) => ({ value: `198.51.100.${i}` }));
    data(await c.indicatorsAdd('inc-1', [...batch, { value: 'known.example', first_seen: '2026-11-01T00:00:00Z' }], 'pasted text'));
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ action: 'indicators_added', subject: 'pasted text', headline: 'Added 30 indicators from pasted text' });
    expect(audit[1].sentences).toHaveLength(31);
    expect(audit[1].sentences[30]).toBe('Domain known.example (already known)');
  });

  it('adds all or nothing and names the indicator at fault', async () => {
    const { c } = setup();
    const r = await c.indicatorsAdd('inc-1', [{ value: '203.0.113.7' }, { value: 'not an indicator' }, { value: 'a.example' }], null);
    expect(r).toMatchObject({ status: 'error', error: { code: 'validation', field: 'value' } });
    if (r.status === 'error') expect(r.error.message).toMatch(/^indicator 2 of 3: .*none were added$/);
    expect(data(await c.investigationWorkspace('inc-1')).indicators).toHaveLength(0);
    expect(await c.indicatorsAdd('inc-1', [{ value: '999.1.1.1', ioc_type: 'ipv4' }], null)).toMatchObject({ error: { field: 'value' } });
    expect(await c.indicatorsAdd('inc-1', [], null)).toMatchObject({ error: { field: 'value' } });
  });

  it('extracts candidates from pasted text and marks the known ones', async () => {
    const { c } = setup();
    data(await c.indicatorsAdd('inc-1', [{ value: '203.0.113.7' }], null));
    const text = 'Beacon to 203.0.113.7 and hxxps://cdn[.]bad-example[.]net/x.bin, dropper invoice.pdf.exe (md5 D41D8CD98F00B204E9800998ECF8427E), e.g. see report.';
    const found = data(await c.indicatorsExtract('inc-1', text));
    // Over the backend's 16 MB cap: refused with the size, before any parsing.
    expect(await c.indicatorsExtract('inc-1', 'x'.repeat((16 << 20) + 1))).toMatchObject({
      error: { code: 'validation', message: 'the text is 16.0 MB; the limit is 16.0 MB (is this the right file?)' },
    });
    expect(found.map((f) => [f.ioc_type, f.value, f.known])).toEqual([
      ['ipv4', '203.0.113.7', true],
      ['url', 'https://cdn.bad-example.net/x.bin', false],
      ['file_name', 'invoice.pdf.exe', false],
      ['md5', 'd41d8cd98f00b204e9800998ecf8427e', false],
    ]);
  });

  it('exports to an absolute path only', async () => {
    const { c } = setup();
    data(await c.indicatorsAdd('inc-1', [{ value: '203.0.113.7' }], null));
    expect(data(await c.indicatorsExport('inc-1', 'stix', '/tmp/iocs.json', 'Acme'))).toMatchObject({ path: '/tmp/iocs.json', items: 1 });
    expect(await c.indicatorsExport('inc-1', 'csv', ' ', '')).toMatchObject({ error: { field: 'path' } });
    expect(await c.indicatorsExport('inc-1', 'csv', 'iocs.csv', '')).toMatchObject({ error: { code: 'io' } });
  });
});

describe('investigation mock: threat intelligence in', () => {
  it('previews a STIX bundle against the incident, then imports it as one entry naming the file', async () => {
    const { c, audit } = setup();
    data(await c.indicatorsAdd('inc-1', [{ value: 'update-check.example-cdn.net' }], null));
    const p = data(await c.indicatorsImportPreview('inc-1', '/tmp/loader.stix.json'));
    expect(p.format).toBe('stix');
    expect(p.to_add.map((i) => [i.ioc_type, i.value, i.tlp, i.tlp_marked])).toEqual([
      ['ipv4', '203.0.113.7', 'green', true],
      ['cidr', '198.51.100.0/24', 'green', true],
      ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'amber', false],
    ]);
    expect(p.duplicates.map((i) => i.value)).toEqual(['update-check.example-cdn.net']);
    expect(p.unsupported.map((u) => u.part)).toEqual([
      "x509-certificate:issuer = 'CN=WEBMAIL'",
      "email-message:subject MATCHES '^Invoice'",
      'domain autuo.xicp.net',
    ]);
    const before = audit.length;
    const done = data(await c.indicatorsImport('inc-1', '/tmp/loader.stix.json'));
    expect(done).toEqual({ format: 'stix', file_name: 'loader.stix.json', added: 3, already_known: 1, unsupported: 3 });
    expect(audit.length).toBe(before + 1);
    expect(audit[audit.length - 1]).toMatchObject({ action: 'indicators_added', subject: 'STIX 2.1 bundle loader.stix.json' });
    expect(audit[audit.length - 1].note).toMatch(/^Not imported \(3\):/);
    const again = data(await c.indicatorsImportPreview('inc-1', '/tmp/loader.stix.json'));
    expect([again.to_add.length, again.duplicates.length]).toEqual([0, 4]);
  });

  it('refuses a file that cannot be read or is neither format, storing nothing', async () => {
    const { c } = setup();
    expect(await c.indicatorsImportPreview('inc-1', '/tmp/missing.json')).toMatchObject({ error: { code: 'io' } });
    expect(await c.indicatorsImport('inc-1', '/tmp/junk.json')).toMatchObject({ error: { code: 'validation', field: 'path' } });
    expect(await c.indicatorsImportPreview('inc-1', ' ')).toMatchObject({ error: { field: 'path' } });
    const ws = data(await c.investigationWorkspace('inc-1'));
    expect(ws.indicators).toEqual([]);
    const misp = data(await c.indicatorsImportPreview('inc-1', '/tmp/misp-event.json'));
    expect([misp.format, misp.to_add[0].tlp, misp.unsupported[0].reason]).toEqual(['misp', 'red', expect.stringContaining('to_ids is off')]);
  });
});

describe('investigation mock: values', () => {
  it('refangs and detects like the backend', () => {
    expect(refang('hxxps://a[.]b(dot)c[@]d')).toBe('https://a.b.c@d');
    expect(detect('10.0.0.1/8')).toEqual({ ok: true, value: { ioc_type: 'cidr', value: '10.0.0.0/8' } });
    expect(detect('HKLM\\Software\\Run')).toEqual({ ok: true, value: { ioc_type: 'registry_key', value: 'HKEY_LOCAL_MACHINE\\Software\\Run' } });
    expect(detect('payroll@Example.COM')).toEqual({ ok: true, value: { ioc_type: 'email', value: 'payroll@example.com' } });
    expect(detect('2001:DB8:0:0::1')).toEqual({ ok: true, value: { ioc_type: 'ipv6', value: '2001:db8::1' } });
    expect(detect('fe80:0:0:1:0:0:0:2')).toEqual({ ok: true, value: { ioc_type: 'ipv6', value: 'fe80:0:0:1::2' } });
    expect(detect('2001:db8:1:2:3:4:5:0')).toEqual({ ok: true, value: { ioc_type: 'ipv6', value: '2001:db8:1:2:3:4:5:0' } });
    expect(detect('Mozilla/5.0').ok).toBe(false);
    expect(extract('no indicators here, e.g. none')).toEqual([]);
  });

  it('extracts as the backend does from the forms of issue 18', () => {
    const values = (t: string) => extract(t).map((p) => `${p.ioc_type} ${p.value}`);
    expect(values('see http://example,com/ now')).toEqual(['url http://example.com/']);
    expect(values('http://192,168,0,1')).toEqual(['url http://192.168.0.1']);
    expect(values('_____.tld')).toEqual([]);
    expect(refang('http://example[.]com/[.].com')).toBe('http://example.com/[.].com');
    expect(refang('hXXp://pcgfund[.]com/binfile[.]php')).toBe('http://pcgfund.com/binfile.php');
    expect(values('http://a.example.com,b.example.org')).toEqual(['url http://a.example.com', 'domain b.example.org']);
    expect(values('tcp://[fdc4:2581:575b:5a72:0000:0000:0000:0001]:80/path')).toEqual(['url tcp://[fdc4:2581:575b:5a72::1]:80/path']);
    expect(values('192[.]168[.]0[.]1:80/path example[.]com/ http://[example.com http://example[.com/')).toEqual([
      'ipv4 192.168.0.1',
      'domain example.com',
      'url http://example.com/',
    ]);
  });

  it('writes durations as the backend does', () => {
    expect(human(45)).toBe('45 s');
    expect(human(45 * 60)).toBe('45 min');
    expect(human(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(human(2 * 86_400 + 3 * 3600 + 15 * 60)).toBe('2 d 3 h');
  });
});

describe('investigation mock: assets, root cause, lessons, links', () => {
  it('refuses a stale asset revision and a duplicate', async () => {
    const { c, audit } = setup();
    const a = data(await c.assetAdd('inc-1', { kind: 'host', name: 'FS01', compromise: 'confirmed', containment: 'not_started' }));
    expect(a.revision).toBe(1);
    expect(await c.assetAdd('inc-1', { kind: 'host', name: 'fs01', compromise: 'suspected', containment: 'not_started' })).toMatchObject({ error: { code: 'conflict' } });
    expect(await c.assetAdd('inc-1', { kind: 'host', name: ' ', compromise: 'suspected', containment: 'not_started' })).toMatchObject({ error: { field: 'name' } });
    const b = data(await c.assetUpdate('inc-1', a.id, { kind: 'host', name: 'FS01', compromise: 'confirmed', containment: 'contained' }, 1));
    expect(b.revision).toBe(2);
    const stale = await c.assetUpdate('inc-1', a.id, { kind: 'host', name: 'FS01', compromise: 'cleared', containment: 'contained' }, 1);
    expect(stale).toMatchObject({ status: 'error', error: { code: 'conflict' } });
    if (stale.status === 'error') expect(stale.error.message).toMatch(/reload/);
    const update = audit.find((x) => x.action === 'asset_updated');
    expect(update?.changes).toEqual([{ field: 'containment', old: 'Not contained', new: 'Contained' }]);
  });

  it('requires a rationale to support or refute a hypothesis', async () => {
    const { c } = setup();
    const h = data(await c.hypothesisAdd('inc-1', 'VPN credentials'));
    expect(await c.hypothesisSet('inc-1', h.id, 'supported', '  ')).toMatchObject({ error: { code: 'validation', field: 'rationale' } });
    expect(data(await c.hypothesisSet('inc-1', h.id, 'refuted', 'MFA logs clean'))).toMatchObject({ status: 'refuted', rationale: 'MFA logs clean', revision: 2 });
    expect(data(await c.hypothesisSet('inc-1', h.id, 'open', ''))).toMatchObject({ status: 'open' });
    expect(await c.hypothesisAdd('inc-1', ' ')).toMatchObject({ error: { field: 'statement' } });
  });

  it('versions the root cause and refuses an edit based on an old revision', async () => {
    const { c } = setup();
    expect(await c.rootCauseSet('inc-1', { statement: 'Phish', initial_access: 'T9999', revision: 0 })).toMatchObject({ error: { field: 'initial_access' } });
    const first = data(await c.rootCauseSet('inc-1', { statement: 'Phish', initial_access: 't1566.001', contributing_factors: ['No MFA', 'No MFA', ' '], revision: 0 }));
    expect(first).toMatchObject({ revision: 1, initial_access: 'T1566.001', initial_access_name: 'Phishing: Spearphishing Attachment', contributing_factors: ['No MFA'], updated_by: 'tester' });
    expect(await c.rootCauseSet('inc-1', { statement: 'Other', revision: 0 })).toMatchObject({ error: { code: 'conflict' } });
    expect(data(await c.rootCauseSet('inc-1', { statement: 'Phish, then VPN', initial_access: 'T1566', revision: 1 })).revision).toBe(2);
    expect(data(await c.investigationWorkspace('inc-1')).root_cause?.statement).toBe('Phish, then VPN');
  });

  it('accepts only real due dates and an owner for lessons', async () => {
    const { c, audit } = setup();
    expect(await c.actionItemAdd('inc-1', { action: 'MFA', owner: 'Luis', due_date: '2026-02-30' })).toMatchObject({ error: { field: 'due_date' } });
    expect(await c.actionItemAdd('inc-1', { action: 'MFA', owner: ' ', due_date: '2026-12-01' })).toMatchObject({ error: { field: 'owner' } });
    const item = data(await c.actionItemAdd('inc-1', { action: 'MFA', owner: 'Luis', due_date: '2026-12-01' }));
    expect(data(await c.actionItemSet('inc-1', item.id, 'done'))).toMatchObject({ status: 'done', done_at: expect.any(String) });
    expect(data(await c.actionItemSet('inc-1', item.id, 'open')).done_at).toBeNull();
    expect(audit.map((a) => a.action)).toEqual(['action_item_added', 'action_item_updated', 'action_item_updated']);
  });

  it('links only allowed pairs whose both ends exist', async () => {
    const { c, audit } = setup();
    const { channel } = progressSink();
    const ev = data(await c.evidenceAdd('inc-1', { label: 'Mem', path: '/a.raw' }, channel));
    const f = data(await c.findingAdd('inc-1', 'VPN logon from C2'));
    const link = { from_kind: 'evidence' as const, from_id: ev.id, to_kind: 'finding' as const, to_id: f.id };
    expect(data(await c.linkAdd('inc-1', link))).toEqual(link);
    data(await c.linkAdd('inc-1', link));
    expect(data(await c.investigationWorkspace('inc-1')).links).toEqual([link]);
    expect(audit.filter((a) => a.action === 'linked')).toHaveLength(1);
    expect(await c.linkAdd('inc-1', { ...link, to_kind: 'evidence', to_id: ev.id })).toMatchObject({ error: { field: 'to_kind' } });
    expect(await c.linkAdd('inc-1', { ...link, to_id: 'nope' })).toMatchObject({ error: { code: 'not_found' } });
    expect(await c.linkAdd('inc-1', { ...link, to_kind: 'playbook_step', to_id: 'isolate-hosts' })).toMatchObject({ error: { field: 'to_id' } });
    expect(data(await c.linkAdd('inc-1', { ...link, to_kind: 'playbook_step', to_id: 'ransomware/isolate-hosts' })).to_kind).toBe('playbook_step');
    expect(data(await c.linkAdd('inc-1', { ...link, to_kind: 'timeline_entry', to_id: 'entry-1' })).to_id).toBe('entry-1');
    expect(await c.linkAdd('inc-1', { ...link, to_kind: 'timeline_entry', to_id: 'entry-9' })).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('investigation mock: metrics and reports', () => {
  it('measures only time to declare; everything else is missing with a reason', async () => {
    const { c } = setup();
    const m = data(await c.investigationWorkspace('inc-1')).metrics;
    expect(m.map((x) => x.key)).toEqual(['time_to_detect', 'time_to_declare', 'time_to_contain', 'time_to_eradicate', 'time_to_recover', 'time_to_notify']);
    expect(m[1]).toMatchObject({ seconds: 45 * 60, display: '45 min', missing: '' });
    for (const x of m.filter((x) => x.key !== 'time_to_declare')) {
      expect(x.seconds).toBeNull();
      expect(x.display).toBe('missing');
      expect(x.missing).not.toBe('');
    }
  });

  it('builds the brief and the full report from the record', async () => {
    const { c } = setup();
    const { channel } = progressSink();
    const bad = data(await c.evidenceAdd('inc-1', { label: 'Note', path: '/cases/note-tampered.txt' }, channel));
    await c.evidenceVerify('inc-1', bad.id, channel);
    const brief = data(await c.reportDocument('inc-1', 'brief'));
    expect(brief.blocks[0]).toEqual({ Title: { text: 'Executive brief: Ransomware on file server FS01', subtitle: expect.any(String) } });
    expect(brief.title).toBe('Executive brief: Ransomware on file server FS01');
    expect(brief.blocks).toContainEqual({ Heading: { level: 1, text: 'Decisions needed' } });
    expect(brief.blocks[1]).toEqual({ Callout: expect.objectContaining({ title: expect.stringMatching(/^Bottom line: /) }) });
    expect(JSON.stringify(brief)).not.toMatch(/\(s\)|\(first:/);
    const full = data(await c.reportDocument('inc-1', 'full'));
    const evidenceTable = full.blocks.find((b) => typeof b === 'object' && 'Table' in b && !!b.Table?.columns.some((col) => col.header === 'SHA-256'));
    expect(JSON.stringify(evidenceTable)).toContain(bad.sha256!);
    expect(full.blocks).toContainEqual({ Callout: expect.objectContaining({ tone: 'Danger', title: 'Integrity failure: Note' }) });
    expect(full.blocks).toContain('PageBreak');
  });

  it('saves reports to an absolute path and suggests one', async () => {
    const { c } = setup();
    expect(data(await c.investigationSuggestPath('inc-1', 'brief.pdf'))).toBe('/home/dana/Downloads/firebreak-ransomware-on-file-server-fs01-brief.pdf');
    expect(data(await c.reportExport('inc-1', 'brief', 'pdf', '/tmp/brief.pdf'))).toMatchObject({ path: '/tmp/brief.pdf', items: 1 });
    expect(await c.reportExport('inc-1', 'full', 'html', '')).toMatchObject({ error: { field: 'path' } });
    expect(await c.reportDocument('nope', 'full')).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('cancelling a hash', () => {
  it('stops an evidence hash part-way and registers nothing', async () => {
    const audit: AuditEntry[] = [];
    const mock = createInvestigationMock({
      incidents: () => [incident],
      audit: () => audit,
      actor: 'tester',
      newId: () => 'id-1',
      timelineEntry: async () => null,
      stepExists: () => false,
      tickMs: 5,
    });
    const c = mock.commands;
    const seen: Progress[] = [];
    const adding = c.evidenceAdd(
      'inc-1',
      { label: 'Disk image', description: '', path: '/cases/disk.E01', sha256: null, source_system: '', collected_by: null, collected_at: null, storage_location: 'Locker B' },
      mockChannel((p: Progress) => seen.push(p)),
    );
    await new Promise((r) => setTimeout(r, 12));
    const stopped = await c.evidenceCancelHashing();
    expect(stopped).toEqual({ status: 'ok', data: 1 });
    const result = await adding;
    expect(result.status).toBe('error');
    expect((result as { error: IpcError }).error.code).toBe('cancelled');
    expect(seen.length).toBeLessThan(10);
    const ws = await c.investigationWorkspace('inc-1');
    expect(ws.status === 'ok' && ws.data.evidence.length).toBe(0);
    expect(await c.evidenceCancelHashing()).toEqual({ status: 'ok', data: 0 });
  });
});
