// The mock backend's stand-in for the core's audit wording
// (crates/firebreak-core/src/incident/wording.rs, tested there). Deliberately minimal — the
// action's label and subject, one "Label: old → new" per change — so the browser dev mode
// and Vitest have entries of the real shape without a second copy of the wording rules.

import { ACTION_LABELS, changeSentence } from './catalog';
import type { AuditEntry } from './types';

type Unworded = Omit<AuditEntry, 'headline' | 'sentences'>;

export function worded(e: Unworded, headline?: string): AuditEntry {
  const label = ACTION_LABELS[e.action] ?? e.action;
  return {
    ...e,
    headline: headline ?? (e.subject ? `${label}: ${e.subject}` : label),
    sentences: e.changes.map((c) => changeSentence(null, c)),
  };
}
