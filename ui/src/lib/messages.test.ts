import { describe, expect, it } from 'vitest';
import {
  buildDraft,
  composerFromMessage,
  composersEqual,
  draftFor,
  emlFileName,
  emptyComposer,
  fillTemplate,
  findGaps,
  insertVariable,
  parseComposer,
  parseOtherRecipients,
  pickerList,
  placeholders,
  previewRecipients,
  recipientsSummary,
  recipientText,
  sortMessages,
  templateForAudience,
  TEMPLATE_VARIABLES,
  unknownVariables,
  validateComposer,
  validateForSending,
  peopleText,
  variablesError,
} from './messages';
import type { Message, Stakeholder, Template } from './types';

const person = (id: string, over: Partial<Stakeholder> = {}): Stakeholder => ({
  id,
  name: id,
  organisation: '',
  role: '',
  category: 'other',
  internal: false,
  primary_channel: 'email',
  primary_address: `${id.toLowerCase()}@example.org`,
  oob_channel: null,
  oob_address: '',
  notes: '',
  updated_at: '2026-11-22T00:00:00Z',
  ...over,
});

const tpl = (id: string, audience: string): Template => ({ id, version: 1, name: id, audience, regime: '', subject: '', body: '', built_in: true });

const msg = (id: string, over: Partial<Message> = {}): Message => ({
  id,
  incident_id: 'inc',
  rule_id: null,
  template_id: null,
  template_version: null,
  recipients: [],
  channel: 'email',
  subject: id,
  body: 'text',
  sent: false,
  sent_at: null,
  sent_by: '',
  updated_at: '2026-11-22T01:00:00Z',
  ...over,
});

describe('template variables', () => {
  it('reads placeholder names like the backend (trimmed, unclosed ignored)', () => {
    expect(placeholders('Hi {{ recipient }}, re {{incident_title}} {{oops')).toEqual(['recipient', 'incident_title']);
  });

  it('finds unknown variables and words the error with the list of available ones', () => {
    expect(unknownVariables('{{incident_titel}} {{today}} {{incident_titel}}')).toEqual(['incident_titel']);
    expect(variablesError('{{today}}')).toBeNull();
    const e = variablesError('Due {{due}}');
    expect(e).toMatch(/^unknown variable \{\{due\}\}; available: incident_title, /);
    expect(e).toContain(TEMPLATE_VARIABLES.join(', '));
  });

  it('fills known names and leaves unknown or unclosed ones as written', () => {
    const v = { incident_title: 'FS01', sender: 'dana' };
    expect(fillTemplate('Re {{incident_title}} from {{ sender }}', v)).toBe('Re FS01 from dana');
    expect(fillTemplate('{{nope}} and {{incident_title}}', v)).toBe('{{nope}} and FS01');
    expect(fillTemplate('open {{incident_title', v)).toBe('open {{incident_title');
    expect(fillTemplate('no variables', v)).toBe('no variables');
  });

  it('inserts {{name}} at the cursor, replacing a selection, and puts the cursor after it', () => {
    expect(insertVariable('Dear ,', 5, 5, 'recipient')).toEqual({ text: 'Dear {{recipient}},', cursor: 18 });
    expect(insertVariable('Dear XX,', 5, 7, 'recipient')).toEqual({ text: 'Dear {{recipient}},', cursor: 18 });
    expect(insertVariable('End', null, null, 'today')).toEqual({ text: 'End{{today}}', cursor: 12 });
    expect(insertVariable('ab', 99, 99, 'today').text).toBe('ab{{today}}');
  });
});

describe('gaps', () => {
  it('lists prompts and literal variables still in the text, with counts', () => {
    const gaps = findGaps('[Critical] Update', 'People: [not yet known]\nNext: [describe]\nWhen: [not yet known]\n{{today}}');
    expect(gaps).toEqual([
      { text: '[not yet known]', count: 2 },
      { text: '[describe]', count: 1 },
      { text: '{{today}}', count: 1 },
    ]);
    expect(findGaps('All filled in.')).toEqual([]);
  });
});

