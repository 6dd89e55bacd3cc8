// Which key does what. Kept free of the DOM so the rules (especially "never steal a
// keystroke from someone typing") are unit-tested rather than hoped for.

import { incidentOf, type Route } from './route';

export type Action =
  | 'palette'
  | 'help'
  | 'declare'
  | 'focus-search'
  | 'edit'
  | 'next-row'
  | 'prev-row'
  | 'add-event'
  | 'go-incidents'
  | 'go-playbooks'
  | 'go-stakeholders'
  | 'go-settings'
  | 'go-notifications'
  | 'go-investigation'
  | 'go-timeline'
  | 'go-reports';

export type ModalState = 'none' | 'palette' | 'other';

export type KeyInput = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Focus is somewhere keystrokes are text (input, textarea, select, contenteditable). */
  editable: boolean;
  modal: ModalState;
};

export type KeyState = { pendingGAt: number | null };

export type Resolution = {
  action: Action | null;
  /** True when the key was used (as an action or the first half of a sequence). */
  consumed: boolean;
  state: KeyState;
};

/** How long after `G` the second key still counts as part of the sequence. */
export const SEQUENCE_MS = 1500;

const G_SEQUENCES: Record<string, Action> = {
  i: 'go-incidents',
  p: 'go-playbooks',
  s: 'go-stakeholders',
  ',': 'go-settings',
  n: 'go-notifications',
  // G I is Incidents; V as in inVestigation.
  v: 'go-investigation',
  t: 'go-timeline',
  r: 'go-reports',
};

export type IncidentPageAction = 'go-notifications' | 'go-investigation' | 'go-timeline' | 'go-reports';

/**
 * Where G N, G V, G T and G R lead from `here`: the same incident's page, or null away
 * from an incident (there is no timeline or report without one). G R opens the executive
 * brief, the report wanted at 3 a.m.; the full report is one click from it.
 */
export function incidentPageFor(action: IncidentPageAction, here: Route): Route | null {
  const id = incidentOf(here);
  if (id === null) return null;
  switch (action) {
    case 'go-notifications':
      return { page: 'notifications', id };
    case 'go-investigation':
      return { page: 'investigation', id };
    case 'go-timeline':
      return { page: 'timeline', id };
    case 'go-reports':
      return { page: 'report', id, kind: 'brief' };
  }
}

const SINGLE_KEYS: Record<string, Action> = {
  n: 'declare',
  '/': 'focus-search',
  e: 'edit',
  '?': 'help',
  j: 'next-row',
  k: 'prev-row',
  a: 'add-event',
};

export const initialKeyState: KeyState = { pendingGAt: null };

const none = (state: KeyState, consumed = false): Resolution => ({ action: null, consumed, state });

export function resolveKey(input: KeyInput, state: KeyState, nowMs: number): Resolution {
  const cleared: KeyState = { pendingGAt: null };
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.ctrlKey || input.metaKey;

  // The palette is reachable from anywhere, even mid-sentence, but never stacks on
  // top of another dialog (that would hide unsaved input behind it).
  if (mod && !input.altKey && key === 'k') {
    if (input.modal === 'other') return none(cleared);
    return { action: 'palette', consumed: true, state: cleared };
  }

  if (input.modal !== 'none' || input.editable) return none(cleared);
  if (mod || input.altKey) return none(cleared);

  const pending = state.pendingGAt !== null && nowMs - state.pendingGAt <= SEQUENCE_MS;
  if (pending) {
    const seq = G_SEQUENCES[key];
    if (seq) return { action: seq, consumed: true, state: cleared };
  }
  if (key === 'g') return none({ pendingGAt: nowMs }, true);

  const single = SINGLE_KEYS[key];
  if (single) return { action: single, consumed: true, state: cleared };
  return none(cleared);
}

export type TargetLike = {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
} | null;

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

export function isEditableTarget(target: TargetLike): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
  return false;
}

export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

/** Label of the palette modifier for the current platform. */
export function modLabel(platform: string): string {
  return isMacPlatform(platform) ? '⌘' : 'Ctrl';
}

export type ShortcutHelp = { keys: string[]; label: string; where: string };

