import { describe, expect, it } from 'vitest';
import { glanceWhen, progressParts } from './glance';
import type { GlanceItem } from './types';

const item = (over: Partial<GlanceItem>): GlanceItem => ({
  kind: 'obligation',
  title: 'GDPR · Notify the lead supervisory authority',
  detail: 'To Lead supervisory authority',
  due_utc: null,
  key: 'gdpr-33-authority',
  playbook_id: null,
  ...over,
});

describe('glance wording', () => {
  const now = Date.UTC(2026, 11, 8, 12, 0);

  it('says how late an overdue item is, in red', () => {
    expect(glanceWhen(item({ due_utc: '2026-12-06T08:50:00Z' }), now)).toEqual({ text: '2 d 3 h late', tone: 'overdue' });
  });

  it('says how soon the next deadline is, amber inside the window', () => {
    expect(glanceWhen(item({ due_utc: '2026-12-08T17:20:00Z' }), now)).toEqual({ text: 'in 5 h 20 m', tone: 'soon' });
    expect(glanceWhen(item({ due_utc: '2026-12-12T12:00:00Z' }), now).tone).toBe('ok');
  });

  it('names steps and clocks that have not started', () => {
    expect(glanceWhen(item({ kind: 'step', playbook_id: 'ransomware' }), now).text).toBe('Step');
    expect(glanceWhen(item({ kind: 'blocked' }), now).text).toBe('Blocked');
    expect(glanceWhen(item({ kind: 'decide', playbook_id: 'ransomware' }), now).text).toBe('Decide');
    expect(glanceWhen(item({}), now).text).toBe('Clock not started');
  });

  it('lists progress in a fixed order with what an empty part means', () => {
    const parts = progressParts({ steps_complete: 4, steps_total: 31, obligations_settled: 1, obligations_total: 6, assets_contained: 0, assets_total: 0 });
    expect(parts.map((p) => [p.key, p.done, p.total])).toEqual([
      ['steps', 4, 31],
      ['notifications', 1, 6],
      ['assets', 0, 0],
    ]);
    expect(parts[2].empty).toBe('None recorded');
  });
});
