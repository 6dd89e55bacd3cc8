// The indicator table as a responder works it with hundreds of rows: find one by its
// value, sort by any column, and read the first rows without scrolling past 500 others.

import { TLP_ORDER } from './investigation';
import type { Indicator, Tlp } from './types';

export type IndicatorColumn = 'type' | 'value' | 'tlp' | 'first_seen' | 'last_seen' | 'description';
export type SortDir = 'asc' | 'desc';
export type IndicatorSort = { column: IndicatorColumn; dir: SortDir };

/** Newest sightings first: what a responder checks first during an incident. */
export const DEFAULT_INDICATOR_SORT: IndicatorSort = { column: 'last_seen', dir: 'desc' };

/** Rows shown before "Show all": enough to scan, few enough to stay quick to read. */
export const INDICATOR_FIRST_ROWS = 50;

/**
 * Indicators whose value (normal form or as given) or description contains every word of
 * `query`, ignoring case. Defanged text ("evil[.]com", "hxxp") is refanged first, since
 * that is how indicators are pasted from reports.
 */
export function searchIndicators(list: readonly Indicator[], query: string): Indicator[] {
  const words = refang(query.trim().toLowerCase()).split(/\s+/).filter(Boolean);
  if (!words.length) return [...list];
  return list.filter((i) => {
    const hay = `${i.value}\n${refang(i.original.toLowerCase())}\n${i.description}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

function refang(s: string): string {
  return s.replace(/\[\.\]|\(\.\)|\{\.\}/g, '.').replace(/hxxp/g, 'http').replace(/\[:\]/g, ':');
}

const tlpRank = (t: Tlp) => TLP_ORDER.indexOf(t);

/** The value a column sorts by; a missing date is null and always sorts last. */
function key(i: Indicator, c: IndicatorColumn, typeLabel: (t: string) => string): string | number | null {
  switch (c) {
    case 'type':
      return typeLabel(i.ioc_type).toLowerCase();
    case 'value':
      return i.value.toLowerCase();
    case 'tlp':
      return tlpRank(i.tlp);
    case 'first_seen':
      return i.first_seen ? Date.parse(i.first_seen) : null;
    case 'last_seen':
      return i.last_seen ? Date.parse(i.last_seen) : null;
    case 'description':
      return i.description.trim() === '' ? null : i.description.toLowerCase();
  }
}

/** A stable sort by one column; ties keep the value order so the table never jumps. */
export function sortIndicators(
  list: readonly Indicator[],
  sort: IndicatorSort,
  typeLabel: (t: string) => string = (t) => t,
): Indicator[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = list.map((i) => ({ i, k: key(i, sort.column, typeLabel), v: i.value.toLowerCase() }));
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) {
      if (a.k !== b.k) return a.k === null ? 1 : -1;
    } else if (a.k !== b.k) return (a.k < b.k ? -1 : 1) * sign;
    return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  });
  return keyed.map((x) => x.i);
}

/** Clicking a column: the same one flips direction; another starts in its natural order. */
export function nextSort(current: IndicatorSort, column: IndicatorColumn): IndicatorSort {
  if (current.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  // Dates and TLP read best most-recent / strictest first; text columns A→Z.
  const dir: SortDir = column === 'first_seen' || column === 'last_seen' || column === 'tlp' ? 'desc' : 'asc';
  return { column, dir };
}

/** The rows to render and how many wait behind "Show all". */
export function firstRows<T>(list: readonly T[], showAll: boolean, first = INDICATOR_FIRST_ROWS): { rows: T[]; hidden: number } {
  if (showAll || list.length <= first) return { rows: [...list], hidden: 0 };
  return { rows: list.slice(0, first), hidden: list.length - first };
}

/** aria-sort for a column header. */
export function ariaSort(sort: IndicatorSort, column: IndicatorColumn): 'ascending' | 'descending' | 'none' {
  if (sort.column !== column) return 'none';
  return sort.dir === 'asc' ? 'ascending' : 'descending';
}
