// The incident form model shared by "declare" and "edit", and the pure rules around
// it: validation, what to send, and how to keep someone's edits when the incident
// changed underneath them.

import type { Incident, IncidentPatch, IncidentType, NewIncident, Phase, Severity } from './types';
import { instantMs, localInputToRfc3339, rfc3339ToLocalInput } from './time';

export type IncidentForm = {
  title: string;
  incident_type: IncidentType;
  severity: Severity;
  phase: Phase;
  /** A `datetime-local` value in the user's zone; "" = not given. */
  detected_at: string;
  commander: string;
  summary: string;
};

export type FormField = keyof IncidentForm;
export const FORM_FIELDS: FormField[] = [
  'title',
  'incident_type',
  'severity',
  'phase',
  'detected_at',
  'commander',
  'summary',
];

export type FieldErrors = Partial<Record<FormField, string>>;

export const TITLE_MAX = 200;
/** Clocks drift; a detection time a little ahead of this machine's clock is still plausible. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function emptyForm(): IncidentForm {
  return {
    title: '',
    // "Other" and SEV3 are the least presumptuous defaults: a rushed declaration
    // should under-claim rather than trigger a ransomware or SEV1 process by accident.
    incident_type: 'other',
    severity: 'sev3',
    phase: 'detection_analysis',
    detected_at: '',
    commander: '',
    summary: '',
  };
}

export function formFromIncident(i: Incident): IncidentForm {
  return {
    title: i.title,
    incident_type: i.incident_type,
    severity: i.severity,
    phase: i.phase,
    detected_at: rfc3339ToLocalInput(i.detected_at),
    commander: i.commander,
    summary: i.summary,
  };
}

export function formsEqual(a: IncidentForm, b: IncidentForm): boolean {
  return FORM_FIELDS.every((f) => a[f] === b[f]);
}

export type ValidateOptions = { nowMs: number; detectedRequired: boolean };

export function validateForm(form: IncidentForm, opts: ValidateOptions): FieldErrors {
  const errors: FieldErrors = {};
  const title = form.title.trim();
  if (title === '') errors.title = 'Enter a title: what is happening, in a few words.';
  else if (title.length > TITLE_MAX)
    errors.title = `Keep the title to ${TITLE_MAX} characters (now ${title.length}); put detail in the summary.`;

  if (form.detected_at.trim() === '') {
    if (opts.detectedRequired) errors.detected_at = 'Enter when the incident was first detected.';
  } else {
    const rfc = localInputToRfc3339(form.detected_at);
    if (rfc === null) errors.detected_at = 'Enter a complete date and time.';
    else if (instantMs(rfc) > opts.nowMs + FUTURE_TOLERANCE_MS)
      errors.detected_at = 'This is in the future. Enter when the incident was first noticed.';
  }
  return errors;
}

const orNull = (s: string) => {
  const t = s.trim();
  return t === '' ? null : t;
};

export function toNewIncident(form: IncidentForm, includePhase: boolean): NewIncident {
  return {
    title: form.title.trim(),
    incident_type: form.incident_type,
    severity: form.severity,
    detected_at: form.detected_at.trim() === '' ? null : localInputToRfc3339(form.detected_at),
    phase: includePhase ? form.phase : null,
    commander: orNull(form.commander),
    summary: orNull(form.summary),
  };
}

/**
 * Only the fields the user changed, so two responders editing different fields
 * don't overwrite each other, and the audit trail records what was really changed.
 * Text is compared trimmed, so stray whitespace alone is not an edit.
 */
export function buildPatch(initial: IncidentForm, current: IncidentForm, revision: number | null): IncidentPatch {
  const changedText = (f: 'title' | 'commander' | 'summary') =>
    current[f].trim() !== initial[f].trim() ? current[f].trim() : null;
  const changed = <K extends FormField>(f: K) => (current[f] !== initial[f] ? current[f] : null);
  const detected = changed('detected_at');
  return {
    expected_revision: revision,
    title: changedText('title'),
    incident_type: changed('incident_type'),
    severity: changed('severity'),
    phase: changed('phase'),
    detected_at: detected === null || detected.trim() === '' ? null : localInputToRfc3339(detected),
    commander: changedText('commander'),
    summary: changedText('summary'),
  };
}

export function patchIsEmpty(patch: IncidentPatch): boolean {
  return FORM_FIELDS.every((f) => patch[f] === null);
}

/**
 * After a conflict the user reloads: take the fresh version and re-apply on top of
 * it only the fields this user had changed, so their typing survives the reload.
 */
export function rebaseForm(oldInitial: IncidentForm, current: IncidentForm, newInitial: IncidentForm): IncidentForm {
  const out = { ...newInitial };
  for (const f of FORM_FIELDS) {
    if (current[f] !== oldInitial[f]) (out as Record<FormField, string>)[f] = current[f];
  }
  return out;
}

/** Fields the user changed that someone else also changed meanwhile, to point them out. */
export function overlappingChanges(oldInitial: IncidentForm, current: IncidentForm, newInitial: IncidentForm): FormField[] {
  return FORM_FIELDS.filter((f) => current[f] !== oldInitial[f] && newInitial[f] !== oldInitial[f]);
}