describe('choosing template and recipients', () => {
  const templates = [tpl('board-brief', 'board'), tpl('insurer-notice', 'insurer'), tpl('individuals-notice', 'individuals'), tpl('regulator-initial', 'regulator'), tpl('sec-8k', 'public_filing')];

  it('preselects by audience: regulator and individuals by id, others by audience, else the first', () => {
    expect(templateForAudience(templates, 'regulator')?.id).toBe('regulator-initial');
    expect(templateForAudience(templates, 'individuals')?.id).toBe('individuals-notice');
    expect(templateForAudience(templates, 'public_filing')?.id).toBe('sec-8k');
    expect(templateForAudience(templates, 'martians')?.id).toBe('board-brief');
    expect(templateForAudience(templates, null)?.id).toBe('board-brief');
    expect(templateForAudience([], 'regulator')).toBeNull();
    expect(templateForAudience([tpl('my-dpa', 'regulator')], 'regulator')?.id).toBe('my-dpa');
  });

  it('lists people usually told for the audience first, and filters', () => {
    const list = [person('Amy', { category: 'executive' }), person('ICO', { category: 'regulator' }), person('Bob', { category: 'legal' })];
    expect(pickerList(list, 'regulator', '').map((s) => s.id)).toEqual(['ICO', 'Amy', 'Bob']);
    expect(pickerList(list, null, '').map((s) => s.id)).toEqual(['Amy', 'Bob', 'ICO']);
    expect(pickerList(list, null, 'bob@').map((s) => s.id)).toEqual(['Bob']);
  });

  it('splits free-text recipients on commas, semicolons and lines', () => {
    expect(parseOtherRecipients(' a@x.example; b@y.example,\n\nc@z.example ')).toEqual(['a@x.example', 'b@y.example', 'c@z.example']);
    expect(parseOtherRecipients('  ')).toEqual([]);
  });

  it('previews each recipient at the address the backend will use', () => {
    const dir = [person('Priya', { oob_channel: 'signal', oob_address: '+44 7700 900123' }), person('Marcus')];
    const signal = previewRecipients(dir, ['Priya', 'Marcus', 'gone'], 'signal', 'dpo@x.example');
    expect(signal.map((r) => [r.name, r.address, r.resolved?.oob ?? null, r.resolved?.matches ?? null])).toEqual([
      ['Priya', '+44 7700 900123', true, true],
      ['Marcus', 'marcus@example.org', false, false],
      ['', 'dpo@x.example', null, null],
    ]);
    expect(previewRecipients(dir, ['Priya'], 'email', '')[0].address).toBe('priya@example.org');
  });

  it('writes recipients as Name <address>', () => {
    expect(recipientText({ name: 'Priya', address: 'p@x.example' })).toBe('Priya <p@x.example>');
    expect(recipientText({ name: '', address: 'p@x.example' })).toBe('p@x.example');
    expect(recipientsSummary([{ stakeholder_id: null, name: 'A', address: 'a' }, { stakeholder_id: null, name: '', address: 'b@x' }, { stakeholder_id: null, name: 'C', address: 'c' }])).toBe(
      'A, b@x and 1 more',
    );
  });
});

describe('people affected in a message', () => {
  it('keeps the known counts when one place is unknown', () => {
    expect(peopleText([{ name: 'Germany', people: 1200 }, { name: 'California', people: 300 }, { name: 'Texas', people: null }])).toEqual({
      total: 'at least 1,500',
      places: 'Germany 1,200, California 300, Texas number not yet known',
    });
    expect(peopleText([{ name: 'Germany', people: 1200 }]).total).toBe('1,200');
    expect(peopleText([{ name: 'Texas', people: null }]).total).toBeNull();
    expect(peopleText([])).toEqual({ total: null, places: null });
  });
});

