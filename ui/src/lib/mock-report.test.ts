import { describe, expect, it } from 'vitest';
import { briefTime, buildReport, namedServer, type ReportInput } from './mock-report';
import type { Block, Incident, NextStep, Obligation, Workspace } from './types';

const NOW = Date.parse('2026-12-07T20:00:00Z');

function obligation(over: Partial<Obligation> & Pick<Obligation, 'rule_id' | 'regime' | 'title' | 'recipient'>): Obligation {
  return {
    citation: '',
    audience: 'authority',
    rule_status: 'in_force',
    applicability: 'applies',
    reasons: [],
    depends_on: [],
    trigger: 'aware_personal_data_breach',
    trigger_label: '',
    trigger_at: null,
    due_utc: null,
    due_local: null,
    zone: 'UTC',
    deadline: 'Without undue delay',
    counting: '',
    fixed_period: false,
    summary: '',
    follow_ups: [],
    sources: [],
    last_reviewed: '',
    decision: { state: 'pending', note: '', sent_at: null, decided_by: '', decided_at: null },
    ...over,
  } as Obligation;
}

function input(): ReportInput {
  return {
    incident: {
      id: '00000000-0000-0000-0000-0000cd0cfbc3',
      title: 'Ransom note on fs01.offsec.lan',
      incident_type: 'ransomware',
      severity: 'sev1',
      phase: 'detection_analysis',
      status: 'open',
      detected_at: '2026-12-02T22:22:00Z',
      declared_at: '2026-12-07T19:00:00Z',
      commander: 'Dana Reyes',
      summary: '',
    } as Incident,
    workspace: { assets: [], root_cause: null } as unknown as Workspace,
    obligations: [
      obligation({ rule_id: 'gdpr-33-authority', regime: 'GDPR', title: 'Notify the lead supervisory authority', recipient: 'Lead supervisory authority', due_utc: '2026-12-05T23:22:00Z' }),
      obligation({
        rule_id: 'texas-attorney-general',
        regime: 'Texas',
        title: 'Notify the Texas Attorney General',
        recipient: 'Texas Attorney General',
        applicability: 'possible',
        depends_on: ['whether the data was encrypted with the keys safe (safe harbour)'],
        due_utc: '2027-01-05T05:59:00Z',
      }),
      obligation({
        rule_id: 'texas-credit-bureaus',
        regime: 'Texas',
        title: 'Notify the nationwide credit bureaus (Texas)',
        recipient: 'Nationwide consumer reporting agencies',
        decision: { state: 'not_required', note: 'Fewer than 10,000 Texans affected.', sent_at: null, decided_by: 'Lee Chen', decided_at: '2026-12-07T19:30:00Z' },
      }),
    ],
    next: [{ title: 'Brief the board', owner: 'commander' } as NextStep],
    homeZone: 'Europe/Berlin',
    labels: { severity: 'SEV1 · Critical', type: 'Ransomware', phase: 'Detection & analysis', status: 'Open' },
    generatedBy: 'Dana Reyes',
    nowMs: NOW,
  };
}

const bullets = (blocks: Block[], heading: string): string[] => {
  const at = blocks.findIndex((b) => typeof b === 'object' && 'Heading' in b && b.Heading?.text === heading);
  const list = blocks.slice(at + 1).find((b) => typeof b === 'object' && 'Bullets' in b);
  return at < 0 || !list || typeof list !== 'object' || !('Bullets' in list) ? [] : (list.Bullets ?? []);
};

describe('the mock executive brief mirrors the core', () => {
  it('puts the bottom line first, overdue notices with their owner, and times in the home zone', () => {
    const doc = buildReport('brief', input());
    expect(doc.blocks[1]).toMatchObject({ Callout: { tone: 'Danger', title: 'Bottom line: 1 notification deadline has passed.' } });
    expect(bullets(doc.blocks, 'Overdue now')).toEqual([
      'GDPR: Notify the lead supervisory authority — was due Sun 6 Dec 00:22 CET (5 Dec 23:22 UTC), overdue by 1 day 20 hours. Owner: Dana Reyes (incident commander; no one else is assigned). Recommended: send it now with what is known.',
    ]);
    expect(bullets(doc.blocks, 'Decisions needed')[0]).toMatch(
      /^Establish whether the data was encrypted with the keys safe \(safe harbour\): it decides 1 possible notification, the first due Tue 5 Jan 2027 06:59 CET \(05:59 UTC\), in 28 days\.$/,
    );
    expect(bullets(doc.blocks, 'Decisions already taken')).toEqual([
      'Texas: no notice to nationwide consumer reporting agencies — Fewer than 10,000 Texans affected (Lee Chen).',
    ]);
    const upcoming = bullets(doc.blocks, 'Upcoming deadlines');
    expect(upcoming).toHaveLength(1);
    expect(upcoming.join()).not.toContain('overdue');
    expect(bullets(doc.blocks, 'Impact and containment')).toEqual(['Affected systems: not yet assessed beyond fs01.offsec.lan, named in the incident title.']);
    expect(bullets(doc.blocks, 'Next steps for the response team')).toEqual(['Brief the board — Dana Reyes']);
    expect(doc.footer).toBe('Firebreak · prepared Mon 7 Dec 21:00 CET (20:00 UTC) by Dana Reyes');
    expect(JSON.stringify(doc)).not.toMatch(/\(s\)|\(first:|No affected systems recorded/);
  });

  it('writes times in UTC alone without a home zone', () => {
    expect(briefTime(Date.parse('2026-12-05T23:22:00Z'), null)).toBe('Sat 5 Dec 23:22 UTC');
    expect(briefTime(Date.parse('2026-12-05T23:22:00Z'), 'Europe/Berlin')).toBe('Sun 6 Dec 00:22 CET (5 Dec 23:22 UTC)');
  });

  it('finds a server named in the title', () => {
    expect(namedServer('Ransom note on fs01.offsec.lan')).toBe('fs01.offsec.lan');
    expect(namedServer('Beacon from 10.0.4.12, again')).toBe('10.0.4.12');
    expect(namedServer('Leaked invoice.pdf')).toBeNull();
    expect(namedServer('Ransomware at the Łódź plant')).toBeNull();
  });
});
