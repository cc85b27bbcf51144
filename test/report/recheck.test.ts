/**
 * A report checked against itself, as the fork-safe poster checks the report it is given:
 * every report headroom writes agrees with itself, and a report with a verdict, a figure or
 * a summary changed by hand is caught at the scenario, host and resource changed.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { compareReports } from '../../src/report/compare.js';
import { recheckReport } from '../../src/report/recheck.js';
import type { Report } from '../../src/model/results.js';
import { diskReader } from '../../src/workspace/disk-reader.js';
import { evaluateYaml, seedText } from '../support/model.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every manifest the repository holds as an example, a real stack or a fuzzing seed. */
function manifests(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      // The stacks' .unpinned and .without-env manifests are refused on purpose.
      else if (/^capacity\.yml$/.test(name)) out.push(path);
    }
  };
  for (const dir of ['examples', 'test/stacks', 'test/fuzz/seeds']) walk(join(ROOT, dir));
  return out.sort();
}

function reportOf(path: string, scenarios?: string[]): Report {
  const dir = dirname(path);
  return runCheck({
    manifest: relative(dir, path),
    reader: diskReader(dir),
    env: {},
    now: new Date('2026-12-01T00:00:00Z'),
    ...(scenarios ? { scenarios } : {}),
  });
}

/** A deep copy to change by hand. */
const copy = (r: Report): Report => JSON.parse(JSON.stringify(r)) as Report;

const messages = (r: Report) => recheckReport(r).disagreements.map((d) => d.message);

describe('a report headroom wrote', () => {
  it.each(manifests().map((p) => [relative(ROOT, p), p]))('%s agrees with itself', (_n, path) => {
    const report = reportOf(path);
    expect(recheckReport(report)).toEqual({ disagreements: [], omitted: 0 });
    // As the file the poster reads: through JSON and back.
    expect(recheckReport(copy(report)).disagreements).toEqual([]);
  });

  it('agrees with itself when the run named its scenarios, optional ones included', () => {
    const path = join(ROOT, 'examples/seed/capacity.yml');
    const report = reportOf(path, ['minimal', 'aliyun']);
    expect(report.verdict).toBe('fail');
    expect(recheckReport(report).disagreements).toEqual([]);
  });

  it('agrees with itself with its base and changes, and phases, ranges and tiers', () => {
    const head = evaluateYaml(seedText());
    const base = evaluateYaml(seedText().replace(/200-300MB/g, '100-200MB'));
    const compared = compareReports(head, { status: 'ok', ref: 'main', report: base });
    expect(compared.changes?.resources.length).toBeGreaterThan(0);
    expect(recheckReport(copy(compared)).disagreements).toEqual([]);
    const missing = compareReports(head, { status: 'missing', ref: 'main' });
    expect(recheckReport(copy(missing)).disagreements).toEqual([]);
  });
});

