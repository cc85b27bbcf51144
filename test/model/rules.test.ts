import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/parse.js';
import { buildModel } from '../../src/model/build.js';
import { evaluate } from '../../src/model/evaluate.js';
import { judge } from '../../src/model/verdicts.js';
import type { ServiceSpec } from '../../src/model/types.js';
import { evaluateYaml, resource, scenario } from '../support/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';

const one = (services: string, extra = '') =>
  evaluateYaml(`version: 1
hosts:
  h: { cpus: 4, memory: 1000MB, disk: 100GB }
services:
${services}
${extra}`);

describe('verdict thresholds at their edges', () => {
  it.each([
    [150, 1000, 'pass'],
    [149, 1000, 'warn'],
    [1, 1000, 'warn'],
    [0, 1000, 'warn'],
    [-1, 1000, 'fail'],
  ] as const)('headroom %d of %d with warn_below 15%% is %s', (headroom, capacity, verdict) => {
    expect(judge(headroom, capacity, 150_000)).toBe(verdict);
  });

  it('decides exactly where floats would wobble', () => {
    // 0.1 of 0.7 cores, warn below 1/7 = 14.2857%: compare 1e8 * 1e6 with 142857 * 7e8.
    expect(judge(100_000_000, 700_000_000, 142_857)).toBe('pass');
    expect(judge(100_000_000, 700_000_000, 142_858)).toBe('warn');
  });

  it('leaves exactly 15% headroom as a pass through the whole pipeline', () => {
    const r = one('  a: { memory: 850MB }');
    expect(resource(r, 'default', 'h', 'memory')).toMatchObject({
      headroomPct: { best: 15, worst: 15 },
      verdict: 'pass',
    });
    const r2 = one('  a: { memory: 850000001 }');
    expect(resource(r2, 'default', 'h', 'memory').verdict).toBe('warn');
  });

  it('honours a different warn_below', () => {
    const r = one('  a: { memory: 850MB }', 'policy: { warn_below: 20% }');
    expect(resource(r, 'default', 'h', 'memory').verdict).toBe('warn');
  });
});

describe('ranges and the judged case', () => {
  it('sums lows for the best case and highs for the worst, times replicas', () => {
    const r = one(
      '  a: { memory: 100-200MB, replicas: 3 }\n  b: { memory: { min: 50MB, max: 150MB } }',
    );
    expect(resource(r, 'default', 'h', 'memory')).toMatchObject({
      demand: { best: 350e6, worst: 750e6 },
      headroom: { best: 650e6, worst: 250e6 },
    });
  });

  it('judges the best case when the policy says so', () => {
    const yaml = '  a: { memory: 500-1100MB }';
    expect(resource(one(yaml), 'default', 'h', 'memory').verdict).toBe('fail');
    expect(resource(one(yaml, 'policy: { judge: best }'), 'default', 'h', 'memory').verdict).toBe(
      'pass',
    );
  });

  it('subtracts used and reserve, absolute or as a share of capacity', () => {
    const r = evaluateYaml(`version: 1
hosts:
  h: { memory: 1000MB, used: { memory: 100MB }, reserve: { memory: 10% } }
services:
  a: { memory: 500MB }
`);
    expect(resource(r, 'default', 'h', 'memory')).toMatchObject({
      used: 100e6,
      reserve: 100e6,
      available: 800e6,
      headroom: { worst: 300e6 },
    });
  });

  it('reports a service with no figure as unestimated instead of silently counting 0', () => {
    const r = one('  a: { memory: 100MB }');
    const cpu = resource(r, 'default', 'h', 'cpus');
    expect(cpu.unestimated).toEqual(['a']);
    const f = scenario(r, 'default').findings;
    expect(f).toEqual([
      expect.objectContaining({
        level: 'warn',
        code: 'unestimated',
        message: expect.stringMatching(/"a" has no cpus or disk figure/),
      }),
    ]);
    expect(scenario(r, 'default').verdict).toBe('warn');
  });

  it('lets the policy set the level of unestimated findings', () => {
    const r = one('  a: { memory: 100MB }', 'policy: { unestimated: fail }');
    expect(scenario(r, 'default').verdict).toBe('fail');
  });
});

describe('ports', () => {
  const two = (a: string, b: string, hosts = 'placement: { h: [a, b] }') =>
    evaluateYaml(`version: 1
hosts:
  h: { memory: 10GB }
  g: { memory: 10GB }
services:
  a: { memory: 1MB, ports: [${a}] }
  b: { memory: 1MB, ports: [${b}] }
scenarios:
  s: { ${hosts} }
`);
  const conflicts = (r: ReturnType<typeof two>) =>
    scenario(r, 's').findings.filter((f) => f.code === 'port-conflict');

  it('fails two services publishing the same port on one host, naming both', () => {
    const c = conflicts(two('8080', '8080'));
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      level: 'fail',
      line: 7,
      message: '"a" and "b" both publish tcp port 8080 on host "h"',
    });
  });

  it.each([
    ['"127.0.0.1:8080"', '"10.0.0.1:8080"', 0],
    ['"0.0.0.0:8080"', '"127.0.0.1:8080"', 1],
    ['"[::]:8080"', '"[::1]:8080"', 1],
    ['"8080/udp"', '8080', 0],
    ['"8080/UDP"', '"8080/udp"', 1],
    ['"9000-9010"', '9005', 1],
  ])('%s against %s: %d conflict(s)', (a, b, n) => {
    expect(conflicts(two(a, b))).toHaveLength(n);
  });

  it('does not compare ports on different hosts', () => {
    expect(conflicts(two('8080', '8080', 'placement: { h: [a], g: [b] }'))).toHaveLength(0);
  });

  it('fails one service publishing a fixed port with several replicas', () => {
    const r = evaluateYaml(
      `version: 1\nhosts:\n  h: { memory: 1GB }\nservices:\n  a: { memory: 1MB, ports: [80], replicas: 2 }\n`,
    );
    expect(scenario(r, 'default').findings[0]).toMatchObject({
      level: 'fail',
      message: expect.stringMatching(/2 replicas/),
    });
  });
});

