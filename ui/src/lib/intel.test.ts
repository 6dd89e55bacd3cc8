import { describe, expect, it } from 'vitest';
import { importedText, intelHeading, intelSummary, nothingToImport, unmarkedCount } from './intel';
import type { IntelItem } from './types';

const item = (value: string, tlp_marked = true): IntelItem => ({
  ioc_type: 'domain',
  value,
  tlp: 'amber',
  tlp_marked,
  description: '',
  source: 'indicator--1',
  first_seen: null,
  last_seen: null,
});

describe('threat-intelligence import wording', () => {
  it('names the file and counts what will happen', () => {
    expect(intelHeading({ format: 'misp', file_name: 'event.json', title: 'Phishing wave' })).toBe('MISP event event.json — Phishing wave');
    expect(intelHeading({ format: 'stix', file_name: 'b.json', title: '' })).toBe('STIX 2.1 bundle b.json');
    const p = { to_add: [item('a.example'), item('b.example', false)], duplicates: [item('c.example', false)], unsupported: [], other_objects: '' };
    expect(intelSummary({ ...p, unsupported: [{ source: 's', part: 'x', reason: 'y' }] })).toBe('2 indicators to add · 1 already recorded · 1 not imported');
    expect(unmarkedCount(p)).toBe(2);
    expect(nothingToImport(p)).toBeNull();
    expect(nothingToImport({ to_add: [], duplicates: [], other_objects: '1 campaign' })).toBe(
      'This file has no indicator Firebreak can import. The file holds 1 campaign, which are not indicators.',
    );
  });

  it('says what the import did', () => {
    expect(importedText({ format: 'stix', file_name: 'apt1.json', added: 10, already_known: 0, unsupported: 4 })).toBe(
      'Imported 10 indicators from STIX 2.1 bundle apt1.json; 4 not imported (listed on the timeline entry).',
    );
    expect(importedText({ format: 'misp', file_name: 'e.json', added: 1, already_known: 2, unsupported: 0 })).toBe(
      'Imported 1 indicator from MISP event e.json; 2 already recorded (sightings merged).',
    );
  });
});
