/** Names inside the raw HTML lines of the report (the <summary> of a collapsed block). */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { htmlCode } from '../../../src/report/escape.js';
import { HOSTILE } from '../../support/manifests.js';

const html = (md: string) =>
  micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

describe('htmlCode', () => {
  it.each(Object.values(HOSTILE))('%j stays text inside a raw HTML line', (name) => {
    const out = html(
      `<details><summary>Findings in ${htmlCode(name)} (1)</summary>\n\nx\n\n</details>\n`,
    );
    expect(out).not.toMatch(/<img/);
    // Outside the code element nothing of the name is left, and inside it no @ is literal.
    expect(out.replace(/<code[^>]*>.*?<\/code>/gs, '')).toBe(
      '<details><summary>Findings in  (1)</summary>\n<p>x</p>\n</details>\n',
    );
    expect(out).not.toMatch(/<code>[^<]*@/);
  });

  it('shows control and bidirectional characters', () => {
    expect(htmlCode('a\u202Eb')).toBe('<code>a&#60;U+202E&#62;b</code>');
  });
});
