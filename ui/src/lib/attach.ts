// Attachment that listens for an event on an element. Used for delegated keyboard
// accelerators (Ctrl+Enter on a form): the a11y lint rightly flags `onkeydown` on
// non-interactive elements when it stands in for a button, which these do not.

export function listen<K extends keyof HTMLElementEventMap>(type: K, handler: (e: HTMLElementEventMap[K]) => void) {
  return (node: HTMLElement) => {
    node.addEventListener(type, handler);
    return () => node.removeEventListener(type, handler);
  };
}

/** A keydown handler for Ctrl+Enter (⌘+Enter on macOS), the keyboard's way to submit a form. */
export function onModEnter(action: () => unknown): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void action();
    }
  };
}
