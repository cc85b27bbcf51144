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
  it('keeps within it: every verdict on a line, then sections while they fit, the rest named', () => {
    const report = evaluateYaml(seedText(), SEED_MANIFEST);
    const text = renderText(report, { maxLines: 40 });
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(text).toContain('4 scenarios: 3 fail, 1 warn, 0 pass.');
    for (const row of [
      /WARN {2}minimal +tier minimal +tightest: memory on tencent-lh: 330 MB \(9\.2%\)/,
      /FAIL {2}standard +tier standard +tightest: memory on tencent-lh: -350 MB \(-9\.7%\)/,
      /FAIL {2}aliyun +tier standard, optional +tightest: memory on aliyun-ecs: -1\.7 GB \(-94\.4%\)/,
    ])
      expect(text).toMatch(row);
    expect(text).toContain('WARN  scenario minimal (tier minimal)');
    expect(text).toContain('  services, the largest 5 by worst-case memory:');
    expect(text).toMatch(/ {4}ai-nlp +on tencent-lh +x1 +memory 400 MB /);
    expect(text).toContain('    ... 7 more services not shown;');
    expect(text).toMatch(
      /\.\.\. \d more scenario\(s\) not shown here, failing: .*aliyun; the JSON report \(--format json\) has everything; --scenario NAME shows one scenario alone/,
    );
    expect(lines.at(-1)).toBe('verdict: FAIL');
  });

  it('is whole when it fits, as the golden file shows it', () => {
    const report = evaluateYaml(seedText(), SEED_MANIFEST);
    expect(renderText(report, { maxLines: 1000 })).toBe(renderText(report));
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
