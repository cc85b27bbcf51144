import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { expectGolden } from '../support/golden.js';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../support/model.js';

describe('the seed example, rendered', () => {
  const report = evaluateYaml(seedText(), SEED_MANIFEST);

  it('as Markdown', () => expectGolden('seed.md', renderMarkdown(report)));
  it('as text', () => expectGolden('seed.txt', renderText(report)));
  it('as JSON', () => expectGolden('seed.json', renderJson(report)));
});

describe('a text report with a line budget', () => {
  it('stops after the scenario that crosses it, and names the failing ones it leaves out', () => {
    const report = evaluateYaml(seedText(), SEED_MANIFEST);
    const text = renderText(report, { maxLines: 10 });
    expect(text).toContain('scenario minimal');
    expect(text).not.toContain('scenario standard');
    expect(text).toContain(
      '... 3 more scenario(s) not shown here, failing: standard, ideal, aliyun; the JSON report has them all',
    );
    expect(text.trimEnd().endsWith('verdict: FAIL')).toBe(true);
  });
});

describe('a Markdown report with a size budget', () => {
  it('keeps the summary table of every scenario and stops adding sections past the budget', () => {
    const report = evaluateYaml(seedText(), SEED_MANIFEST);
    const md = renderMarkdown(report, { maxChars: 3000 });
    expect(md).toContain('| `aliyun` (optional) | ❌ fail |');
    expect(md).toContain('### ⚠️ `minimal`');
    expect(md).not.toContain('### ❌ `standard`');
    expect(md).toContain('> 3 more scenario sections not shown here');
    expect(md.length).toBeLessThan(renderMarkdown(report).length / 2);
  });
});
