// Thin wrapper over the generated commands: returns data or throws ApiError, so
// components use plain try/catch instead of matching on Result everywhere.

import { Channel } from '@tauri-apps/api/core';
import { commands as tauriCommands } from './bindings';
import type {
  Density,
  ActionItem,
  ActionItemInput,
  ActionStatus,
  AppInfo,
  Asset,
  AssetInput,
  Document,
  EvidenceItem,
  ExtractedIndicator,
  Finding,
  Hypothesis,
  HypothesisStatus,
  IndicatorsAdded,
  InitialAccessState,
  IntelImported,
  IntelPreview,
  InvestigationCatalog,
  IocExportFormat,
  Link,
  NewCustodyEvent,
  NewEvidence,
  NewIndicator,
  ReportFormat,
  ReportKind,
  RootCause,
  RootCauseInput,
  VerifyOutcome,
  Workspace,
  Catalog,
  ChainStatus,
  SignatureStatus,
  Draft,
  LogVerification,
  ColumnMapping,
  ContactImport,
  ExportFormat,
  ExportOptions,
  ExportSummary,
  DecisionInput,
  Diagnostic,
  DraftInput,
  FactChange,
  FactsOutcome,
  ImportOutcome,
  Incident,
  IncidentDetail,
  Glance,
  IncidentFilter,
  IncidentPatch,
  ImportFormat,
  ImportPreview,
  ImportSummary,
  Message,
  IncidentRuns,
  NewEvent,
  NewIncident,
  NotificationFacts,
  NotifyCatalog,
  ObligationsView,
  OrgProfile,
  HostCount,
  PhaseMark,
  Playbook,
  PlaybookSummary,
  Progress,
  Reminders,
  Rendered,
  Result,
  RunView,
  SavedFile,
  SearchHit,
  Stakeholder,
  StakeholderInput,
  StepUpdate,
  Template,
  TemplateInput,
  TimelineEntry,
  TimelineFilter,
  TimelinePage,
  UpcomingDeadline,
} from './types';
import { toApiError } from './errors';

export type Commands = typeof tauriCommands;

/** Makes the channel a long command reports progress on. */
export type ChannelFactory = <T>(onmessage: (message: T) => void) => Channel<T>;

let source: Commands = tauriCommands;
// A real Channel registers its callback with the Tauri runtime, which does not exist in a
// plain browser; the mock supplies its own.
let makeChannel: ChannelFactory = (onmessage) => new Channel(onmessage);

