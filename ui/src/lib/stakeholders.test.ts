import { describe, expect, it } from 'vitest';
import {
  contactFormatOf,
  emptyStakeholderForm,
  formFromStakeholder,
  groupStakeholders,
  importResultText,
  isInternal,
  lacksOob,
  looksLikeEmail,
  matchesSearch,
  parseStakeholderForm,
  recipientAddress,
  toStakeholderInput,
  validateStakeholder,
  withExtension,
} from './stakeholders';
import type { Stakeholder } from './types';

const person = (over: Partial<Stakeholder>): Stakeholder => ({
  id: over.name ?? 'x',
  name: 'Someone',
  organisation: 'Northwind',
  role: '',
  category: 'other',
  internal: false,
  primary_channel: 'email',
  primary_address: 'someone@northwind.example',
  oob_channel: null,
  oob_address: '',
  notes: '',
  updated_at: '2026-11-22T00:00:00Z',
  ...over,
});

describe('recipient address', () => {
  const ciso = person({ name: 'Priya', oob_channel: 'signal', oob_address: '+44 7700 900123' });

  it('uses the primary address on the primary channel', () => {
    expect(recipientAddress(ciso, 'email')).toEqual({ address: 'someone@northwind.example', oob: false, channel: 'email', matches: true });
  });

  it('uses the out-of-band address when the message goes by the out-of-band channel', () => {
    expect(recipientAddress(ciso, 'signal')).toEqual({ address: '+44 7700 900123', oob: true, channel: 'signal', matches: true });
  });

  it('falls back to the primary address, and says so, when the person has nothing on that channel', () => {
    expect(recipientAddress(ciso, 'sms')).toMatchObject({ address: 'someone@northwind.example', oob: false, channel: 'email', matches: false });
    expect(recipientAddress(person({}), 'phone')).toMatchObject({ oob: false, matches: false });
  });

  it('prefers the out-of-band number when both channels are phones (a second number)', () => {
    const both = person({ primary_channel: 'phone', primary_address: '+1 555 0100', oob_channel: 'phone', oob_address: '+1 555 0199' });
    expect(recipientAddress(both, 'phone')).toMatchObject({ address: '+1 555 0199', oob: true });
  });
});

describe('stakeholder form', () => {
  const valid = { ...emptyStakeholderForm('legal'), name: 'Marcus Bell', primary_address: 'marcus@northwind.example' };

  it('accepts a valid entry, with or without an out-of-band channel', () => {
    expect(validateStakeholder(valid)).toEqual({});
    expect(validateStakeholder({ ...valid, oob_channel: 'phone', oob_address: '+44 20 7946 0102' })).toEqual({});
  });

  it('needs a name and an address that fits the channel', () => {
    expect(validateStakeholder({ ...valid, name: '  ' }).name).toMatch(/name/);
    expect(validateStakeholder({ ...valid, primary_address: '' }).primary_address).toMatch(/email address/);
    expect(validateStakeholder({ ...valid, primary_address: 'marcus@' }).primary_address).toMatch(/not an email address/);
    expect(validateStakeholder({ ...valid, primary_channel: 'phone', primary_address: '+44 20 7946 0102' })).toEqual({});
    expect(validateStakeholder({ ...valid, primary_channel: 'in_person', primary_address: '' })).toEqual({});
  });

  it('refuses an out-of-band channel equal to the primary one, except a second phone', () => {
    expect(validateStakeholder({ ...valid, oob_channel: 'email', oob_address: 'm@home.example' }).oob_channel).toMatch(/different/);
    const phone = { ...valid, primary_channel: 'phone' as const, primary_address: '+1 555 0100' };
    expect(validateStakeholder({ ...phone, oob_channel: 'phone', oob_address: '+1 555 0199' })).toEqual({});
  });

  it('needs the out-of-band address for the chosen channel, and a channel for an address', () => {
    expect(validateStakeholder({ ...valid, oob_channel: 'signal' }).oob_address).toMatch(/Signal number/);
    expect(validateStakeholder({ ...valid, oob_address: '+44 7700 900123' }).oob_channel).toMatch(/Choose/);
  });

  it('sends trimmed values and no out-of-band address without a channel', () => {
    const input = toStakeholderInput({ ...valid, name: ' Marcus Bell ', oob_channel: '', oob_address: 'left over' });
    expect(input).toMatchObject({ name: 'Marcus Bell', category: 'legal', oob_channel: null, oob_address: '' });
  });

  it('round-trips a stakeholder and distrusts stored drafts', () => {
    const s = person({ name: 'A', oob_channel: 'sms', oob_address: '+1' });
    expect(formFromStakeholder(s)).toMatchObject({ oob_channel: 'sms', oob_address: '+1' });
    expect(formFromStakeholder(person({})).oob_channel).toBe('');
    expect(parseStakeholderForm({ name: 'B', category: 'pirate', primary_channel: 'fax', oob_channel: 7 })).toMatchObject({
      name: 'B',
      category: 'other',
      primary_channel: 'email',
      oob_channel: '',
    });
    expect(parseStakeholderForm('nope')).toBeNull();
  });

  it('reads email addresses as the backend does', () => {
    expect(looksLikeEmail('a@b.example')).toBe(true);
    expect(looksLikeEmail('a@b')).toBe(false);
    expect(looksLikeEmail('@b.example')).toBe(false);
    expect(looksLikeEmail('a b@c.example')).toBe(false);
    expect(looksLikeEmail('a@.example')).toBe(false);
    expect(looksLikeEmail('x@evil.example>, y@acme.example')).toBe(false);
    expect(looksLikeEmail('Ops <ops@acme.example>')).toBe(false);
    expect(looksLikeEmail('zoë@exämple.example')).toBe(true);
  });
});

