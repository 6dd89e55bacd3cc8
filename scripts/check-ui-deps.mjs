#!/usr/bin/env node
// The UI's runtime dependencies ship inside the app, and the npm audit endpoint is not
// reachable from our machines, so they are kept few, pinned to exact versions, and each is
// listed with its reason in docs/security.md ("UI runtime dependencies"). This fails when
// one is added, changed or left unpinned without that list saying so.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'ui/package.json'), 'utf8'));
const doc = readFileSync(join(root, 'docs/security.md'), 'utf8');

// Rows of the table under the heading: | `name` | version | reason |
const section = doc.split(/^## /m).find((s) => s.startsWith('UI runtime dependencies'));
const listed = new Map();
for (const line of (section ?? '').split('\n')) {
  const m = line.match(/^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|\s*$/);
  if (m) listed.set(m[1], { version: m[2], reason: m[3] });
}

const problems = [];
if (!section) problems.push('docs/security.md has no "## UI runtime dependencies" section');
const deps = pkg.dependencies ?? {};
for (const [name, spec] of Object.entries(deps)) {
  if (!/^\d+\.\d+\.\d+$/.test(spec)) problems.push(`${name}: "${spec}" is not pinned to an exact version`);
  const row = listed.get(name);
  if (!row) problems.push(`${name} is a runtime dependency but docs/security.md does not list it with its reason`);
  else if (row.version !== spec) problems.push(`${name}: package.json has ${spec}, docs/security.md lists ${row.version}`);
  else if (row.reason.length < 10) problems.push(`${name}: docs/security.md gives no reason`);
}
for (const name of listed.keys()) {
  if (!(name in deps)) problems.push(`${name} is listed in docs/security.md but is not a runtime dependency (remove the row)`);
}

if (problems.length) {
  console.error('UI runtime dependencies:\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log(`UI runtime dependencies: ${Object.keys(deps).length}, all pinned and listed in docs/security.md`);
