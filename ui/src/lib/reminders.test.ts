import { describe, expect, it, vi } from 'vitest';
import type { Reminders, UpcomingDeadline } from './types';

// reminders.ts talks to the backend through api.ts; the real bindings need a webview.
vi.mock('./bindings', () => ({ commands: {} }));

const { loadSentKeys, reminderKey, remindersDue, saveSentKeys, SENT_STORAGE_KEY } = await import('./reminders');

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-24T12:00:00Z');
const settings: Reminders = { hours_before: 24, os_notifications: true };

const deadline = (rule: string, dueInHours: number, over: Partial<UpcomingDeadline> = {}): UpcomingDeadline => ({
  incident_id: 'inc-1',
  incident_title: 'Ransomware on FS01',
  rule_id: rule,
  regime: 'GDPR',
  title: 'Notify the lead supervisory authority',
  recipient: 'Lead supervisory authority',
  due_utc: new Date(NOW + dueInHours * HOUR).toISOString(),
  applicability: 'applies',
  decision: 'pending',
  ...over,
});

describe('remindersDue', () => {
  it('reminds once a deadline enters the window, not before', () => {
    const out = remindersDue([deadline('far', 30), deadline('near', 23), deadline('edge', 24)], settings, NOW, new Set());
    expect(out.map((r) => [r.deadline.rule_id, r.stage])).toEqual([
      ['near', 'window'],
      ['edge', 'window'],
    ]);
    expect(out[0].title).toBe('Due in 23 h 00 m: GDPR — Notify the lead supervisory authority');
    expect(out[0].body).toContain('Ransomware on FS01');
  });

  it('sends only the overdue reminder for a deadline already past', () => {
    const out = remindersDue([deadline('late', -2)], settings, NOW, new Set());
    expect(out).toHaveLength(1);
    expect(out[0].stage).toBe('overdue');
    expect(out[0].title).toBe('Overdue: GDPR — Notify the lead supervisory authority');
  });

  it('never repeats a stage already sent, but still sends the overdue one later', () => {
    const d = deadline('gdpr', 5);
    const sent = new Set([reminderKey(d, 'window')]);
    expect(remindersDue([d], settings, NOW, sent)).toEqual([]);
    const later = remindersDue([d], settings, NOW + 6 * HOUR, sent);
    expect(later.map((r) => r.stage)).toEqual(['overdue']);
    expect(later[0].key).toBe('inc-1|gdpr|overdue');
  });

  it('skips settled or lapsed obligations, and everything when turned off', () => {
    const list = [
      deadline('sent', 1, { decision: 'sent' }),
      deadline('nr', 1, { decision: 'not_required' }),
      deadline('gone', 1, { applicability: 'no_longer_applies' }),
      deadline('drafted', 1, { decision: 'drafted' }),
    ];
    expect(remindersDue(list, settings, NOW, new Set()).map((r) => r.deadline.rule_id)).toEqual(['drafted']);
    expect(remindersDue(list, { ...settings, os_notifications: false }, NOW, new Set())).toEqual([]);
  });

  it('follows the configured window', () => {
    expect(remindersDue([deadline('d', 47)], { hours_before: 48, os_notifications: true }, NOW, new Set())).toHaveLength(1);
    expect(remindersDue([deadline('d', 2)], { hours_before: 1, os_notifications: true }, NOW, new Set())).toHaveLength(0);
  });
});

describe('sent keys', () => {
  it('round-trips through storage and survives junk', () => {
    const data = new Map<string, string>();
    const store = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    saveSentKeys(['a|b|window'], store);
    expect(loadSentKeys(store)).toEqual(['a|b|window']);
    data.set(SENT_STORAGE_KEY, '{not json');
    expect(loadSentKeys(store)).toEqual([]);
    expect(loadSentKeys(null)).toEqual([]);
  });
});
