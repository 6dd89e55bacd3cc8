// The command palette's entries and matching. Entries are data (a target, not a closure)
// so what the palette offers on each page is unit-tested: pages, actions on the incident
// on screen, the steps of its checklists and of every playbook, and incidents.

import type { Intent } from './intent';
import { incidentOf, type Route } from './route';
import type { IncidentRuns, Playbook, StepState } from './types';

/** `boost`: an action on what is on screen, ahead of an equal match elsewhere. */
export type Matchable = { label: string; keywords?: string; group?: string; boost?: boolean };

/**
 * Every typed word must appear in the label or keywords. Items whose label starts with
 * what was typed come first, then those with a word starting with it, then the rest; so
 * "ran" finds "Ransomware on FS01" before "Stolen laptop (Frankfurt branch)". Groups stay
 * together (one heading each), ordered by their best match, so typing "isolate" puts the
 * checklist's "Isolate affected hosts" above pages that only mention it in keywords. A
 * boosted item whose label matches counts better than the next rank up: "brief" on an
 * incident opens its executive brief before the playbook step "Brief the board".
 */
export function filterPalette<T extends Matchable>(items: readonly T[], query: string, limit = 50): T[] {
  const q = query.trim().toLowerCase();
  if (q === '') return items.slice(0, limit);
  const terms = q.split(/\s+/);
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const label = item.label.toLowerCase();
    const hay = `${label} ${(item.keywords ?? '').toLowerCase()}`;
    if (!terms.every((t) => hay.includes(t))) return;
    let score = 3;
    if (label.startsWith(q)) score = 0;
    else if (label.split(/[\s:·(/“"'-]+/).some((w) => w.startsWith(terms[0]))) score = 1;
    else if (label.includes(terms[0])) score = 2;
    if (item.boost && score < 3) score -= 1.5;
    scored.push({ item, score, index });
  });
  const best = new Map<string, [number, number]>();
  for (const s of scored) {
    const g = s.item.group ?? '';
    const [score, index] = best.get(g) ?? [Infinity, Infinity];
    best.set(g, [Math.min(score, s.score), Math.min(index, s.index)]);
  }
  const groupKey = (item: T) => best.get(item.group ?? '') ?? [0, 0];
  scored.sort((a, b) => {
    const [ga, gb] = [groupKey(a.item), groupKey(b.item)];
    return ga[0] - gb[0] || ga[1] - gb[1] || a.score - b.score || a.index - b.index;
  });
  return scored.slice(0, limit).map((s) => s.item);
}

export type PaletteGroup = 'Actions' | 'Pages' | 'This incident’s checklists' | 'Incidents' | 'Playbook steps';

export type PaletteTarget = { kind: 'declare' } | { kind: 'help' } | { kind: 'go'; route: Route; intent?: Intent };

export type PaletteEntry = {
  key: string;
  label: string;
  keywords?: string;
  group: PaletteGroup;
  /** Keys that do the same, shown at the right. */
  hint?: string;
  /** A second line of context: the playbook, the step's state. */
  detail?: string;
  boost?: boolean;
  target: PaletteTarget;
};

const go = (route: Route, intent?: Intent): PaletteTarget => ({ kind: 'go', route, intent });

export const GLOBAL_ENTRIES: PaletteEntry[] = [
  { key: 'declare', label: 'Declare incident', keywords: 'new create start open', group: 'Actions', hint: 'N', target: { kind: 'declare' } },
  { key: 'help', label: 'Show keyboard shortcuts', keywords: 'help keys', group: 'Actions', hint: '?', target: { kind: 'help' } },
  { key: 'p-inc', label: 'Go to Incidents', keywords: 'list', group: 'Pages', hint: 'G I', target: go({ page: 'incidents' }) },
  { key: 'p-pb', label: 'Go to Playbooks', keywords: 'runbook procedure search', group: 'Pages', hint: 'G P', target: go({ page: 'playbooks' }) },
  { key: 'p-st', label: 'Go to Stakeholders', keywords: 'contacts directory notify regulator templates', group: 'Pages', hint: 'G S', target: go({ page: 'stakeholders' }) },
  {
    key: 'p-set',
    label: 'Go to Settings',
    keywords: 'preferences profile organisation reminders notifications',
    group: 'Pages',
    hint: 'G ,',
    target: go({ page: 'settings' }),
  },
];

/** Actions on the incident on screen (none elsewhere), without the page already open. */
export function incidentEntries(here: Route): PaletteEntry[] {
  const id = incidentOf(here);
  if (id === null) return [];
  const on = (page: Route['page']) => here.page === page;
  const onReport = (kind: 'brief' | 'full') => here.page === 'report' && here.kind === kind;
  const candidates: [boolean, PaletteEntry][] = [
    [!on('incident'), { key: 'back', label: 'Back to the incident', keywords: 'checklist details overview', group: 'Actions', target: go({ page: 'incident', id }) }],
    [
      true,
      {
        key: 'start-pb',
        label: 'Start playbook…',
        keywords: 'run checklist guided response',
        group: 'Actions',
        target: go({ page: 'incident', id }, { kind: 'start-playbook', incidentId: id }),
      },
    ],
    [!on('timeline'), { key: 'tl', label: 'Open timeline', keywords: 'events chronology attack audit', group: 'Actions', hint: 'G T', target: go({ page: 'timeline', id }) }],
    [
      true,
      {
        key: 'tl-export',
        label: 'Export timeline',
        keywords: 'csv json jsonl timesketch save file',
        group: 'Actions',
        target: go({ page: 'timeline', id }, { kind: 'timeline-export', incidentId: id }),
      },
    ],
    [
      true,
      {
        key: 'tl-verify',
        label: 'Verify the timeline’s hash chain',
        keywords: 'verify chain integrity tamper check audit',
        group: 'Actions',
        target: go({ page: 'timeline', id }, { kind: 'timeline-verify', incidentId: id }),
      },
    ],
    [
      !on('notifications'),
      {
        key: 'nt',
        label: 'Open notification deadlines',
        keywords: 'notify regulator gdpr sec obligations deadline countdown',
        group: 'Actions',
        hint: 'G N',
        target: go({ page: 'notifications', id }),
      },
    ],
    [
      !on('investigation'),
      {
        key: 'inv',
        label: 'Open investigation',
        keywords: 'evidence custody hash indicators ioc assets hypotheses root cause lessons metrics',
        group: 'Actions',
        hint: 'G V',
        target: go({ page: 'investigation', id }),
      },
    ],
    [
      !onReport('brief'),
      {
        key: 'rep-brief',
        label: 'Open executive brief',
        keywords: 'report board summary pdf print brief',
        group: 'Actions',
        hint: 'G R',
        target: go({ page: 'report', id, kind: 'brief' }),
      },
    ],
    [
      !onReport('full'),
      {
        key: 'rep-full',
        label: 'Open post-incident report',
        keywords: 'report regulator insurer pdf html print lessons',
        group: 'Actions',
        target: go({ page: 'report', id, kind: 'full' }),
      },
    ],
  ];
  return candidates.filter(([show]) => show).map(([, e]) => ({ ...e, boost: true }));
}

const STATE_WORDS: Record<StepState, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  done: 'Done',
  skipped: 'Skipped',
  blocked: 'Blocked',
};

/** Steps of the incident's running playbooks: choosing one opens the checklist at it. */
export function runStepEntries(incidentId: string, runs: IncidentRuns): PaletteEntry[] {
  return runs.runs.flatMap((run) =>
    run.sections.flatMap((section) =>
      section.steps.map((rs) => {
        const status =
          rs.applicability.kind === 'not_applicable' ? 'Not applicable' : rs.applicability.kind === 'undecided' ? 'Decide' : STATE_WORDS[rs.state];
        return {
          key: `rs-${run.playbook_id}/${rs.step.id}`,
          label: rs.step.title,
          keywords: `${run.playbook_title} ${section.label} ${rs.step.id} checklist step`,
          group: 'This incident’s checklists' as const,
          detail: `${run.playbook_title} · ${status}`,
          target: go({ page: 'incident', id: incidentId }, { kind: 'step', incidentId, playbookId: run.playbook_id, stepId: rs.step.id }),
        };
      }),
    ),
  );
}

/** Every step of every playbook: choosing one opens the playbook at it. */
export function playbookStepEntries(playbooks: readonly Playbook[]): PaletteEntry[] {
  return playbooks.flatMap((p) =>
    p.steps.map((s) => ({
      key: `ps-${p.id}/${s.id}`,
      label: s.title,
      keywords: `${p.title} ${s.id} playbook step`,
      group: 'Playbook steps' as const,
      detail: p.title,
      target: go({ page: 'playbook', id: p.id, step: s.id }),
    })),
  );
}
