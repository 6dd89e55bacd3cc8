// What the user sees while a native file dialog is asked for. The dialog can take seconds to
// appear, or never appear (no desktop portal, a hung D-Bus call), so the page says at once
// that a dialog is expected, says after a few seconds that the path can be typed instead,
// and says why it failed — it never just waits in silence.

import { toApiError } from './errors';

export type ChooserStatus =
  | { state: 'idle' }
  /** `slow` once the dialog has not answered for `slowMs`. */
  | { state: 'waiting'; slow: boolean }
  | { state: 'failed'; message: string };

/** How long before the page suggests typing the path instead. */
export const SLOW_MS = 4000;

/**
 * Runs `choose` (a native dialog) and reports its status through `report`: waiting at once,
 * slow after `slowMs`, idle when it answers (chosen or cancelled), failed when it throws.
 * Resolves to the chosen path, or null when cancelled or failed.
 */
export async function withChooserStatus(
  choose: () => Promise<string | null>,
  report: (s: ChooserStatus) => void,
  slowMs = SLOW_MS,
): Promise<string | null> {
  report({ state: 'waiting', slow: false });
  const timer = setTimeout(() => report({ state: 'waiting', slow: true }), slowMs);
  try {
    const chosen = await choose();
    report({ state: 'idle' });
    return chosen;
  } catch (e) {
    report({ state: 'failed', message: toApiError(e).message });
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The sentence for a status: `what` names the file ("the PDF"); `dialog` says whether a file
 * is saved or opened. Null while idle.
 */
export function chooserMessage(s: ChooserStatus, what: string, dialog: 'open' | 'save'): string | null {
  const verb = dialog === 'save' ? `where to save ${what}` : what;
  switch (s.state) {
    case 'idle':
      return null;
    case 'waiting':
      return s.slow
        ? `Still waiting for the file dialog. If none has opened, type the path in the field instead.`
        : `Choose ${verb} in the file dialog…`;
    case 'failed':
      return `The file dialog could not open: ${s.message}. Type the path in the field instead.`;
  }
}
