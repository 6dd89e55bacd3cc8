import { afterEach, expect, it, vi } from 'vitest';
import { refocusIfLost } from './focus';

// Tests run without a DOM; a stand-in document is enough to say where focus is.
const body = { tagName: 'BODY' };
const button = () => ({ focus: vi.fn() }) as unknown as HTMLElement & { focus: ReturnType<typeof vi.fn> };

afterEach(() => vi.unstubAllGlobals());

it('focuses the fallback when focus fell to the page body', () => {
  vi.stubGlobal('document', { body, activeElement: body });
  const start = button();
  refocusIfLost(start);
  expect(start.focus).toHaveBeenCalledOnce();
});

it('focuses the fallback when nothing has focus', () => {
  vi.stubGlobal('document', { body, activeElement: null });
  const start = button();
  refocusIfLost(start);
  expect(start.focus).toHaveBeenCalledOnce();
});

it('leaves focus where the user put it', () => {
  vi.stubGlobal('document', { body, activeElement: { tagName: 'INPUT' } });
  const start = button();
  refocusIfLost(start);
  expect(start.focus).not.toHaveBeenCalled();
});

it('does nothing without a fallback', () => {
  vi.stubGlobal('document', { body, activeElement: body });
  expect(() => refocusIfLost(undefined)).not.toThrow();
});
