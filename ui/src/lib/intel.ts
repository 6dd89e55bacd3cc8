// Wording for importing threat intelligence (STIX 2.1 bundles, MISP events) into an
// incident's indicators: what the preview will do and what the import did.

import type { IntelImported, IntelPreview } from './types';

const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

export const INTEL_FILTERS = [
  { name: 'STIX 2.1 or MISP (JSON)', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

/** "MISP event event.json — Phishing wave": what the file is. */
export function intelHeading(p: Pick<IntelPreview, 'format' | 'file_name' | 'title'>): string {
  const kind = p.format === 'stix' ? 'STIX 2.1 bundle' : 'MISP event';
  return p.title ? `${kind} ${p.file_name} — ${p.title}` : `${kind} ${p.file_name}`;
}

/** "12 to add · 1 already recorded · 4 not imported". */
export function intelSummary(p: Pick<IntelPreview, 'to_add' | 'duplicates' | 'unsupported'>): string {
  return [
    `${n(p.to_add.length, 'indicator')} to add`,
    `${p.duplicates.length.toLocaleString('en-US')} already recorded`,
    `${p.unsupported.length.toLocaleString('en-US')} not imported`,
  ].join(' · ');
}

/** How many the file left without a TLP marking (recorded as TLP:AMBER). */
export function unmarkedCount(p: Pick<IntelPreview, 'to_add' | 'duplicates'>): number {
  return [...p.to_add, ...p.duplicates].filter((i) => !i.tlp_marked).length;
}

/** What nothing-to-import means, or null when there is something to import. */
export function nothingToImport(p: Pick<IntelPreview, 'to_add' | 'duplicates' | 'other_objects'>): string | null {
  if (p.to_add.length || p.duplicates.length) return null;
  const others = p.other_objects ? ` The file holds ${p.other_objects}, which are not indicators.` : '';
  return `This file has no indicator Firebreak can import.${others}`;
}

/** The notice after an import. */
export function importedText(r: IntelImported): string {
  const kind = r.format === 'stix' ? 'STIX 2.1 bundle' : 'MISP event';
  const parts = [`Imported ${n(r.added, 'indicator')} from ${kind} ${r.file_name}`];
  if (r.already_known) parts.push(`${r.already_known} already recorded (sightings merged)`);
  if (r.unsupported) parts.push(`${r.unsupported} not imported (listed on the timeline entry)`);
  return `${parts.join('; ')}.`;
}