describe('a report changed by hand', () => {
  const seed = () => copy(evaluateYaml(seedText()));
  const standard = (r: Report) => r.scenarios.find((s) => s.name === 'standard')!;
  /** The seed's scenario without phases: its hosts' demand is all of their services'. */
  const ideal = (r: Report) => r.scenarios.find((s) => s.name === 'ideal')!;

  it('every fail turned into pass: refused at the resource, host, scenario and overall verdict', () => {
    const r = seed();
    const forged = JSON.parse(JSON.stringify(r).replace(/"verdict":"fail"/g, '"verdict":"pass"'));
    const found = messages(forged);
    expect(found).toContain(
      'scenario "standard", host "tencent-lh", memory: the verdict is pass, but its figures give fail (worst-case headroom -350 MB of 3.6 GB, warning below 15.0%)',
    );
    expect(found).toContain(
      'scenario "standard", host "tencent-lh": the verdict is pass, but its resources give fail',
    );
    expect(found).toContain('the verdict is pass, but its required scenarios give fail');
  });

  it('a headroom that is not available less demand', () => {
    const r = seed();
    standard(r).hosts[0]!.resources.memory.headroom!.worst = 10_000_000;
    expect(messages(r)).toContain(
      'scenario "standard", host "tencent-lh", memory: the worst-case headroom is 10 MB, but available less demand is -350 MB',
    );
  });

  it('an available figure that is not capacity less used and reserve', () => {
    const r = seed();
    standard(r).hosts[0]!.resources.memory.available = 4_000_000_000;
    expect(messages(r)[0]).toBe(
      'scenario "standard", host "tencent-lh", memory: available is 4 GB, but capacity less used and reserve is 3.1 GB',
    );
  });

  it('a demand lowered below what its services add up to, with the headroom to match', () => {
    const r = seed();
    const mem = ideal(r).hosts[0]!.resources.memory;
    mem.demand.worst -= 1_000_000_000;
    mem.headroom!.worst += 1_000_000_000;
    mem.headroomPct!.worst = Math.round((mem.headroom!.worst / mem.capacity!) * 10_000) / 100;
    expect(messages(r)).toContain(
      'scenario "ideal", host "tencent-lh", memory: the worst-case demand is 3 GB, but the services placed there add up to 4 GB',
    );
  });

  it('a percentage, a scenario minimum and the overall minimum written better than they are', () => {
    const pctForged = seed();
    standard(pctForged).hosts[0]!.resources.memory.headroomPct!.worst = 20;
    expect(messages(pctForged)).toContain(
      'scenario "standard", host "tencent-lh", memory: the worst-case headroom is written as 20.0% of capacity, but it is -9.7%',
    );
    const scenarioMin = seed();
    standard(scenarioMin).minHeadroomPct = 20;
    expect(messages(scenarioMin)).toEqual([
      'scenario "standard": the smallest headroom is written as 20.0%, but its resources give -9.7%',
    ]);
    const overallMin = seed();
    overallMin.minHeadroomPct = 9.17;
    expect(messages(overallMin)).toEqual([
      'the smallest headroom is written as 9.2%, but its required scenarios give -9.7%',
    ]);
  });

  it('a resource made "unknown" while its services have figures', () => {
    const r = seed();
    const mem = ideal(r).hosts[0]!.resources.memory;
    Object.assign(mem, { headroom: null, headroomPct: null, verdict: 'unknown' });
    expect(messages(r)).toContain(
      'scenario "ideal", host "tencent-lh", memory: the verdict is unknown, but 12 of the services placed there have a figure for it',
    );
  });

  it('a failing scenario named as the cheapest that fits', () => {
    const r = seed();
    r.cheapest = { scenario: 'standard', cost: standard(r).cost! };
    expect(messages(r)).toContain(
      'the cheapest scenario that fits is named as "standard", which fails',
    );
  });

  it('changes against the base that the two reports do not give', () => {
    const head = evaluateYaml(seedText());
    const base = evaluateYaml(seedText().replace(/200-300MB/g, '100-200MB'));
    const compared = copy(compareReports(head, { status: 'ok', ref: 'main', report: base }));
    compared.changes!.regression = false;
    compared.changes!.regressions = [];
    expect(messages(compared)).toEqual([
      'its changes against the base (verdicts, headroom deltas, regressions) are not what the figures of the two reports give',
    ]);
  });

  it('a base report changed by hand is refused as the base', () => {
    const head = evaluateYaml(seedText());
    const base = evaluateYaml(seedText());
    const compared = copy(compareReports(head, { status: 'ok', ref: 'main', report: base }));
    compared.base!.report!.verdict = 'pass';
    expect(messages(compared)).toContain(
      'its base: the verdict is pass, but its required scenarios give fail',
    );
  });

  it('a phased scenario shown at a phase other than its tightest', () => {
    const r = copy(
      evaluateYaml(
        'version: 1\nhosts:\n  h: { memory: 1GB }\nservices:\n  a: { memory: 300MB }\n  b: { memory: 500MB }\nscenarios:\n  s:\n    host: h\n    phases:\n      - { name: add b, add: [b] }\n',
      ),
    );
    const s = r.scenarios[0]!;
    const initial = s.phases[0]!.hosts[0]!.resources.memory;
    Object.assign(s.hosts[0]!.resources.memory, {
      demand: initial.demand,
      headroom: initial.headroom,
      headroomPct: initial.headroomPct,
      verdict: initial.verdict,
      peakPhase: 'initial',
    });
    expect(messages(r)).toContain(
      'scenario "s", host "h", memory: the figures shown are not those of its tightest phase',
    );
  });

  it('names the place in the report as a JSON pointer, and stops listing after 50', () => {
    const r = seed();
    const forged = JSON.parse(
      JSON.stringify(r).replace(/"verdict":"(fail|warn)"/g, '"verdict":"pass"'),
    ) as Report;
    const out = recheckReport(forged);
    expect(out.disagreements[0]).toEqual({
      path: '/scenarios/0/hosts/0/resources/memory/verdict',
      message:
        'scenario "minimal", host "tencent-lh", memory: the verdict is pass, but its figures give warn (worst-case headroom 330 MB of 3.6 GB, warning below 15.0%)',
    });
    const many = seed();
    for (const s of many.scenarios)
      for (const h of s.hosts) for (const res of Object.values(h.resources)) res.used += 1;
    const capped = recheckReport(many);
    expect(capped.disagreements.length).toBeLessThanOrEqual(50);
    expect(capped.disagreements.length + capped.omitted).toBeGreaterThan(0);
  });
});

