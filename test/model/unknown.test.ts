import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { evaluateYaml, resource, scenario } from '../support/model.js';

const manifest = (services: string, extra = '') => `version: 1
hosts:
  h: { memory: 1GB, cpus: 2 }
services:
${services}
${extra}`;

describe('a resource nothing is known about', () => {
  it('is not judged when no placed service has a figure for it', () => {
    const r = evaluateYaml(manifest('  a: { memory: 100MB }\n  b: { memory: 200MB }'));
    expect(resource(r, 'default', 'h', 'cpus')).toMatchObject({
      declared: true,
      capacity: 2,
      available: 2,
      demand: { best: 0, worst: 0 },
      headroom: null,
      headroomPct: null,
      verdict: 'unknown',
      estimated: 0,
      unestimated: ['a', 'b'],
    });
    // Memory is known: 700 MB left of 1 GB.
    expect(resource(r, 'default', 'h', 'memory')).toMatchObject({
      headroom: { worst: 700e6 },
      verdict: 'pass',
      estimated: 2,
    });
    expect(scenario(r, 'default').minHeadroomPct).toBe(70);
  });

  it('shows as unknown, never as a pass with all its capacity free', () => {
    const r = evaluateYaml(
      manifest('  a: { memory: 100MB }\n  b: { memory: 200MB }', 'policy: { unestimated: info }'),
    );
    const text = renderText(r);
    expect(text).toMatch(/---- {2}h +CPU +2 cores +0 cores \(0 of 2 estimated\) +unknown\n/);
    expect(text).not.toMatch(/100\.0%/);
    const md = renderMarkdown(r);
    expect(md).toContain(
      '| `h` | CPU | 2 cores | — | 0 cores (0 of 2 estimated) | unknown: no service here has a figure | | ❔ unknown |',
    );
    // The memory row is judged, and passes: so does the scenario.
    expect(scenario(r, 'default').verdict).toBe('pass');
  });

  it('counts how many of how many services are estimated when some are', () => {
    const r = evaluateYaml(
      manifest('  a: { memory: 100MB, cpus: 0.5 }\n  b: { memory: 200MB }\n  c: { memory: 50MB }'),
    );
    expect(resource(r, 'default', 'h', 'cpus')).toMatchObject({
      headroom: { worst: 1.5 },
      verdict: 'pass',
      estimated: 1,
      unestimated: ['b', 'c'],
    });
    expect(renderText(r)).toMatch(
      /CPU +2 cores +0\.5 cores \(1 of 3 estimated\) +1\.5 cores \(75\.0%\)/,
    );
  });

  it('still fails when what is set aside already exceeds the host', () => {
    // 1.2 GB used of 1 GB: whatever the services need, it does not fit.
    const r = evaluateYaml(`version: 1
hosts:
  h: { memory: 1GB, used: { memory: 1.2GB } }
services:
  a: { cpus: 1 }
`);
    expect(resource(r, 'default', 'h', 'memory')).toMatchObject({
      headroom: { worst: -200e6 },
      verdict: 'fail',
      estimated: 0,
    });
  });

  it('makes a scenario that judged nothing warn, even when unestimated services are only info', () => {
    const r = evaluateYaml(manifest('  a: {}\n  b: {}', 'policy: { unestimated: info }'));
    const s = scenario(r, 'default');
    expect(s.hosts[0]!.resources.memory.verdict).toBe('unknown');
    expect(s.hosts[0]!.resources.cpus.verdict).toBe('unknown');
    expect(s.findings).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        code: 'not-judged',
        message:
          'nothing in scenario "default" could be judged: no service it places has a figure for a resource its host declares',
      }),
    );
    expect(s.verdict).toBe('warn');
    expect(r.verdict).toBe('warn');
    expect(s.minHeadroomPct).toBeNull();
    expect(renderMarkdown(r)).toContain('| `default` | ⚠️ warn | nothing judged | — | — |');
  });

  it('fails a scenario that judged nothing when the policy fails unestimated services', () => {
    const r = evaluateYaml(manifest('  a: {}', 'policy: { unestimated: fail }'));
    expect(scenario(r, 'default').findings.find((f) => f.code === 'not-judged')?.level).toBe(
      'fail',
    );
  });

  it('is judged again in a phase where a service with a figure arrives', () => {
    const r = evaluateYaml(`version: 1
hosts:
  h: { memory: 1GB, cpus: 2 }
services:
  old: { memory: 300MB }
  new: { memory: 200MB, cpus: 0.5 }
scenarios:
  s:
    host: h
    phases: [[new]]
`);
    const [initial, after] = scenario(r, 's').phases;
    expect(initial!.hosts[0]!.resources.cpus).toMatchObject({ verdict: 'unknown', headroom: null });
    expect(after!.hosts[0]!.resources.cpus).toMatchObject({
      verdict: 'pass',
      headroom: { worst: 1.5 },
    });
  });

  it('is not a host with no services: nothing placed there asks for anything', () => {
    const r = evaluateYaml(`version: 1
hosts:
  h: { memory: 1GB }
services:
  later: { memory: 200MB }
scenarios:
  s:
    host: h
    phases: [[later]]
`);
    expect(scenario(r, 's').phases[0]!.hosts[0]!.resources.memory).toMatchObject({
      verdict: 'pass',
      headroom: { worst: 1e9 },
    });
  });
});
