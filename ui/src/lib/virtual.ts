// Windowing for long lists (a timeline can hold 100,000 entries): rows have one fixed
// height, so which rows are on screen is arithmetic, and only those are rendered and
// fetched, a page at a time.

export type Range = {
  /** First row to render (overscan included). */
  start: number;
  /** One past the last row to render. */
  end: number;
  /** First row at least partly on screen. */
  first: number;
  /** One past the last row at least partly on screen. */
  last: number;
};

export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan: number,
): Range {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0, first: 0, last: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(total - 1, Math.floor(top / rowHeight));
  const last = Math.min(total, Math.max(first + 1, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight)));
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(total, last + overscan),
    first,
    last,
  };
}

/** Page numbers covering rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let p = Math.floor(start / pageSize); p <= Math.floor((end - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/** The scroll position that brings row `index` fully into view, moving as little as possible. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** The rows to render: the window, plus the focused row wherever it is, so focus survives scrolling. */
export function renderedIndices(range: Range, keep: number | null): number[] {
  const out: number[] = [];
  for (let i = range.start; i < range.end; i++) out.push(i);
  if (keep !== null && keep >= 0 && (keep < range.start || keep >= range.end)) {
    if (keep < range.start) out.unshift(keep);
    else out.push(keep);
  }
  return out;
}

/**
 * Fetched pages of a list, keyed by page number. Bounded: the least recently used pages
 * are dropped so scrolling through 100,000 entries does not keep them all in memory.
 */
export class PageCache<T> {
  readonly pageSize: number;
  readonly maxPages: number;
  // A Map iterates in insertion order; re-inserting on use makes it an LRU.
  private pages = new Map<number, T[]>();

  constructor(pageSize: number, maxPages: number) {
    this.pageSize = pageSize;
    this.maxPages = Math.max(1, maxPages);
  }

  get size(): number {
    return this.pages.size;
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  get(index: number): T | undefined {
    const page = Math.floor(index / this.pageSize);
    return this.pages.get(page)?.[index - page * this.pageSize];
  }

  put(page: number, rows: T[]): void {
    this.pages.delete(page);
    this.pages.set(page, rows);
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
  }

  /** Pages of rows [start, end) not yet fetched; marks the fetched ones as recently used. */
  missing(start: number, end: number): number[] {
    const out: number[] = [];
    for (const p of pagesFor(start, end, this.pageSize)) {
      const rows = this.pages.get(p);
      if (rows) {
        this.pages.delete(p);
        this.pages.set(p, rows);
      } else out.push(p);
    }
    return out;
  }

  /** Where an item is among the cached rows, or -1. */
  indexWhere(pred: (row: T) => boolean): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex(pred);
      if (i >= 0) return page * this.pageSize + i;
    }
    return -1;
  }

  clear(): void {
    this.pages.clear();
  }
}
