import { describe, expect, it } from 'vitest';
import { createMessagesMock } from './mock-messages';
import { MOCK_DB_PATH } from './mock-result';
import { createNotifyMock } from './mock-notify';
import type { AuditEntry, Incident, IpcError, Result, StakeholderInput } from './types';

// The dev mock stands in for the backend in `npm run dev`; it must agree with the backend on
// what the UI relies on: the directory's rules, all-or-nothing imports with a line error,
// checked template variables, draft rules, and mark-sent writing the timeline and the decision.

const incident: Incident = {
  id: 'inc-1',
  title: 'Customer database exfiltration',
  incident_type: 'data_breach',
  severity: 'sev1',
  phase: 'containment',
  status: 'open',
  detected_at: '2026-11-22T01:00:00+01:00',
  declared_at: '2026-11-22T01:10:00+01:00',
  commander: 'Dana Cho',
  summary: '',
  revision: 1,
  updated_at: '2026-11-22T00:10:00Z',
  closed_at: null,
};

function setup() {
  const audit: AuditEntry[] = [];
  let n = 0;
  const base = { incidents: () => [incident], audit: () => audit, actor: 'tester', newId: () => `id-${++n}` };
  const notify = createNotifyMock(base);
  const m = createMessagesMock({
    ...base,
    catalog: {
      incident_types: [{ value: 'data_breach', label: 'Data breach', detail: '' }],
      severities: [{ value: 'sev1', label: 'Critical', detail: '' }],
      phases: [{ value: 'containment', label: 'Containment', detail: '' }],
    },
    notify: notify.commands,
  });
  return { audit, c: m.commands, notify: notify.commands };
}

const data = <T>(r: Result<T, IpcError>): T => {
  if (r.status !== 'ok') throw new Error(JSON.stringify(r.error));
  return r.data;
};

const input = (over: Partial<StakeholderInput>): StakeholderInput => ({
  name: 'Test Person',
  organisation: 'Acme',
  category: 'legal',
  primary_channel: 'email',
  primary_address: 'test@acme.example',
  ...over,
});

