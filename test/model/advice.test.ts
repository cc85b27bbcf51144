import { describe, expect, it } from 'vitest';
import { PLACEMENT_HEURISTIC } from '../../src/model/advice.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { SEED_MANIFEST, evaluateYaml, scenario, seedText } from '../support/model.js';

const MiB = 1024 * 1024;

describe('advice for the seed example', () => {
  const report = evaluateYaml(seedText(), SEED_MANIFEST);

  it('gives no advice to a scenario that does not fail', () => {
    expect(scenario(report, 'minimal').advice).toBeNull();
  });

  it('standard: the minimal tier fits but warns; no tier passes', () => {
    // minimal: 3100 MB available - (1550 + 1220) MB = 330 MB = 9.17% of 3600 MB
    expect(scenario(report, 'standard').advice!.tier).toEqual({
      tier: 'minimal',
      verdict: 'warn',
      minHeadroomPct: 9.17,
    });
  });

  it('standard: no placement across both hosts; tencent-lh is 350 MB short on its own', () => {
    // 3450 MB wanted; tencent-lh has 3100 MB, aliyun-ecs 200 MB: 3300 MB in all.
    expect(scenario(report, 'standard').advice!).toMatchObject({
      placement: null,
      noPlacement: {
        heuristic: PLACEMENT_HEURISTIC,
        largestHost: 'tencent-lh',
        shortBy: { memory: 350e6 },
      },
    });
  });

  it('standard: the smallest host leaves 15% of itself free after reserve and demand', () => {
    // memory: (500 + 3450) MB / 0.85 = 4647.06 MB; CPU: 2 / 0.85 = 2.353 cores; disk: (13.4 + 6) GB / 0.85 = 22.82 GB
    const [needs] = scenario(report, 'standard').advice!.smallestHost;
    expect(needs).toEqual({
      host: 'tencent-lh',
      needs: { memory: 4_647_058_824, cpus: 2.352941177, disk: 22_823_529_412 },
    });
    expect(needs!.needs.memory! - 500e6 - 3450e6).toBeGreaterThanOrEqual(
      0.15 * needs!.needs.memory!,
    );
  });

  it('ideal: steps down past the failing standard tier to minimal', () => {
    expect(scenario(report, 'ideal').advice!.tier).toMatchObject({
      tier: 'minimal',
      verdict: 'warn',
    });
  });
});

describe('advice on small cases', () => {
  it('picks the nearest lower tier that passes', () => {
    const r = evaluateYaml(`version: 1
hosts:
  h: { memory: 1000MB }
services:
  a: { memory: { s: 100MB, m: 500MB, l: 800MB, xl: 1200MB } }
scenarios:
  big: { host: h, tier: xl }
`);
    // l leaves 200 MB (20%): pass; m would pass too but is further away.
    expect(scenario(r, 'big').advice!.tier).toEqual({
      tier: 'l',
      verdict: 'pass',
      minHeadroomPct: 20,
    });
  });

  it('finds a placement across hosts with first-fit decreasing', () => {
    const r = evaluateYaml(`version: 1
hosts:
  a: { memory: 1000MB, cpus: 2 }
  b: { memory: 1000MB, cpus: 2 }
services:
  x: { memory: 600MB, cpus: 0.5 }
  y: { memory: 500MB, cpus: 0.5 }
  z: { memory: 200MB, cpus: 0.5 }
scenarios:
  all-on-a: { host: a }
`);
    // 1300 MB on one 1000 MB host fails. FFD: x (600) -> a; y (500) would leave a with -100 -> b;
    // z (200) -> a would leave 200 MB, 20%: passes.
    expect(scenario(r, 'all-on-a').advice!.placement).toEqual({
      heuristic: PLACEMENT_HEURISTIC,
      hosts: { a: ['x', 'z'], b: ['y'] },
      verdict: 'pass',
    });
  });

  it('keeps services that publish the same port apart', () => {
    const r = evaluateYaml(`version: 1
hosts:
  a: { memory: 1000MB }
  b: { memory: 1000MB }
services:
  x: { memory: 600MB, ports: [80] }
  y: { memory: 100MB, ports: [80] }
scenarios:
  s: { host: a }
`);
    expect(scenario(r, 's').advice!.placement!.hosts).toEqual({ a: ['x'], b: ['y'] });
  });

  it('says when no placement exists and by how much the largest host falls short', () => {
    const r = evaluateYaml(`version: 1
hosts:
  small: { memory: 500MB }
  large: { memory: 2GB, disk: 10GB }
services:
  x: { memory: 1.5GB, disk: 8GB }
  y: { memory: 1GB, disk: 4GB }
scenarios:
  s: { host: large }
`);
    expect(scenario(r, 's').advice!).toMatchObject({
      placement: null,
      noPlacement: { largestHost: 'large', shortBy: { memory: 500e6, disk: 2e9 } },
    });
  });
});

