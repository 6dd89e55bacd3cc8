// Turning stored codes into the words responders read. The catalog comes from the
// backend, so labels stay consistent with exports; codes are the fallback when a
// newer backend sends a value this UI does not know yet.

import type { AuditAction, Catalog, Choice, FieldChange, IncidentSort, Severity } from './types';
import { formatUtc, parseRfc3339 } from './time';

export function choiceFor<T extends string>(choices: Choice<T>[] | undefined, value: string): Choice<T> | undefined {
  return choices?.find((c) => c.value === value);
}

export function choiceLabel<T extends string>(choices: Choice<T>[] | undefined, value: string): string {
  return choiceFor(choices, value)?.label ?? value;
}

/** "SEV2", the short form used on badges. */
export function severityCode(sev: string): string {
  return sev.toUpperCase();
}

/** The catalog label without any leading "SEV2 ·", so both label styles read well. */
export function severityName(catalog: Catalog | null, sev: string): string {
  const label = choiceLabel(catalog?.severities, sev);
  const code = severityCode(sev);
  const stripped = label.replace(new RegExp(`^\\s*${code}\\s*[-–—·:]?\\s*`, 'i'), '');
  return stripped === '' || stripped.toUpperCase() === code ? '' : stripped;
}

/** "SEV2 · High". */
export function severityText(catalog: Catalog | null, sev: string): string {
  const name = severityName(catalog, sev);
  return name ? `${severityCode(sev)} · ${name}` : severityCode(sev);
}

export const SEVERITY_ORDER: Severity[] = ['sev1', 'sev2', 'sev3', 'sev4'];

const DECISION_VALUE_LABELS: Record<string, string> = {
  pending: 'Pending',
  drafted: 'Drafted',
  sent: 'Sent',
  not_required: 'Not required',
  delayed: 'Delayed',
};

const NOTIFY_FIELD_LABELS: Record<string, string> = {
  decision: 'Decision',
  sent_at: 'Sent',
  applicability: 'Applies',
  due: 'Due',
  jurisdictions: 'Where affected people live',
  data_categories: 'Data affected',
  encrypted: 'Encrypted',
  keys_safe: 'Keys safe',
  risk_to_people: 'Risk to people',
  significant_harm: 'Significant harm',
  critical_service_impact: 'Critical service impact',
  profile: 'Organisation profile',
  'moments.aware_personal_data_breach': 'Aware of a personal-data breach',
  'moments.breach_determined': 'Breach determined',
  'moments.materiality_determined': 'Materiality determined',
  'moments.classified_major': 'Classified as major',
  'moments.ransom_paid': 'Ransom paid',
};

const INVESTIGATION_FIELD_LABELS: Record<string, string> = {
  kind: 'Kind',
  sha256: 'SHA-256',
  size_bytes: 'Size (bytes)',
  path: 'Path',
  storage_location: 'Stored at',
  custody: 'Custody',
  by: 'By',
  location: 'Location',
  expected_sha256: 'Expected SHA-256',
  observed_sha256: 'Observed SHA-256',
  type: 'Type',
  value: 'Value',
  tlp: 'TLP',
  first_seen: 'First seen',
  last_seen: 'Last seen',
  description: 'Description',
  name: 'Name',
  owner: 'Owner',
  compromise: 'Compromise',
  containment: 'Containment',
  notes: 'Notes',
  statement: 'Statement',
  initial_access: 'Initial access',
  contributing_factors: 'Contributing factors',
  due_date: 'Due',
  timeline_entry: 'Timeline entry',
  playbook_step: 'Playbook step',
  finding: 'Finding',
  evidence: 'Evidence',
};

export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  incident_type: 'Type',
  severity: 'Severity',
  phase: 'Phase',
  status: 'Status',
  detected_at: 'Detected',
  declared_at: 'Declared',
  commander: 'Commander',
  summary: 'Summary',
  playbook: 'Playbook',
  state: 'State',
  reason: 'Reason',
  note: 'Note',
  assignee_role: 'Assigned role',
  assignee_name: 'Assignee',
  ...NOTIFY_FIELD_LABELS,
  ...INVESTIGATION_FIELD_LABELS,
};

