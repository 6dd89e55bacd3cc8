// The backend types the UI uses, re-exported from the generated bindings. Components
// import from here rather than from bindings.ts so that a change in how the bindings
// are generated (names, serialise/deserialise splits) is absorbed in this one file.

export type {
  AppInfo,
  AuditAction,
  AuditEntry,
  Catalog,
  Choice,
  ErrorCode,
  FieldChange,
  Incident,
  IncidentDetail,
  IncidentFilter,
  IncidentPatch,
  IncidentSort,
  IncidentType,
  IpcError,
  NewIncident,
  Phase,
  Severity,
  Status,
} from './bindings';

// The generated file keeps its Result type private; this is the same shape.
export type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };
