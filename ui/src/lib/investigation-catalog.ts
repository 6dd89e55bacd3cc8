// The investigation vocabularies, fetched once per session (a failure is retried next time).

import { api } from './api';
import type { InvestigationCatalog } from './types';

let catalogPromise: Promise<InvestigationCatalog> | null = null;

export function loadInvestigationCatalog(): Promise<InvestigationCatalog> {
  if (!catalogPromise) {
    catalogPromise = api.investigationCatalog();
    catalogPromise.catch(() => (catalogPromise = null));
  }
  return catalogPromise;
}