export const ACTION_LABELS: Record<AuditAction, string> = {
  declared: 'Declared',
  edited: 'Edited',
  closed: 'Closed',
  reopened: 'Reopened',
  playbook_started: 'Started playbook',
  step_updated: 'Updated step',
  facts_changed: 'Changed facts',
  notification_facts_changed: 'Changed notification facts',
  obligation_added: 'Obligation added',
  obligation_changed: 'Obligation changed',
  obligation_removed: 'Obligation no longer applies',
  obligation_decided: 'Notification decision',
  message_sent: 'Message sent',
  evidence_added: 'Evidence registered',
  custody_recorded: 'Custody recorded',
  evidence_verified: 'Evidence hash verified',
  evidence_mismatch: 'EVIDENCE INTEGRITY FAILURE',
  indicator_added: 'Indicator added',
  indicators_added: 'Indicators added',
  indicator_updated: 'Indicator updated',
  asset_added: 'Affected asset added',
  asset_updated: 'Affected asset updated',
  finding_added: 'Finding recorded',
  hypothesis_added: 'Hypothesis added',
  hypothesis_updated: 'Hypothesis updated',
  root_cause_recorded: 'Root cause recorded',
  action_item_added: 'Action item added',
  action_item_updated: 'Action item updated',
  linked: 'Investigation link added',
  initial_access_marked: 'Initial access marked',
  initial_access_cleared: 'Initial access unmarked',
  timeline_imported: 'Timeline imported',
};


const FACT_VALUE_LABELS: Record<string, string> = { yes: 'Yes', no: 'No', unknown: 'Unknown' };

function isFact(catalog: Catalog | null, field: string): boolean {
  return catalog?.facts.some((f) => f.value === field) ?? false;
}

/** "personal_data_involved" → "Personal data involved". */
export function humanizeCode(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A fact's short name. The catalog's fact labels may be the bare codes (the question is
 * in `detail`), so a label that is just the code is turned into words.
 */
export function factLabel(catalog: Catalog | null, fact: string): string {
  const label = choiceLabel(catalog?.facts, fact);
  return label === fact ? humanizeCode(fact) : label;
}

/** Label of an audited field: a fixed name, or the fact's label for fact changes. */
export function fieldLabel(catalog: Catalog | null, field: string): string {
  return FIELD_LABELS[field] ?? (isFact(catalog, field) ? factLabel(catalog, field) : field);
}

export const SORT_LABELS: Record<IncidentSort, string> = {
  declared_desc: 'Most recent',
  declared_asc: 'Oldest',
  detected_desc: 'Detected',
  severity: 'Severity',
  updated_desc: 'Recently updated',
  title: 'Title',
};

export const EMPTY_VALUE = '—';

/** A raw audit value as a person reads it: labels for codes, UTC for times. */
export function formatFieldValue(catalog: Catalog | null, field: string, raw: string | null): string {
  if (raw === null || raw === '') return EMPTY_VALUE;
  switch (field) {
    case 'severity':
      return severityText(catalog, raw);
    case 'incident_type':
      return choiceLabel(catalog?.incident_types, raw);
    case 'phase':
      return choiceLabel(catalog?.phases, raw);
    case 'status':
      return choiceLabel(catalog?.statuses, raw);
    case 'detected_at':
    case 'declared_at':
    case 'sent_at':
    case 'due':
    case 'first_seen':
    case 'last_seen':
      return parseRfc3339(raw) ? formatUtc(raw) : raw;
    case 'decision':
      return DECISION_VALUE_LABELS[raw] ?? raw;
    case 'state':
      return choiceLabel(catalog?.step_states, raw);
    case 'assignee_role':
      return choiceLabel(catalog?.roles, raw);
    default:
      if (isFact(catalog, field)) return FACT_VALUE_LABELS[raw] ?? raw;
      if (field.startsWith('moments.') && parseRfc3339(raw)) return formatUtc(raw);
      return raw;
  }
}

export type ChangeView = { label: string; old: string; new: string; wasEmpty: boolean };

export function describeChange(catalog: Catalog | null, change: FieldChange): ChangeView {
  return {
    label: fieldLabel(catalog, change.field),
    old: formatFieldValue(catalog, change.field, change.old),
    new: formatFieldValue(catalog, change.field, change.new),
    wasEmpty: change.old === null || change.old === '',
  };
}

/** "Severity: SEV3 · Moderate → SEV2 · High", or "Title: set to …" for a first value. */
export function changeSentence(catalog: Catalog | null, change: FieldChange): string {
  const v = describeChange(catalog, change);
  return v.wasEmpty ? `${v.label}: set to ${v.new}` : `${v.label}: ${v.old} → ${v.new}`;
}

/** Middle-truncates long paths so both the volume and the file name stay visible. */
export function truncateMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const keepEnd = Math.ceil((max - 1) * 0.6);
  const keepStart = max - 1 - keepEnd;
  return `${text.slice(0, keepStart)}…${text.slice(text.length - keepEnd)}`;
}
