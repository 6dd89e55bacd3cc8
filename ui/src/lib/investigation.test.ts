import { describe, expect, it } from 'vitest';
import {
  addedText,
  blockKind,
  columnWidths,
  compromiseTone,
  containmentTone,
  currentLocation,
  emptyCustodyForm,
  emptyEvidenceForm,
  emptyIndicatorForm,
  evidenceStatusTone,
  filterIndicators,
  formatSize,
  groupCustodyByDay,
  initialSelection,
  integrityFailures,
  iocSuffix,
  isActionOverdue,
  isDestroyed,
  isRealDate,
  linkTargetText,
  LINK_TARGETS,
  metricText,
  parseEvidenceForm,
  parseFactors,
  rationaleRequired,
  reportSuffix,
  selectAll,
  selectedIndicators,
  selectionSummary,
  shortHash,
  stepRefError,
  strictestTlp,
  tableCells,
  tlpClass,
  tlpLabel,
  toAssetInput,
  toggleSelection,
  toNewCustody,
  toNewEvidence,
  toNewIndicator,
  toneClass,
  typeCounts,
  validateActionItem,
  validateAsset,
  validateCustody,
  validateEvidence,
  validateHypothesisStatus,
  validateRootCause,
  type EvidenceForm,
} from './investigation';
import type { CustodyEvent, EvidenceItem, ExtractedIndicator, Indicator, Metric } from './types';

const custody = (seq: number, over: Partial<CustodyEvent> = {}): CustodyEvent => ({
  id: `c${seq}`,
  seq,
  action: 'collected',
  actor: 'dana',
  at: '2026-11-22T03:10:00+01:00',
  location: '',
  purpose: 'why',
  observed_sha256: null,
  recorded_by: 'dana',
  ...over,
});

const item = (over: Partial<EvidenceItem> = {}): EvidenceItem => ({
  id: 'e1',
  incident_id: 'i1',
  label: 'FS01 memory',
  description: '',
  kind: 'file',
  path: '/cases/fs01.raw',
  sha256: 'a'.repeat(64),
  size_bytes: 1024,
  source_system: '',
  collected_by: 'dana',
  collected_at: '2026-11-22T03:10:00+01:00',
  storage_location: 'Safe B',
  status: 'unverified',
  checked_at: null,
  added_by: 'dana',
  custody: [custody(1, { location: 'Safe B' })],
  ...over,
});

const ioc = (over: Partial<Indicator>): Indicator => ({
  id: over.value ?? 'x',
  incident_id: 'i1',
  ioc_type: 'domain',
  value: 'evil.example',
  original: '',
  description: '',
  tlp: 'amber',
  first_seen: null,
  last_seen: null,
  added_by: 'dana',
  added_at: '2026-11-22T03:10:00Z',
  ...over,
});

describe('sizes and hashes', () => {
  it('uses binary units with one decimal, and a dash when unknown', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1024)).toBe('1.0 KiB');
    expect(formatSize(1536)).toBe('1.5 KiB');
    expect(formatSize(Math.round(1.2 * 1024 ** 3))).toBe('1.2 GiB');
    expect(formatSize(5 * 1024 ** 4)).toBe('5.0 TiB');
    expect(formatSize(null)).toBe('—');
    expect(formatSize(-1)).toBe('—');
  });

  it('never shows 1024.0 of a unit', () => {
    expect(formatSize(1024 * 1024 - 1)).toBe('1.0 MiB');
    expect(formatSize(1024 ** 3 - 10)).toBe('1.0 GiB');
  });

  it('shortens a hash but keeps short values whole', () => {
    expect(shortHash('0123456789abcdef0123')).toBe('01234567…0123');
    expect(shortHash('abc')).toBe('abc');
  });
});

