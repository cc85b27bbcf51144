import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import type { Report, ServiceReport } from '../../src/model/results.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { inputError } from '../compose/helpers.js';
import { resource } from '../support/model.js';

const MiB = 1024 * 1024;

function check(files: Record<string, string>): Report {
  return runCheck({ manifest: 'capacity.yml', reader: memoryReader(files), env: {} });
}

function service(report: Report, name: string): ServiceReport {
  const s = report.scenarios[0]!.hosts.flatMap((h) => h.services).find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

const COMPOSE = `services:
  api:
    image: api
  worker:
    image: worker
    mem_limit: 300m
  cache:
    image: redis
`;

const MANIFEST = `version: 1
hosts:
  h: { memory: 4GB, cpus: 4, disk: 100GB }
defaults: { memory: 256MB, cpus: 0.25 }
compose:
  - files: [app/compose.yml]
    defaults: { memory: 512MB }
services:
  api: { memory: 1GB }
  extra: { disk: 1GB }
`;

describe('defaults', () => {
  const report = check({ 'capacity.yml': MANIFEST, 'app/compose.yml': COMPOSE });

  it('give figures only where a service has none: compose limits and estimates win', () => {
    // api: the manifest's 1 GB; worker: its compose limit, 300 MiB; cache: the compose
    // entry's 512 MB; extra: the top-level 256 MB. Every one takes the top-level 0.25 cores.
    expect(service(report, 'api').memory).toEqual({ best: 1e9, worst: 1e9 });
    expect(service(report, 'worker').memory).toEqual({ best: 300 * MiB, worst: 300 * MiB });
    expect(service(report, 'cache').memory).toEqual({ best: 512e6, worst: 512e6 });
    expect(service(report, 'extra').memory).toEqual({ best: 256e6, worst: 256e6 });
    for (const name of ['api', 'worker', 'cache', 'extra'])
      expect(service(report, name).cpus).toEqual({ best: 0.25, worst: 0.25 });
  });

  it('count in the demand, which says how much of it is defaults', () => {
    // 1e9 + 314,572,800 + 512e6 + 256e6 = 2,082,572,800 bytes of 4e9.
    expect(resource(report, 'default', 'h', 'memory')).toMatchObject({
      demand: { worst: 2_082_572_800 },
      headroom: { worst: 1_917_427_200 },
      headroomPct: { worst: 47.94 },
      verdict: 'pass',
      estimated: 4,
      unestimated: [],
      defaulted: ['cache', 'extra'],
    });
    expect(resource(report, 'default', 'h', 'cpus')).toMatchObject({
      demand: { worst: 1 },
      headroom: { worst: 3 },
      estimated: 4,
      defaulted: ['api', 'worker', 'cache', 'extra'],
    });
    // No disk default: only extra has a disk figure.
    expect(resource(report, 'default', 'h', 'disk')).toMatchObject({
      demand: { worst: 1e9 },
      estimated: 1,
      unestimated: ['api', 'worker', 'cache'],
      defaulted: [],
    });
  });

  it('name the defaults line as the source of the figure, marked as a default', () => {
    expect(service(report, 'cache').sources.memory).toEqual({
      file: 'capacity.yml',
      line: 7,
      column: 25,
      kind: 'defaults',
    });
    expect(service(report, 'extra').sources.memory).toEqual({
      file: 'capacity.yml',
      line: 4,
      column: 21,
      kind: 'defaults',
    });
    expect(service(report, 'api').sources.memory).toEqual({
      file: 'capacity.yml',
      line: 9,
      column: 18,
    });
  });

  it('are marked in the text and Markdown reports', () => {
    const text = renderText(report);
    expect(text).toMatch(
      /PASS +h +memory +4 GB +2\.08 GB \(2 from defaults\) +1\.92 GB \(47\.9%\)/,
    );
    expect(text).toMatch(/cache +on h +x1 +memory 512 MB \(default\) +cpu 0\.25 cores \(default\)/);
    expect(text).toMatch(/api +on h +x1 +memory 1 GB +cpu 0\.25 cores \(default\)/);
    expect(text).toMatch(/cache +█+.* 512 MB +12\.8% +default/);
    const md = renderMarkdown(report);
    expect(md).toContain('| `h` | memory | 4 GB | — | 2.08 GB (2 from defaults) |');
    expect(md).toContain('| `h` | disk | 100 GB | — | 1 GB (1 of 4 estimated) |');
    expect(md).toMatch(
      /\| `cache` \| 1 \| 512 MB \(default\) \| 0\.25 cores \(default\) \| unestimated \|/,
    );
  });

  it('may be given per tier, and the scenario tier picks one', () => {
    const r = check({
      'capacity.yml': `version: 1
hosts:
  h: { memory: 1GB }
defaults: { memory: { small: 100MB, big: 300MB } }
services:
  a: {}
  b: { memory: 50MB }
scenarios:
  s: { host: h, tier: big }
`,
    });
    // a takes the default's big tier, 300 MB; b its own 50 MB.
    expect(resource(r, 's', 'h', 'memory')).toMatchObject({
      demand: { worst: 350e6 },
      defaulted: ['a'],
    });
  });

  it('per tier need a tier in the scenario, and say the tier came from defaults', () => {
    const e = inputError(() =>
      check({
        'capacity.yml': `version: 1
hosts:
  h: { memory: 1GB }
defaults: { memory: { small: 100MB, big: 300MB } }
services:
  a: {}
scenarios:
  s: { host: h, tier: huge }
`,
      }),
    );
    expect(e.problems).toEqual([
      expect.objectContaining({
        line: 4,
        message:
          'scenario "s" picks tier "huge", but the memory of "a" (from defaults) has only "small", "big"',
      }),
    ]);
  });

  it('are checked like any estimate', () => {
    const e = inputError(() =>
      check({
        'capacity.yml': `version: 1
hosts:
  h: { memory: 1GB }
defaults: { memory: 256mb, cpu: 1 }
`,
      }),
    );
    expect(e.problems.map((p) => [p.line, p.message])).toEqual([
      [4, expect.stringMatching(/unknown key "cpu"; did you mean "cpus"\?/)],
    ]);
  });
});
