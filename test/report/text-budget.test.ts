import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text.js';
import { evaluateYaml } from '../support/model.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * 300 services of growing memory (1 to 300 MB): spread six to a host over 50 hosts of growing
 * size (10 GB to 500 GB), which passes, and all on the first host (45.15 GB on 10 GB) in three
 * scenarios, which fail.
 */
function wide() {
  const hosts = Array.from({ length: 50 }, (_, i) => `  h${i}: { memory: ${10 + i * 10}GB }`);
  const services = Array.from({ length: 300 }, (_, i) => `  s${i}: { memory: ${i + 1}MB }`);
  const placement = Array.from({ length: 50 }, (_, i) => {
    const names = Array.from({ length: 6 }, (_, k) => `s${i * 6 + k}`);
    return `      h${i}: [${names.join(', ')}]`;
  });
  return evaluateYaml(
    `version: 1\nhosts:\n${hosts.join('\n')}\nservices:\n${services.join('\n')}\nscenarios:\n` +
      `  spread:\n    placement:\n${placement.join('\n')}\n` +
      ['one', 'two', 'three'].map((n) => `  ${n}: { host: h0 }`).join('\n') +
      '\n',
  );
}

describe('a text report past its budget', () => {
  it('stays within the bytes it is given, whatever they are', () => {
    const report = wide();
    for (const maxBytes of [6_000, 20_000, 60_000]) {
      const text = renderText(report, { maxBytes });
      expect(bytes(text)).toBeLessThanOrEqual(maxBytes);
      expect(text.trimEnd().endsWith('verdict: FAIL')).toBe(true);
    }
  });

  it('shows every verdict, then the largest services first, and counts the rest', () => {
    const text = renderText(wide(), { maxBytes: 20_000 });
    expect(text).toMatch(/^scenarios:$/m);
    // Headroom is compared as the report shows it, rounded: hosts h30 to h49 all keep 99.64%.
    expect(text).toMatch(/^ {2}PASS {2}spread +tightest: memory on h30: 309 GB \(99\.6%\)$/m);
    expect(text).toMatch(/^ {2}FAIL {2}one +tightest: memory on h0: -35\.1 GB \(-351\.5%\)$/m);
    const one = text.slice(text.indexOf('scenario one'));
    expect(one).toMatch(
      /services, the largest \d+ by worst-case memory:\n {4}s299 +on h0 +x1 +memory 300 MB/,
    );
    expect(one).toMatch(
      /\.\.\. \d+ more services not shown; the JSON report \(--format json\) has everything/,
    );
  });

  it('shows the tightest hosts of a scenario with many, and says how tight the rest are', () => {
    const text = renderText(wide(), { maxBytes: 20_000 });
    const spread = text.slice(text.indexOf('scenario spread'), text.indexOf('scenario one'));
    // The hosts fill up with their index, to the same rounded headroom from h30 on.
    expect(spread).toMatch(/PASS {2}h30 +memory +310 GB +1\.1 GB +309 GB \(99\.6%\)/);
    expect(spread).not.toMatch(/ h0 +memory/);
    expect(spread).toMatch(
      /\.\.\. 47 more hosts not shown, the tightest of them PASS with 99\.6% headroom; the JSON report/,
    );
  });

  it('gives one scenario, asked for alone, the whole budget', () => {
    const report = wide();
    const alone = { ...report, scenarios: report.scenarios.filter((s) => s.name === 'one') };
    const text = renderText(alone, { maxBytes: 20_000 });
    const shown = Number(/services, the largest (\d+) by/.exec(text)![1]);
    const four = renderText(report, { maxBytes: 20_000 });
    const shared = Number(/services, the largest (\d+) by/.exec(four)![1]);
    expect(shown).toBeGreaterThan(shared);
  });
});