describe('TLP', () => {
  it('labels and classes follow TLP 2.0', () => {
    expect(tlpLabel('amber_strict')).toBe('TLP:AMBER+STRICT');
    expect(tlpLabel('clear')).toBe('TLP:CLEAR');
    expect(tlpClass('amber_strict')).toBe('tlp-amber-strict');
    expect(tlpClass('red')).toBe('tlp-red');
    expect(tlpClass('white')).toBe('tlp-unknown');
  });

  it('finds the strictest label of a set', () => {
    expect(strictestTlp([ioc({ tlp: 'green' }), ioc({ tlp: 'amber_strict' }), ioc({ tlp: 'amber' })])).toBe('amber_strict');
    expect(strictestTlp([ioc({ tlp: 'red' }), ioc({ tlp: 'clear' })])).toBe('red');
    expect(strictestTlp([])).toBeNull();
  });
});

describe('statuses', () => {
  it('colours integrity failures red and intact green', () => {
    expect(evidenceStatusTone('mismatch')).toBe('danger');
    expect(evidenceStatusTone('missing')).toBe('danger');
    expect(evidenceStatusTone('intact')).toBe('ok');
    expect(evidenceStatusTone('unverified')).toBe('neutral');
    expect(compromiseTone('confirmed')).toBe('danger');
    expect(compromiseTone('cleared')).toBe('ok');
    expect(containmentTone('not_started')).toBe('danger');
    expect(containmentTone('in_progress')).toBe('warn');
    expect(containmentTone('not_needed')).toBe('ok');
  });

  it('lists only the items whose last re-verification failed', () => {
    const list = [item({ id: 'a', status: 'intact' }), item({ id: 'b', status: 'mismatch' }), item({ id: 'c', status: 'missing' })];
    expect(integrityFailures(list).map((e) => e.id)).toEqual(['b', 'c']);
  });
});

describe('custody', () => {
  it('knows a destroyed item’s chain is closed', () => {
    expect(isDestroyed(item())).toBe(false);
    expect(isDestroyed(item({ custody: [custody(1), custody(2, { action: 'destroyed' })] }))).toBe(true);
  });

  it('says where the item is now, ignoring re-verification entries', () => {
    const e = item({
      custody: [
        custody(1, { location: 'Safe B' }),
        custody(2, { action: 'transferred', location: 'Forensics lab' }),
        custody(3, { action: 'verified', location: '/cases/fs01.raw' }),
      ],
    });
    expect(currentLocation(e)).toBe('Forensics lab');
    expect(currentLocation(item({ custody: [custody(1)], storage_location: 'Vault' }))).toBe('Vault');
  });

  it('groups events by UTC day, in sequence order', () => {
    const days = groupCustodyByDay([
      custody(3, { at: '2026-11-23T08:00:00Z' }),
      custody(1, { at: '2026-11-22T23:30:00-05:00' }),
      custody(2, { at: '2026-11-23T01:00:00+01:00' }),
    ]);
    expect(days.map((d) => d.day)).toEqual(['2026-11-23']);
    expect(days[0].events.map((e) => e.seq)).toEqual([1, 2, 3]);
    const two = groupCustodyByDay([custody(1, { at: '2026-11-22T10:00:00Z' }), custody(2, { at: '2026-11-23T10:00:00Z' })]);
    expect(two.map((d) => d.events.length)).toEqual([1, 1]);
  });

  it('requires a reason and refuses verification outcomes by hand', () => {
    expect(validateCustody({ ...emptyCustodyForm(), purpose: ' ' }).purpose).toMatch(/why/);
    expect(validateCustody({ ...emptyCustodyForm(), action: 'verified', purpose: 'x' }).action).toBeDefined();
    expect(validateCustody({ ...emptyCustodyForm(), purpose: 'x', at: '2026-11-22 03:10' }).at).toMatch(/offset/);
    expect(validateCustody({ ...emptyCustodyForm(), purpose: 'Handed over' })).toEqual({});
  });

  it('sends blanks as defaults and times in canonical form', () => {
    expect(toNewCustody({ action: 'transferred', actor: ' ', at: '', location: ' Lab ', purpose: ' analysis ' })).toEqual({
      action: 'transferred',
      actor: null,
      at: null,
      location: 'Lab',
      purpose: 'analysis',
    });
    expect(toNewCustody({ ...emptyCustodyForm(), purpose: 'x', at: '2026-11-22T03:10+01:00' }).at).toBe('2026-11-22T03:10:00+01:00');
  });
});

