// Shared notification state: the notify vocabularies (fetched once) and the nearest open
// deadlines across all open incidents for the countdown strip, refreshed every minute and
// after any facts or decision change (pages call dataChanged(); the strip listens).

import { api } from './api';
import type { NotifyCatalog, UpcomingDeadline } from './types';

/** How many deadlines the strip fetches: it shows the first few as chips and counts the rest. */
export const STRIP_SIZE = 50;
/** How many chips fit beside each other at 1280 px without cutting one. */
export const STRIP_CHIPS = 3;
/** The reminder window used until the setting has been read. */
export const DEFAULT_WINDOW_HOURS = 24;

export const deadlines = $state({
  items: [] as UpcomingDeadline[],
  /** Settings › Reminders: deadlines this close are shown as due soon. */
  windowHours: DEFAULT_WINDOW_HOURS,
  loaded: false,
});

let seq = 0;

/** Refetches the strip's deadlines and the reminder window; failures keep the last list. */
export async function refreshDeadlines(): Promise<void> {
  const mine = ++seq;
  try {
    const [items, reminders] = await Promise.all([
      api.notifyUpcoming(STRIP_SIZE),
      api.remindersGet().catch(() => null),
    ]);
    if (mine !== seq) return;
    deadlines.items = items;
    if (reminders) deadlines.windowHours = reminders.hours_before;
    deadlines.loaded = true;
  } catch {
    // The strip is a convenience: a failed refresh leaves the last list and tries again
    // on the next tick rather than covering the page in errors.
  }
}

let catalogPromise: Promise<NotifyCatalog> | null = null;

/** The notify vocabularies, fetched once per session (a failure is retried next time). */
export function loadNotifyCatalog(): Promise<NotifyCatalog> {
  if (!catalogPromise) {
    catalogPromise = api.notifyCatalog();
    catalogPromise.catch(() => (catalogPromise = null));
  }
  return catalogPromise;
}