describe('directory listing', () => {
  const list = [
    person({ name: 'Zoe Board', category: 'board' }),
    person({ name: 'ICO', category: 'regulator', organisation: "Information Commissioner's Office", oob_channel: 'phone', oob_address: '0303 123 1113' }),
    person({ name: 'Amy CISO', category: 'executive', role: 'CISO' }),
    person({ name: 'Lena', category: 'forensics', notes: 'retainer RF-2291' }),
  ];

  it('groups internal then external, by category then name', () => {
    const g = groupStakeholders(list);
    expect(g.internal.map((s) => s.name)).toEqual(['Amy CISO', 'Zoe Board']);
    expect(g.external.map((s) => s.name)).toEqual(['ICO', 'Lena']);
    expect(isInternal('legal')).toBe(true);
    expect(isInternal('outside_counsel')).toBe(false);
  });

  it('searches every word across name, organisation, role, category, addresses and notes', () => {
    expect(matchesSearch(list[1], 'commissioner 0303')).toBe(true);
    expect(matchesSearch(list[3], 'rf-2291')).toBe(true);
    expect(matchesSearch(list[2], 'ciso executive')).toBe(true);
    expect(matchesSearch(list[2], 'ciso regulator')).toBe(false);
    expect(groupStakeholders(list, 'regulator').external.map((s) => s.name)).toEqual(['ICO']);
  });

  it('flags people with no out-of-band channel', () => {
    expect(list.filter(lacksOob).map((s) => s.name)).toEqual(['Zoe Board', 'Amy CISO', 'Lena']);
  });
});

describe('contact files', () => {
  it('picks the format by extension like the backend', () => {
    expect(contactFormatOf('/tmp/a.vcf')).toBe('vcf');
    expect(contactFormatOf('/tmp/a.VCARD')).toBe('vcf');
    expect(contactFormatOf('/tmp/a.csv')).toBe('csv');
    expect(contactFormatOf('/tmp/a.txt')).toBe('csv');
  });

  it('swaps or adds the extension, keeping folder and name', () => {
    expect(withExtension('/home/dana/stakeholders.csv', 'vcf')).toBe('/home/dana/stakeholders.vcf');
    expect(withExtension('/home/dana.d/stakeholders', 'csv')).toBe('/home/dana.d/stakeholders.csv');
    expect(withExtension('/home/dana/.contacts', 'csv')).toBe('/home/dana/.contacts.csv');
    expect(withExtension('', 'csv')).toBe('');
  });

  it('says what an import did', () => {
    expect(importResultText({ added: 2, updated: 1 })).toBe('Added 2, updated 1');
  });
});
