// App-wide state: what the backend told us at startup, the open dialog, the error
// banner, and a clock that ticks so relative times ("3 h ago") stay true.

import type { AppInfo, Catalog, IncidentFilter, IncidentType } from './types';
import type { ApiError } from './errors';

export type DialogName = 'declare' | 'palette' | 'help';
export type BannerAction = { label: string; run: () => void };
export type Banner = { error: ApiError; action: BannerAction | null };

export const app = $state({
  info: null as AppInfo | null,
  catalog: null as Catalog | null,
  dialog: null as DialogName | null,
  /** Bumped after every successful change so open lists and pages refetch. */
  dataVersion: 0,
  now: Date.now(),
});

// Raw: an ApiError instance must not be wrapped in a deep proxy.
let bannerState = $state.raw<Banner | null>(null);

export const banner = {
  get current(): Banner | null {
    return bannerState;
  },
  show(error: ApiError, action: BannerAction | null = null) {
    bannerState = { error, action };
  },
  dismiss() {
    bannerState = null;
  },
};

export function dataChanged(): void {
  app.dataVersion += 1;
}

export function defaultFilter(): IncidentFilter {
  return { status: 'open', incident_type: null, severity: null, text: null, sort: 'declared_desc' };
}

/** Filters live here, not in the page, so they survive a trip to an incident and back. */
export const listState = $state({ filter: defaultFilter(), search: '' });

/** The Playbooks page's search and filter, kept across a trip to a playbook and back. */
export const playbookListState = $state({ query: '', type: null as IncidentType | null });

export type PageAction = 'edit' | 'focus-search' | 'next-row' | 'prev-row' | 'add-event';
type PageActions = Partial<Record<PageAction, () => void>>;

let pageActions: PageActions = {};

/** The current page says which page-level shortcuts it answers; returns an unregister. */
export function registerPageActions(actions: PageActions): () => void {
  pageActions = actions;
  return () => {
    if (pageActions === actions) pageActions = {};
  };
}

export function runPageAction(name: PageAction): boolean {
  const fn = pageActions[name];
  if (!fn) return false;
  fn();
  return true;
}
