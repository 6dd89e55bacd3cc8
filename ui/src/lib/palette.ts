// Matching for the command palette: every typed word must appear, and items whose
// label starts with what was typed come first, so "ran" finds "Ransomware on FS01"
// before "Stolen laptop (Frankfurt branch)".

export type Matchable = { label: string; keywords?: string };

export function filterPalette<T extends Matchable>(items: readonly T[], query: string, limit = 50): T[] {
  const q = query.trim().toLowerCase();
  if (q === '') return items.slice(0, limit);
  const terms = q.split(/\s+/);
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const label = item.label.toLowerCase();
    const hay = `${label} ${(item.keywords ?? '').toLowerCase()}`;
    if (!terms.every((t) => hay.includes(t))) return;
    let score = 3;
    if (label.startsWith(q)) score = 0;
    else if (label.split(/[\s:·(/-]+/).some((w) => w.startsWith(terms[0]))) score = 1;
    else if (label.includes(terms[0])) score = 2;
    scored.push({ item, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.item);
}