describe('a report written by anyone', () => {
  /** Paths to every number and every verdict in a report, as JSON holds them. */
  function leaves(
    value: unknown,
    path: Array<string | number> = [],
    out: Array<Array<string | number>> = [],
  ) {
    if (typeof value === 'number' || (path.at(-1) === 'verdict' && typeof value === 'string'))
      out.push(path);
    else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, [...path, i], out));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
    return out;
  }

  function setAt(root: unknown, path: ReadonlyArray<string | number>, v: unknown): void {
    let cur = root as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
    cur[path.at(-1)!] = v;
  }

  const base = copy(
    compareReports(evaluateYaml(seedText()), {
      status: 'ok',
      ref: 'main',
      report: evaluateYaml(seedText().replace(/200-300MB/g, '100-200MB')),
    }),
  );
  const paths = leaves(base);

  it('is checked without ever failing itself, whatever its numbers and verdicts say', () => {
    const anyNumber = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.constantFrom(0, -1, 0.5, 2 ** 53, 2 ** 60, 1e300, -1e300, 1e-300),
    );
    const anyVerdict = fc.constantFrom('pass', 'warn', 'fail', 'unknown', 'not-declared');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(paths.length - 1), anyNumber, anyVerdict), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const r = copy(base);
          for (const [i, n, v] of edits) {
            const path = paths[i]!;
            setAt(r, path, path.at(-1) === 'verdict' ? v : n);
          }
          const out = recheckReport(r);
          expect(out.disagreements.length).toBeLessThanOrEqual(50);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is refused when any resource verdict is changed', () => {
    const verdicts = paths.filter(
      (p) => p.at(-1) === 'verdict' && p.includes('resources') && !p.includes('base'),
    );
    expect(verdicts.length).toBeGreaterThan(20);
    for (const path of verdicts) {
      let written: unknown = base;
      for (const k of path) written = (written as Record<string | number, unknown>)[k];
      for (const v of ['pass', 'warn', 'fail', 'unknown', 'not-declared']) {
        if (v === written) continue;
        const r = copy(base);
        setAt(r, path, v);
        expect(recheckReport(r).disagreements.length, `${path.join('/')}: ${v}`).toBeGreaterThan(0);
      }
    }
  });
});
