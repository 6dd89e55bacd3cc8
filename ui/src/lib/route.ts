// Hash routes. Hash routing needs no server rewrite and works from Tauri's custom
// protocol and from a file: the whole app state worth linking to fits in the fragment.

import type { ReportKind } from './types';

export type Route =
  | { page: 'incidents' }
  | { page: 'incident'; id: string }
  | { page: 'timeline'; id: string }
  /** `rule`: an obligation to scroll to and highlight (from the deadline strip or the glance). */
  | { page: 'notifications'; id: string; rule?: string | null }
  | { page: 'investigation'; id: string }
  /** A report drawn from the incident's record: the executive brief or the full report. */
  | { page: 'report'; id: string; kind: ReportKind }
  | { page: 'playbooks' }
  /** `step`: a step to scroll to and highlight (from search or a table of contents). */
  | { page: 'playbook'; id: string; step: string | null }
  | { page: 'stakeholders' }
  | { page: 'settings' }
  | { page: 'not_found'; path: string };

export type PageName = Route['page'];

const INCIDENT_PAGES = ['timeline', 'notifications', 'investigation'] as const;
type IncidentSubPage = (typeof INCIDENT_PAGES)[number];
const REPORT_KINDS: ReportKind[] = ['brief', 'full'];

export function parseHash(hash: string): Route {
  const full = hash.replace(/^#/, '');
  const raw = full.replace(/[?].*$/, '');
  const query = new URLSearchParams(full.includes('?') ? full.slice(full.indexOf('?') + 1) : '');
  const parts = raw.split('/').filter((p) => p.length > 0);
  if (parts.length === 0) return { page: 'incidents' };
  const [head, ...rest] = parts;
  switch (head) {
    case 'incidents':
      if (rest.length === 0) return { page: 'incidents' };
      {
        const id = safeDecode(rest[0]);
        if (id === null || id.trim() === '') break;
        if (rest.length === 1) return { page: 'incident', id };
        if (rest.length === 2 && rest[1] === 'notifications') return { page: 'notifications', id, rule: query.get('rule') || null };
        if (rest.length === 2 && (INCIDENT_PAGES as readonly string[]).includes(rest[1]))
          return { page: rest[1] as IncidentSubPage, id };
        if (rest.length === 3 && rest[1] === 'report' && (REPORT_KINDS as string[]).includes(rest[2]))
          return { page: 'report', id, kind: rest[2] as ReportKind };
      }
      break;
    case 'playbooks':
      if (rest.length === 0) return { page: 'playbooks' };
      if (rest.length === 1) {
        const id = safeDecode(rest[0]);
        const step = query.get('step');
        if (id !== null && id.trim() !== '') return { page: 'playbook', id, step: step || null };
      }
      break;
    case 'stakeholders':
    case 'settings':
      if (rest.length === 0) return { page: head };
      break;
  }
  return { page: 'not_found', path: raw || '/' };
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'incident':
      return `#/incidents/${encodeURIComponent(route.id)}`;
    case 'timeline':
      return `#/incidents/${encodeURIComponent(route.id)}/timeline`;
    case 'notifications':
      return `#/incidents/${encodeURIComponent(route.id)}/notifications${route.rule ? `?rule=${encodeURIComponent(route.rule)}` : ''}`;
    case 'investigation':
      return `#/incidents/${encodeURIComponent(route.id)}/investigation`;
    case 'report':
      return `#/incidents/${encodeURIComponent(route.id)}/report/${route.kind}`;
    case 'playbook':
      return `#/playbooks/${encodeURIComponent(route.id)}${route.step ? `?step=${encodeURIComponent(route.step)}` : ''}`;
    case 'not_found':
      return `#/${route.path.replace(/^\//, '')}`;
    default:
      return `#/${route.page}`;
  }
}

/** The sidebar section a route belongs to, for highlighting the current nav link. */
export function sectionOf(route: Route): PageName | null {
  if (incidentOf(route) !== null) return 'incidents';
  if (route.page === 'playbook') return 'playbooks';
  if (route.page === 'not_found') return null;
  return route.page;
}

/** The incident a route is about (its page, timeline, notifications, investigation or a report), if any. */
export function incidentOf(route: Route): string | null {
  switch (route.page) {
    case 'incident':
    case 'timeline':
    case 'notifications':
    case 'investigation':
    case 'report':
      return route.id;
    default:
      return null;
  }
}
