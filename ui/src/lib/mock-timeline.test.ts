import { describe, expect, it } from 'vitest';
import { createTimelineMock, mockChannel } from './mock-timeline';
import type { Incident, IpcError, Progress, Result, TimelineFilter } from './types';

// Stopping an import or export in the dev mock must behave as the backend does, or the
// dialogs' Stop flow would be shown against behaviour the app never has: the stopped job
// ends with code "cancelled", an import stores nothing, and the stop says how many it hit.

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

const ALL: TimelineFilter = {
  kind: null, host: null, actor: null, tactic: null, tag: null, text: null, from: null, to: null,
  order: null, offset: null, include_history: true, limit: null,
};

function setup() {
  return createTimelineMock({ incidents: () => [incident], audit: () => [], actor: 'tester', tickMs: 5 }).commands;
}

const data = <T>(r: Result<T, IpcError>): T => {
  if (r.status !== 'ok') throw new Error(JSON.stringify(r.error));
  return r.data;
};
const progressSink = () => {
  const seen: Progress[] = [];
  return { seen, channel: mockChannel<Progress>((p) => seen.push(p)) };
};
const partWay = () => new Promise((r) => setTimeout(r, 12));

describe('timeline mock: stopping transfers', () => {
  it('stops an import part-way and stores nothing', async () => {
    const c = setup();
    const before = data(await c.timelinePage('inc-1', ALL)).total;
    const { seen, channel } = progressSink();
    const importing = c.timelineImport('inc-1', '/cases/timesketch.csv', 'timesketch_csv', null, false, channel);
    await partWay();
    expect(await c.timelineCancelTransfers()).toEqual({ status: 'ok', data: 1 });
    expect(await importing).toEqual({
      status: 'error',
      error: { code: 'cancelled', message: 'the import was stopped; nothing was imported', field: null },
    });
    expect(seen.length).toBeLessThan(12);
    expect(data(await c.timelinePage('inc-1', ALL)).total).toBe(before);
  });

  it('stops an export part-way with no summary of a written file', async () => {
    const c = setup();
    const { channel } = progressSink();
    const exporting = c.timelineExport('inc-1', 'html', '/tmp/timeline.html', { time_zone: null, include_history: false }, channel);
    await partWay();
    expect(await c.timelineCancelTransfers()).toEqual({ status: 'ok', data: 1 });
    expect(await exporting).toMatchObject({
      status: 'error',
      error: { code: 'cancelled', message: 'the export was stopped; no file was written' },
    });
  });

  it('stops every transfer at once and counts them', async () => {
    const c = setup();
    const a = c.timelineImport('inc-1', '/cases/timesketch.csv', 'timesketch_csv', null, false, progressSink().channel);
    const b = c.timelineExport('inc-1', 'markdown', '/tmp/t.md', { time_zone: null, include_history: true }, progressSink().channel);
    await partWay();
    expect(data(await c.timelineCancelTransfers())).toBe(2);
    expect((await a).status).toBe('error');
    expect((await b).status).toBe('error');
  });

  it('stops nothing when nothing runs, and a later import is not affected', async () => {
    const c = setup();
    expect(data(await c.timelineCancelTransfers())).toBe(0);
    const before = data(await c.timelinePage('inc-1', ALL)).total;
    const done = data(await c.timelineImport('inc-1', '/cases/timesketch.csv', 'timesketch_csv', null, false, progressSink().channel));
    expect(data(await c.timelinePage('inc-1', ALL)).total).toBe(before + done.imported);
  });

  it('lets the next import run once a stopped one has ended', async () => {
    const c = setup();
    const first = c.timelineImport('inc-1', '/cases/timesketch.csv', 'timesketch_csv', null, false, progressSink().channel);
    await partWay();
    await c.timelineCancelTransfers();
    expect((await first).status).toBe('error');
    const again = await c.timelineImport('inc-1', '/cases/timesketch.csv', 'timesketch_csv', null, false, progressSink().channel);
    expect(data(again).imported).toBe(24);
  });
});

describe('timeline mock: hosts as the backend finds them', () => {
  async function withHosts() {
    const c = setup();
    const add = (host: string, at: string) =>
      c.timelineAddEvent('inc-1', {
        occurred_at: at, message: `on ${host}`, source: null, host, account: null, tactics: [], techniques: [],
        confidence: null, tags: [], step_links: [], note: null,
      });
    data(await add('fs01.offsec.lan', '2026-11-22T01:10:00Z'));
    data(await add('FS01.offsec.lan', '2026-11-22T01:20:00Z'));
    data(await add('backup-fs01', '2026-11-22T01:30:00Z'));
    data(await add('dc01.offsec.lan', '2026-11-22T01:40:00Z'));
    return c;
  }

  it('suggests hosts containing the fragment, ignoring case, most entries first', async () => {
    const c = await withHosts();
    // The seeded incident already has six entries on FS01.
    expect(data(await c.timelineHosts('inc-1', 'FS01', 10))).toEqual([
      { host: 'FS01', entries: 6 },
      { host: 'fs01.offsec.lan', entries: 2 },
      { host: 'backup-fs01', entries: 1 },
    ]);
    expect(data(await c.timelineHosts('inc-1', 'offsec', 1)).length).toBe(1);
  });

  it('filters by a host fragment, newest first', async () => {
    const c = await withHosts();
    const page = data(await c.timelinePage('inc-1', { ...ALL, include_history: false, host_contains: 'OFFSEC.lan', order: 'occurred_desc' }));
    expect(page.entries.map((e) => e.host)).toEqual(['dc01.offsec.lan', 'FS01.offsec.lan', 'fs01.offsec.lan']);
    const exact = data(await c.timelinePage('inc-1', { ...ALL, host: 'fs01.offsec' }));
    expect(exact.total).toBe(0);
  });
});

// As the backend: rows the tool could not date are counted by the preview, refused unless
// the responder chooses to skip them, and a skip is recorded as an action on the timeline.
describe('timeline mock: rows the tool could not date', () => {
  it('counts them in the preview, names the format and how columns map', async () => {
    const c = setup();
    const p = data(await c.timelineImportPreview('/cases/plaso-dynamic.csv'));
    expect(p).toMatchObject({ format: 'plaso_dynamic', format_label: 'Plaso dynamic CSV', undated: 4 });
    expect(p.undated_reason).toContain('first at line 2');
    expect(p.columns.find((u) => u.column === 'parser')?.field).toBe('source');
    expect(data(await c.timelineImportPreview('/cases/timesketch.csv')).undated).toBe(0);
  });

  it('refuses the file unless told to skip them, then records the skip', async () => {
    const c = setup();
    const before = data(await c.timelinePage('inc-1', ALL)).total;
    const refused = await c.timelineImport('inc-1', '/cases/plaso-dynamic.csv', 'plaso_dynamic', null, false, progressSink().channel);
    expect(refused.status).toBe('error');
    if (refused.status === 'error') expect(refused.error.message).toContain('line 2');
    expect(data(await c.timelinePage('inc-1', ALL)).total).toBe(before);

    const done = data(await c.timelineImport('inc-1', '/cases/plaso-dynamic.csv', 'plaso_dynamic', null, true, progressSink().channel));
    expect(done).toMatchObject({ imported: 24, skipped_undated: 4 });
    const page = data(await c.timelinePage('inc-1', { ...ALL, kind: 'action' }));
    const action = page.entries.find((e) => e.action === 'timeline_imported');
    expect(action?.subject).toBe('plaso-dynamic.csv (4 undated rows skipped)');
    expect(action?.note).toContain('4 rows skipped that the tool could not date');
  });
});