describe('phases', () => {
  const migration = `version: 1
hosts:
  h: { memory: 1000MB }
services:
  legacy: { memory: 500MB }
  next: { memory: 600MB }
  db: { memory: 100MB }
scenarios:
  move:
    host: h
    phases:
      - add: [next]
      - remove: [legacy]
`;

  it('peaks while old and new run side by side, and says so', () => {
    const s = scenario(evaluateYaml(migration), 'move');
    expect(
      s.phases.map((p) => [
        p.name,
        p.services.sort(),
        p.hosts[0]!.resources.memory.headroom!.worst / 1e6,
      ]),
    ).toEqual([
      ['initial', ['db', 'legacy'], 400],
      ['phase 1', ['db', 'legacy', 'next'], -200],
      ['phase 2', ['db', 'next'], 300],
    ]);
    expect(s).toMatchObject({ verdict: 'fail', peakPhase: 'phase 1', firstFailPhase: 'phase 1' });
    expect(s.hosts[0]!.resources.memory).toMatchObject({
      peakPhase: 'phase 1',
      headroom: { worst: -200e6 },
    });
  });

  it('adds a plain list, and places phase services on the host even when `services` omits them', () => {
    const s = scenario(
      evaluateYaml(`version: 1
hosts:
  h: { memory: 1000MB }
services:
  a: { memory: 100MB }
  b: { memory: 100MB }
scenarios:
  s: { host: h, services: [a], phases: [[b]] }
`),
      's',
    );
    expect(s.phases.map((p) => p.services)).toEqual([['a'], ['a', 'b']]);
  });
});

describe('compose limits against manifest tiers', () => {
  it('warns when a tier estimate is above the compose memory limit', () => {
    const manifest = parseManifest(
      `version: 1
hosts:
  h: { memory: 4GB }
services:
  ai: { memory: { small: 400MB, large: 800MB } }
scenarios:
  small: { host: h, tier: small }
  large: { host: h, tier: large }
`,
      'capacity.yml',
    );
    const limit = {
      low: 512 * 2 ** 20,
      high: 512 * 2 ** 20,
      source: { file: 'compose.yml', line: 9, column: 19 },
    };
    const fromCompose: ServiceSpec = {
      name: 'ai',
      replicas: 1,
      ports: [],
      origin: 'compose',
      source: { file: 'compose.yml', line: 3, column: 3 },
      memory: { kind: 'figure', figure: limit },
      memoryLimit: limit,
    };
    const report = evaluate(buildModel(manifest, { services: [fromCompose], findings: [] }));
    expect(scenario(report, 'small').findings).toEqual([]);
    expect(scenario(report, 'large').findings).toEqual([
      expect.objectContaining({
        level: 'warn',
        code: 'exceeds-limit',
        file: 'capacity.yml',
        line: 5,
        message: expect.stringMatching(
          /tier "large" \(800 MB\) is above its compose memory limit \(537 MB, compose.yml:9\)/,
        ),
      }),
    ]);
  });
});

describe('scenario selection', () => {
  it('evaluates only the scenarios asked for, and judges only required ones', () => {
    const m = buildModel(
      parseManifest(
        `version: 1\nhosts:\n  h: { memory: 1GB }\nservices:\n  a: { memory: 2GB }\nscenarios:\n  x: { host: h, required: false }\n  y: { host: h, services: [] }\n`,
        'c.yml',
      ),
    );
    const all = evaluate(m);
    expect(all.scenarios.map((s) => [s.name, s.verdict])).toEqual([
      ['x', 'fail'],
      ['y', 'pass'],
    ]);
    expect(all.verdict).toBe('pass');
    expect(evaluate(m, { scenarios: ['x'] }).scenarios.map((s) => s.name)).toEqual(['x']);
  });
});

describe('monthly costs', () => {
  const costs = (a: string, b: string) =>
    evaluateYaml(`version: 1
hosts:
  x: { memory: 1GB, cost: { monthly: ${a} } }
  y: { memory: 1GB, cost: { monthly: ${b} } }
services:
  s: { memory: 100MB }
  t: { memory: 100MB }
scenarios:
  both: { placement: { x: [s], y: [t] } }
`);

  it('add up as the decimals written, without float noise', () => {
    expect(scenario(costs('0.1', '0.2'), 'both').cost?.monthly).toEqual({ low: 0.3, high: 0.3 });
  });

  it('keep a cost under a cent, in the report and in Markdown, instead of rounding it to nothing', () => {
    const r = costs('0.001', '0.0005-0.002');
    expect(scenario(r, 'both').cost?.monthly).toEqual({ low: 0.0015, high: 0.003 });
    expect(renderMarkdown(r)).toContain('| 0.002–0.003 |');
  });
});
