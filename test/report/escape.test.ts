import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { code, text, visible } from '../../src/report/escape.js';

const html = (md: string) =>
  micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

const HOSTILE = [
  'a|b',
  '<img src=x onerror=alert(1)>',
  '@org/team',
  'back`tick',
  '``',
  '::set-output name=x::y',
  'x\u202Eevil',
  'zero\u200Bwidth',
  'line\nbreak',
  '$x^2$',
  '*bold*',
  '[link](http://evil.example)',
  'http://evil.example',
  '#12',
];

describe('code spans in a table', () => {
  it.each(HOSTILE)('%j keeps the table intact and renders no HTML', (name) => {
    const md = `| name | x |\n| --- | --- |\n| ${code(name)} | 1 |\n`;
    const out = html(md);
    expect(out.match(/<td>/g)).toHaveLength(2);
    expect(out).not.toMatch(/<img|<a |<script/);
  });

  it('shows invisible and bidirectional characters', () => {
    expect(visible('x\u202Eevil')).toBe('x<U+202E>evil');
    expect(visible('a\nb')).toBe('a<U+000A>b');
    expect(visible('zero\u200Bwidth')).toBe('zero<U+200B>width');
  });

  it('reads back the name as written, pipes included', () => {
    expect(html(`| a |\n| --- |\n| ${code('a|b')} |\n`)).toContain('<code>a|b</code>');
    expect(html(`| a |\n| --- |\n| ${code('back`tick')} |\n`)).toContain('<code>back`tick</code>');
  });
});

describe('plain text', () => {
  it.each(HOSTILE)('%j renders as the same text, nothing live', (value) => {
    const out = html(`Finding: ${text(value)}\n`);
    expect(out).not.toMatch(/<img|<a |<script|<em>|<strong>|<code>/);
  });

  it('breaks mentions and issue references with an invisible joiner', () => {
    expect(text('@org/team')).toBe('@\u2060org/team');
    expect(text('see #12')).toBe('see #\u206012');
    expect(html(text('@org/team'))).not.toMatch(/@org/);
  });

  it('leaves ordinary punctuation readable', () => {
    expect(text('batch 1: shared-auth (v2).')).toBe('batch 1: shared-auth (v2).');
  });
});
