import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitMarkdown } from '../../src/action/truncate.js';

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

  it('counts bytes when asked to, so multi-byte text fits a byte limit', () => {
    const text = `${'é'.repeat(40)}\n`.repeat(20);
    const fitted = fitMarkdown(text, { limit: 500, measure: bytes, note: NOTE });
    expect(bytes(fitted.text)).toBeLessThanOrEqual(500);
    expect(fitted.text.split('\n')[0]).toBe('é'.repeat(40));
  });

  it('always fits, whatever the lines', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 60 }).map((s) => s.replace(/\n/g, ' ')),
      fc.constantFrom('<details><summary>s</summary>', '</details>', '', '| a |'),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 80 }),
        fc.integer({ min: 20, max: 2000 }),
        (lines, limit) => {
          const md = lines.join('\n') + '\n';
          const fitted = fitMarkdown(md, { limit, measure: bytes, note: NOTE });
          expect(bytes(fitted.text)).toBeLessThanOrEqual(limit);
          if (!fitted.truncated) expect(fitted.text).toBe(md);
          else {
            expect(fitted.text.endsWith(`${NOTE}\n`)).toBe(true);
            const out = fitted.text.split('\n');
            const opened = out.filter((l) => l.startsWith('<details')).length;
            expect(out.filter((l) => l === '</details>').length).toBeGreaterThanOrEqual(opened);
          }
        },
      ),
    );
  });
});
