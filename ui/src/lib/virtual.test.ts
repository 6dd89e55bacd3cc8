import { describe, expect, it } from 'vitest';
import { PageCache, pagesFor, renderedIndices, scrollToReveal, visibleRange } from './virtual';

describe('visibleRange', () => {
  it('covers the viewport plus overscan, clamped to the list', () => {
    // 40 px rows, 400 px viewport, scrolled to row 100.
    expect(visibleRange(4000, 400, 40, 100_000, 5)).toEqual({ start: 95, end: 115, first: 100, last: 110 });
    expect(visibleRange(0, 400, 40, 100_000, 5)).toEqual({ start: 0, end: 15, first: 0, last: 10 });
  });

  it('counts a partly visible row', () => {
    expect(visibleRange(4020, 400, 40, 1000, 0)).toEqual({ start: 100, end: 111, first: 100, last: 111 });
  });

  it('stops at the end of a short list and survives odd input', () => {
    expect(visibleRange(0, 800, 40, 3, 5)).toEqual({ start: 0, end: 3, first: 0, last: 3 });
    expect(visibleRange(99_999 * 40, 800, 40, 100_000, 5)).toMatchObject({ first: 99_999, end: 100_000 });
    expect(visibleRange(1e9, 800, 40, 10, 2)).toMatchObject({ first: 9, last: 10, start: 7, end: 10 });
    expect(visibleRange(-50, 800, 40, 10, 2)).toMatchObject({ first: 0 });
    expect(visibleRange(0, 800, 40, 0, 2)).toEqual({ start: 0, end: 0, first: 0, last: 0 });
  });
});

describe('pagesFor', () => {
  it('lists the pages a row range touches', () => {
    expect(pagesFor(0, 20, 200)).toEqual([0]);
    expect(pagesFor(190, 215, 200)).toEqual([0, 1]);
    expect(pagesFor(200, 400, 200)).toEqual([1]);
    expect(pagesFor(99_990, 100_000, 200)).toEqual([499]);
    expect(pagesFor(5, 5, 200)).toEqual([]);
  });
});

describe('scrollToReveal', () => {
  it('moves only as far as needed', () => {
    expect(scrollToReveal(9, 0, 400, 40)).toBe(0); // already visible
    expect(scrollToReveal(10, 0, 400, 40)).toBe(40); // just below
    expect(scrollToReveal(12, 0, 400, 40)).toBe(120); // below: bring to the bottom edge
    expect(scrollToReveal(2, 400, 400, 40)).toBe(80); // above: bring to the top edge
  });
});

describe('renderedIndices', () => {
  it('keeps the focused row rendered when it is scrolled away', () => {
    const r = { start: 10, end: 13, first: 10, last: 13 };
    expect(renderedIndices(r, null)).toEqual([10, 11, 12]);
    expect(renderedIndices(r, 11)).toEqual([10, 11, 12]);
    expect(renderedIndices(r, 2)).toEqual([2, 10, 11, 12]);
    expect(renderedIndices(r, 50)).toEqual([10, 11, 12, 50]);
  });
});

describe('PageCache', () => {
  it('finds rows by index across pages', () => {
    const c = new PageCache<string>(3, 10);
    c.put(0, ['a', 'b', 'c']);
    c.put(1, ['d', 'e']);
    expect(c.get(0)).toBe('a');
    expect(c.get(4)).toBe('e');
    expect(c.get(5)).toBeUndefined();
    expect(c.get(7)).toBeUndefined();
    expect(c.indexWhere((r) => r === 'e')).toBe(4);
    expect(c.indexWhere((r) => r === 'z')).toBe(-1);
  });

  it('reports missing pages for a row range', () => {
    const c = new PageCache<number>(200, 10);
    c.put(1, []);
    expect(c.missing(150, 450)).toEqual([0, 2]);
  });

  it('drops the least recently used page beyond its bound', () => {
    const c = new PageCache<number>(1, 2);
    c.put(0, [0]);
    c.put(1, [1]);
    c.missing(0, 1); // touch page 0
    c.put(2, [2]);
    expect(c.has(0)).toBe(true);
    expect(c.has(1)).toBe(false);
    expect(c.has(2)).toBe(true);
    expect(c.size).toBe(2);
    c.clear();
    expect(c.size).toBe(0);
  });
});
