import { describe, expect, it } from 'vitest';
import { createNotifyMock } from './mock-notify';
import type { AuditEntry, Incident, ObligationsView } from './types';

// The dev mock stands in for the backend in `npm run dev`; it must agree with the backend on
// the behaviours the UI relies on (72 h from awareness, "possible" on unknown facts, required
// notes, decisions on the timeline).

const incident: Incident = {
  id: 'inc-1',
  title: 'Customer database exfiltration',
  incident_type: 'data_breach',
  severity: 'sev1',
  phase: 'detection_analysis',
  status: 'open',
  detected_at: '2026-11-22T01:00:00+01:00',
  declared_at: '2026-11-22T01:10:00+01:00',
  commander: '',
  summary: '',
  revision: 1,
  updated_at: '2026-11-22T00:10:00Z',
  closed_at: null,
};

function setup() {
  const audit: AuditEntry[] = [];
  let n = 0;
  const mock = createNotifyMock({ incidents: () => [incident], audit: () => audit, actor: 'tester', newId: () => `id-${++n}` });
  return { audit, c: mock.commands };
}

const data = <T>(r: { status: 'ok'; data: T } | { status: 'error'; error: unknown }): T => {
  if (r.status !== 'ok') throw new Error(JSON.stringify(r.error));
  return r.data;
};
const ob = (v: ObligationsView, id: string) => v.obligations.find((o) => o.rule_id === id);

