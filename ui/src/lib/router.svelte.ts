// Reactive hash router with a leave guard: navigation away from unsaved input asks
// first, whether it came from a link, a shortcut, the palette or the back button.

import { askConfirm } from './confirm.svelte';
import { hrefFor, parseHash, type Route } from './route';

let current = $state.raw<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

export const router = {
  get route(): Route {
    return current;
  },
};

type Guard = () => boolean;
// Several editors can be open on one page (the incident form, a checklist step):
// navigation asks if any of them holds unsaved input.
const guards = new Set<Guard>();
let acceptedHash = typeof location === 'undefined' ? '' : location.hash;
let allowNext: string | null = null;

/** `isDirty` is asked on every navigation; returns an unregister. */
export function setLeaveGuard(isDirty: Guard): () => void {
  guards.add(isDirty);
  return () => {
    guards.delete(isDirty);
  };
}

export function navigate(to: Route | string): void {
  const hash = typeof to === 'string' ? to : hrefFor(to);
  if (location.hash === hash) current = parseHash(hash);
  else location.hash = hash;
}

async function onHashChange(): Promise<void> {
  const next = location.hash;
  if (allowNext === next) {
    allowNext = null;
  } else if ([...guards].some((g) => g())) {
    // Put the old address back without firing another hashchange, then ask.
    history.replaceState(history.state, '', acceptedHash || '#/incidents');
    const leave = await askConfirm({
      title: 'Leave without saving?',
      message: 'You have unsaved changes on this page. They are kept as a draft if you leave.',
      confirmLabel: 'Leave page',
      cancelLabel: 'Stay',
    });
    if (!leave) return;
    allowNext = next;
    location.hash = next;
    return;
  }
  acceptedHash = next;
  current = parseHash(next);
}

export function startRouter(): () => void {
  const handler = () => void onHashChange();
  window.addEventListener('hashchange', handler);
  return () => window.removeEventListener('hashchange', handler);
}
