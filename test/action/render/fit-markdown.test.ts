import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitMarkdown } from '../../../src/action/render/fit-markdown.js';

const NOTE = '> cut';
const bytes = (t: string) => Buffer.byteLength(t, 'utf8');

function doc(): string {
  return [
    '## ❌ verdict',
    '',
    '| a | b |',
    '| --- | --- |',
    '| 1 | 2 |',
    '',
    '### first',
    '',
    '| x |',
    '| --- |',
    '| y |',
    '',
    '<details><summary>one</summary>',
    '',
    'x'.repeat(100),
    '',
    '</details>',
    '',
    '### second',
    '',
    '<details open><summary>two</summary>',
    '',
    'y'.repeat(100),
    '',
    '</details>',
    '',
  ].join('\n');
}

describe('fitting a report into a limit', () => {
  it('leaves a report that fits as it is', () => {
    expect(fitMarkdown(doc(), { limit: 10_000, note: NOTE })).toEqual({
      text: doc(),
      truncated: false,
    });
  });

  it('drops collapsed details, last first, before anything else', () => {
    const full = doc();
    const fitted = fitMarkdown(full, { limit: full.length - 50, note: NOTE });
    expect(fitted.truncated).toBe(true);
    expect(fitted.text).toContain('x'.repeat(100));
    expect(fitted.text).not.toContain('y'.repeat(100));
    expect(fitted.text).toContain('### second');
    expect(fitted.text.endsWith(`\n\n${NOTE}\n`)).toBe(true);
  });

  it('cuts at a line boundary when dropping details is not enough, keeping the head', () => {
    const head = '## ❌ verdict\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n> cut\n';
    // Room for the head and the note, and for less than the next heading.
    const fitted = fitMarkdown(doc(), { limit: head.length + 5, note: NOTE });
    expect(fitted.text).toBe(head);
  });

  it('never leaves a details block open', () => {
    const fitted = fitMarkdown(doc(), { limit: doc().length - 150, note: NOTE });
    const opened = fitted.text.split('\n').filter((l) => l.startsWith('<details')).length;
    const closed = fitted.text.split('\n').filter((l) => l === '</details>').length;
    expect(opened).toBe(closed);
  });

  it('closes a code fence it cuts through, so the note is not read as code', () => {
    const md = [
      '## verdict',
      '',
      '````text',
      ...Array.from({ length: 50 }, (_, i) => `row ${i}`),
      '````',
      '',
    ].join('\n');
    const fitted = fitMarkdown(md, { limit: 120, note: NOTE });
    const lines = fitted.text.split('\n');
    expect(fitted.text.length).toBeLessThanOrEqual(120);
    expect(lines.filter((l) => l === '````')).toHaveLength(1);
    expect(lines.indexOf('````')).toBeLessThan(lines.indexOf(NOTE));
    expect(lines[2]).toBe('````text');
  });

  it('counts bytes when asked to, so multi-byte text fits a byte limit', () => {
    const text = `${'é'.repeat(40)}\n`.repeat(20);
    const fitted = fitMarkdown(text, { limit: 500, measure: bytes, note: NOTE });
    expect(bytes(fitted.text)).toBeLessThanOrEqual(500);
    expect(fitted.text.split('\n')[0]).toBe('é'.repeat(40));
  });

  it('always fits, and leaves no block open, whatever the report', () => {
    const word = fc.string({ maxLength: 40 }).map((x) => `w${x.replace(/[\n`~<]/g, ' ')}`);
    const block = fc.oneof(
      word.map((w) => [w]),
      fc
        .array(word, { minLength: 1, maxLength: 6 })
        .map((rows) => ['| a |', '| --- |', ...rows.map((r) => `| ${r} |`)]),
      fc
        .array(word, { maxLength: 6 })
        .map((rows) => ['<details><summary>s</summary>', '', ...rows, '', '</details>']),
      fc.array(word, { maxLength: 6 }).map((rows) => ['```text', ...rows, '```']),
    );
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 30 }),
        fc.integer({ min: 40, max: 3000 }),
        (blocks, limit) => {
          const md = blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
          const fitted = fitMarkdown(md, { limit, measure: bytes, note: NOTE });
          expect(bytes(fitted.text)).toBeLessThanOrEqual(limit);
          if (!fitted.truncated) {
            expect(fitted.text).toBe(md);
            return;
          }
          expect(fitted.text.endsWith(`\n\n${NOTE}\n`)).toBe(true);
          const out = fitted.text.split('\n');
          expect(out.filter((l) => l.startsWith('<details')).length).toBe(
            out.filter((l) => l === '</details>').length,
          );
          expect(out.filter((l) => l.startsWith('```')).length % 2).toBe(0);
        },
      ),
    );
  });
});
