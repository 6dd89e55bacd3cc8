// Focus helpers for dialogs: keep Tab inside the dialog (the webview has no browser
// chrome for focus to escape to, so it would otherwise land on the inert page).

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusableIn(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) => el.getClientRects().length > 0 && !el.closest('[inert]'),
  );
}

/** Wraps Tab / Shift+Tab at the ends of `root`. Returns true when it moved focus. */
export function trapTab(root: HTMLElement, e: KeyboardEvent): boolean {
  if (e.key !== 'Tab') return false;
  const items = focusableIn(root);
  if (items.length === 0) return false;
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !root.contains(active))) {
    last.focus();
    return true;
  }
  if (!e.shiftKey && (active === last || !root.contains(active))) {
    first.focus();
    return true;
  }
  return false;
}

/** Focuses the element marked `data-autofocus`, else the first focusable one. */
export function focusInitial(root: HTMLElement): void {
  const marked = root.querySelector<HTMLElement>('[data-autofocus]');
  (marked ?? focusableIn(root)[0])?.focus();
}

/**
 * Focuses the item `delta` places from the current one (J / K in lists); from outside the
 * list, the first item going down or the last going up. Returns the item focused.
 */
export function moveFocusAmong(
  items: HTMLElement[],
  delta: number,
  isCurrent: (el: HTMLElement) => boolean = (el) => el === document.activeElement,
): HTMLElement | undefined {
  if (items.length === 0) return undefined;
  let at = items.findIndex(isCurrent);
  if (at === -1) at = delta > 0 ? -1 : items.length;
  const next = items[Math.min(items.length - 1, Math.max(0, at + delta))];
  next.focus();
  return next;
}

// Checklist steps: every step row's head carries `data-step-head`, in display order.

function stepHeads(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('[data-step-head]')).filter((el) => el.getClientRects().length > 0);
}

/** Moves focus to the next or previous step row (J / K); from outside, to the first or last. */
export function moveStepFocus(delta: number): void {
  const active = document.activeElement;
  const inRow = (h: HTMLElement) => h === active || !!h.closest('[data-testid="run-step"]')?.contains(active);
  moveFocusAmong(stepHeads(), delta, inRow)?.scrollIntoView({ block: 'nearest' });
}

/** Focuses one step's row (from "What next"), and flashes it so the eye finds it. */
export function focusStep(playbookId: string, stepId: string): void {
  const row = document.querySelector<HTMLElement>(
    `[data-testid="run"][data-playbook="${CSS.escape(playbookId)}"] [data-testid="run-step"][data-step="${CSS.escape(stepId)}"]`,
  );
  const head = row?.querySelector<HTMLElement>('[data-step-head]');
  if (!row || !head) return;
  head.scrollIntoView({ block: 'center' });
  head.focus({ preventScroll: true });
  row.classList.remove('flash');
  void row.offsetWidth;
  row.classList.add('flash');
  setTimeout(() => row.classList.remove('flash'), 2000);
}

/** After a refused submit: focus the first field marked invalid, once the errors are drawn. */
export function focusFirstInvalid(root: HTMLElement | null | undefined): void {
  requestAnimationFrame(() => root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

/**
 * A job's Stop button goes when the job ends, and a keyboard user's focus would go with it to
 * the page body; put it on `fallback` (the button that starts the job again) instead.
 */
export function refocusIfLost(fallback: HTMLElement | null | undefined): void {
  const active = document.activeElement;
  if (active === null || active === document.body) fallback?.focus();
}
