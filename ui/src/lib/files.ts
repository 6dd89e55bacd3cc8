// Native file pickers, through Tauri's dialog plugin. Exports and imports pass a path to
// the backend (which streams the file) instead of reading it in the webview, so a large
// Timesketch file never has to fit in the page's memory.

import { open, save } from '@tauri-apps/plugin-dialog';

/** Without Tauri (vite dev in a browser) there is no native dialog; paths are typed instead. */
export function canBrowse(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

export type FileFilter = { name: string; extensions: string[] };

/** The path chosen in a save dialog, or null when cancelled. */
export async function chooseSavePath(defaultPath: string, filters: FileFilter[]): Promise<string | null> {
  if (!canBrowse()) return null;
  return save({ defaultPath: defaultPath || undefined, filters });
}

/** One file chosen in an open dialog, or null when cancelled. */
export async function chooseOpenPath(filters: FileFilter[]): Promise<string | null> {
  if (!canBrowse()) return null;
  return open({ multiple: false, directory: false, filters });
}