describe('messages mock: directory', () => {
  it('seeds a directory with out-of-band channels, internal and external', async () => {
    const { c } = setup();
    const list = data(await c.stakeholdersList());
    expect(list.length).toBeGreaterThanOrEqual(9);
    const ico = list.find((s) => s.category === 'regulator');
    expect(ico).toMatchObject({ primary_channel: 'portal', oob_channel: 'phone', internal: false });
    expect(list.find((s) => s.category === 'executive')?.internal).toBe(true);
    expect(list.some((s) => s.oob_channel === null)).toBe(true);
  });

  it('applies the backend rules by field', async () => {
    const { c } = setup();
    expect(await c.stakeholderSave(null, input({ name: ' ' }))).toMatchObject({ status: 'error', error: { code: 'validation', field: 'name' } });
    expect(await c.stakeholderSave(null, input({ primary_address: 'test@' }))).toMatchObject({ error: { field: 'primary_address' } });
    // Hostile contact text: a name that reads as an address, an encoded line break.
    expect(await c.stakeholderSave(null, input({ name: 'Counsel <x@evil.example>, Ops' }))).toMatchObject({ error: { field: 'name' } });
    expect(await c.stakeholderSave(null, input({ primary_address: 'x@evil.example>, y@acme.example' }))).toMatchObject({ error: { field: 'primary_address' } });
    expect(await c.stakeholderSave(null, input({ primary_channel: 'phone', primary_address: '+1 555\nBcc: x@evil.example' }))).toMatchObject({ error: { field: 'primary_address' } });
    expect(await c.stakeholderSave(null, input({ role: 'CISO\r\nBcc: x' }))).toMatchObject({ error: { field: 'role' } });
    expect(await c.stakeholderSave(null, input({ oob_channel: 'email', oob_address: 'home@x.example' }))).toMatchObject({ error: { field: 'oob_channel' } });
    expect(await c.stakeholderSave(null, input({ oob_channel: 'signal' }))).toMatchObject({ error: { field: 'oob_address' } });
    expect(await c.stakeholderSave(null, input({ oob_address: '+1 555' }))).toMatchObject({ error: { field: 'oob_channel' } });
    const phones = input({ primary_channel: 'phone', primary_address: '+1 555 0100', oob_channel: 'phone', oob_address: '+1 555 0199' });
    expect(data(await c.stakeholderSave(null, phones))).toMatchObject({ oob_channel: 'phone', internal: true });
  });

  it('updates by name and organisation, refuses renaming onto another, and archives', async () => {
    const { c } = setup();
    const a = data(await c.stakeholderSave(null, input({})));
    const again = data(await c.stakeholderSave(null, input({ role: 'DPO' })));
    expect(again.id).toBe(a.id);
    const b = data(await c.stakeholderSave(null, input({ name: 'Other' })));
    expect(await c.stakeholderSave(b.id, input({}))).toMatchObject({ error: { code: 'conflict' } });
    data(await c.stakeholderArchive(a.id));
    expect(data(await c.stakeholdersList()).some((s) => s.id === a.id)).toBe(false);
    expect(await c.stakeholderArchive('nope')).toMatchObject({ error: { code: 'not_found' } });
  });

  it('imports all or nothing, naming the bad line, and counts added and updated', async () => {
    const { c } = setup();
    const before = data(await c.stakeholdersList()).length;
    const bad = await c.stakeholdersImport('/home/dana/contacts-bad.csv');
    expect(bad).toMatchObject({ status: 'error', error: { code: 'validation' } });
    expect(bad.status === 'error' && bad.error.message).toMatch(/^contacts-bad\.csv: line 4: .*; nothing was imported$/);
    expect(data(await c.stakeholdersList()).length).toBe(before);
    expect(data(await c.stakeholdersImport('/home/dana/contacts.vcf'))).toEqual({ added: 2, updated: 1 });
    expect(data(await c.stakeholdersImport('/home/dana/contacts.csv'))).toEqual({ added: 0, updated: 3 });
    expect(data(await c.stakeholdersList()).length).toBe(before + 2);
  });

  it('exports to an absolute path only', async () => {
    const { c } = setup();
    expect(await c.stakeholdersExport(' ')).toMatchObject({ error: { code: 'validation', field: 'path' } });
    expect(await c.stakeholdersExport('contacts.csv')).toMatchObject({ error: { code: 'io' } });
    expect(await c.stakeholdersExport(`${MOCK_DB_PATH}-wal`)).toMatchObject({ error: { code: 'validation', field: 'path' } });
    const saved = data(await c.stakeholdersExport('/tmp/contacts.vcf'));
    expect(saved.items).toBe(data(await c.stakeholdersList()).length);
  });
});

