/**
 * Scenarios that place the same services share what is worked out from them (their rows,
 * figures, sums and port check): each must still read as if evaluated alone.
 */
import { describe, expect, it } from 'vitest';
import { evaluateYaml, resource, scenario } from '../support/model.js';

const HOSTS = `hosts:
  small: { memory: 1GB, cpus: 2, reserve: { memory: 100MB } }
  large: { memory: 4GB, cpus: 2 }
`;
const SERVICES = `services:
  web: { memory: { lite: 200MB, full: 300-400MB }, cpus: 0.5, ports: [80] }
  api: { memory: { lite: 150MB, full: 250MB }, cpus: { lite: 0.25, full: 1 } }
  db: { memory: 300MB, disk: 10GB }
`;

describe('scenarios over one service list', () => {
  const report = evaluateYaml(`version: 1
${HOSTS}${SERVICES}scenarios:
  lite-small: { host: small, tier: lite }
  full-small: { host: small, tier: full }
  lite-large: { host: large, tier: lite }
  full-large: { host: large, tier: full }
`);

  it('adds up each tier on each host as checked by hand', () => {
    // lite: 200 + 150 + 300 = 650 MB; full: 300-400 + 250 + 300 = 850-950 MB.
    // small: 1000 - 100 reserve = 900 MB available; large: 4000 MB.
    expect(resource(report, 'lite-small', 'small', 'memory')).toMatchObject({
      demand: { best: 650e6, worst: 650e6 },
      headroom: { best: 250e6, worst: 250e6 },
      verdict: 'pass',
    });
    expect(resource(report, 'full-small', 'small', 'memory')).toMatchObject({
      demand: { best: 850e6, worst: 950e6 },
      headroom: { best: 50e6, worst: -50e6 },
      verdict: 'fail',
    });
    expect(resource(report, 'lite-large', 'large', 'memory').headroom).toEqual({
      best: 3350e6,
      worst: 3350e6,
    });
    expect(resource(report, 'full-large', 'large', 'memory').headroom).toEqual({
      best: 3150e6,
      worst: 3050e6,
    });
    // CPU: lite 0.5 + 0.25 = 0.75 cores; full 0.5 + 1 = 1.5 cores, of 2.
    expect(resource(report, 'lite-small', 'small', 'cpus').demand.worst).toBe(0.75);
    expect(resource(report, 'full-large', 'large', 'cpus').demand.worst).toBe(1.5);
  });

  it('reads the same as each scenario written as a placement of its own', () => {
    const placed = evaluateYaml(`version: 1
${HOSTS}${SERVICES}scenarios:
  lite-small: { placement: { small: [web, api, db] }, tier: lite }
  full-small: { placement: { small: [web, api, db] }, tier: full }
  lite-large: { placement: { large: [web, api, db] }, tier: lite }
  full-large: { placement: { large: [web, api, db] }, tier: full }
`);
    for (const name of ['lite-small', 'full-small', 'lite-large', 'full-large']) {
      const a = scenario(report, name);
      const b = scenario(placed, name);
      expect({ ...a, findings: a.findings.map((f) => f.message) }).toEqual({
        ...b,
        findings: b.findings.map((f) => f.message),
      });
    }
  });
});