describe('evidence form', () => {
  const form = (over: Partial<EvidenceForm>): EvidenceForm => ({ ...emptyEvidenceForm(), ...over });

  it('requires a label, and a file or a place it is held', () => {
    expect(validateEvidence(form({})).label).toBeDefined();
    expect(validateEvidence(form({ label: 'x' })).path).toBeDefined();
    expect(validateEvidence(form({ label: 'x', reference: true })).storage_location).toBeDefined();
    expect(validateEvidence(form({ label: 'x', reference: true, storage_location: 'Vault' }))).toEqual({});
    expect(validateEvidence(form({ label: 'x', path: '/a.raw' }))).toEqual({});
  });

  it('checks a reported hash and the collection time', () => {
    expect(validateEvidence(form({ label: 'x', reference: true, storage_location: 'V', sha256: 'abc' })).sha256).toMatch(/64/);
    expect(validateEvidence(form({ label: 'x', path: '/a', collected_at: 'yesterday' })).collected_at).toBeDefined();
  });

  it('sends a file without a hash and a reference without a path', () => {
    const file = toNewEvidence(form({ label: ' Mem ', path: ' /a.raw ', sha256: 'ignored', collected_at: '2026-11-22T03:10Z' }));
    expect(file).toMatchObject({ label: 'Mem', path: '/a.raw', sha256: null, collected_at: '2026-11-22T03:10:00+00:00', collected_by: null });
    const ref = toNewEvidence(form({ label: 'Disk', reference: true, path: '/stale', storage_location: 'Vault', sha256: 'AB'.repeat(32) }));
    expect(ref).toMatchObject({ path: null, sha256: 'ab'.repeat(32), storage_location: 'Vault' });
  });

  it('reads a stored draft defensively', () => {
    expect(parseEvidenceForm(null)).toBeNull();
    expect(parseEvidenceForm({ label: 'x', reference: 'yes', path: 3 })).toEqual({ ...emptyEvidenceForm(), label: 'x' });
    expect(parseEvidenceForm({ reference: true })?.reference).toBe(true);
  });
});

describe('indicators', () => {
  it('sends "detect" as no type, and keeps the TLP chosen', () => {
    expect(toNewIndicator({ ...emptyIndicatorForm(), value: ' 1.2.3.4 ' })).toEqual({ value: '1.2.3.4', ioc_type: null, description: '', tlp: 'amber' });
    expect(toNewIndicator({ value: 'x', ioc_type: 'user_agent', tlp: 'red', description: ' d ' })).toMatchObject({ ioc_type: 'user_agent', tlp: 'red', description: 'd' });
  });

  it('filters and counts by type', () => {
    const list = [ioc({ value: 'a.example' }), ioc({ ioc_type: 'ipv4', value: '1.2.3.4' }), ioc({ value: 'b.example' })];
    expect(filterIndicators(list, 'domain').map((i) => i.value)).toEqual(['a.example', 'b.example']);
    expect(filterIndicators(list, null)).toHaveLength(3);
    expect(typeCounts(list).get('domain')).toBe(2);
    expect(typeCounts(list).get('ipv4')).toBe(1);
    expect(typeCounts(list).has('url')).toBe(false);
  });

  it('says what an add did', () => {
    expect(addedText({ added: [ioc({})], already_known: [] })).toBe('Added 1 indicator.');
    expect(addedText({ added: [ioc({}), ioc({})], already_known: [ioc({})] })).toBe('Added 2 indicators; 1 was already recorded (sightings merged).');
    expect(addedText({ added: [], already_known: [ioc({}), ioc({})] })).toBe('Added 0 indicators; 2 were already recorded (sightings merged).');
  });
});

