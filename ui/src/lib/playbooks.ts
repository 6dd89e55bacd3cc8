// Playbook library helpers: search snippets, which playbooks to suggest for an
// incident, and a preview of a file about to be imported. No DOM, unit-tested.

import type { Catalog, IncidentType, Playbook, PlaybookSummary, Section, SectionCount } from './types';
import { choiceLabel } from './catalog';

/** Marks around matched terms in search snippets (see `SearchHit.snippet`). */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

export type SnippetPart = { text: string; match: boolean };

/**
 * Splits a snippet into plain and matched runs, to render matches in `<mark>` as text
 * nodes. A stray or unclosed marker never leaks into the text.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let buf = '';
  const push = () => {
    if (buf === '') return;
    const prev = parts[parts.length - 1];
    if (prev && prev.match === match) prev.text += buf;
    else parts.push({ text: buf, match });
    buf = '';
  };
  for (const ch of snippet) {
    if (ch === MATCH_START) {
      push();
      match = true;
    } else if (ch === MATCH_END) {
      push();
      match = false;
    } else {
      buf += ch;
    }
  }
  push();
  return parts;
}

/** The generic playbook suggested for every incident. */
export const TRIAGE_PLAYBOOK = 'unclassified-triage';

export type PlaybookChoices<T> = { suggested: T[]; others: T[] };

/**
 * Playbooks written for the incident's type first, then the triage playbook, then the
 * rest; each group keeps the order it came in.
 */
export function orderPlaybooks<T extends Pick<PlaybookSummary, 'id' | 'incident_types'>>(
  playbooks: readonly T[],
  incidentType: IncidentType,
): PlaybookChoices<T> {
  const forType = playbooks.filter((p) => p.incident_types.includes(incidentType) && p.id !== TRIAGE_PLAYBOOK);
  const triage = playbooks.filter((p) => p.id === TRIAGE_PLAYBOOK);
  const suggested = [...forType, ...triage];
  const others = playbooks.filter((p) => !suggested.includes(p));
  return { suggested, others };
}

/** The one playbook to offer as the primary action: the first suggested one not yet running. */
export function primarySuggestion<T extends Pick<PlaybookSummary, 'id' | 'incident_types'>>(
  playbooks: readonly T[],
  incidentType: IncidentType,
  running: readonly string[],
): T | null {
  return orderPlaybooks(playbooks, incidentType).suggested.find((p) => !running.includes(p.id)) ?? null;
}

/** "Triage 3 · Containment 4", in section order, skipping empty sections. */
export function sectionCountsText(catalog: Catalog | null, counts: SectionCount[]): string {
  const order = (s: Section) => {
    const i = catalog?.sections.findIndex((c) => c.value === s) ?? -1;
    return i === -1 ? 99 : i;
  };
  return [...counts]
    .filter((c) => c.steps > 0)
    .sort((a, b) => order(a.section) - order(b.section))
    .map((c) => `${choiceLabel(catalog?.sections, c.section)} ${c.steps}`)
    .join(' · ');
}

export function totalSteps(counts: SectionCount[]): number {
  return counts.reduce((n, c) => n + c.steps, 0);
}

export type ImportPreview = { id: string | null; title: string | null; version: number | null; steps: number };

/**
 * What a playbook file says about itself, read before import so the user sees which
 * playbook they are about to store. Only top-level keys before the first `[[steps]]`
 * count; the backend's lint is the real check.
 */
export function previewPlaybook(content: string): ImportPreview {
  const firstStep = content.search(/^\s*\[\[steps\]\]/m);
  const head = firstStep === -1 ? content : content.slice(0, firstStep);
  const str = (key: string): string | null => {
    const m = new RegExp(`^\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|'([^']*)')`, 'm').exec(head);
    if (!m) return null;
    return m[1] !== undefined ? m[1].replace(/\\(["\\])/g, '$1') : m[2];
  };
  const version = /^\s*version\s*=\s*(\d+)/m.exec(head);
  return {
    id: str('id'),
    title: str('title'),
    version: version ? Number(version[1]) : null,
    steps: (content.match(/^\s*\[\[steps\]\]/gm) ?? []).length,
  };
}

/** "ransomware.toml:12:5: unknown key `ownr`", the form `firebreak playbook lint` prints. */
export function diagnosticText(fileName: string, d: { line: number; col: number; message: string }): string {
  return `${fileName}:${d.line}:${d.col}: ${d.message}`;
}

/** The playbook's review line for the reader; `today` is the reader's local date (YYYY-MM-DD). */
export function reviewStatus(
  p: Pick<Playbook, 'reviewed' | 'review_by'>,
  today: string,
): { text: string; overdue: boolean } | null {
  if (!p.reviewed && !p.review_by) return null;
  const overdue = p.review_by !== null && p.review_by < today;
  const parts = [
    p.reviewed ? `Checked against its sources on ${p.reviewed}` : 'Date of the last check not recorded',
    p.review_by ? (overdue ? `review was due ${p.review_by}: overdue` : `next review due ${p.review_by}`) : 'no review date set',
  ];
  return { text: `${parts.join('; ')}.`, overdue };
}

/** Today as YYYY-MM-DD in the machine's zone (dates in playbooks are calendar days). */
export function localDate(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
