// An in-app confirm, because window.confirm is not available in every webview and
// an OS dialog would break keyboard flow and e2e tests alike.

export type ConfirmOptions = {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
};

type Pending = ConfirmOptions & { resolve: (ok: boolean) => void };

let pending = $state.raw<Pending | null>(null);

export const confirmation = {
  get current(): ConfirmOptions | null {
    return pending;
  },
};

export function askConfirm(options: ConfirmOptions): Promise<boolean> {
  // A second request answers the first with "no" rather than leaving it hanging.
  pending?.resolve(false);
  return new Promise((resolve) => {
    pending = { ...options, resolve };
  });
}

/** Asks before what the user typed is thrown away; true when they chose Discard. */
export function confirmDiscard(title: string, message: string, keepLabel = 'Keep editing'): Promise<boolean> {
  return askConfirm({ title, message, confirmLabel: 'Discard', cancelLabel: keepLabel, danger: true });
}

export function answerConfirm(ok: boolean): void {
  const p = pending;
  pending = null;
  p?.resolve(ok);
}