describe('bulk paste selection', () => {
  const found: ExtractedIndicator[] = [
    { ioc_type: 'url', value: 'http://evil.example/a', known: false },
    { ioc_type: 'ipv4', value: '203.0.113.7', known: true },
    { ioc_type: 'domain', value: 'evil.example', known: false },
  ];

  it('ticks new candidates and leaves known ones unticked', () => {
    const s = initialSelection(found);
    expect([...s]).toEqual(['url|http://evil.example/a', 'domain|evil.example']);
    expect(selectionSummary(found, s)).toBe('2 of 3 selected · 1 already recorded');
  });

  it('adds exactly the ticked ones, in the order found, with the chosen TLP', () => {
    let s = initialSelection(found);
    s = toggleSelection(s, 'url|http://evil.example/a');
    s = toggleSelection(s, 'ipv4|203.0.113.7');
    expect(selectedIndicators(found, s, 'green')).toEqual([
      { value: '203.0.113.7', ioc_type: 'ipv4', tlp: 'green', description: '' },
      { value: 'evil.example', ioc_type: 'domain', tlp: 'green', description: '' },
    ]);
  });

  it('selects all new ones or none', () => {
    expect(selectAll(found, true).size).toBe(2);
    expect(selectAll(found, true, true).size).toBe(3);
    expect(selectAll(found, false).size).toBe(0);
    expect(selectedIndicators(found, selectAll(found, false), 'amber')).toEqual([]);
  });
});

describe('assets, hypotheses, root cause, lessons', () => {
  it('requires an asset name and trims what it sends', () => {
    const f = { kind: 'host' as const, name: ' ', owner: '', compromise: 'suspected' as const, containment: 'not_started' as const, notes: '' };
    expect(validateAsset(f).name).toBeDefined();
    expect(toAssetInput({ ...f, name: ' FS01 ', owner: ' IT ' })).toMatchObject({ name: 'FS01', owner: 'IT' });
  });

  it('requires a rationale to support or refute', () => {
    expect(rationaleRequired('open')).toBe(false);
    expect(rationaleRequired('refuted')).toBe(true);
    expect(validateHypothesisStatus('supported', ' ').rationale).toMatch(/supported/);
    expect(validateHypothesisStatus('open', '')).toEqual({});
    expect(validateHypothesisStatus('refuted', 'logs')).toEqual({});
  });

  it('reads contributing factors one a line, without bullets or repeats', () => {
    expect(parseFactors('- No MFA\n\n• VPN unpatched\nno mfa\n  * Flat network  ')).toEqual(['No MFA', 'VPN unpatched', 'Flat network']);
    expect(parseFactors('  \n')).toEqual([]);
  });

  it('checks the statement and the technique', () => {
    expect(validateRootCause({ statement: '', initial_access: '', factors: '' }, []).statement).toBeDefined();
    expect(validateRootCause({ statement: 's', initial_access: 'T9999', factors: '' }, ['T1566']).initial_access).toMatch(/T9999/);
    expect(validateRootCause({ statement: 's', initial_access: 'T1566', factors: '' }, ['T1566'])).toEqual({});
  });

  it('accepts only real dates for action items', () => {
    expect(isRealDate('2026-12-31')).toBe(true);
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(isRealDate('31/12/2026')).toBe(false);
    expect(validateActionItem({ action: 'a', owner: '', due_date: '2026-02-30' })).toEqual({
      owner: expect.any(String),
      due_date: expect.any(String),
    });
    expect(validateActionItem({ action: 'a', owner: 'b', due_date: '2026-12-01' })).toEqual({});
  });

  it('flags open items past their date only', () => {
    expect(isActionOverdue({ status: 'open', due_date: '2026-11-21' }, '2026-11-22')).toBe(true);
    expect(isActionOverdue({ status: 'open', due_date: '2026-11-22' }, '2026-11-22')).toBe(false);
    expect(isActionOverdue({ status: 'done', due_date: '2026-11-01' }, '2026-11-22')).toBe(false);
  });
});