describe('advice never offers what would still fail', () => {
  it('offers no bigger host while a port clash remains, and says why', () => {
    const r = evaluateYaml(`version: 1
hosts:
  h: { memory: 1000MB }
services:
  x: { memory: 800MB, ports: [80] }
  y: { memory: 400MB, ports: [80] }
`);
    // 1200 MB on 1000 MB fails; so would any size, for x and y both bind port 80.
    expect(scenario(r, 'default').advice).toMatchObject({
      smallestHost: [],
      biggerHost: { verdict: 'fail', blockedBy: ['port-conflict'] },
    });
    const md = renderMarkdown(r);
    expect(md).not.toMatch(/would pass with at least/);
    expect(md).toContain(
      '- **A bigger host** would not help: the scenario still fails on `port-conflict` whatever the size; fix that first.',
    );
    expect(renderText(r)).toContain(
      'no bigger host helps: the scenario still fails on port-conflict, whatever the size',
    );
  });

  it('checks the bigger host it offers by evaluating the scenario on it', () => {
    const r = evaluateYaml(`version: 1
hosts:
  h: { memory: 1000MB }
services:
  x: { memory: 800MB }
  y: { memory: 400MB }
`);
    // 1200 MB / 0.85 = 1411.77 MB, rounded up to the byte: 1,411,764,706 bytes.
    expect(scenario(r, 'default').advice).toMatchObject({
      smallestHost: [{ host: 'h', needs: { memory: 1_411_764_706 } }],
      biggerHost: { verdict: 'pass', blockedBy: [] },
    });
  });

  it('never suggests a tier the check itself would refuse', () => {
    // x has no CPU figure for tier s, so a scenario with tier s is refused: m (warn) is the
    // nearest tier the check accepts, though s would fit.
    const text = `version: 1
hosts:
  h: { memory: 1000MB, cpus: 4 }
services:
  x:
    memory: { s: 100MB, m: 900MB, l: 1200MB }
    cpus: { m: 1, l: 2 }
scenarios:
  big: { host: h, tier: l }
`;
    expect(scenario(evaluateYaml(text), 'big').advice!.tier).toEqual({
      tier: 'm',
      verdict: 'warn',
      minHeadroomPct: 10,
    });
    expect(() => evaluateYaml(text.replace('tier: l', 'tier: s'))).toThrow(/has only "m", "l"/);
  });
});

describe('placement advice for a scenario with phases', () => {
  const placed = (r: ReturnType<typeof evaluateYaml>) =>
    Object.values(scenario(r, 's').advice!.placement!.hosts).flat().sort();

  it('places every service, one that a phase adds without any figure included', () => {
    const r = evaluateYaml(`version: 1
hosts:
  big: { memory: 1GB }
  other: { memory: 1GB }
services:
  a: { memory: 600MB }
  b: { memory: 600MB }
  late: {}
scenarios:
  s:
    host: big
    phases:
      - [late]
`);
    expect(scenario(r, 's').advice!.placement).toMatchObject({
      hosts: { big: ['a', 'late'], other: ['b'] },
    });
  });

  it('places the services a later phase removes and those it adds, and holds in every phase', () => {
    // old and new never run together, but the placement is the scenario's for every phase.
    const text = `version: 1
hosts:
  small: { memory: 1GB }
  big: { memory: 4GB }
services:
  web: { memory: 500MB }
  old: { memory: 700MB }
  new: { memory: 900MB }
scenarios:
  s:
    host: small
    phases:
      - { name: swap the database, add: [new], remove: [old] }
`;
    const r = evaluateYaml(text);
    expect(scenario(r, 's').verdict).toBe('fail');
    expect(placed(r)).toEqual(['new', 'old', 'web']);
    // Written into the manifest as offered, it passes in every phase.
    const hosts = scenario(r, 's').advice!.placement!.hosts;
    const placement = Object.entries(hosts)
      .map(([h, list]) => `      ${h}: [${list.join(', ')}]`)
      .join('\n');
    const followed = evaluateYaml(
      text.replace('    host: small\n', `    placement:\n${placement}\n`),
    );
    expect(scenario(followed, 's').verdict).not.toBe('fail');
    expect(scenario(followed, 's').phases.every((p) => p.verdict !== 'fail')).toBe(true);
  });

  it('says how far the largest host is from holding the scenario at its tightest phase', () => {
    const r = evaluateYaml(`version: 1
hosts:
  a: { memory: 1GB }
  b: { memory: 1GB }
services:
  x: { memory: 900MB }
  y: { memory: 900MB }
  z: { memory: 900MB }
scenarios:
  s:
    host: a
    phases:
      - { name: add y, add: [y] }
      - { name: swap, add: [z], remove: [x] }
`);
    // Two of the three run together at most: 1.8 GB on a 1 GB host.
    expect(scenario(r, 's').advice).toMatchObject({
      placement: null,
      noPlacement: { largestHost: 'a', shortBy: { memory: 800e6 } },
    });
  });
});

