// Which end of the audit trail a responder reads first. Newest first by default (at 3 a.m.
// the question is "what just changed?"); the choice survives a reload.

export type AuditOrder = 'newest' | 'oldest';

export const AUDIT_ORDER_KEY = 'firebreak.audit.order.v1';

type OrderStorage = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): OrderStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadAuditOrder(store: OrderStorage | null = storage()): AuditOrder {
  try {
    return store?.getItem(AUDIT_ORDER_KEY) === 'oldest' ? 'oldest' : 'newest';
  } catch {
    return 'newest';
  }
}

export function saveAuditOrder(order: AuditOrder, store: OrderStorage | null = storage()): void {
  try {
    store?.setItem(AUDIT_ORDER_KEY, order);
  } catch {
    // Storage full or disabled: the order still applies until the page reloads.
  }
}

/** Entries arrive oldest first (chain order). */
export function ordered<T>(entries: T[], order: AuditOrder): T[] {
  return order === 'newest' ? [...entries].reverse() : entries;
}

/** A bulk entry's items (hundreds of indicators) fold away beyond this many sentences. */
export const SENTENCES_SHOWN = 8;