describe('notify mock', () => {
  it('derives GDPR 72 h from awareness, and California as possible while the count is unknown', async () => {
    const { c, audit } = setup();
    const v = data(
      await c.notifySetFacts('inc-1', {
        jurisdictions: [
          { code: 'DE', people: 1200 },
          { code: 'US-CA', people: null },
        ],
        data_categories: ['personal_data'],
        encrypted: 'no',
        risk_to_people: 'risk',
        moments: { aware_personal_data_breach: '2026-11-22T03:10:00+01:00' },
      }),
    );
    expect(ob(v, 'gdpr-33-authority')).toMatchObject({ applicability: 'applies', due_utc: '2026-11-25T02:10:00Z' });
    expect(ob(v, 'gdpr-34-individuals')).toBeUndefined();
    expect(ob(v, 'california-attorney-general')).toMatchObject({ applicability: 'possible', due_utc: null });
    expect(ob(v, 'california-attorney-general')?.depends_on[0]).toMatch(/California/);
    expect(v.facts.moments?.detected).toBe(incident.detected_at);
    expect(audit.map((a) => a.action)).toContain('notification_facts_changed');
    expect(audit.filter((a) => a.action === 'obligation_added').length).toBeGreaterThan(0);
  });

  it('mirrors the GDPR one-stop shop: lead authority, one per member state, or a warning while unknown', async () => {
    const facts = (eu: 'yes' | 'no' | 'unknown', state: string | null = null) => ({
      jurisdictions: [
        { code: 'DE', people: 40 },
        { code: 'FR', people: 7 },
      ],
      data_categories: ['personal_data' as const],
      risk_to_people: 'risk' as const,
      profile: { flags: [], home_zone: null, eu_main_establishment: eu, eu_main_establishment_state: state },
      moments: { aware_personal_data_breach: '2026-12-01T09:00:00+01:00' },
    });
    const gdpr = (v: ObligationsView) => v.obligations.filter((o) => o.rule_id.startsWith('gdpr-33-authority'));
    const { c, audit } = setup();
    const unknown = gdpr(data(await c.notifySetFacts('inc-1', facts('unknown'))));
    expect(unknown.map((o) => o.rule_id)).toEqual(['gdpr-33-authority']);
    expect(unknown[0].title).toMatch(/or each one concerned/);
    expect(unknown[0].reasons.join(' ')).toMatch(/EU main establishment not recorded/);

    const lead = gdpr(data(await c.notifySetFacts('inc-1', facts('yes', 'IE'))));
    expect(lead.map((o) => [o.rule_id, o.recipient])).toEqual([['gdpr-33-authority', 'Lead supervisory authority (Ireland)']]);

    const split = data(await c.notifySetFacts('inc-1', facts('no')));
    const live = gdpr(split).filter((o) => o.applicability !== 'no_longer_applies');
    expect(live.map((o) => o.rule_id)).toEqual(['gdpr-33-authority@DE', 'gdpr-33-authority@FR']);
    expect(live.every((o) => o.due_utc === '2026-12-04T08:00:00Z')).toBe(true);
    expect(ob(split, 'gdpr-33-authority')?.applicability).toBe('no_longer_applies');
    expect(audit.some((a) => a.action === 'obligation_removed' && a.note.includes('EU main establishment changed'))).toBe(true);
    const sent = data(await c.notifyDecide('inc-1', { rule_id: 'gdpr-33-authority@DE', state: 'sent', note: '', sent_at: null }));
    expect(ob(sent, 'gdpr-33-authority@DE')?.decision.state).toBe('sent');
  });

  it('requires a rationale or legal basis, and records sent decisions on the audit trail', async () => {
    const { c, audit } = setup();
    await c.notifySetFacts('inc-1', { jurisdictions: [{ code: 'FR', people: 3 }], data_categories: ['personal_data'], risk_to_people: 'risk' });
    const refused = await c.notifyDecide('inc-1', { rule_id: 'gdpr-33-authority', state: 'not_required', note: ' ' });
    expect(refused).toMatchObject({ status: 'error', error: { code: 'validation', field: 'note' } });
    const delayed = await c.notifyDecide('inc-1', { rule_id: 'gdpr-33-authority', state: 'delayed' });
    expect(delayed).toMatchObject({ status: 'error', error: { field: 'note' } });
    const v = data(await c.notifyDecide('inc-1', { rule_id: 'gdpr-33-authority', state: 'sent', note: 'Filed', sent_at: '2026-11-22T10:00:00+01:00' }));
    expect(ob(v, 'gdpr-33-authority')?.decision).toMatchObject({ state: 'sent', sent_at: '2026-11-22T10:00:00+01:00', decided_by: 'tester' });
    const last = audit[audit.length - 1];
    expect(last.action).toBe('obligation_decided');
    expect(last.changes).toEqual([
      { field: 'decision', old: 'pending', new: 'sent' },
      { field: 'sent_at', old: null, new: '2026-11-22T10:00:00+01:00' },
    ]);
  });

  it('keeps a lapsed obligation with its decision, and leaves it out of upcoming deadlines', async () => {
    const { c, audit } = setup();
    const facts = { jurisdictions: [{ code: 'DE', people: 10 }], data_categories: ['personal_data' as const], risk_to_people: 'risk' as const, moments: { aware_personal_data_breach: '2026-11-22T03:10:00+01:00' } };
    await c.notifySetFacts('inc-1', facts);
    expect(data(await c.notifyUpcoming(5)).map((d) => d.rule_id)).toContain('gdpr-33-authority');
    const v = data(await c.notifySetFacts('inc-1', { ...facts, risk_to_people: 'unlikely' }));
    expect(ob(v, 'gdpr-33-authority')?.applicability).toBe('no_longer_applies');
    expect(audit[audit.length - 1].action).toBe('obligation_removed');
    expect(data(await c.notifyUpcoming(5)).map((d) => d.rule_id)).not.toContain('gdpr-33-authority');
  });

  it('refuses unknown places and bad times by field', async () => {
    const { c } = setup();
    expect(await c.notifySetFacts('inc-1', { jurisdictions: [{ code: 'ZZ', people: null }] })).toMatchObject({ status: 'error', error: { field: 'jurisdictions' } });
    expect(await c.notifySetFacts('inc-1', { moments: { ransom_paid: 'yesterday' } })).toMatchObject({ status: 'error', error: { field: 'moments.ransom_paid' } });
    expect(await c.remindersSet({ hours_before: 0, os_notifications: true })).toMatchObject({ status: 'error', error: { field: 'hours_before' } });
  });

  it('names affected places no rule covers, with the people count, and leaves covered ones out', async () => {
    const { c } = setup();
    const v = data(
      await c.notifySetFacts('inc-1', {
        jurisdictions: [
          { code: 'DE', people: 1200 },
          { code: 'US-CA', people: 300 },
          { code: 'US-NV', people: 40 },
        ],
        data_categories: ['personal_data'],
      }),
    );
    expect(v.uncovered).toEqual([
      { code: 'US-NV', name: 'Nevada', people: 40, note: "No rule for US-NV (Nevada) in Firebreak's reference — check with counsel." },
    ]);
  });
});