describe('composer form', () => {
  it('saves a draft with a subject and a body; sending also needs a recipient', () => {
    const e = validateComposer(emptyComposer());
    expect(Object.keys(e).sort()).toEqual(['body', 'subject']);
    expect(validateComposer({ ...emptyComposer(), subject: 'S', body: 'B' })).toEqual({});
    expect(Object.keys(validateForSending({ ...emptyComposer(), subject: 'S', body: 'B' }))).toEqual(['recipients']);
    expect(validateForSending({ ...emptyComposer(), other: 'x@y.example', subject: 'S', body: 'B' })).toEqual({});
    expect(validateComposer({ ...emptyComposer(), stakeholder_ids: ['a'], subject: 'S', body: ' ' }).body).toBeDefined();
  });

  it('builds the draft input: no template version without a template, extra recipients split', () => {
    const f = { ...emptyComposer(), stakeholder_ids: ['a'], other: 'x@y.example; z@y.example', subject: 'S', body: 'B', template_version: 3 };
    expect(buildDraft(f, null, 'gdpr-33-authority')).toEqual({
      id: null,
      rule_id: 'gdpr-33-authority',
      template_id: null,
      template_version: null,
      stakeholder_ids: ['a'],
      other_recipients: ['x@y.example', 'z@y.example'],
      channel: 'email',
      subject: 'S',
      body: 'B',
    });
    expect(buildDraft({ ...f, template_id: 'board-brief' }, 'm1', null)).toMatchObject({ id: 'm1', template_id: 'board-brief', template_version: 3 });
  });

  it('reopens a draft: directory people by id, archived ones and free addresses as text', () => {
    const m = msg('m', {
      channel: 'signal',
      recipients: [
        { stakeholder_id: 'Priya', name: 'Priya', address: '+44' },
        { stakeholder_id: 'Archived', name: 'Old', address: 'old@x.example' },
        { stakeholder_id: null, name: '', address: 'dpo@x.example' },
      ],
    });
    const f = composerFromMessage(m, [person('Priya')]);
    expect(f.stakeholder_ids).toEqual(['Priya']);
    expect(f.other).toBe('old@x.example\ndpo@x.example');
    expect(f.channel).toBe('signal');
    expect(composerFromMessage(msg('m', { channel: 'carrier pigeon' }), []).channel).toBe('email');
  });

  it('compares forms ignoring recipient order and stray whitespace in extra recipients', () => {
    const a = { ...emptyComposer(), stakeholder_ids: ['a', 'b'], other: 'x ' };
    expect(composersEqual(a, { ...a, stakeholder_ids: ['b', 'a'], other: 'x' })).toBe(true);
    expect(composersEqual(a, { ...a, body: 'changed' })).toBe(false);
  });

  it('distrusts a stored composer', () => {
    expect(parseComposer({ subject: 'S', channel: 'fax', stakeholder_ids: ['a', 3], template_version: 2 })).toMatchObject({
      subject: 'S',
      channel: 'email',
      stakeholder_ids: ['a'],
      template_version: 2,
    });
    expect(parseComposer(null)).toBeNull();
  });

  it('names the .eml after the subject', () => {
    expect(emlFileName('Personal data breach notification — Ransomware on FS01')).toBe('personal-data-breach-notification-ransomware-on-fs01.eml');
    expect(emlFileName('!!!')).toBe('message.eml');
  });
});

describe('sent log', () => {
  it('orders newest first: sent by sent time, drafts by last save', () => {
    const list = [
      msg('old-draft', { updated_at: '2026-11-22T01:00:00Z' }),
      msg('sent', { sent: true, sent_at: '2026-11-22T04:00:00+01:00', updated_at: '2026-11-22T05:00:00Z' }),
      msg('new-draft', { updated_at: '2026-11-22T04:00:00Z' }),
    ];
    expect(sortMessages(list).map((m) => m.id)).toEqual(['new-draft', 'sent', 'old-draft']);
  });

  it('finds the newest unsent draft for an obligation', () => {
    const list = [
      msg('a', { rule_id: 'r', updated_at: '2026-11-22T01:00:00Z' }),
      msg('b', { rule_id: 'r', updated_at: '2026-11-22T02:00:00Z' }),
      msg('c', { rule_id: 'r', sent: true, sent_at: '2026-11-22T09:00:00Z' }),
    ];
    expect(draftFor(list, 'r')?.id).toBe('b');
    expect(draftFor(list, 'other')).toBeNull();
  });
});
