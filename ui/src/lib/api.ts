// Thin wrapper over the generated commands: returns data or throws ApiError, so
// components use plain try/catch instead of matching on Result everywhere.

import { commands as tauriCommands } from './bindings';
import type {
  AppInfo,
  Catalog,
  Diagnostic,
  FactChange,
  FactsOutcome,
  ImportOutcome,
  Incident,
  IncidentDetail,
  IncidentFilter,
  IncidentPatch,
  IncidentRuns,
  NewIncident,
  Playbook,
  PlaybookSummary,
  Result,
  RunView,
  SearchHit,
  StepUpdate,
} from './types';
import { toApiError } from './errors';

export type Commands = typeof tauriCommands;

let source: Commands = tauriCommands;

/** Swap the command source (the dev-only mock uses this when there is no Tauri). */
export function useCommands(c: Commands): void {
  source = c;
}

async function unwrap<T>(call: () => Promise<Result<T, unknown>>): Promise<T> {
  let res: Result<T, unknown>;
  try {
    res = await call();
  } catch (e) {
    throw toApiError(e);
  }
  if (res.status === 'ok') return res.data;
  throw toApiError(res.error);
}

export const api = {
  appInfo: (): Promise<AppInfo> => unwrap(() => source.appInfo()),
  catalog: (): Promise<Catalog> => unwrap(() => source.catalog()),
  declareIncident: (input: NewIncident): Promise<Incident> => unwrap(() => source.declareIncident(input)),
  listIncidents: (filter: IncidentFilter): Promise<Incident[]> => unwrap(() => source.listIncidents(filter)),
  getIncident: (id: string): Promise<IncidentDetail> => unwrap(() => source.getIncident(id)),
  editIncident: (id: string, patch: IncidentPatch): Promise<Incident> => unwrap(() => source.editIncident(id, patch)),
  closeIncident: (id: string, expectedRevision: number | null): Promise<Incident> =>
    unwrap(() => source.closeIncident(id, expectedRevision)),
  reopenIncident: (id: string, expectedRevision: number | null): Promise<Incident> =>
    unwrap(() => source.reopenIncident(id, expectedRevision)),
  listPlaybooks: (): Promise<PlaybookSummary[]> => unwrap(() => source.listPlaybooks()),
  /** `version` null = the latest stored version. */
  getPlaybook: (id: string, version: number | null = null): Promise<Playbook> =>
    unwrap(() => source.getPlaybook(id, version)),
  searchPlaybooks: (query: string, limit: number): Promise<SearchHit[]> =>
    unwrap(() => source.searchPlaybooks(query, limit)),
  /** Problems in a playbook file's text; empty when it is clean. Stores nothing. */
  lintPlaybook: (content: string): Promise<Diagnostic[]> => unwrap(() => source.lintPlaybook(content)),
  importPlaybook: (fileName: string, content: string): Promise<ImportOutcome> =>
    unwrap(() => source.importPlaybook(fileName, content)),
  incidentRuns: (incidentId: string): Promise<IncidentRuns> => unwrap(() => source.incidentRuns(incidentId)),
  startRun: (incidentId: string, playbookId: string): Promise<RunView> =>
    unwrap(() => source.startRun(incidentId, playbookId)),
  updateStep: (incidentId: string, playbookId: string, stepId: string, update: StepUpdate): Promise<RunView> =>
    unwrap(() => source.updateStep(incidentId, playbookId, stepId, update)),
  setFacts: (incidentId: string, changes: FactChange[]): Promise<FactsOutcome> =>
    unwrap(() => source.setFacts(incidentId, changes)),
};
