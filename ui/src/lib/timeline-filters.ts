// The timeline's filter bar as a responder uses it at 1280×800: one line (search, host,
// a chip per other active filter, "Filters" for the rest), so the list keeps the height.
// Also the order remembered per user, times typed in ISO form, the host suggestion's
// effect, and what the add form takes over from the active filters.

import { KIND_LABELS, tacticLabel, type EventErrors, type EventField, type EventForm, type FilterForm } from './timeline';
import type { TimelineOrder } from './types';
import { formatFilterTime, readFilterTime, shortZoneName } from './zones';

// ---- Order ------------------------------------------------------------------------------

export const DEFAULT_ORDER: TimelineOrder = 'occurred_desc';

export const ORDER_CHOICES: { value: TimelineOrder; label: string }[] = [
  { value: 'occurred_desc', label: 'Newest first' },
  { value: 'occurred', label: 'Oldest first' },
  { value: 'recorded_desc', label: 'Last recorded first' },
  { value: 'recorded', label: 'First recorded first (chain order)' },
];

export const ORDER_STORAGE_KEY = 'firebreak.timeline.order.v1';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): Store | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The order this user chose last; newest first until they pick another. */
export function loadOrder(store: Store | null = storage()): TimelineOrder {
  try {
    const v = store?.getItem(ORDER_STORAGE_KEY);
    return ORDER_CHOICES.some((c) => c.value === v) ? (v as TimelineOrder) : DEFAULT_ORDER;
  } catch {
    return DEFAULT_ORDER;
  }
}

export function saveOrder(order: TimelineOrder, store: Store | null = storage()): void {
  try {
    store?.setItem(ORDER_STORAGE_KEY, order);
  } catch {
    // Storage full or disabled: the choice lasts for this session.
  }
}

// ---- The compact bar -----------------------------------------------------------------------

/** Filters kept behind the "Filters" button; search and host stay on the bar. */
export type ChipKey = 'kind' | 'actor' | 'tactic' | 'tag' | 'from' | 'to' | 'history';

export type Chip = { key: ChipKey; text: string };

/**
 * One chip per active filter that lives in the folded panel, so a folded bar still says
 * everything that narrows the list. A time that cannot be read is shown as typed.
 */
export function filterChips(f: FilterForm, zone: string): Chip[] {
  const chips: Chip[] = [];
  const time = (v: string) => {
    const r = readFilterTime(v, zone);
    return r.ok && r.value ? `${formatFilterTime(Date.parse(r.value), zone)} ${shortZoneName(zone)}` : v.trim();
  };
  if (f.kind) chips.push({ key: 'kind', text: `${KIND_LABELS[f.kind]}s only` });
  if (f.actor.trim()) chips.push({ key: 'actor', text: `Account or responder: ${f.actor.trim()}` });
  if (f.tactic) chips.push({ key: 'tactic', text: `${f.tactic} ${tacticLabel(f.tactic)}` });
  if (f.tag.trim()) chips.push({ key: 'tag', text: `Tag: ${f.tag.trim()}` });
  if (f.from.trim()) chips.push({ key: 'from', text: `From ${time(f.from)}` });
  if (f.to.trim()) chips.push({ key: 'to', text: `Before ${time(f.to)}` });
  if (f.history) chips.push({ key: 'history', text: 'History shown' });
  return chips;
}

/** The form without the filter a chip stands for. */
export function removeChip(f: FilterForm, key: ChipKey): FilterForm {
  switch (key) {
    case 'kind':
    case 'tactic':
      return { ...f, [key]: null };
    case 'history':
      return { ...f, history: false };
    default:
      return { ...f, [key]: '' };
  }
}

// ---- Host: a chosen suggestion is exact, typed text a fragment ---------------------------

/** Typing in the host field: the text is a fragment again, matched anywhere in names. */
export function typeHost(f: FilterForm, text: string): FilterForm {
  return { ...f, host: text, hostExact: false };
}

/** Choosing a suggestion: exactly that host. */
export function chooseHost(f: FilterForm, host: string): FilterForm {
  return { ...f, host, hostExact: true };
}

// ---- Quick add ------------------------------------------------------------------------------

/**
 * What the add form takes over from the active filters, so the new event shows up in the
 * list being looked at: the exact host, the tag and the tactic. A host fragment or a kind
 * other than events cannot be carried over and is left alone.
 */
export function prefillFromFilters(f: FilterForm): Partial<EventForm> {
  const out: Partial<EventForm> = {};
  if (f.hostExact && f.host.trim()) out.host = f.host.trim();
  if (f.tag.trim()) out.tags = f.tag.trim();
  if (f.tactic) out.tactics = f.tactic;
  return out;
}

/** Editing a field withdraws its error: it was about what was there before. */
export function clearFieldError(errors: EventErrors, field: EventField): EventErrors {
  if (!(field in errors)) return errors;
  const next = { ...errors };
  delete next[field];
  return next;
}
