// Dev-only: commands the mock does not imitate yet (the stakeholder directory, templates and
// messages). Lists are empty and changes answer with an error saying so, so the Commands type
// is complete and a page calling one shows a clear message instead of crashing.

import type { Commands } from './api';
import type { IpcError, Result } from './types';

type PendingCommands = Pick<
  Commands,
  | 'stakeholdersList'
  | 'stakeholderSave'
  | 'stakeholderArchive'
  | 'stakeholdersImport'
  | 'stakeholdersExport'
  | 'templatesList'
  | 'templateSave'
  | 'messageRender'
  | 'messagesList'
  | 'messageSaveDraft'
  | 'messageMarkSent'
  | 'messageExportEml'
>;

const empty = async <T>(): Promise<Result<T[], IpcError>> => ({ status: 'ok', data: [] });
const notYet = async (): Promise<Result<never, IpcError>> => ({
  status: 'error',
  error: { code: 'internal', message: 'The dev mock does not imitate stakeholders, templates or messages yet.', field: null },
});

export const pendingCommands: PendingCommands = {
  stakeholdersList: empty,
  stakeholderSave: notYet,
  stakeholderArchive: notYet,
  stakeholdersImport: notYet,
  stakeholdersExport: notYet,
  templatesList: empty,
  templateSave: notYet,
  messageRender: notYet,
  messagesList: empty,
  messageSaveDraft: notYet,
  messageMarkSent: notYet,
  messageExportEml: notYet,
};
