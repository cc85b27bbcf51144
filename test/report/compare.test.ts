import { describe, expect, it } from 'vitest';
import { exitStatus } from '../../src/check/exit-status.js';
import { runComparedCheck } from '../../src/check/compare-check.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { scenario, seedText } from '../support/model.js';

const MANIFEST = 'capacity.yml';

/** Compares two versions of a manifest held in memory. */
function compare(base: string | null, head: string, scenarios: string[] = []) {
  const baseFiles: Record<string, string> = base === null ? {} : { [MANIFEST]: base };
  return runComparedCheck(
    { manifest: MANIFEST, reader: memoryReader({ [MANIFEST]: head }), env: {}, scenarios },
    { ref: 'main', reader: memoryReader(baseFiles) },
  );
}

const seed = seedText();
// The head of a PR that grows ai-recommend's standard tier from 600 MB to 900 MB.
const bigger = seed.replace(
  'memory: { minimal: 400MB, standard: 600MB, ideal: 800MB }\n    cpus:   { minimal: 0.3,   standard: 0.5,   ideal: 1 }\n    disk:   { minimal: 500MB, standard: 2GB,   ideal: 3GB }',
  'memory: { minimal: 400MB, standard: 900MB, ideal: 800MB }\n    cpus:   { minimal: 0.3,   standard: 0.5,   ideal: 1 }\n    disk:   { minimal: 500MB, standard: 2GB,   ideal: 3GB }',
);

describe('base versus head', () => {
  it('an unchanged manifest changes nothing and is no regression', () => {
    const r = compare(seed, seed);
    expect(r.changes).toMatchObject({
      verdicts: [],
      resources: [],
      regression: false,
      base: { status: 'ok', ref: 'main' },
    });
    expect(r.verdict).toBe('fail');
    // The seed already fails; with fail-on regression an unrelated PR is not blocked.
    expect(exitStatus(r.verdict, 'regression', r.changes!.regression)).toBe(0);
    expect(exitStatus(r.verdict, 'fail', r.changes!.regression)).toBe(1);
  });

  it('reports headroom before, after and the change, per scenario, host and resource', () => {
    const r = compare(seed, bigger);
    const standard = r.changes!.resources.find((c) => c.scenario === 'standard')!;
    expect(standard).toEqual({
      scenario: 'standard',
      host: 'tencent-lh',
      resource: 'memory',
      base: { best: 350e6, worst: -350e6 },
      head: { best: 50e6, worst: -650e6 },
      delta: { best: -300e6, worst: -300e6 },
      basePct: { best: 9.72, worst: -9.72 },
      headPct: { best: 1.39, worst: -18.06 },
    });
    const mem = scenario(r, 'standard').hosts[0]!.resources.memory;
    expect(mem.delta).toEqual({
      headroom: { best: -300e6, worst: -300e6 },
      headroomPct: { best: -8.33, worst: -8.34 },
    });
    expect(r.base).toMatchObject({ status: 'ok', ref: 'main', report: { verdict: 'fail' } });
  });

  it('counts an already failing scenario that loses more headroom as a regression', () => {
    const r = compare(seed, bigger);
    expect(r.changes!.regression).toBe(true);
    expect(r.changes!.regressions).toEqual([
      '"standard" already failed and loses more headroom (memory on "tencent-lh")',
    ]);
    expect(exitStatus(r.verdict, 'regression', true)).toBe(1);
  });

  it('fails fail-on regression when a PR pushes a passing scenario below the threshold', () => {
    const base = `version: 1\nhosts:\n  h: { memory: 1000MB }\nservices:\n  a: { memory: 500MB }\n`;
    const head = base.replace('500MB', '900MB');
    const r = compare(base, head);
    expect(r.changes!.verdicts).toEqual([{ scenario: 'default', base: 'pass', head: 'warn' }]);
    expect(r.changes!.regressions).toEqual(['"default" went from pass to warn']);
    expect(exitStatus(r.verdict, 'regression', r.changes!.regression)).toBe(1);
    // ... and the same PR passes with fail-on fail, since it only warns.
    expect(exitStatus(r.verdict, 'fail', r.changes!.regression)).toBe(0);
  });

  it('lists scenarios, hosts and services that appeared or disappeared', () => {
    const base = `version: 1\nhosts:\n  h: { memory: 10GB }\n  old: { memory: 1GB }\nservices:\n  a: { memory: 1GB }\n  gone: { memory: 1GB }\nscenarios:\n  s: { host: h }\n  t: { host: old, services: [gone] }\n`;
    const head = `version: 1\nhosts:\n  h: { memory: 10GB }\n  new: { memory: 1GB }\nservices:\n  a: { memory: 1GB }\n  fresh: { memory: 100MB }\nscenarios:\n  s: { host: h }\n  u: { host: new, services: [fresh] }\n`;
    const c = compare(base, head).changes!;
    expect(c.scenarios).toEqual({ added: ['u'], removed: ['t'] });
    expect(c.hosts).toEqual({ added: ['new'], removed: ['old'] });
    expect(c.services).toEqual({ added: ['fresh'], removed: ['gone'] });
  });

  it('shows a base without the manifest as such; a new failing scenario is a regression', () => {
    const r = compare(null, seed);
    expect(r.base).toEqual({ status: 'missing', ref: 'main' });
    expect(r.changes!.scenarios.added).toEqual(['minimal', 'standard', 'ideal', 'aliyun']);
    expect(r.changes!.regressions).toEqual([
      '"minimal" is new and warns',
      '"standard" is new and fails',
    ]);
  });

  it('shows a base whose manifest did not validate as such, not as an error of the PR', () => {
    const r = compare('version: 1\nhosts: {h: {memroy: 1GB}}\n', seed);
    expect(r.base).toMatchObject({
      status: 'invalid',
      ref: 'main',
      problems: [expect.objectContaining({ line: 2 })],
    });
    expect(r.verdict).toBe('fail');
  });

  it('leads the Markdown with what changed', () => {
    const md = renderMarkdown(compare(seed, bigger));
    const lines = md.split('\n');
    expect(lines[0]).toMatch(/^## ❌ headroom: fail/);
    expect(lines[2]).toBe('### What this pull request changes');
    expect(md).toContain(
      '- memory on `tencent-lh`, `standard`: -350 MB (-9.7%) → -650 MB (-18.1%), -300 MB',
    );
    expect(md).toContain(
      '**This pull request makes things worse: "standard" already failed and loses more headroom (memory on "tencent-lh").**',
    );
  });
});
