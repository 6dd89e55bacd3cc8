// Thin wrapper over the generated commands: returns data or throws ApiError, so
// components use plain try/catch instead of matching on Result everywhere.

import { commands as tauriCommands } from './bindings';
import type {
  AppInfo,
  Catalog,
  Incident,
  IncidentDetail,
  IncidentFilter,
  IncidentPatch,
  NewIncident,
  Result,
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
};
