// A deliberately tiny Markdown reader for playbook guidance. It produces a token tree
// that Svelte renders as elements and text nodes, so nothing in a playbook file (an
// imported one may come from anywhere) can ever become HTML. Supported: paragraphs,
// `**bold**`, `*em*` / `_em_`, `` `code` ``, `-`/`*`/`+` and `1.` lists, and hard line
// breaks (two trailing spaces or a trailing backslash). Everything else is text.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'br' };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] };

const BULLET = /^\s{0,6}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,6}(\d{1,9})[.)]\s+(.*)$/;

type ListItemLine = { ordered: boolean; number: number; text: string };

function listItem(line: string): ListItemLine | null {
  // "**Why:**" starts with an asterisk but is bold text, not a bullet: a bullet needs a space.
  const b = BULLET.exec(line);
  if (b) return { ordered: false, number: 0, text: b[1] };
  const n = NUMBERED.exec(line);
  if (n) return { ordered: true, number: Number(n[1]), text: n[2] };
  return null;
}

/** Joins source lines of one paragraph or list item: soft wraps become spaces. */
function joinLines(lines: string[]): Inline[] {
  const out: Inline[] = [];
  lines.forEach((raw, i) => {
    const last = i === lines.length - 1;
    const hard = !last && (/ {2,}$/.test(raw) || /\\$/.test(raw));
    let text = raw.trim();
    if (hard && text.endsWith('\\')) text = text.slice(0, -1).trimEnd();
    out.push(...parseInline(text));
    if (!last) out.push(hard ? { type: 'br' } : { type: 'text', text: ' ' });
  });
  return mergeText(out);
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; start: number; items: string[][] } | null = null;

  const flushPara = () => {
    if (para.length) blocks.push({ type: 'paragraph', children: joinLines(para) });
    para = [];
  };
  const flushList = () => {
    if (list) blocks.push({ type: 'list', ordered: list.ordered, start: list.start, items: list.items.map(joinLines) });
    list = null;
  };

  for (const line of lines) {
    if (line.trim() === '') {
      flushPara();
      flushList();
      continue;
    }
    const item = listItem(line);
    if (item) {
      flushPara();
      if (list && list.ordered !== item.ordered) flushList();
      if (!list) list = { ordered: item.ordered, start: item.ordered ? item.number : 1, items: [] };
      list.items.push([item.text]);
      continue;
    }
    if (list) {
      // A wrapped line continues the current item.
      list.items[list.items.length - 1].push(line);
      continue;
    }
    para.push(line);
  }
  flushPara();
  flushList();
  return blocks;
}

function mergeText(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const prev = out[out.length - 1];
    if (n.type === 'text' && prev?.type === 'text') prev.text += n.text;
    else if (n.type !== 'text' || n.text !== '') out.push(n);
  }
  return out;
}

/** Inline markup inside one block's text. Unclosed markers are kept as literal text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  let i = 0;
  const flush = () => {
    if (buf) out.push({ type: 'text', text: buf });
    buf = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && /[\\`*_]/.test(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      let ticks = 1;
      while (text[i + ticks] === '`') ticks++;
      const fence = '`'.repeat(ticks);
      const end = text.indexOf(fence, i + ticks);
      if (end !== -1) {
        flush();
        out.push({ type: 'code', text: text.slice(i + ticks, end).replace(/^ (.*) $/, '$1') });
        i = end + ticks;
        continue;
      }
      buf += fence;
      i += ticks;
      continue;
    }
    if (text.startsWith('**', i) || text.startsWith('__', i)) {
      const marker = text.slice(i, i + 2);
      const end = findClose(text, marker, i + 2);
      if (end !== -1) {
        flush();
        out.push({ type: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    } else if ((ch === '*' || ch === '_') && text[i + 1] !== undefined && text[i + 1] !== ' ') {
      // `_` only opens emphasis at a word boundary, so snake_case_names stay intact.
      const wordBefore = i > 0 && /\w/.test(text[i - 1]);
      if (!(ch === '_' && wordBefore)) {
        const end = findClose(text, ch, i + 1);
        if (end !== -1) {
          flush();
          out.push({ type: 'em', children: parseInline(text.slice(i + 1, end)) });
          i = end + 1;
          continue;
        }
      }
    }
    buf += ch;
    i++;
  }
  flush();
  return out;
}

/** The closing marker: not preceded by a space, not escaped, not inside a code span. */
function findClose(text: string, marker: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text[i] === '`') {
      const end = text.indexOf('`', i + 1);
      if (end === -1) return -1;
      i = end + 1;
      continue;
    }
    if (marker.length === 2 && text.startsWith(marker, i) && i > from && text[i - 1] !== ' ') return i;
    if (marker.length === 1 && text[i] === marker) {
      if (text[i + 1] === marker) {
        // `**` inside `*…*`: skip the strong span whole.
        const inner = findClose(text, marker + marker, i + 2);
        if (inner === -1) return -1;
        i = inner + 2;
        continue;
      }
      if (i > from && text[i - 1] !== ' ' && !(marker === '_' && /\w/.test(text[i + 1] ?? ''))) return i;
    }
    i++;
  }
  return -1;
}

/** Plain text of a Markdown string (for titles, previews and search). */
export function markdownToText(source: string): string {
  const inlineText = (nodes: Inline[]): string =>
    nodes
      .map((n) => (n.type === 'text' || n.type === 'code' ? n.text : n.type === 'br' ? ' ' : inlineText(n.children)))
      .join('');
  return parseMarkdown(source)
    .map((b) => (b.type === 'paragraph' ? inlineText(b.children) : b.items.map(inlineText).join('; ')))
    .join(' ');
}
