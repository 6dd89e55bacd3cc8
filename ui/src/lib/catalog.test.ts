import { describe, expect, it } from 'vitest';
import type { Catalog } from './types';
import { ACTION_LABELS, changeSentence, describeChange, formatFieldValue, severityText, truncateMiddle } from './catalog';

const catalog: Catalog = {
  incident_types: [{ value: 'ransomware', label: 'Ransomware', detail: '' }],
  severities: [
    { value: 'sev2', label: 'High', detail: 'Significant impact.' },
    { value: 'sev3', label: 'SEV3 — Moderate', detail: 'Limited impact.' },
  ],
  phases: [{ value: 'containment', label: 'Containment', detail: 'CSF 2.0: Respond (RS.MI)' }],
  statuses: [
    { value: 'open', label: 'Open', detail: '' },
    { value: 'closed', label: 'Closed', detail: '' },
  ],
  sections: [{ value: 'containment', label: 'Containment', detail: '' }],
  roles: [{ value: 'it_ops', label: 'IT / operations', detail: '' }],
  facts: [{ value: 'personal_data_involved', label: 'personal_data_involved', detail: 'Personal data may be involved' }],
  step_states: [
    { value: 'todo', label: 'To do', detail: '' },
    { value: 'done', label: 'Done', detail: '' },
  ],
};

describe('severityText', () => {
  it('prefixes the code whether or not the catalog label already has it', () => {
    expect(severityText(catalog, 'sev2')).toBe('SEV2 · High');
    expect(severityText(catalog, 'sev3')).toBe('SEV3 · Moderate');
  });

  it('falls back to the code alone', () => {
    expect(severityText(null, 'sev1')).toBe('SEV1');
  });
});

describe('audit changes', () => {
  it('renders severity changes with codes and labels', () => {
    expect(changeSentence(catalog, { field: 'severity', old: 'sev3', new: 'sev2' })).toBe(
      'Severity: SEV3 · Moderate → SEV2 · High',
    );
  });

  it('renders first values as "set to"', () => {
    expect(changeSentence(catalog, { field: 'incident_type', old: null, new: 'ransomware' })).toBe('Type: set to Ransomware');
  });

  it('shows timestamps in UTC and empties as a dash', () => {
    expect(formatFieldValue(catalog, 'detected_at', '2026-11-21T23:40:00+01:00')).toBe('2026-11-21 22:40 UTC');
    const v = describeChange(catalog, { field: 'commander', old: 'Dana Cho', new: null });
    expect(v).toEqual({ label: 'Commander', old: 'Dana Cho', new: '—', wasEmpty: false });
  });

  it('keeps unknown fields and codes readable', () => {
    expect(changeSentence(catalog, { field: 'phase', old: 'containment', new: 'triage' })).toBe(
      'Phase: Containment → triage',
    );
    expect(describeChange(catalog, { field: 'owner_team', old: 'a', new: 'b' }).label).toBe('owner_team');
  });
});

describe('playbook audit changes', () => {
  it('labels step states and roles', () => {
    expect(changeSentence(catalog, { field: 'state', old: 'todo', new: 'done' })).toBe('State: To do → Done');
    expect(changeSentence(catalog, { field: 'assignee_role', old: null, new: 'it_ops' })).toBe(
      'Assigned role: set to IT / operations',
    );
  });

  it('names facts in words and their values yes / no / unknown', () => {
    expect(changeSentence(catalog, { field: 'personal_data_involved', old: 'unknown', new: 'yes' })).toBe(
      'Personal data involved: Unknown → Yes',
    );
  });

  it('labels the new actions', () => {
    expect(ACTION_LABELS.playbook_started).toBe('Started playbook');
    expect(ACTION_LABELS.step_updated).toBe('Updated step');
    expect(ACTION_LABELS.facts_changed).toBe('Changed facts');
  });
});

describe('investigation audit entries', () => {
  it('labels every investigation action, an integrity failure unmistakably', () => {
    expect(ACTION_LABELS.evidence_mismatch).toBe('EVIDENCE INTEGRITY FAILURE');
    expect(ACTION_LABELS.custody_recorded).toBe('Custody recorded');
    expect(ACTION_LABELS.linked).toBe('Investigation link added');
  });

  it('renders investigation fields in words and UTC', () => {
    expect(changeSentence(catalog, { field: 'first_seen', old: null, new: '2026-11-20T10:00:00+01:00' })).toBe('First seen: set to 2026-11-20 09:00 UTC');
    expect(changeSentence(catalog, { field: 'observed_sha256', old: null, new: '(file missing)' })).toBe('Observed SHA-256: set to (file missing)');
  });
});

describe('notification audit entries', () => {
  it('labels every notification action', () => {
    expect(ACTION_LABELS.notification_facts_changed).toBe('Changed notification facts');
    expect(ACTION_LABELS.obligation_added).toBe('Obligation added');
    expect(ACTION_LABELS.obligation_changed).toBe('Obligation changed');
    expect(ACTION_LABELS.obligation_removed).toBe('Obligation no longer applies');
    expect(ACTION_LABELS.obligation_decided).toBe('Notification decision');
    expect(ACTION_LABELS.message_sent).toBe('Message sent');
  });

  it('renders decisions, due times and key moments in words and UTC', () => {
    expect(changeSentence(catalog, { field: 'decision', old: 'pending', new: 'not_required' })).toBe(
      'Decision: Pending → Not required',
    );
    expect(changeSentence(catalog, { field: 'due', old: 'no fixed time', new: '2026-11-25T09:00:00Z' })).toBe(
      'Due: no fixed time → 2026-11-25 09:00 UTC',
    );
    expect(changeSentence(catalog, { field: 'moments.ransom_paid', old: null, new: '2026-11-22T03:10:00+01:00' })).toBe(
      'Ransom paid: set to 2026-11-22 02:10 UTC',
    );
  });
});

describe('truncateMiddle', () => {
  it('keeps both ends of a long path', () => {
    const out = truncateMiddle('/home/dana/.local/share/org.firebreak.desktop/firebreak.db', 30);
    expect(out.length).toBe(30);
    expect(out.startsWith('/home/')).toBe(true);
    expect(out.endsWith('firebreak.db')).toBe(true);
    expect(out).toContain('…');
  });

  it('leaves short text alone', () => {
    expect(truncateMiddle('/tmp/f.db', 30)).toBe('/tmp/f.db');
  });
});
