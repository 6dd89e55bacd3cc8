import { describe, expect, it } from 'vitest';
import { markdownToText, parseInline, parseMarkdown } from './markdown';

describe('parseInline', () => {
  it('reads bold, emphasis and code', () => {
    expect(parseInline('**What:** isolate *now*, run `edr isolate`')).toEqual([
      { type: 'strong', children: [{ type: 'text', text: 'What:' }] },
      { type: 'text', text: ' isolate ' },
      { type: 'em', children: [{ type: 'text', text: 'now' }] },
      { type: 'text', text: ', run ' },
      { type: 'code', text: 'edr isolate' },
    ]);
  });

  it('nests emphasis and code inside bold', () => {
    expect(parseInline('**do *not* run `rm`**')).toEqual([
      {
        type: 'strong',
        children: [
          { type: 'text', text: 'do ' },
          { type: 'em', children: [{ type: 'text', text: 'not' }] },
          { type: 'text', text: ' run ' },
          { type: 'code', text: 'rm' },
        ],
      },
    ]);
  });

  it('keeps unclosed markers, lone asterisks and snake_case as text', () => {
    expect(parseInline('2 * 3 and **open')).toEqual([{ type: 'text', text: '2 * 3 and **open' }]);
    expect(parseInline('set personal_data_involved now')).toEqual([{ type: 'text', text: 'set personal_data_involved now' }]);
    expect(parseInline('a `dangling')).toEqual([{ type: 'text', text: 'a `dangling' }]);
  });

  it('does not read markup inside code and honours escapes', () => {
    expect(parseInline('`**x**` \\*y\\*')).toEqual([
      { type: 'code', text: '**x**' },
      { type: 'text', text: ' *y*' },
    ]);
  });

  it('treats HTML as text', () => {
    expect(parseInline('<script>alert(1)</script>')).toEqual([{ type: 'text', text: '<script>alert(1)</script>' }]);
  });
});

describe('parseMarkdown', () => {
  it('splits paragraphs on blank lines and joins soft wraps with a space', () => {
    expect(parseMarkdown('one\ntwo\n\nthree')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'one two' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'three' }] },
    ]);
  });

  it('keeps hard line breaks', () => {
    expect(parseMarkdown('one  \ntwo\\\nthree')).toEqual([
      {
        type: 'paragraph',
        children: [{ type: 'text', text: 'one' }, { type: 'br' }, { type: 'text', text: 'two' }, { type: 'br' }, { type: 'text', text: 'three' }],
      },
    ]);
  });

  it('reads a list right after a lead-in line, with wrapped items', () => {
    const blocks = parseMarkdown('**How:**\n- Pull the cable.\n- Record the host\n  and the time.\n\nDone.');
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', text: 'How:' }] }] },
      {
        type: 'list',
        ordered: false,
        start: 1,
        items: [[{ type: 'text', text: 'Pull the cable.' }], [{ type: 'text', text: 'Record the host and the time.' }]],
      },
      { type: 'paragraph', children: [{ type: 'text', text: 'Done.' }] },
    ]);
  });

  it('reads numbered lists with their start and separates list kinds', () => {
    const blocks = parseMarkdown('3. three\n4. four\n- bullet');
    expect(blocks).toEqual([
      { type: 'list', ordered: true, start: 3, items: [[{ type: 'text', text: 'three' }], [{ type: 'text', text: 'four' }]] },
      { type: 'list', ordered: false, start: 1, items: [[{ type: 'text', text: 'bullet' }]] },
    ]);
  });

  it('does not mistake a bold lead-in for a bullet', () => {
    expect(parseMarkdown('**Why:** because')[0].type).toBe('paragraph');
  });

  it('handles CRLF and empty input', () => {
    expect(parseMarkdown('')).toEqual([]);
    expect(parseMarkdown('a\r\n\r\nb')).toHaveLength(2);
  });
});

it('flattens to plain text', () => {
  expect(markdownToText('**What:** isolate `host`\n\n- a\n- b')).toBe('What: isolate host a; b');
});