describe('links', () => {
  it('allows what the backend allows', () => {
    expect(LINK_TARGETS.evidence).toEqual(['timeline_entry', 'playbook_step', 'finding']);
    expect(LINK_TARGETS.hypothesis).toEqual(['evidence', 'finding']);
    expect(LINK_TARGETS.indicator).toEqual(['timeline_entry']);
  });

  it('names a target by its own words', () => {
    const ws = { findings: [{ id: 'f1', statement: 'VPN logon', added_by: 'd', added_at: '' }], evidence: [item({ id: 'e9', label: 'Disk' })] };
    expect(linkTargetText({ to_kind: 'finding', to_id: 'f1' }, ws)).toBe('VPN logon');
    expect(linkTargetText({ to_kind: 'evidence', to_id: 'e9' }, ws)).toBe('Disk');
    expect(linkTargetText({ to_kind: 'finding', to_id: 'gone' }, ws)).toBe('gone');
    expect(linkTargetText({ to_kind: 'playbook_step', to_id: 'ransomware/isolate-hosts' }, ws)).toBe('ransomware/isolate-hosts');
  });

  it('checks a step reference', () => {
    expect(stepRefError('ransomware/isolate-hosts')).toBeNull();
    expect(stepRefError('isolate-hosts')).toMatch(/playbook\/step/);
    expect(stepRefError('a/b/c')).not.toBeNull();
  });
});

describe('metrics and reports', () => {
  const metric = (over: Partial<Metric>): Metric => ({
    key: 'k',
    label: 'L',
    from_label: 'Detected',
    from: null,
    to_label: 'Declared',
    to: null,
    seconds: null,
    display: 'missing',
    missing: '',
    ...over,
  });

  it('shows a measured span, or missing with the reason, never a number it does not have', () => {
    expect(metricText(metric({ seconds: 600, display: '10 min' }))).toEqual({ measured: true, text: '10 min' });
    expect(metricText(metric({ missing: 'not yet: move the incident to Eradication' }))).toEqual({
      measured: false,
      text: 'missing — not yet: move the incident to Eradication',
    });
    expect(metricText(metric({ seconds: 0, display: '0 s' })).measured).toBe(true);
  });

  it('tells block variants apart', () => {
    expect(blockKind({ Title: { text: 't', subtitle: '' } })).toBe('Title');
    expect(blockKind({ Callout: { tone: 'Danger', title: 't', text: '' } })).toBe('Callout');
    expect(blockKind({ KeyValues: [['a', 'b']] })).toBe('KeyValues');
    expect(blockKind('PageBreak')).toBe('PageBreak');
    expect(blockKind('Rule')).toBe('Rule');
    expect(blockKind('Other' as never)).toBe('Unknown');
  });

  it('lays out tables as the PDF does', () => {
    expect(columnWidths([{ weight: 1 }, { weight: 3 }])).toEqual([25, 75]);
    expect(columnWidths([{ weight: null }, { weight: -2 }, { weight: 2 }])).toEqual([25, 25, 50]);
    expect(tableCells([['a'], ['a', 'b', 'c']], 2)).toEqual([
      ['a', ''],
      ['a', 'b'],
    ]);
  });

  it('maps callout tones and file suffixes', () => {
    expect(toneClass('Danger')).toBe('danger');
    expect(toneClass('Warning')).toBe('warn');
    expect(toneClass('Success')).toBe('ok');
    expect(toneClass('Info')).toBe('info');
    expect(reportSuffix('brief', 'pdf')).toBe('brief.pdf');
    expect(reportSuffix('full', 'html')).toBe('report.html');
    expect(iocSuffix('stix')).toBe('iocs.stix.json');
    expect(iocSuffix('csv')).toBe('iocs.csv');
  });
});
