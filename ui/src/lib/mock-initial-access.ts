// Dev-only stand-in for the core's initial-access mark (investigation/initial_access.rs): no
// stored field, only responder actions on the incident's audit trail; the latest one is the
// mark, followed through corrections of the event, and a retraction leaves no mark.

import { worded } from './mock-wording';
import { err, later, ok } from './mock-result';
import type { AuditEntry, InitialAccessState, IpcError, Result, TimelineEntry } from './types';

type Deps = {
  /** The incident's audit list (pushing to it puts the action on the timeline), or null. */
  audit: (incidentId: string) => AuditEntry[] | null;
  /** Every entry of the incident's chain, history included, or null when there is no incident. */
  entries: (incidentId: string) => TimelineEntry[] | null;
  actor: string;
};

const NOT_MARKED = 'the start is not yet established: mark the timeline event of the first malicious activity (initial access)';
const RETRACTED = 'the event marked as initial access was retracted: mark the first malicious activity again';

const isMark = (a: AuditEntry) => a.action === 'initial_access_marked' || a.action === 'initial_access_cleared';

export function createInitialAccessMock(deps: Deps) {
  let n = 0;
  const nowLocal = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  function markedId(a: AuditEntry | undefined): string | null {
    return a?.action === 'initial_access_marked' ? (a.changes.find((c) => c.field === 'event')?.new ?? null) : null;
  }

  function latest(entries: TimelineEntry[], id: string): TimelineEntry | 'retracted' | null {
    let e = entries.find((x) => x.id === id);
    while (e) {
      const next = entries.find((x) => x.supersedes === e!.id);
      if (!next) return e;
      if (next.kind === 'retraction') return 'retracted';
      e = next;
    }
    return null;
  }

  function state(incidentId: string): InitialAccessState {
    const trail = deps.audit(incidentId) ?? [];
    const last = [...trail].reverse().find(isMark);
    const id = markedId(last);
    if (!last || !id) return { mark: null, missing: NOT_MARKED };
    const e = latest(deps.entries(incidentId) ?? [], id);
    if (!e || e === 'retracted') return { mark: null, missing: RETRACTED };
    return {
      mark: { entry_id: e.id, occurred_at: e.occurred_at, message: e.message, host: e.host, marked_by: last.actor, marked_at: last.at },
      missing: '',
    };
  }

  function record(incidentId: string, action: AuditEntry['action'], subject: string, changes: AuditEntry['changes']) {
    deps.audit(incidentId)?.push(worded({ id: `ia-${++n}`, incident_id: incidentId, at: nowLocal(), actor: deps.actor, action, subject, note: '', changes }));
  }

  const fail = (code: IpcError['code'], message: string, field: string | null = null): Promise<Result<InitialAccessState, IpcError>> =>
    later(err(code, message, field));

  const commands = {
    initialAccessState: async (incidentId: string) => {
      if (!deps.entries(incidentId)) return fail('not_found', `No incident with id ${incidentId}.`);
      return later(ok(state(incidentId)));
    },
    initialAccessMark: async (incidentId: string, entryId: string) => {
      const entries = deps.entries(incidentId);
      if (!entries) return fail('not_found', `No incident with id ${incidentId}.`);
      const e = entries.find((x) => x.id === entryId);
      if (!e) return fail('not_found', `No timeline entry with id ${entryId}.`);
      if (e.kind !== 'event') return fail('validation', `entry ${entryId} is a ${e.kind} and cannot be changed this way`, 'entry');
      if (e.superseded) return fail('conflict', `entry ${entryId} was already replaced or retracted; change its latest version`);
      const before = state(incidentId).mark;
      if (before?.entry_id === e.id) return later(ok(state(incidentId)));
      record(incidentId, 'initial_access_marked', e.message.split('\n')[0].slice(0, 120), [
        { field: 'event', old: before?.entry_id ?? null, new: e.id },
        { field: 'occurred_at', old: before?.occurred_at ?? null, new: e.occurred_at },
      ]);
      return later(ok(state(incidentId)));
    },
    initialAccessClear: async (incidentId: string) => {
      if (!deps.entries(incidentId)) return fail('not_found', `No incident with id ${incidentId}.`);
      const last = [...(deps.audit(incidentId) ?? [])].reverse().find(isMark);
      const id = markedId(last);
      if (!id) return fail('validation', 'no event is marked as initial access', 'entry');
      const at = last?.changes.find((c) => c.field === 'occurred_at')?.new ?? null;
      record(incidentId, 'initial_access_cleared', state(incidentId).mark?.message ?? '', [
        { field: 'event', old: id, new: null },
        { field: 'occurred_at', old: at, new: null },
      ]);
      return later(ok(state(incidentId)));
    },
  };
  return { state, commands };
}