/** Swap the command source (the dev-only mock uses this when there is no Tauri). */
export function useCommands(c: Commands, channel?: ChannelFactory): void {
  source = c;
  if (channel) makeChannel = channel;
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
  /** Unsaved form contents kept in the database (lib/draft.ts caches them). */
  draftsAll: (): Promise<Draft[]> => unwrap(() => source.draftsAll()),
  draftPut: (key: string, value: string): Promise<null> => unwrap(() => source.draftPut(key, value)),
  draftClear: (key: string): Promise<null> => unwrap(() => source.draftClear(key)),
  catalog: (): Promise<Catalog> => unwrap(() => source.catalog()),
  declareIncident: (input: NewIncident): Promise<Incident> => unwrap(() => source.declareIncident(input)),
  listIncidents: (filter: IncidentFilter): Promise<Incident[]> => unwrap(() => source.listIncidents(filter)),
  getIncident: (id: string): Promise<IncidentDetail> => unwrap(() => source.getIncident(id)),
  incidentGlance: (id: string): Promise<Glance> => unwrap(() => source.incidentGlance(id)),
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
  timelinePage: (incidentId: string, filter: TimelineFilter): Promise<TimelinePage> =>
    unwrap(() => source.timelinePage(incidentId, filter)),
  timelineAddEvent: (incidentId: string, event: NewEvent): Promise<TimelineEntry> =>
    unwrap(() => source.timelineAddEvent(incidentId, event)),
  /** Appends a corrected version; the old one stays in the chain, marked superseded. */
  timelineEditEvent: (incidentId: string, entryId: string, event: NewEvent): Promise<TimelineEntry> =>
    unwrap(() => source.timelineEditEvent(incidentId, entryId, event)),
  /** Returns the retraction entry. */
  timelineRetract: (incidentId: string, entryId: string, reason: string): Promise<TimelineEntry> =>
    unwrap(() => source.timelineRetract(incidentId, entryId, reason)),
  timelineVerify: (incidentId: string): Promise<ChainStatus> => unwrap(() => source.timelineVerify(incidentId)),
  timelineSignatures: (incidentId: string): Promise<SignatureStatus> => unwrap(() => source.timelineSignatures(incidentId)),
  /** The operation log: device chains, signatures, replay compared with the incident's rows. */
  recordVerify: (incidentId: string): Promise<LogVerification> => unwrap(() => source.recordVerify(incidentId)),
  timelinePhases: (incidentId: string): Promise<PhaseMark[]> => unwrap(() => source.timelinePhases(incidentId)),
  /** Counts of the entries matching `filter` per slice of their span (1–400 slices), for the density chart. */
  timelineDensity: (incidentId: string, filter: TimelineFilter, buckets: number): Promise<Density> =>
    unwrap(() => source.timelineDensity(incidentId, filter, buckets)),
  timelineHosts: (incidentId: string, fragment: string, limit: number): Promise<HostCount[]> =>
    unwrap(() => source.timelineHosts(incidentId, fragment, limit)),
  timelineSuggestExportPath: (incidentId: string, format: ExportFormat): Promise<string> =>
    unwrap(() => source.timelineSuggestExportPath(incidentId, format)),
  timelineExport: (
    incidentId: string,
    format: ExportFormat,
    path: string,
    options: ExportOptions,
    onProgress: (p: Progress) => void,
  ): Promise<ExportSummary> =>
    unwrap(() => source.timelineExport(incidentId, format, path, options, makeChannel(onProgress))),
  timelineImportPreview: (path: string): Promise<ImportPreview> => unwrap(() => source.timelineImportPreview(path)),
  /** `mapping` only for generic CSV. Nothing is stored unless every row is valid. */
  timelineImport: (
    incidentId: string,
    path: string,
    format: ImportFormat,
    mapping: ColumnMapping | null,
    /** Skip rows the tool could not date (counted by the preview); else such rows are refused. */
    skipUndated: boolean,
    onProgress: (p: Progress) => void,
  ): Promise<ImportSummary> =>
    unwrap(() => source.timelineImport(incidentId, path, format, mapping, skipUndated, makeChannel(onProgress))),
  /** Stops the imports and exports in progress (an import stores nothing, an export writes no file); returns how many. */
  timelineCancelTransfers: (): Promise<number> => unwrap(() => source.timelineCancelTransfers()),
  notifyCatalog: (): Promise<NotifyCatalog> => unwrap(() => source.notifyCatalog()),
  /** Obligations for an incident, soonest due first (due_utc null = no fixed time). */
  notifyView: (incidentId: string): Promise<ObligationsView> => unwrap(() => source.notifyView(incidentId)),
  /** Replaces all of the incident's notification facts; `moments.detected` is ignored. */
  notifySetFacts: (incidentId: string, facts: NotificationFacts): Promise<ObligationsView> =>
    unwrap(() => source.notifySetFacts(incidentId, facts)),
  /** A note is required for not_required (rationale) and delayed (legal basis). */
  notifyDecide: (incidentId: string, decision: DecisionInput): Promise<ObligationsView> =>
    unwrap(() => source.notifyDecide(incidentId, decision)),
  notifySuggestIcsPath: (incidentId: string): Promise<string> => unwrap(() => source.notifySuggestIcsPath(incidentId)),
  notifyExportIcs: (incidentId: string, path: string): Promise<SavedFile> =>
    unwrap(() => source.notifyExportIcs(incidentId, path)),
  /** Open deadlines of all open incidents, soonest first. */
  notifyUpcoming: (limit: number): Promise<UpcomingDeadline[]> => unwrap(() => source.notifyUpcoming(limit)),
  orgProfileGet: (): Promise<OrgProfile> => unwrap(() => source.orgProfileGet()),
  orgProfileSet: (profile: OrgProfile): Promise<OrgProfile> => unwrap(() => source.orgProfileSet(profile)),
  remindersGet: (): Promise<Reminders> => unwrap(() => source.remindersGet()),
  remindersSet: (reminders: Reminders): Promise<Reminders> => unwrap(() => source.remindersSet(reminders)),
  /** The directory (archived people left out), by name. */
  stakeholdersList: (): Promise<Stakeholder[]> => unwrap(() => source.stakeholdersList()),
  /** `id` null = a new person (or the one with the same name and organisation). */
  stakeholderSave: (id: string | null, input: StakeholderInput): Promise<Stakeholder> =>
    unwrap(() => source.stakeholderSave(id, input)),
  /** Archived, not deleted: sent messages keep naming who they went to. */
  stakeholderArchive: (id: string): Promise<null> => unwrap(() => source.stakeholderArchive(id)),
  /** CSV or vCard by extension; all or nothing, the first bad record named by line. */
  stakeholdersImport: (path: string): Promise<ContactImport> => unwrap(() => source.stakeholdersImport(path)),
  stakeholdersExport: (path: string): Promise<SavedFile> => unwrap(() => source.stakeholdersExport(path)),
  /** The latest version of each template. */
  templatesList: (): Promise<Template[]> => unwrap(() => source.templatesList()),
  /** Always a new version; unknown {{variables}} are refused by field. */
  templateSave: (input: TemplateInput): Promise<Template> => unwrap(() => source.templateSave(input)),
  messageRender: (incidentId: string, templateId: string, ruleId: string | null): Promise<Rendered> =>
    unwrap(() => source.messageRender(incidentId, templateId, ruleId)),
  messagesList: (incidentId: string): Promise<Message[]> => unwrap(() => source.messagesList(incidentId)),
  messageSaveDraft: (incidentId: string, draft: DraftInput): Promise<Message> =>
    unwrap(() => source.messageSaveDraft(incidentId, draft)),
  /** Final: records the exact text on the timeline and answers the obligation (rule_id). */
  messageMarkSent: (incidentId: string, messageId: string, sentAt: string | null): Promise<Message> =>
    unwrap(() => source.messageMarkSent(incidentId, messageId, sentAt)),
  messageExportEml: (incidentId: string, messageId: string, path: string): Promise<SavedFile> =>
    unwrap(() => source.messageExportEml(incidentId, messageId, path)),
  investigationCatalog: (): Promise<InvestigationCatalog> => unwrap(() => source.investigationCatalog()),
  /** Evidence, indicators, assets, root cause, lessons, links and metrics in one read. */
  investigationWorkspace: (incidentId: string): Promise<Workspace> => unwrap(() => source.investigationWorkspace(incidentId)),
  /** A default export path, e.g. suffix "iocs.stix.json" or "brief.pdf". */
  investigationSuggestPath: (incidentId: string, suffix: string): Promise<string> =>
    unwrap(() => source.investigationSuggestPath(incidentId, suffix)),
  /** Hashes the file (SHA-256, streamed; reports bytes read) or records a reference. */
  evidenceAdd: (incidentId: string, evidence: NewEvidence, onProgress: (p: Progress) => void): Promise<EvidenceItem> =>
    unwrap(() => source.evidenceAdd(incidentId, evidence, makeChannel(onProgress))),
  /** Appends to the chain of custody; nothing can follow "destroyed" (conflict). */
  evidenceCustody: (incidentId: string, evidenceId: string, event: NewCustodyEvent): Promise<EvidenceItem> =>
    unwrap(() => source.evidenceCustody(incidentId, evidenceId, event)),
  /** Re-hashes the file; a mismatch or missing file is an outcome, not an error. */
  evidenceVerify: (incidentId: string, evidenceId: string, onProgress: (p: Progress) => void): Promise<VerifyOutcome> =>
    unwrap(() => source.evidenceVerify(incidentId, evidenceId, makeChannel(onProgress))),
  /** Stops the evidence hashes in progress; nothing is recorded for them. */
  evidenceCancelHashing: (): Promise<number> => unwrap(() => source.evidenceCancelHashing()),
  /**
   * All or nothing; a bad value is named "indicator 2 of 3". Several at once are one
   * timeline entry; `origin` says where they came from ("pasted text").
   */
  indicatorsAdd: (incidentId: string, indicators: NewIndicator[], origin: string | null = null): Promise<IndicatorsAdded> =>
    unwrap(() => source.indicatorsAdd(incidentId, indicators, origin)),
  indicatorsExtract: (incidentId: string, text: string): Promise<ExtractedIndicator[]> =>
    unwrap(() => source.indicatorsExtract(incidentId, text)),
  indicatorsExport: (incidentId: string, format: IocExportFormat, path: string, producer: string): Promise<SavedFile> =>
    unwrap(() => source.indicatorsExport(incidentId, format, path, producer)),
  /** What a STIX 2.1 bundle or MISP event would add, what the incident has, what is not imported. */
  indicatorsImportPreview: (incidentId: string, path: string): Promise<IntelPreview> =>
    unwrap(() => source.indicatorsImportPreview(incidentId, path)),
  /** Which event is marked as the first malicious activity, or why none is. */
  initialAccessState: (incidentId: string): Promise<InitialAccessState> => unwrap(() => source.initialAccessState(incidentId)),
  /** Recorded as a responder action on the timeline; a current event only. */
  initialAccessMark: (incidentId: string, entryId: string): Promise<InitialAccessState> =>
    unwrap(() => source.initialAccessMark(incidentId, entryId)),
  initialAccessClear: (incidentId: string): Promise<InitialAccessState> => unwrap(() => source.initialAccessClear(incidentId)),
  /** All or none, one timeline entry naming the file. */
  indicatorsImport: (incidentId: string, path: string): Promise<IntelImported> => unwrap(() => source.indicatorsImport(incidentId, path)),
  assetAdd: (incidentId: string, asset: AssetInput): Promise<Asset> => unwrap(() => source.assetAdd(incidentId, asset)),
  /** A stale `revision` is refused (conflict). */
  assetUpdate: (incidentId: string, assetId: string, asset: AssetInput, revision: number): Promise<Asset> =>
    unwrap(() => source.assetUpdate(incidentId, assetId, asset, revision)),
  findingAdd: (incidentId: string, statement: string): Promise<Finding> => unwrap(() => source.findingAdd(incidentId, statement)),
  hypothesisAdd: (incidentId: string, statement: string): Promise<Hypothesis> =>
    unwrap(() => source.hypothesisAdd(incidentId, statement)),
  /** A rationale is required for supported and refuted. */
  hypothesisSet: (incidentId: string, hypothesisId: string, status: HypothesisStatus, rationale: string): Promise<Hypothesis> =>
    unwrap(() => source.hypothesisSet(incidentId, hypothesisId, status, rationale)),
  /** `revision`: the one loaded (0 when none yet); a stale one is refused. */
  rootCauseSet: (incidentId: string, rootCause: RootCauseInput): Promise<RootCause> =>
    unwrap(() => source.rootCauseSet(incidentId, rootCause)),
  actionItemAdd: (incidentId: string, item: ActionItemInput): Promise<ActionItem> => unwrap(() => source.actionItemAdd(incidentId, item)),
  actionItemSet: (incidentId: string, itemId: string, status: ActionStatus): Promise<ActionItem> =>
    unwrap(() => source.actionItemSet(incidentId, itemId, status)),
  linkAdd: (incidentId: string, link: Link): Promise<Link> => unwrap(() => source.linkAdd(incidentId, link)),
  /** The report as blocks the UI draws (same content as the HTML and PDF exports). */
  reportDocument: (incidentId: string, kind: ReportKind): Promise<Document> => unwrap(() => source.reportDocument(incidentId, kind)),
  reportExport: (incidentId: string, kind: ReportKind, format: ReportFormat, path: string): Promise<SavedFile> =>
    unwrap(() => source.reportExport(incidentId, kind, format, path)),
};
