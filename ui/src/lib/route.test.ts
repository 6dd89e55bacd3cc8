import { describe, expect, it } from 'vitest';
import { hrefFor, incidentOf, parseHash, sectionOf } from './route';

describe('parseHash', () => {
  it('defaults to the incident list', () => {
    expect(parseHash('')).toEqual({ page: 'incidents' });
    expect(parseHash('#')).toEqual({ page: 'incidents' });
    expect(parseHash('#/')).toEqual({ page: 'incidents' });
    expect(parseHash('#/incidents')).toEqual({ page: 'incidents' });
    expect(parseHash('#/incidents/')).toEqual({ page: 'incidents' });
  });

  it('reads an incident id, decoding it', () => {
    expect(parseHash('#/incidents/0193a5c2-7000-8000')).toEqual({ page: 'incident', id: '0193a5c2-7000-8000' });
    expect(parseHash('#/incidents/a%2Fb')).toEqual({ page: 'incident', id: 'a/b' });
  });

  it('reads an incident timeline', () => {
    expect(parseHash('#/incidents/0193a5c2/timeline')).toEqual({ page: 'timeline', id: '0193a5c2' });
    expect(parseHash('#/incidents/a%2Fb/timeline/')).toEqual({ page: 'timeline', id: 'a/b' });
    expect(parseHash('#/incidents/0193a5c2/timeline?x=1')).toEqual({ page: 'timeline', id: '0193a5c2' });
    expect(parseHash('#/incidents/x/timeline/more')).toEqual({ page: 'not_found', path: '/incidents/x/timeline/more' });
    expect(parseHash('#/incidents/%20/timeline')).toEqual({ page: 'not_found', path: '/incidents/%20/timeline' });
  });

  it('reads an incident notifications page', () => {
    expect(parseHash('#/incidents/0193a5c2/notifications')).toEqual({ page: 'notifications', id: '0193a5c2', rule: null });
    expect(parseHash('#/incidents/a%2Fb/notifications/')).toEqual({ page: 'notifications', id: 'a/b', rule: null });
    expect(parseHash('#/incidents/x/notifications?rule=gdpr-33-authority')).toEqual({ page: 'notifications', id: 'x', rule: 'gdpr-33-authority' });
    expect(parseHash('#/incidents/x/notifications/more')).toEqual({ page: 'not_found', path: '/incidents/x/notifications/more' });
    expect(parseHash('#/incidents/x/notification')).toEqual({ page: 'not_found', path: '/incidents/x/notification' });
  });

  it('reads an incident investigation page and its reports', () => {
    expect(parseHash('#/incidents/0193a5c2/investigation')).toEqual({ page: 'investigation', id: '0193a5c2' });
    expect(parseHash('#/incidents/a%2Fb/investigation/')).toEqual({ page: 'investigation', id: 'a/b' });
    expect(parseHash('#/incidents/x/report/brief')).toEqual({ page: 'report', id: 'x', kind: 'brief' });
    expect(parseHash('#/incidents/x/report/full')).toEqual({ page: 'report', id: 'x', kind: 'full' });
    expect(parseHash('#/incidents/x/report')).toEqual({ page: 'not_found', path: '/incidents/x/report' });
    expect(parseHash('#/incidents/x/report/summary')).toEqual({ page: 'not_found', path: '/incidents/x/report/summary' });
    expect(parseHash('#/incidents/x/investigation/more')).toEqual({ page: 'not_found', path: '/incidents/x/investigation/more' });
  });

  it('ignores a query part', () => {
    expect(parseHash('#/incidents?status=closed')).toEqual({ page: 'incidents' });
  });

  it('knows the other pages', () => {
    expect(parseHash('#/playbooks')).toEqual({ page: 'playbooks' });
    expect(parseHash('#/stakeholders')).toEqual({ page: 'stakeholders' });
    expect(parseHash('#/settings')).toEqual({ page: 'settings' });
  });

  it('reads a playbook and the step to show', () => {
    expect(parseHash('#/playbooks/ransomware')).toEqual({ page: 'playbook', id: 'ransomware', step: null });
    expect(parseHash('#/playbooks/ransomware?step=isolate-hosts')).toEqual({
      page: 'playbook',
      id: 'ransomware',
      step: 'isolate-hosts',
    });
    expect(parseHash('#/playbooks/a/b')).toEqual({ page: 'not_found', path: '/playbooks/a/b' });
  });

  it('reports anything else as not found instead of guessing', () => {
    expect(parseHash('#/incidents/a/b')).toEqual({ page: 'not_found', path: '/incidents/a/b' });
    expect(parseHash('#/settings/extra')).toEqual({ page: 'not_found', path: '/settings/extra' });
    expect(parseHash('#/nope')).toEqual({ page: 'not_found', path: '/nope' });
    expect(parseHash('#/incidents/%E0%A4%A')).toEqual({ page: 'not_found', path: '/incidents/%E0%A4%A' });
  });
});

describe('hrefFor', () => {
  it('round-trips through parseHash', () => {
    for (const r of [
      { page: 'incidents' as const },
      { page: 'incident' as const, id: 'id with/slash' },
      { page: 'timeline' as const, id: 'id with/slash' },
      { page: 'notifications' as const, id: 'id with/slash', rule: null },
      { page: 'notifications' as const, id: 'x', rule: 'gdpr-33-authority' },
      { page: 'investigation' as const, id: 'id with/slash' },
      { page: 'report' as const, id: 'id with/slash', kind: 'brief' as const },
      { page: 'report' as const, id: 'x', kind: 'full' as const },
      { page: 'settings' as const },
      { page: 'playbook' as const, id: 'ransomware', step: null },
      { page: 'playbook' as const, id: 'bec', step: 'recall & wire' },
    ]) {
      expect(parseHash(hrefFor(r))).toEqual(r);
    }
  });
});

it('highlights Incidents in the sidebar for an incident page', () => {
  expect(sectionOf({ page: 'incident', id: 'x' })).toBe('incidents');
  expect(sectionOf({ page: 'timeline', id: 'x' })).toBe('incidents');
  expect(sectionOf({ page: 'notifications', id: 'x' })).toBe('incidents');
  expect(sectionOf({ page: 'investigation', id: 'x' })).toBe('incidents');
  expect(sectionOf({ page: 'report', id: 'x', kind: 'full' })).toBe('incidents');
  expect(sectionOf({ page: 'not_found', path: '/x' })).toBeNull();
  expect(sectionOf({ page: 'playbook', id: 'x', step: null })).toBe('playbooks');
});

it('knows which incident a page is about', () => {
  expect(incidentOf({ page: 'incident', id: 'a' })).toBe('a');
  expect(incidentOf({ page: 'timeline', id: 'b' })).toBe('b');
  expect(incidentOf({ page: 'notifications', id: 'c' })).toBe('c');
  expect(incidentOf({ page: 'investigation', id: 'd' })).toBe('d');
  expect(incidentOf({ page: 'report', id: 'e', kind: 'brief' })).toBe('e');
  expect(incidentOf({ page: 'playbooks' })).toBeNull();
  expect(incidentOf({ page: 'settings' })).toBeNull();
});
