import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooserMessage, SLOW_MS, withChooserStatus, type ChooserStatus } from './chooser';

/** The status lines a user would have seen, in order. */
function recorder() {
  const seen: (string | null)[] = [];
  const report = (s: ChooserStatus) => seen.push(chooserMessage(s, 'the PDF', 'save'));
  return { seen, report };
}

describe('the file dialog status (Save as PDF)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says at once that a dialog is expected, and offers typing when none ever answers', async () => {
    const { seen, report } = recorder();
    let settled = false;
    void withChooserStatus(() => new Promise<string | null>(() => {}), report).then(() => (settled = true));
    expect(seen).toEqual(['Choose where to save the PDF in the file dialog…']);
    await vi.advanceTimersByTimeAsync(SLOW_MS - 1);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.at(-1)).toBe('Still waiting for the file dialog. If none has opened, type the path in the field instead.');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBe(false);
    expect(seen).toHaveLength(2);
  });

  it('says why when the dialog cannot open', async () => {
    const { seen, report } = recorder();
    const chosen = await withChooserStatus(() => Promise.reject(new Error('no xdg-desktop-portal on the session bus')), report);
    expect(chosen).toBeNull();
    expect(seen.at(-1)).toBe(
      'The file dialog could not open: no xdg-desktop-portal on the session bus. Type the path in the field instead.',
    );
    await vi.advanceTimersByTimeAsync(SLOW_MS * 2);
    expect(seen).toHaveLength(2);
  });

  it('clears the status once a path is chosen or the dialog is cancelled', async () => {
    for (const answer of ['/home/dana/brief.pdf', null]) {
      const { seen, report } = recorder();
      expect(await withChooserStatus(() => Promise.resolve(answer), report)).toBe(answer);
      expect(seen).toEqual(['Choose where to save the PDF in the file dialog…', null]);
      await vi.advanceTimersByTimeAsync(SLOW_MS * 2);
      expect(seen).toHaveLength(2);
    }
  });
});
