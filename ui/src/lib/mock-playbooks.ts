// Dev-only playbooks for the mock backend (imported only by mock.ts), plus a toy TOML
// reader so "Import playbook…" can be tried in a browser. The real ones are in
// /playbooks and are parsed and validated by the Rust core.

import type { Condition, Diagnostic, Fact, Playbook, SourceRef, Step } from './types';

const when = (...codes: string[]): Condition[] =>
  codes.map((c) => ({ fact: c.replace(/^!/, '') as Fact, negated: c.startsWith('!') }));

type StepInput = Omit<Step, 'when' | 'after' | 'csf' | 'attack'> & Partial<Pick<Step, 'when' | 'after' | 'csf' | 'attack'>>;
const step = (s: StepInput): Step => ({ when: [], after: [], csf: [], attack: [], ...s });

export const MOCK_PLAYBOOKS: Playbook[] = [
  {
    id: 'ransomware',
    title: 'Ransomware',
    version: 1,
    incident_types: ['ransomware', 'malware_outbreak'],
    summary:
      'Use this playbook when files or systems are **encrypted** or a ransom note appears. It puts containment first, preserves evidence for the investigation, and drives the notification decisions.',
    sources: [
      { document: 'NIST SP 800-61r3 (2025)', section: 'CSF 2.0 Respond: RS.MA, RS.MI, RS.CO' },
      { document: 'CISA Federal Government Cybersecurity Incident and Vulnerability Response Playbooks (2021)', section: 'Incident response checklist' },
    ],
    reviewed: '2026-12-08',
    review_by: '2027-06-08',
    steps: [
      step({
        id: 'declare-incident',
        section: 'triage',
        title: 'Declare the incident and name the roles',
        owner: 'commander',
        guidance:
          '**What:** Declare the incident and name a commander, a scribe and an IT lead.\n\n**Why:** Without named owners, the first hour is lost to duplicated work.\n\n**How:**\n- Open a bridge on phones, not on the affected network.\n- Record the first report: who, what, when.\n\n**Pitfalls:** Do not *power off* encrypted machines: memory holds the keys.',
        output: 'Declaration record and role roster',
        csf: ['RS.MA-01'],
        attack: ['TA0040'],
      }),
      step({
        id: 'isolate-hosts',
        section: 'containment',
        title: 'Isolate affected hosts from the network',
        owner: 'it_ops',
        after: ['declare-incident'],
        guidance:
          '**What:** Disconnect encrypted and suspect hosts from the network, keeping them powered on.\n\n**How:**\n1. Use the EDR `isolate` action where available.\n2. Otherwise pull the network cable or disable the switch port.\n3. Record each host with the time it was isolated.\n\n**Pitfalls:** Shutting down destroys memory evidence.',
        output: 'List of isolated hosts with times',
        csf: ['RS.MI-01'],
        attack: ['T1486'],
      }),
      step({
        id: 'disable-accounts',
        section: 'containment',
        title: 'Disable compromised accounts and revoke sessions',
        owner: 'it_ops',
        after: ['declare-incident'],
        guidance:
          '**Why:** ransomware operators reuse stolen admin credentials to come back.\n\n**How:** reset passwords, revoke refresh tokens, and rotate service account secrets.',
        output: 'Accounts disabled, with times',
        csf: ['RS.MI-01'],
        attack: ['T1078'],
      }),
      step({
        id: 'protect-backups',
        section: 'containment',
        title: 'Cut off and lock down the backup infrastructure',
        owner: 'it_ops',
        after: ['declare-incident'],
        guidance: '**Why:** operators delete or encrypt backups first.\n\n**How:** disconnect the backup network, rotate backup admin credentials, verify immutable copies.',
        output: 'Backup systems isolated, immutable copies verified',
        csf: ['RS.MI-01', 'PR.DS-11'],
        attack: ['T1490'],
      }),
      step({
        id: 'export-logs',
        section: 'containment',
        title: 'Export logs before retention or the attacker destroys them',
        owner: 'forensics',
        after: ['declare-incident'],
        guidance: 'Export firewall, VPN, EDR, identity provider and DNS logs to write-once storage.',
        output: 'Log export inventory with hashes',
        attack: ['T1070'],
      }),
      step({
        id: 'preserve-evidence',
        section: 'investigation',
        title: 'Preserve memory and disk evidence',
        owner: 'forensics',
        after: ['isolate-hosts'],
        guidance:
          '**What:** capture memory, then disk images, of two or three representative hosts.\n\n**How:**\n- Hash every image (`sha256`) and log the chain of custody.\n- Keep the ransom note and one encrypted file of each type.',
        output: 'Evidence log with hashes',
        csf: ['RS.AN-03'],
      }),
      step({
        id: 'check-exfiltration',
        section: 'investigation',
        title: 'Look for signs of data exfiltration',
        owner: 'forensics',
        after: ['preserve-evidence'],
        guidance:
          'Double extortion is the norm: check egress logs, cloud storage uploads and tools like `rclone` for large transfers before the encryption.',
        output: 'Exfiltration assessment with evidence',
        attack: ['TA0010', 'T1567.002'],
      }),
      step({
        id: 'engage-insurer',
        section: 'notification',
        title: 'Notify the cyber insurer',
        owner: 'legal',
        when: when('cyber_insurance'),
        after: ['declare-incident'],
        guidance:
          '**Why:** most policies require notice within days and a panel vendor.\n\n**How:** report facts only, record the claim number.',
        output: 'Claim number and approved vendors',
        csf: ['RS.CO-02'],
      }),
      step({
        id: 'personal-data-notifications',
        section: 'notification',
        title: 'Decide and record personal-data breach notifications',
        owner: 'legal',
        when: when('personal_data_involved'),
        after: ['check-exfiltration'],
        guidance:
          '**What:** decide whether to notify the supervisory authority (GDPR: *72 hours*) and the people affected.\n\n**Pitfalls:** the clock starts when you become aware, not when the investigation ends.',
        output: 'Notification decision with reasons and times',
        csf: ['RS.CO-02', 'RS.CO-03'],
      }),
      step({
        id: 'ransom-decision',
        section: 'notification',
        title: 'Take the ransom payment decision with counsel',
        owner: 'executive',
        when: when('ransom_demanded', 'ransom_payment_considered'),
        guidance:
          '**What:** a documented decision, with counsel, on whether to pay.\n\n**How:** check sanctions lists (OFAC) and insurer consent before any contact with the attacker.',
        output: 'Signed decision record',
      }),
      step({
        id: 'keep-staff-informed',
        section: 'notification',
        title: 'Tell staff what to do while systems are down',
        owner: 'comms',
        when: when('!law_enforcement_engaged'),
        guidance: 'Short, factual, out-of-band: what is affected, what to do, when the next update comes.',
        output: 'Staff message and time sent',
      }),
      step({
        id: 'restore-from-backup',
        section: 'eradication_recovery',
        title: 'Restore from clean, offline backups',
        owner: 'it_ops',
        after: ['isolate-hosts', 'preserve-evidence'],
        guidance:
          '**How:**\n1. Verify backups are clean and predate the intrusion.\n2. Rebuild domain controllers first.\n3. Restore in business-priority order.',
        output: 'Restore log by system',
        csf: ['RC.RP-03'],
      }),
      step({
        id: 'lessons-learned',
        section: 'post_incident',
        title: 'Hold a lessons-learned review',
        owner: 'commander',
        after: ['restore-from-backup'],
        guidance: 'Within two weeks: timeline, what worked, what did not, and owners for each fix.',
        output: 'Review notes and action list',
        csf: ['ID.IM-03'],
      }),
    ],
  },
  {
    id: 'business-email-compromise',
    title: 'Business email compromise',
    version: 1,
    incident_types: ['business_email_compromise'],
    summary: 'Use this playbook when a mailbox has been taken over or impersonated to redirect payments. Fund recovery comes first.',
    sources: [
      { document: 'NIST SP 800-61r3 (2025)', section: 'CSF 2.0 Respond: RS.MA, RS.MI, RS.CO' },
      { document: 'CISA Federal Government Cybersecurity Incident and Vulnerability Response Playbooks (2021)', section: 'Incident response checklist' },
    ],
    reviewed: '2026-12-08',
    review_by: '2027-06-08',
    steps: [
      step({
        id: 'declare-incident',
        section: 'triage',
        title: 'Declare a BEC incident and establish the payment facts',
        owner: 'commander',
        guidance: '**What:** record amount, currency, beneficiary bank and account, and who approved it.',
        output: 'Payment fact sheet',
        attack: ['T1657'],
      }),
      step({
        id: 'recall-wire',
        section: 'containment',
        title: 'Ask the bank to recall the wire',
        owner: 'executive',
        when: when('funds_transferred'),
        after: ['declare-incident'],
        guidance: '**Why:** recalls succeed far more often in the first 24 hours.\n\n**How:** call the bank fraud line; file an IC3 report.',
        output: 'Recall request reference',
      }),
      step({
        id: 'remove-inbox-rules',
        section: 'eradication_recovery',
        title: 'Remove malicious inbox rules and forwarding',
        owner: 'it_ops',
        after: ['declare-incident'],
        guidance: 'Export the rules first (evidence), then remove them and block external forwarding.',
        output: 'Rules exported and removed',
        attack: ['T1114.003'],
      }),
    ],
  },
  {
    id: 'unclassified-triage',
    title: 'Unclassified incident triage',
    version: 1,
    incident_types: ['other'],
    summary: 'First steps for any incident before its type is clear: scope, preserve, decide.',
    sources: [
      { document: 'NIST SP 800-61r3 (2025)', section: 'CSF 2.0 Respond: RS.MA, RS.MI, RS.CO' },
      { document: 'CISA Federal Government Cybersecurity Incident and Vulnerability Response Playbooks (2021)', section: 'Incident response checklist' },
    ],
    reviewed: '2026-12-08',
    review_by: '2027-06-08',
    steps: [
      step({
        id: 'first-report',
        section: 'triage',
        title: 'Write down the first report',
        owner: 'scribe',
        guidance: 'Who reported it, what they saw, when, and on which systems. Use their words.',
        output: 'First report',
      }),
      step({
        id: 'classify',
        section: 'triage',
        title: 'Classify the incident and pick a playbook',
        owner: 'commander',
        after: ['first-report'],
        guidance: 'Set the incident type, then start the playbook written for it.',
        output: 'Incident type and playbook started',
      }),
    ],
  },
];