/** What the `?` overlay lists; `Mod` is replaced by Ctrl or ⌘. */
export const SHORTCUT_HELP: ShortcutHelp[] = [
  { keys: ['Mod', 'K'], label: 'Command palette: go anywhere, run an action, find a step, open an incident', where: 'Anywhere' },
  { keys: ['N'], label: 'Declare an incident', where: 'Anywhere' },
  { keys: ['?'], label: 'Show this list', where: 'Anywhere' },
  { keys: ['Esc'], label: 'Close a dialog or cancel', where: 'Dialogs' },
  { keys: ['G', 'I'], label: 'Go to Incidents', where: 'Anywhere' },
  { keys: ['G', 'P'], label: 'Go to Playbooks', where: 'Anywhere' },
  { keys: ['G', 'S'], label: 'Go to Stakeholders', where: 'Anywhere' },
  { keys: ['G', ','], label: 'Go to Settings', where: 'Anywhere' },
  { keys: ['G', 'N'], label: 'Go to the incident’s notification deadlines', where: 'Incident pages' },
  { keys: ['G', 'V'], label: 'Go to the incident’s investigation (evidence, indicators, root cause)', where: 'Incident pages' },
  { keys: ['G', 'T'], label: 'Go to the incident’s timeline', where: 'Incident pages' },
  { keys: ['G', 'R'], label: 'Go to the incident’s reports (executive brief)', where: 'Incident pages' },
  { keys: ['/'], label: 'Search incidents', where: 'Incident list' },
  { keys: ['/'], label: 'Search playbooks', where: 'Playbooks' },
  { keys: ['J'], label: 'Next incident', where: 'Incident list' },
  { keys: ['K'], label: 'Previous incident', where: 'Incident list' },
  { keys: ['E'], label: 'Edit the incident', where: 'Incident page' },
  { keys: ['J'], label: 'Next step', where: 'Checklist' },
  { keys: ['K'], label: 'Previous step', where: 'Checklist' },
  { keys: ['Enter'], label: 'Expand or collapse the step', where: 'Checklist' },
  { keys: ['D'], label: 'Mark the step done', where: 'Checklist' },
  { keys: ['I'], label: 'Mark the step in progress', where: 'Checklist' },
  { keys: ['S'], label: 'Skip the step (asks why)', where: 'Checklist' },
  { keys: ['B'], label: 'Block the step (asks why)', where: 'Checklist' },
  { keys: ['Esc'], label: 'Collapse the step', where: 'Checklist' },
  { keys: ['A'], label: 'Add an observed event', where: 'Timeline' },
  { keys: ['J'], label: 'Next entry', where: 'Timeline' },
  { keys: ['K'], label: 'Previous entry', where: 'Timeline' },
  { keys: ['Enter'], label: 'Open the entry', where: 'Timeline' },
  { keys: ['/'], label: 'Search the timeline', where: 'Timeline' },
  { keys: ['J'], label: 'Next section', where: 'Investigation' },
  { keys: ['K'], label: 'Previous section', where: 'Investigation' },
  { keys: ['Mod', 'Enter'], label: 'Save the form', where: 'Forms' },
];

export type ChecklistAction = 'next-step' | 'prev-step' | 'toggle' | 'collapse' | 'done' | 'in-progress' | 'skip' | 'block';

export type ChecklistKeyInput = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Focus is in a text field (the step's note, reason or assignee). */
  editable: boolean;
  /** Focus is on a step row itself (not on a control inside its expanded editor). */
  onRow: boolean;
};

const CHECKLIST_ROW_KEYS: Record<string, ChecklistAction> = {
  j: 'next-step',
  k: 'prev-step',
  Enter: 'toggle',
  d: 'done',
  i: 'in-progress',
  s: 'skip',
  b: 'block',
};

/**
 * Keys inside an incident's checklist. Esc collapses from anywhere in a step (even a
 * field: the step asks before dropping typed text); the letters act only on a focused
 * row, so typing a note never changes a step. J and K also work from the editor's
 * buttons, to move on after a save.
 */
export function resolveChecklistKey(input: ChecklistKeyInput): ChecklistAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  if (input.key === 'Escape') return 'collapse';
  if (input.editable) return null;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const action = CHECKLIST_ROW_KEYS[key];
  if (!action) return null;
  if (!input.onRow && action !== 'next-step' && action !== 'prev-step') return null;
  return action;
}
