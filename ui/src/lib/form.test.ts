import { describe, expect, it } from 'vitest';
import type { Incident } from './types';
import {
  buildPatch,
  emptyForm,
  formFromIncident,
  overlappingChanges,
  patchIsEmpty,
  rebaseForm,
  toNewIncident,
  validateForm,
  type IncidentForm,
} from './form';

// vite.config.ts runs tests with TZ=Europe/Paris.
const incident: Incident = {
  id: '0193a5c2-0001-7000-8000-000000000001',
  title: 'Ransomware on file server FS01',
  incident_type: 'ransomware',
  severity: 'sev2',
  phase: 'containment',
  status: 'open',
  detected_at: '2026-11-21T23:40:00+01:00',
  declared_at: '2026-11-22T00:05:00+01:00',
  commander: 'Dana Cho',
  summary: 'Encrypted shares.',
  revision: 4,
  updated_at: '2026-11-22T01:00:00Z',
  closed_at: null,
};

const base = (): IncidentForm => formFromIncident(incident);
const NOW = Date.UTC(2026, 10, 22, 3, 0);

describe('formFromIncident', () => {
  it('prefills detected-at as a local datetime-local value', () => {
    expect(base().detected_at).toBe('2026-11-21T23:40');
  });
});

describe('buildPatch', () => {
  it('sends nothing but the revision when nothing changed', () => {
    const patch = buildPatch(base(), base(), 4);
    expect(patch).toEqual({
      expected_revision: 4,
      title: null,
      incident_type: null,
      severity: null,
      phase: null,
      detected_at: null,
      commander: null,
      summary: null,
    });
    expect(patchIsEmpty(patch)).toBe(true);
  });

  it('sends only the changed fields', () => {
    const form = { ...base(), severity: 'sev1' as const, phase: 'eradication' as const };
    const patch = buildPatch(base(), form, 4);
    expect(patch.severity).toBe('sev1');
    expect(patch.phase).toBe('eradication');
    expect(patch.title).toBeNull();
    expect(patch.commander).toBeNull();
    expect(patch.detected_at).toBeNull();
    expect(patchIsEmpty(patch)).toBe(false);
  });

  it('ignores whitespace-only edits and trims real ones', () => {
    const form = { ...base(), title: `  ${incident.title}  `, commander: ' Luis Ortega ' };
    const patch = buildPatch(base(), form, 4);
    expect(patch.title).toBeNull();
    expect(patch.commander).toBe('Luis Ortega');
  });

  it('sends an emptied text field as an empty string, not as "unchanged"', () => {
    const patch = buildPatch(base(), { ...base(), commander: '' }, 4);
    expect(patch.commander).toBe('');
  });

  it('converts a changed detected-at to RFC 3339 with the local offset', () => {
    const patch = buildPatch(base(), { ...base(), detected_at: '2026-11-21T22:15' }, 4);
    expect(patch.detected_at).toBe('2026-11-21T22:15:00+01:00');
  });

  it('passes the revision through, including "no check"', () => {
    expect(buildPatch(base(), base(), null).expected_revision).toBeNull();
  });
});

describe('validateForm', () => {
  it('requires a title', () => {
    const errors = validateForm({ ...emptyForm(), title: '   ' }, { nowMs: NOW, detectedRequired: false });
    expect(Object.keys(errors)).toEqual(['title']);
  });

  it('limits the title to 200 characters', () => {
    const ok = validateForm({ ...emptyForm(), title: 'x'.repeat(200) }, { nowMs: NOW, detectedRequired: false });
    const long = validateForm({ ...emptyForm(), title: 'x'.repeat(201) }, { nowMs: NOW, detectedRequired: false });
    expect(ok.title).toBeUndefined();
    expect(long.title).toContain('200');
  });

  it('allows an empty detected-at when declaring but not when editing', () => {
    const form = { ...emptyForm(), title: 'Phishing wave' };
    expect(validateForm(form, { nowMs: NOW, detectedRequired: false }).detected_at).toBeUndefined();
    expect(validateForm(form, { nowMs: NOW, detectedRequired: true }).detected_at).toBeDefined();
  });

  it('rejects a detection time in the future', () => {
    // NOW is 04:00 in Paris.
    const form = { ...emptyForm(), title: 'Phishing wave', detected_at: '2026-11-22T05:00' };
    expect(validateForm(form, { nowMs: NOW, detectedRequired: false }).detected_at).toMatch(/future/);
    const past = { ...form, detected_at: '2026-11-22T03:55' };
    expect(validateForm(past, { nowMs: NOW, detectedRequired: false }).detected_at).toBeUndefined();
  });
});

describe('toNewIncident', () => {
  it('turns blanks into nulls so the backend applies its defaults', () => {
    const input = toNewIncident({ ...emptyForm(), title: ' Lost laptop ' }, false);
    expect(input).toEqual({
      title: 'Lost laptop',
      incident_type: 'other',
      severity: 'sev3',
      detected_at: null,
      phase: null,
      commander: null,
      summary: null,
    });
  });

  it('sends detected-at with the local offset', () => {
    const input = toNewIncident({ ...emptyForm(), title: 'x', detected_at: '2026-11-22T03:10' }, true);
    expect(input.detected_at).toBe('2026-11-22T03:10:00+01:00');
    expect(input.phase).toBe('detection_analysis');
  });
});

describe('rebaseForm after a conflict', () => {
  it('keeps my changes and takes theirs elsewhere', () => {
    const mine = { ...base(), summary: 'Encrypted shares. Backups intact.' };
    const theirs = { ...base(), severity: 'sev1' as const };
    const rebased = rebaseForm(base(), mine, theirs);
    expect(rebased.summary).toBe('Encrypted shares. Backups intact.');
    expect(rebased.severity).toBe('sev1');
    // The next save sends only my change against their version.
    const patch = buildPatch(theirs, rebased, 5);
    expect(patch.summary).toBe('Encrypted shares. Backups intact.');
    expect(patch.severity).toBeNull();
  });

  it('reports fields both sides changed', () => {
    const mine = { ...base(), severity: 'sev3' as const, title: 'FS01 encrypted' };
    const theirs = { ...base(), severity: 'sev1' as const };
    expect(overlappingChanges(base(), mine, theirs)).toEqual(['severity']);
  });
});