describe('messages mock: templates', () => {
  it('lists the five built-in templates at version 1', async () => {
    const { c } = setup();
    const ids = data(await c.templatesList()).map((t) => `${t.id}@${t.version}`);
    expect(ids.sort()).toEqual(['board-brief@1', 'individuals-notice@1', 'insurer-notice@1', 'law-enforcement@1', 'regulator-initial@1']);
  });

  it('refuses unknown variables by field and saves a new version', async () => {
    const { c } = setup();
    const base = { id: 'board-brief', name: 'Board update', audience: 'board', subject: 'Update {{incident_title}}', body: 'Status {{phase}}' };
    const bad = await c.templateSave({ ...base, body: 'Due {{due}}' });
    expect(bad).toMatchObject({ error: { code: 'validation', field: 'body' } });
    expect(bad.status === 'error' && bad.error.message).toMatch(/unknown variable \{\{due\}\}; available: incident_title/);
    expect(await c.templateSave({ ...base, subject: ' ' })).toMatchObject({ error: { field: 'subject' } });
    expect(data(await c.templateSave(base))).toMatchObject({ version: 2, built_in: true });
    expect(data(await c.templateSave(base)).version).toBe(3);
    const fresh = data(await c.templateSave({ ...base, id: null, name: 'Staff notice', audience: 'staff' }));
    expect(fresh).toMatchObject({ version: 1, built_in: false });
    expect(await c.templateSave({ ...base, id: 'missing' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('fills a template from the incident and the obligation, unknowns as [not yet known]', async () => {
    const { c, notify } = setup();
    await notify.notifySetFacts('inc-1', {
      jurisdictions: [{ code: 'DE', people: 1200 }],
      data_categories: ['personal_data'],
      risk_to_people: 'risk',
      moments: { aware_personal_data_breach: '2026-11-22T03:10:00+01:00' },
    });
    const r = data(await c.messageRender('inc-1', 'regulator-initial', 'gdpr-33-authority'));
    expect(r).toMatchObject({ template_id: 'regulator-initial', template_version: 1 });
    expect(r.subject).toBe('Personal data breach notification — Customer database exfiltration');
    expect(r.body).toContain('under GDPR (Notify the lead supervisory authority, or each one concerned)');
    expect(r.body).toContain('When we detected it: 2026-11-22 00:00 UTC (2026-11-22 01:00 +01:00)');
    expect(r.body).toContain('People affected: 1,200 (Germany)');
    expect(r.body).toContain('What happened: [not yet known]');
    expect(r.body).toContain('Contact: tester');
    const plain = data(await c.messageRender('inc-1', 'regulator-initial', null));
    expect(plain.body).toContain('under [not yet known] ([not yet known])');
    expect(await c.messageRender('inc-1', 'nope', null)).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('messages mock: drafts and sending', () => {
  async function people(c: ReturnType<typeof setup>['c']) {
    const list = data(await c.stakeholdersList());
    return { priya: list.find((s) => s.name === 'Priya Raman')!, harriet: list.find((s) => s.name === 'Harriet Okafor')! };
  }

  it('saves a draft without recipients; sending it needs one', async () => {
    const { c } = setup();
    const d = { id: null, rule_id: null, template_id: null, template_version: null, channel: 'email' as const, subject: 'S', body: 'B' };
    const bare = data(await c.messageSaveDraft('inc-1', { ...d, other_recipients: [' '] }));
    expect(bare.recipients).toEqual([]);
    expect(await c.messageMarkSent('inc-1', bare.id, null)).toMatchObject({ error: { code: 'validation', field: 'recipients' } });
    expect(await c.messageSaveDraft('inc-1', { ...d, body: ' ', other_recipients: ['a@b.example'] })).toMatchObject({ error: { field: 'body' } });
    expect(await c.messageSaveDraft('inc-1', { ...d, stakeholder_ids: ['ghost'] })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('uses the out-of-band address when the channel is the out-of-band one', async () => {
    const { c } = setup();
    const { priya, harriet } = await people(c);
    const d = { id: null, rule_id: null, template_id: null, template_version: null, stakeholder_ids: [priya.id, harriet.id], other_recipients: ['dpo@x.example'], subject: 'S', body: 'B' };
    const signal = data(await c.messageSaveDraft('inc-1', { ...d, channel: 'signal' }));
    expect(signal.recipients).toEqual([
      { stakeholder_id: priya.id, name: 'Priya Raman', address: priya.oob_address },
      { stakeholder_id: harriet.id, name: 'Harriet Okafor', address: harriet.primary_address },
      { stakeholder_id: null, name: '', address: 'dpo@x.example' },
    ]);
    const email = data(await c.messageSaveDraft('inc-1', { ...d, id: signal.id, channel: 'email' }));
    expect(email.id).toBe(signal.id);
    expect(email.recipients[0].address).toBe(priya.primary_address);
    expect(data(await c.messagesList('inc-1'))).toHaveLength(1);
  });

  it('marks sent: final, on the timeline with the exact text, and the obligation decided', async () => {
    const { c, notify, audit } = setup();
    await notify.notifySetFacts('inc-1', { jurisdictions: [{ code: 'FR', people: 3 }], data_categories: ['personal_data'], risk_to_people: 'risk' });
    const { priya } = await people(c);
    const draft = data(
      await c.messageSaveDraft('inc-1', {
        id: null,
        rule_id: 'gdpr-33-authority',
        template_id: 'regulator-initial',
        template_version: 1,
        stakeholder_ids: [priya.id],
        channel: 'email',
        subject: 'Breach notification',
        body: 'Exact words.',
      }),
    );
    expect(await c.messageMarkSent('inc-1', draft.id, 'yesterday')).toMatchObject({ error: { code: 'validation', field: 'sent_at' } });
    const sent = data(await c.messageMarkSent('inc-1', draft.id, '2026-11-22T10:00:00+01:00'));
    expect(sent).toMatchObject({ sent: true, sent_at: '2026-11-22T10:00:00+01:00', sent_by: 'tester' });

    const entry = audit.find((a) => a.action === 'message_sent');
    expect(entry).toMatchObject({ subject: 'Breach notification', note: 'Exact words.' });
    expect(entry?.changes).toEqual([
      { field: 'recipients', old: null, new: `Priya Raman <${priya.primary_address}>` },
      { field: 'channel', old: null, new: 'email' },
      { field: 'sent_at', old: null, new: '2026-11-22T10:00:00+01:00' },
      { field: 'subject', old: null, new: 'Breach notification' },
    ]);
    const view = data(await notify.notifyView('inc-1'));
    expect(audit.some((a) => a.action === 'obligation_decided' && a.changes.some((ch) => ch.new === 'drafted'))).toBe(true);
    expect(view.obligations.find((o) => o.rule_id === 'gdpr-33-authority')?.decision).toMatchObject({
      state: 'sent',
      sent_at: '2026-11-22T10:00:00+01:00',
    });

    expect(await c.messageMarkSent('inc-1', draft.id, null)).toMatchObject({ error: { code: 'conflict' } });
    const edit = await c.messageSaveDraft('inc-1', { id: draft.id, rule_id: null, template_id: null, template_version: null, stakeholder_ids: [priya.id], channel: 'email', subject: 'x', body: 'y' });
    expect(edit).toMatchObject({ error: { code: 'conflict' } });
  });

  it('keeps nothing when the obligation cannot be decided', async () => {
    const { c, audit } = setup();
    const d = data(
      await c.messageSaveDraft('inc-1', { id: null, rule_id: 'not-a-rule', template_id: null, template_version: null, other_recipients: ['a@b.example'], channel: 'email', subject: 'S', body: 'B' }),
    );
    expect(await c.messageMarkSent('inc-1', d.id, null)).toMatchObject({ status: 'error', error: { code: 'not_found' } });
    expect(data(await c.messagesList('inc-1'))[0].sent).toBe(false);
    expect(audit.some((a) => a.action === 'message_sent')).toBe(false);
  });

  it('exports .eml for a stored message to an absolute path', async () => {
    const { c } = setup();
    const d = data(
      await c.messageSaveDraft('inc-1', { id: null, rule_id: null, template_id: null, template_version: null, other_recipients: ['a@b.example'], channel: 'email', subject: 'S', body: 'B' }),
    );
    expect(await c.messageExportEml('inc-1', d.id, '')).toMatchObject({ error: { field: 'path' } });
    expect(await c.messageExportEml('inc-1', 'nope', '/tmp/x.eml')).toMatchObject({ error: { code: 'not_found' } });
    expect(data(await c.messageExportEml('inc-1', d.id, '/tmp/x.eml'))).toMatchObject({ path: '/tmp/x.eml', items: 1 });
  });
});
