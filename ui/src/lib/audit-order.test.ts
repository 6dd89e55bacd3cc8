import { describe, expect, it } from 'vitest';
import { AUDIT_ORDER_KEY, loadAuditOrder, ordered, saveAuditOrder } from './audit-order';

function memory(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('audit trail order', () => {
  it('starts newest first and remembers a change', () => {
    const store = memory();
    expect(loadAuditOrder(store)).toBe('newest');
    saveAuditOrder('oldest', store);
    expect(store.data.get(AUDIT_ORDER_KEY)).toBe('oldest');
    expect(loadAuditOrder(store)).toBe('oldest');
    saveAuditOrder('newest', store);
    expect(loadAuditOrder(store)).toBe('newest');
  });

  it('ignores junk and storage that throws', () => {
    const store = memory();
    store.setItem(AUDIT_ORDER_KEY, 'sideways');
    expect(loadAuditOrder(store)).toBe('newest');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadAuditOrder(broken)).toBe('newest');
    expect(() => saveAuditOrder('oldest', broken)).not.toThrow();
  });

  it('reverses only for newest first, without touching the input', () => {
    const list = [1, 2, 3];
    expect(ordered(list, 'newest')).toEqual([3, 2, 1]);
    expect(ordered(list, 'oldest')).toEqual([1, 2, 3]);
    expect(list).toEqual([1, 2, 3]);
  });
});