describe('placement advice keeps compose projects together', () => {
  const files = {
    'shop/compose.yml': `services:
  web: { image: shop, mem_limit: 600m }
  db: { image: postgres, mem_limit: 600m }
`,
    'tools/compose.yml': `services:
  cron: { image: cron, mem_limit: 100m }
`,
  };
  const manifest = (entry: string) => `version: 1
hosts:
  a: { memory: 1GiB }
  b: { memory: 1GiB }
compose:
${entry}
  - tools/compose.yml
scenarios:
  s: { host: a }
`;

  it('does not split a project across hosts', () => {
    // shop needs 1200 MiB together; neither 1024 MiB host holds it, so there is no placement.
    const r = evaluateYaml(manifest('  - shop/compose.yml'), 'capacity.yml', files);
    expect(scenario(r, 's').advice).toMatchObject({
      placement: null,
      noPlacement: { largestHost: 'a', shortBy: { memory: 1300 * MiB - 1024 * MiB } },
    });
  });

  it('splits a project whose entry says keep_together: false', () => {
    const r = evaluateYaml(
      manifest('  - files: [shop/compose.yml]\n    keep_together: false'),
      'capacity.yml',
      files,
    );
    // db (600 MiB) -> a, with 870.4 MiB of room under the 15% margin; web (600 MiB) no longer
    // fits there -> b; cron (100 MiB) -> a. a keeps 324 MiB (31.6%), b 424 MiB (41.4%).
    expect(scenario(r, 's').advice!.placement).toEqual({
      heuristic: PLACEMENT_HEURISTIC,
      hosts: { a: ['db', 'cron'], b: ['web'] },
      verdict: 'pass',
    });
  });

  it('moves one-shot services with their project without counting them', () => {
    const r = evaluateYaml(manifest('  - shop/compose.yml'), 'capacity.yml', {
      'shop/compose.yml': `services:
  web: { image: shop, mem_limit: 300m }
  db: { image: postgres, mem_limit: 300m }
  init: { image: shop, mem_limit: 2g }
  api:
    image: shop
    mem_limit: 10m
    depends_on: { init: { condition: service_completed_successfully } }
`,
      'tools/compose.yml': 'services:\n  cron: { image: cron, mem_limit: 700m }\n',
    });
    // 1310 MiB on a fails. cron (700 MiB) -> a; shop (610 MiB: init has exited by the steady
    // state, though its 2 GiB would fit nowhere) -> b, whole. b keeps 414 MiB (40.4%).
    expect(scenario(r, 's').advice!.placement).toEqual({
      heuristic: PLACEMENT_HEURISTIC,
      hosts: { a: ['cron'], b: ['web', 'db', 'init', 'api'] },
      verdict: 'pass',
    });
  });

  it('runs a global service on every host the placement uses', () => {
    const r = evaluateYaml(
      `version: 1
hosts:
  a: { memory: 1GiB }
  b: { memory: 1GiB }
compose:
  - files: [stack/compose.yml]
    keep_together: false
scenarios:
  s: { host: a }
`,
      'capacity.yml',
      {
        'stack/compose.yml': `services:
  agent: { image: exporter, deploy: { mode: global, resources: { limits: { memory: 100m } } } }
  one: { image: app, mem_limit: 600m }
  two: { image: app, mem_limit: 600m }
`,
      },
    );
    // 100 MiB for agent is set aside on each host first: 870.4 - 100 = 770.4 MiB of room.
    // one -> a; two no longer fits a -> b; agent runs on both: 700 MiB on each (31.6% left).
    expect(scenario(r, 's').advice!.placement).toEqual({
      heuristic: PLACEMENT_HEURISTIC,
      hosts: { a: ['one', 'agent'], b: ['two', 'agent'] },
      verdict: 'pass',
    });
  });
});
