// Dev-only stand-in for the threat-intelligence files the backend reads (see mock-investigation.ts):
// the webview cannot open a file, so the path decides what the "file" holds, as the timeline
// import mock does. A path naming "misp" is a MISP event, anything else a STIX 2.1 bundle;
// "missing" cannot be read; "junk" is neither format.

import { parseAs } from './mock-ioc';
import type { IntelFormat, IntelItem, IntelSkipped, IocType, Tlp } from './types';

type Candidate = { ioc_type: IocType; raw: string; tlp: Tlp | null; source: string; description: string };

export type IntelFile = { format: IntelFormat; file_name: string; title: string; candidates: Candidate[]; skipped: IntelSkipped[]; other_objects: string };

const STIX: Omit<IntelFile, 'file_name'> = {
  format: 'stix',
  title: 'Loader campaign, November',
  candidates: [
    { ioc_type: 'ipv4', raw: '203.0.113.7', tlp: 'green', source: 'indicator--7d1c…01', description: 'C2 address' },
    { ioc_type: 'cidr', raw: '198.51.100.0/24', tlp: 'green', source: 'indicator--7d1c…02', description: 'Hosting range' },
    { ioc_type: 'domain', raw: 'update-check.example-cdn.net', tlp: 'amber', source: 'indicator--7d1c…03', description: 'Loader download host' },
    { ioc_type: 'sha256', raw: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', tlp: null, source: 'indicator--7d1c…04', description: '' },
    { ioc_type: 'domain', raw: 'domain autuo.xicp.net', tlp: null, source: 'indicator--7d1c…05', description: '' },
  ],
  skipped: [
    { source: 'indicator--7d1c…06', part: "x509-certificate:issuer = 'CN=WEBMAIL'", reason: 'Firebreak has no indicator type for x509-certificate:issuer' },
    { source: 'indicator--7d1c…07', part: "email-message:subject MATCHES '^Invoice'", reason: 'the operator MATCHES describes a condition, not a value' },
  ],
  other_objects: '6 relationship, 2 malware, 1 report',
};

const MISP: Omit<IntelFile, 'file_name'> = {
  format: 'misp',
  title: 'Phishing wave delivering a loader',
  candidates: [
    { ioc_type: 'ipv4', raw: '203.0.113.10', tlp: 'red', source: 'attribute a1…01', description: 'C2 server' },
    { ioc_type: 'email', raw: 'payroll@bad-mail.example', tlp: 'amber', source: 'attribute a1…06', description: 'Sender of the phishing mail' },
    { ioc_type: 'file_name', raw: 'invoice.pdf.exe', tlp: 'amber', source: 'attribute a1…07', description: 'Attachment' },
  ],
  skipped: [{ source: 'attribute a1…11', part: 'ip-dst: 10.20.30.40', reason: 'not for detection in MISP (to_ids is off): context, not an indicator' }],
  other_objects: '1 object',
};

/** What the file at `path` holds, or the error reading it gives. */
export function intelFile(path: string): IntelFile | { code: 'io' | 'validation'; message: string } {
  const p = path.trim();
  if (!p) return { code: 'validation', message: 'choose a file to import' };
  if (p.includes('missing')) return { code: 'io', message: `reading ${p}: No such file or directory (os error 2)` };
  if (p.includes('junk')) return { code: 'validation', message: 'not a STIX 2.1 bundle: the top-level object has no "type"' };
  const file_name = p.split(/[\\/]/).pop() ?? p;
  return { ...(/misp/i.test(p) ? MISP : STIX), file_name };
}

/** Validated, normal-form items once each (the most restrictive TLP of a repeat), and what failed validation. */
export function checkCandidates(file: IntelFile): { items: IntelItem[]; skipped: IntelSkipped[] } {
  const items: IntelItem[] = [];
  const skipped: IntelSkipped[] = [...file.skipped];
  for (const c of file.candidates) {
    const r = parseAs(c.ioc_type, c.raw);
    if (!r.ok) {
      skipped.push({ source: c.source, part: c.raw, reason: r.message });
      continue;
    }
    if (items.some((i) => i.ioc_type === r.value.ioc_type && i.value === r.value.value)) continue;
    const from = `from ${file.file_name}, ${c.source}`;
    items.push({
      ...r.value,
      tlp: c.tlp ?? 'amber',
      tlp_marked: c.tlp !== null,
      description: c.description ? `${c.description} (${from})` : from,
      source: c.source,
      first_seen: null,
      last_seen: null,
    });
  }
  return { items, skipped };
}
