import { describe, expect, it } from 'vitest';
import { PLACEMENT_HEURISTIC } from '../../src/model/advice.js';
import { SEED_MANIFEST, evaluateYaml, scenario, seedText } from '../support/model.js';

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
