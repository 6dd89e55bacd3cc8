import { describe, expect, it } from 'vitest';
import type { Catalog, IncidentType } from './types';
import { diagnosticText, orderPlaybooks, previewPlaybook, primarySuggestion, sectionCountsText, splitSnippet, localDate, reviewStatus } from './playbooks';

describe('splitSnippet', () => {
  it('splits matched terms out of the snippet', () => {
    expect(splitSnippet('…isolate \u0002ransomware\u0003 hosts, \u0002ransom\u0003 note')).toEqual([
      { text: '…isolate ', match: false },
      { text: 'ransomware', match: true },
      { text: ' hosts, ', match: false },
      { text: 'ransom', match: true },
      { text: ' note', match: false },
    ]);
  });

  it('handles matches at the edges, empty matches and plain text', () => {
    expect(splitSnippet('\u0002a\u0003b\u0002\u0003')).toEqual([
      { text: 'a', match: true },
      { text: 'b', match: false },
    ]);
    expect(splitSnippet('plain')).toEqual([{ text: 'plain', match: false }]);
    expect(splitSnippet('')).toEqual([]);
  });

  it('never leaks a stray marker into the text', () => {
    const parts = splitSnippet('x\u0003y\u0002z');
    expect(parts.map((p) => p.text).join('')).toBe('xyz');
    expect(parts.at(-1)).toEqual({ text: 'z', match: true });
  });
});

const pb = (id: string, ...types: IncidentType[]) => ({ id, incident_types: types });
const library = [
  pb('business-email-compromise', 'business_email_compromise'),
  pb('data-breach', 'data_breach', 'ransomware'),
  pb('unclassified-triage', 'other'),
  pb('ransomware', 'ransomware'),
  pb('ddos', 'ddos'),
];

describe('orderPlaybooks', () => {
  it('suggests the playbooks for the type, then triage, and keeps the rest after', () => {
    const { suggested, others } = orderPlaybooks(library, 'ransomware');
    expect(suggested.map((p) => p.id)).toEqual(['data-breach', 'ransomware', 'unclassified-triage']);
    expect(others.map((p) => p.id)).toEqual(['business-email-compromise', 'ddos']);
  });

  it('suggests only triage when nothing is written for the type', () => {
    expect(orderPlaybooks(library, 'insider_threat').suggested.map((p) => p.id)).toEqual(['unclassified-triage']);
  });

  it('does not list triage twice for "other" incidents', () => {
    const { suggested, others } = orderPlaybooks(library, 'other');
    expect(suggested.map((p) => p.id)).toEqual(['unclassified-triage']);
    expect(others).toHaveLength(4);
  });

  it('offers the first suggestion that is not running yet', () => {
    expect(primarySuggestion(library, 'ransomware', [])?.id).toBe('data-breach');
    expect(primarySuggestion(library, 'ransomware', ['data-breach'])?.id).toBe('ransomware');
    expect(primarySuggestion(library, 'ddos', ['ddos', 'unclassified-triage'])).toBeNull();
  });
});

it('lists step counts in section order', () => {
  const catalog = {
    sections: [
      { value: 'triage', label: 'Triage', detail: '' },
      { value: 'containment', label: 'Containment', detail: '' },
    ],
  } as unknown as Catalog;
  expect(
    sectionCountsText(catalog, [
      { section: 'containment', steps: 4 },
      { section: 'triage', steps: 2 },
      { section: 'post_incident', steps: 0 },
    ]),
  ).toBe('Triage 2 · Containment 4');
});

describe('previewPlaybook', () => {
  it('reads the top-level id, title, version and counts steps', () => {
    const toml = 'id = "phishing-click"\ntitle = "Phishing \\"link\\" clicked"\nversion = 2\n\n[[steps]]\nid = "reset"\ntitle = "Reset"\n\n[[steps]]\nid = "b"\n';
    expect(previewPlaybook(toml)).toEqual({ id: 'phishing-click', title: 'Phishing "link" clicked', version: 2, steps: 2 });
  });

  it('does not take a step id for the playbook id', () => {
    expect(previewPlaybook('title = "x"\n[[steps]]\nid = "step"').id).toBeNull();
  });
});

it('formats diagnostics like the CLI', () => {
  expect(diagnosticText('bec.toml', { line: 12, col: 5, message: 'unknown key `ownr`' })).toBe('bec.toml:12:5: unknown key `ownr`');
});

describe('reviewStatus', () => {
  it('says when the playbook was checked and flags a passed review date', () => {
    const p = { reviewed: '2026-12-08', review_by: '2027-06-08' };
    expect(reviewStatus(p, '2027-06-08')).toEqual({
      text: 'Checked against its sources on 2026-12-08; next review due 2027-06-08.',
      overdue: false,
    });
    expect(reviewStatus(p, '2027-06-09')).toEqual({
      text: 'Checked against its sources on 2026-12-08; review was due 2027-06-08: overdue.',
      overdue: true,
    });
    expect(reviewStatus({ reviewed: null, review_by: null }, '2027-01-01')).toBeNull();
    expect(localDate(new Date(2027, 0, 5, 23, 59))).toBe('2027-01-05');
  });
});
