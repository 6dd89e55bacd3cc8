import { describe, expect, it } from 'vitest';
import { playbookFromToml } from './mock-playbooks';

// The dev mock's toy reader must accept the documented example, sources and dates included,
// so "Import playbook…" can be tried in a browser. EXAMPLE is docs/playbook-format.md's example.
const EXAMPLE = `id = "phishing-click"
title = "Phishing link clicked"
version = 1
incident_types = ["credential_compromise"]
summary = "A user clicked a phishing link and may have entered credentials."
reviewed = 2026-12-08
review_by = 2027-06-08
sources = [
  { document = "NIST SP 800-61r3", section = "CSF 2.0 RS.MI-01, RS.CO-02" },
]

[[steps]]
id = "reset-credentials"
section = "containment"
title = "Reset the user's password and revoke sessions"
owner = "it_ops"
guidance = """
**Why:** a captured password stays useful until it is changed and live sessions are ended.

**How:** reset the password, revoke refresh tokens and sign-in sessions, and check for
MFA methods registered in the last 24 hours.

**Pitfalls:** resetting before preserving sign-in logs can lose the attacker's IP addresses.
"""
output = "Time of reset and revocation; list of MFA methods before and after"
after = []
csf = ["RS.MI-01"]
attack = ["T1566.002", "TA0006"]

[[steps]]
id = "notify-dpo"
section = "notification"
title = "Tell the data protection officer"
owner = "legal"
guidance = "Personal data may have been exposed: the 72-hour GDPR clock may be running."
output = "Time the DPO was told, and their decision"
when = ["personal_data_involved"]
after = ["reset-credentials"]
`;
describe('playbookFromToml', () => {
  it('reads the documented example with its sources and review dates', () => {
    const example = EXAMPLE;
    const { playbook, problems } = playbookFromToml(example);
    expect(problems).toEqual([]);
    expect(playbook).toMatchObject({
      id: 'phishing-click',
      reviewed: '2026-12-08',
      review_by: '2027-06-08',
      sources: [{ document: 'NIST SP 800-61r3', section: 'CSF 2.0 RS.MI-01, RS.CO-02' }],
    });
    expect(playbook?.steps.map((s) => s.id)).toEqual(['reset-credentials', 'notify-dpo']);
  });
});