const TOP_KEYS = new Set(['id', 'title', 'version', 'incident_types', 'summary', 'sources', 'reviewed', 'review_by']);
const STEP_KEYS = new Set(['id', 'section', 'title', 'owner', 'guidance', 'output', 'when', 'after', 'csf', 'attack']);

type Table = Record<string, string | number | string[]>;

/** Just enough TOML for the example in docs/playbook-format.md. */
export function parseToyToml(content: string): { top: Table; steps: Table[]; sources: SourceRef[]; problems: Diagnostic[] } {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const top: Table = {};
  const steps: Table[] = [];
  const sources: SourceRef[] = [];
  const problems: Diagnostic[] = [];
  let table = top;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (t === '[[steps]]') {
      table = {};
      steps.push(table);
      continue;
    }
    const m = /^(\s*)([A-Za-z_][\w-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      problems.push({ line: i + 1, col: 1, message: 'expected `key = value`' });
      continue;
    }
    const [, indent, key, rest] = m;
    const known = table === top ? TOP_KEYS : STEP_KEYS;
    if (!known.has(key)) problems.push({ line: i + 1, col: indent.length + 1, message: `unknown key \`${key}\`` });
    if (key === 'sources' && table === top && rest.startsWith('[')) {
      const body: string[] = [rest];
      while (!body[body.length - 1].trim().endsWith(']') && i + 1 < lines.length) body.push(lines[++i]);
      for (const x of body.join('\n').matchAll(/\{\s*document\s*=\s*"([^"]*)"\s*,\s*section\s*=\s*"([^"]*)"\s*\}/g))
        sources.push({ document: x[1], section: x[2] });
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(rest.trim())) {
      table[key] = rest.trim();
    } else if (rest.startsWith('"""')) {
      const body: string[] = [rest.slice(3)];
      while (!body[body.length - 1].includes('"""') && i + 1 < lines.length) body.push(lines[++i]);
      const text = body.join('\n');
      table[key] = text.slice(0, text.indexOf('"""')).replace(/^\n/, '');
    } else if (rest.startsWith('"')) {
      table[key] = rest.slice(1, rest.lastIndexOf('"'));
    } else if (rest.startsWith('[')) {
      table[key] = [...rest.matchAll(/"([^"]*)"/g)].map((x) => x[1]);
    } else if (/^\d+$/.test(rest.trim())) {
      table[key] = Number(rest.trim());
    } else {
      problems.push({ line: i + 1, col: indent.length + key.length + 4, message: `invalid value for \`${key}\`` });
    }
  }
  for (const k of ['id', 'title', 'version', 'incident_types', 'summary'])
    if (!(k in top)) problems.push({ line: 1, col: 1, message: `missing key \`${k}\`` });
  if (steps.length === 0) problems.push({ line: 1, col: 1, message: 'a playbook needs at least one [[steps]] table' });
  return { top, steps, sources, problems };
}

export function playbookFromToml(content: string): { playbook: Playbook | null; problems: Diagnostic[] } {
  const { top, steps, sources, problems } = parseToyToml(content);
  if (problems.length) return { playbook: null, problems };
  const s = (t: Table, k: string) => (typeof t[k] === 'string' ? (t[k] as string) : '');
  const l = (t: Table, k: string) => (Array.isArray(t[k]) ? (t[k] as string[]) : []);
  return {
    problems,
    playbook: {
      id: s(top, 'id'),
      title: s(top, 'title'),
      version: Number(top.version),
      incident_types: l(top, 'incident_types') as Playbook['incident_types'],
      summary: s(top, 'summary'),
      sources,
      reviewed: s(top, 'reviewed') || null,
      review_by: s(top, 'review_by') || null,
      steps: steps.map((t) =>
        step({
          id: s(t, 'id'),
          section: s(t, 'section') as Step['section'],
          title: s(t, 'title'),
          owner: s(t, 'owner') as Step['owner'],
          guidance: s(t, 'guidance'),
          output: s(t, 'output'),
          when: when(...l(t, 'when')),
          after: l(t, 'after'),
          csf: l(t, 'csf'),
          attack: l(t, 'attack'),
        }),
      ),
    },
  };
}
