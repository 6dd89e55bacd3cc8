import { describe, expect, it } from 'vitest';
import {
  incidentPageFor,
  initialKeyState,
  isEditableTarget,
  modLabel,
  resolveChecklistKey,
  resolveKey,
  SEQUENCE_MS,
  SHORTCUT_HELP,
  type KeyInput,
  type KeyState,
} from './shortcuts';

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  editable: false,
  modal: 'none',
  ...extra,
});

const press = (k: string, extra: Partial<KeyInput> = {}, state: KeyState = initialKeyState, now = 1000) =>
  resolveKey(key(k, extra), state, now);

describe('single keys', () => {
  it('maps the documented keys', () => {
    expect(press('n').action).toBe('declare');
    expect(press('N').action).toBe('declare');
    expect(press('/').action).toBe('focus-search');
    expect(press('e').action).toBe('edit');
    expect(press('?').action).toBe('help');
    expect(press('j').action).toBe('next-row');
    expect(press('k').action).toBe('prev-row');
    expect(press('a').action).toBe('add-event');
  });

  it('leaves unknown keys alone', () => {
    const r = press('x');
    expect(r.action).toBeNull();
    expect(r.consumed).toBe(false);
  });

  it('never steals keystrokes from someone typing', () => {
    for (const k of ['n', 'e', '/', '?', 'g', 'j']) {
      const r = press(k, { editable: true });
      expect(r.action).toBeNull();
      expect(r.consumed).toBe(false);
    }
  });

  it('does not hijack browser or OS shortcuts with modifiers', () => {
    expect(press('n', { ctrlKey: true }).action).toBeNull();
    expect(press('e', { metaKey: true }).action).toBeNull();
    expect(press('n', { altKey: true }).action).toBeNull();
  });

  it('is silent while a dialog is open', () => {
    expect(press('n', { modal: 'other' }).action).toBeNull();
    expect(press('e', { modal: 'palette' }).action).toBeNull();
  });
});

describe('command palette', () => {
  it('opens with Ctrl+K or Cmd+K, even from a text field', () => {
    expect(press('k', { ctrlKey: true }).action).toBe('palette');
    expect(press('K', { metaKey: true }).action).toBe('palette');
    expect(press('k', { ctrlKey: true, editable: true }).action).toBe('palette');
  });

  it('toggles when the palette is already open, but never stacks on another dialog', () => {
    expect(press('k', { ctrlKey: true, modal: 'palette' }).action).toBe('palette');
    expect(press('k', { ctrlKey: true, modal: 'other' }).action).toBeNull();
  });

  it('ignores Ctrl+Alt+K', () => {
    expect(press('k', { ctrlKey: true, altKey: true }).action).toBeNull();
  });
});

describe('G sequences', () => {
  it('G then I goes to incidents', () => {
    const first = press('g', {}, initialKeyState, 1000);
    expect(first.action).toBeNull();
    expect(first.consumed).toBe(true);
    const second = press('i', {}, first.state, 1500);
    expect(second.action).toBe('go-incidents');
    expect(second.state.pendingGAt).toBeNull();
  });

  it('covers every page', () => {
    const g = press('g').state;
    expect(press('p', {}, g, 1100).action).toBe('go-playbooks');
    expect(press('s', {}, g, 1100).action).toBe('go-stakeholders');
    expect(press(',', {}, g, 1100).action).toBe('go-settings');
    expect(press('n', {}, g, 1100).action).toBe('go-notifications');
    expect(press('v', {}, g, 1100).action).toBe('go-investigation');
  });

  it('V alone does nothing; G then V goes to the investigation', () => {
    expect(press('v').action).toBeNull();
    expect(press('V', {}, press('g').state, 1100).action).toBe('go-investigation');
    expect(press('v', { editable: true }, press('g').state, 1100).action).toBeNull();
  });

  it('G T goes to the timeline and G R to the reports; T and R alone do nothing', () => {
    const g = press('g').state;
    expect(press('t', {}, g, 1100).action).toBe('go-timeline');
    expect(press('R', {}, g, 1100).action).toBe('go-reports');
    expect(press('t').action).toBeNull();
    expect(press('r').action).toBeNull();
    expect(press('t', { editable: true }, g, 1100).action).toBeNull();
    expect(press('r', { modal: 'other' }, g, 1100).action).toBeNull();
  });

  it('N alone still declares; G then N goes to notifications', () => {
    expect(press('n').action).toBe('declare');
    expect(press('N', {}, press('g').state, 1100).action).toBe('go-notifications');
  });

  it('expires after the sequence window', () => {
    const g = press('g', {}, initialKeyState, 1000).state;
    expect(press('i', {}, g, 1000 + SEQUENCE_MS + 1).action).toBeNull();
  });

  it('a second key that is not part of a sequence acts normally and clears it', () => {
    const g = press('g').state;
    const r = press('e', {}, g, 1100);
    expect(r.action).toBe('edit');
    expect(r.state.pendingGAt).toBeNull();
  });

  it('typing in a field cancels a pending G', () => {
    const g = press('g').state;
    const typed = press('i', { editable: true }, g, 1100);
    expect(typed.action).toBeNull();
    expect(press('i', {}, typed.state, 1200).action).toBeNull();
  });
});

