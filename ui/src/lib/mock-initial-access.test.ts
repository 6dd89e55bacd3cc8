import { describe, expect, it } from 'vitest';
import { createInvestigationMock } from './mock-investigation';
import { createTimelineMock } from './mock-timeline';
import type { AuditEntry, Incident, IpcError, NewEvent, Result } from './types';

// The initial-access mark in the dev mock must behave as the core's: time to detect and the
// phase strip start at the marked event, say "not yet established" until then (never the
// oldest event), follow a correction and end with a retraction; marks are audit actions.

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

const data = <T>(r: Result<T, IpcError>): T => {
  if (r.status !== 'ok') throw new Error(JSON.stringify(r.error));
  return r.data;
};

const ev = (occurred_at: string, message: string): NewEvent => ({
  occurred_at,
  message,
  source: null,
  host: 'FS01',
  account: null,
  tactics: [],
  techniques: [],
  confidence: null,
  tags: [],
  step_links: [],
  note: null,
});

function setup() {
  const audit: AuditEntry[] = [];
  const timeline = createTimelineMock({ incidents: () => [incident], audit: () => audit, actor: 'tester', tickMs: 5 });
  let n = 0;
  const investigation = createInvestigationMock({
    incidents: () => [incident],
    audit: () => audit,
    actor: 'tester',
    newId: () => `id-${++n}`,
    initialAccess: (id) => timeline.initialAccess(id),
    tickMs: 0,
  });
  const detect = async () => data(await investigation.commands.investigationWorkspace('inc-1')).metrics.find((m) => m.key === 'time_to_detect');
  return { audit, t: timeline.commands, detect };
}

describe('timeline mock: initial access', () => {
  it('starts time to detect and the phase strip at the marked event, never the oldest', async () => {
    const { audit, t, detect } = setup();
    data(await t.timelineAddEvent('inc-1', ev('2013-10-24T01:16:13+09:00', 'Old detection from an export')));
    const access = data(await t.timelineAddEvent('inc-1', ev('2026-11-20T23:00:00+01:00', 'VPN logon with stolen credentials')));

    expect(data(await t.initialAccessState('inc-1')).mark).toBeNull();
    expect(await detect()).toMatchObject({ seconds: null, display: 'missing', missing: expect.stringContaining('not yet established') });
    expect(data(await t.timelinePhases('inc-1')).map((m) => m.milestone)).not.toContain('initial_access');

    const s = data(await t.initialAccessMark('inc-1', access.id));
    expect(s.mark).toMatchObject({ entry_id: access.id, message: 'VPN logon with stolen credentials', marked_by: 'tester' });
    expect(await detect()).toMatchObject({ seconds: 26 * 3600, display: '1 d 2 h', from: '2026-11-20T23:00:00+01:00' });
    expect(data(await t.timelinePhases('inc-1'))[0]).toMatchObject({ milestone: 'initial_access', at: '2026-11-20T23:00:00+01:00' });
    expect(audit.filter((a) => a.action === 'initial_access_marked')).toHaveLength(1);
    data(await t.initialAccessMark('inc-1', access.id));
    expect(audit.filter((a) => a.action === 'initial_access_marked')).toHaveLength(1);
  });

  it('follows a correction, ends with a retraction, and refuses what cannot be marked', async () => {
    const { audit, t, detect } = setup();
    const first = data(await t.timelineAddEvent('inc-1', ev('2026-11-21T22:00:00+01:00', 'Phishing mail opened')));
    data(await t.initialAccessMark('inc-1', first.id));
    const fixed = data(await t.timelineEditEvent('inc-1', first.id, ev('2026-11-21T20:00:00+01:00', 'Phishing mail opened (mail log)')));
    expect(data(await t.initialAccessState('inc-1')).mark?.entry_id).toBe(fixed.id);
    expect((await detect())?.seconds).toBe(5 * 3600);
    expect(await t.initialAccessMark('inc-1', first.id)).toMatchObject({ error: { code: 'conflict' } });

    data(await t.timelineRetract('inc-1', fixed.id, 'wrong host'));
    expect(data(await t.initialAccessState('inc-1'))).toMatchObject({ mark: null, missing: expect.stringContaining('retracted') });

    const page = data(await t.timelinePage('inc-1', { kind: 'action', host: null, actor: null, tactic: null, tag: null, text: null, from: null, to: null, order: null, offset: null, include_history: true, limit: null }));
    expect(await t.initialAccessMark('inc-1', page.entries[0].id)).toMatchObject({ error: { code: 'validation', field: 'entry' } });

    data(await t.initialAccessClear('inc-1'));
    expect(audit[audit.length - 1].action).toBe('initial_access_cleared');
    expect(await t.initialAccessClear('inc-1')).toMatchObject({ error: { code: 'validation' } });
  });
});
