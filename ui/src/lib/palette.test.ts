import { expect, it } from 'vitest';
import { filterPalette } from './palette';

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