describe('isEditableTarget', () => {
  it('treats text inputs, textareas, selects and contenteditable as typing', () => {
    expect(isEditableTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isEditableTarget({ tagName: 'input', type: 'search' })).toBe(true);
    expect(isEditableTarget({ tagName: 'INPUT', type: 'datetime-local' })).toBe(true);
    expect(isEditableTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isEditableTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isEditableTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('does not treat buttons, checkboxes or links as typing', () => {
    expect(isEditableTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isEditableTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isEditableTarget({ tagName: 'A' })).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });
});

it('labels the modifier per platform', () => {
  expect(modLabel('MacIntel')).toBe('⌘');
  expect(modLabel('Linux x86_64')).toBe('Ctrl');
  expect(modLabel('Win32')).toBe('Ctrl');
});

describe('checklist keys', () => {
  const ck = (k: string, extra: Partial<Parameters<typeof resolveChecklistKey>[0]> = {}) =>
    resolveChecklistKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, editable: false, onRow: true, ...extra });

  it('maps the documented keys on a step row', () => {
    expect(ck('j')).toBe('next-step');
    expect(ck('K')).toBe('prev-step');
    expect(ck('Enter')).toBe('toggle');
    expect(ck('d')).toBe('done');
    expect(ck('D')).toBe('done');
    expect(ck('i')).toBe('in-progress');
    expect(ck('s')).toBe('skip');
    expect(ck('b')).toBe('block');
    expect(ck('Escape')).toBe('collapse');
    expect(ck('x')).toBeNull();
  });

  it('never changes a step while someone types, but Esc still collapses', () => {
    for (const k of ['d', 's', 'b', 'i', 'j', 'Enter']) expect(ck(k, { editable: true })).toBeNull();
    expect(ck('Escape', { editable: true })).toBe('collapse');
  });

  it('only moves between steps from a control inside the editor', () => {
    expect(ck('d', { onRow: false })).toBeNull();
    expect(ck('Enter', { onRow: false })).toBeNull();
    expect(ck('j', { onRow: false })).toBe('next-step');
  });

  it('leaves modified keys to the app and the OS', () => {
    expect(ck('d', { ctrlKey: true })).toBeNull();
    expect(ck('s', { metaKey: true })).toBeNull();
    expect(ck('Escape', { altKey: true })).toBeNull();
  });
});

describe('shortcut list', () => {
  it('lists G V for the investigation, and every label once (the overlay is keyed by label)', () => {
    expect(SHORTCUT_HELP.find((s) => s.keys.join(' ') === 'G V')?.label).toMatch(/investigation/);
    const labels = SHORTCUT_HELP.map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe('incidentPageFor', () => {
  const incident = { page: 'incident', id: 'inc-1' } as const;

  it('leads to the same incident’s page, from any of its pages', () => {
    expect(incidentPageFor('go-timeline', incident)).toEqual({ page: 'timeline', id: 'inc-1' });
    expect(incidentPageFor('go-reports', { page: 'investigation', id: 'inc-1' })).toEqual({ page: 'report', id: 'inc-1', kind: 'brief' });
    expect(incidentPageFor('go-notifications', { page: 'timeline', id: 'inc-1' })).toEqual({ page: 'notifications', id: 'inc-1' });
    expect(incidentPageFor('go-investigation', { page: 'report', id: 'inc-1', kind: 'full' })).toEqual({ page: 'investigation', id: 'inc-1' });
  });

  it('does nothing away from an incident', () => {
    expect(incidentPageFor('go-timeline', { page: 'incidents' })).toBeNull();
    expect(incidentPageFor('go-reports', { page: 'playbook', id: 'ransomware', step: null })).toBeNull();
  });

  it('is listed in the ? overlay for incident pages', () => {
    for (const keys of ['G T', 'G R']) expect(SHORTCUT_HELP.find((s) => s.keys.join(' ') === keys)?.where).toBe('Incident pages');
  });
});
