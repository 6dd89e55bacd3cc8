import { describe, expect, it } from 'vitest';
import { filterPalette, GLOBAL_ENTRIES, incidentEntries, playbookStepEntries, runStepEntries } from './palette';
import { incidentOf, type Route } from './route';
import type { IncidentRuns, Playbook } from './types';

const items = [
  { label: 'Declare incident', keywords: 'new create' },
  { label: 'Go to Incidents' },
  { label: 'Stolen laptop (Frankfurt branch)' },
  { label: 'Ransomware on file server FS01', keywords: 'dana cho' },
  { label: 'CFO mailbox forwarding rule', keywords: 'business email compromise' },
];

it('returns everything for an empty query', () => {
  expect(filterPalette(items, '  ')).toHaveLength(items.length);
});

it('requires every word, in any order, in label or keywords', () => {
  expect(filterPalette(items, 'server ransomware').map((i) => i.label)).toEqual(['Ransomware on file server FS01']);
  expect(filterPalette(items, 'dana').map((i) => i.label)).toEqual(['Ransomware on file server FS01']);
  expect(filterPalette(items, 'ransomware laptop')).toEqual([]);
});

it('ranks label prefixes, then word starts, then substrings', () => {
  const labels = filterPalette(
    [{ label: 'Go to incidents' }, { label: 'Incident review' }, { label: 'Coincidental alert' }],
    'incid',
  ).map((i) => i.label);
  expect(labels).toEqual(['Incident review', 'Go to incidents', 'Coincidental alert']);
});

it('is case-insensitive and honours the limit', () => {
  expect(filterPalette(items, 'CFO')).toHaveLength(1);
  expect(filterPalette(items, '', 2)).toHaveLength(2);
});

describe('groups', () => {
  it('puts a boosted label match above the next rank up, never a keyword-only one', () => {
    const items = [
      { label: 'Brief the board', group: 'Steps' },
      { label: 'Open executive brief', group: 'Actions', boost: true },
      { label: 'Open report', keywords: 'brief', group: 'Actions', boost: true },
    ];
    expect(filterPalette(items, 'brief').map((i) => i.label)).toEqual(['Open executive brief', 'Open report', 'Brief the board']);
    expect(filterPalette(items.slice(0, 1).concat(items.slice(2)), 'brief').map((i) => i.label)).toEqual(['Brief the board', 'Open report']);
  });

  it('keeps each group together, the group with the best match first', () => {
    const labels = filterPalette(
      [
        { label: 'Open investigation', keywords: 'isolate hosts', group: 'Actions' },
        { label: 'Go to Playbooks', group: 'Pages' },
        { label: 'Isolate affected hosts', group: 'Steps' },
        { label: 'Re-isolate a host that came back', group: 'Steps' },
      ],
      'isolate',
    ).map((i) => i.label);
    expect(labels).toEqual(['Isolate affected hosts', 'Re-isolate a host that came back', 'Open investigation']);
  });
});

const pb = (id: string, title: string, steps: [string, string][]): Playbook =>
  ({
    id,
    title,
    version: 1,
    incident_types: [],
    summary: '',
    sources: [],
    reviewed: null,
    review_by: null,
    steps: steps.map(([sid, stitle]) => ({ id: sid, title: stitle, section: 'containment', owner: 'it_ops', guidance: '', output: '', when: [], after: [], csf: [], attack: [] })),
  }) as Playbook;

const PLAYBOOKS = [
  pb('ransomware', 'Ransomware', [
    ['isolate-hosts', 'Isolate affected hosts from the network'],
    ['restore', 'Restore from clean backups and verify integrity'],
  ]),
  pb('data-breach', 'Data breach', [['brief-board', 'Brief the board, employees and customer-facing teams']]),
];

const runs = (): IncidentRuns =>
  ({
    facts: [],
    next: [],
    blocked: [],
    runs: [
      {
        playbook_id: 'ransomware',
        playbook_title: 'Ransomware',
        sections: [
          {
            section: 'containment',
            label: 'Containment',
            steps: [
              { step: PLAYBOOKS[0].steps[0], state: 'in_progress', applicability: { kind: 'applies' } },
              { step: { ...PLAYBOOKS[0].steps[1], id: 'engage-insurer', title: 'Notify the cyber insurer' }, state: 'todo', applicability: { kind: 'undecided', questions: [] } },
            ],
          },
        ],
      },
    ],
  }) as unknown as IncidentRuns;

describe('what the palette offers', () => {
  const onIncident: Route = { page: 'incident', id: 'inc-1' };
  const everything = (here: Route) => [
    ...incidentEntries(here),
    ...GLOBAL_ENTRIES,
    ...(incidentOf(here) ? runStepEntries('inc-1', runs()) : []),
    ...playbookStepEntries(PLAYBOOKS),
  ];
  const find = (here: Route, q: string) => filterPalette(everything(here), q);

  it('finds "isolate", "verify" and "brief" on an incident and away from one', () => {
    for (const here of [onIncident, { page: 'incidents' } as Route])
      for (const q of ['isolate', 'verify', 'brief']) expect(find(here, q).length, `${q} on ${here.page}`).toBeGreaterThan(0);
  });

  it('puts the incident’s own step first, and opens its checklist at it', () => {
    const [first, second] = find(onIncident, 'isolate');
    expect(first.group).toBe('This incident’s checklists');
    expect(first.detail).toBe('Ransomware · In progress');
    expect(first.target).toEqual({
      kind: 'go',
      route: { page: 'incident', id: 'inc-1' },
      intent: { kind: 'step', incidentId: 'inc-1', playbookId: 'ransomware', stepId: 'isolate-hosts' },
    });
    expect(second.group).toBe('Playbook steps');
    expect(second.target).toEqual({ kind: 'go', route: { page: 'playbook', id: 'ransomware', step: 'isolate-hosts' } });
  });

  it('says an undecided step waits for a decision', () => {
    expect(find(onIncident, 'cyber insurer')[0].detail).toBe('Ransomware · Decide');
  });

  it('offers the incident’s actions only on its pages, and not the page already open', () => {
    const keys = (here: Route) => incidentEntries(here).map((e) => e.key);
    expect(keys({ page: 'incidents' })).toEqual([]);
    expect(keys(onIncident)).toEqual(['start-pb', 'tl', 'tl-export', 'tl-verify', 'nt', 'inv', 'rep-brief', 'rep-full']);
    expect(keys({ page: 'timeline', id: 'inc-1' })).not.toContain('tl');
    expect(keys({ page: 'report', id: 'inc-1', kind: 'brief' })).not.toContain('rep-brief');
  });

  it('ranks the incident’s own actions above an equal match in the playbooks', () => {
    const [first] = find(onIncident, 'verify');
    expect(first.key).toBe('tl-verify');
    expect(first.target).toMatchObject({ route: { page: 'timeline', id: 'inc-1' }, intent: { kind: 'timeline-verify' } });
    expect(find(onIncident, 'brief')[0].key).toBe('rep-brief');
    expect(find(onIncident, 'export')[0].target).toMatchObject({ intent: { kind: 'timeline-export', incidentId: 'inc-1' } });
    expect(find(onIncident, 'start playbook')[0].target).toMatchObject({ intent: { kind: 'start-playbook' } });
  });
});
