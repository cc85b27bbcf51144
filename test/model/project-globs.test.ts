import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import type { Report } from '../../src/model/results.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { inputError } from '../compose/helpers.js';
import { resource, scenario } from '../support/model.js';

const MiB = 1024 * 1024;

const PROJECTS = {
  'shop/compose.yml': `services:
  web:
    image: shop
    mem_limit: 512m
  db:
    image: postgres
    mem_limit: 1g
  shop-init:
    image: shop
    mem_limit: 64m
  debug:
    image: busybox
    mem_limit: 32m
    profiles: [debug]
`,
  'blog/compose.yml': `services:
  web:
    image: ghost
    mem_limit: 256m
  db:
    image: mysql
    mem_limit: 768m
`,
};

function check(scenarios: string): Report {
  return runCheck({
    manifest: 'capacity.yml',
    reader: memoryReader({
      ...PROJECTS,
      'capacity.yml': `version: 1
hosts:
  a: { memory: 4GiB }
  b: { memory: 4GiB }
compose:
  - shop/compose.yml
  - blog/compose.yml
scenarios:
${scenarios}`,
    }),
    env: {},
  });
}

function placement(report: Report, name: string): Record<string, string[]> {
  return Object.fromEntries(
    scenario(report, name).hosts.map((h) => [h.host, h.services.map((s) => s.name)]),
  );
}

function problems(scenarios: string): Array<[number | undefined, string]> {
  return inputError(() => check(scenarios)).problems.map((p) => [p.line, p.message]);
}

describe('PROJECT/* places a whole compose project', () => {
  it('in placement, with each project on its own host', () => {
    const r = check(`  s:
    placement:
      a: [shop/*]
      b: [blog/*]
`);
    // The debug service's profile is not enabled: a glob places what compose would start.
    expect(placement(r, 's')).toEqual({
      a: ['shop/web', 'shop/db', 'shop-init'],
      b: ['blog/web', 'blog/db'],
    });
    // 512 + 1024 + 64 MiB on a; 256 + 768 MiB on b.
    expect(resource(r, 's', 'a', 'memory').demand.worst).toBe(1600 * MiB);
    expect(resource(r, 's', 'b', 'memory').demand.worst).toBe(1024 * MiB);
  });

  it('in services, and a name written outright still places a service a profile hides', () => {
    const r = check(`  s:
    host: a
    services: [blog/*, shop/debug]
`);
    expect(placement(r, 's')).toEqual({ a: ['blog/web', 'blog/db', 'debug'] });
  });

  it('globs on the name alone, across projects', () => {
    const r = check(`  s:
    host: a
    services: ['*/db', '*-init']
`);
    expect(placement(r, 's')).toEqual({ a: ['shop/db', 'blog/db', 'shop-init'] });
  });

  it('lets a name written under another host win over the glob', () => {
    const r = check(`  s:
    placement:
      a: [shop/*]
      b: [shop/db, blog/*]
`);
    expect(placement(r, 's')).toEqual({
      a: ['shop/web', 'shop-init'],
      b: ['shop/db', 'blog/web', 'blog/db'],
    });
  });

  it('in phases, adding a project at once', () => {
    const r = check(`  s:
    host: a
    phases:
      - name: the blog
        add: [blog/*]
`);
    const s = scenario(r, 's');
    expect(s.phases.map((p) => [p.name, p.services])).toEqual([
      ['initial', ['shop/web', 'shop/db', 'shop-init']],
      ['the blog', ['shop/web', 'shop/db', 'shop-init', 'blog/web', 'blog/db']],
    ]);
    // The peak: 1600 MiB + 1024 MiB = 2624 MiB of 4096 MiB, 35.94% left.
    expect(resource(r, 's', 'a', 'memory')).toMatchObject({
      demand: { worst: 2624 * MiB },
      headroomPct: { worst: 35.94 },
      peakPhase: 'the blog',
    });
  });

  it('refuses two globs that put one service on two hosts', () => {
    expect(
      problems(`  s:
    placement:
      a: [shop/*]
      b: ['*/db']
`),
    ).toEqual([
      [
        12,
        'scenario "s" matches "shop/db" on host "b" and on host "a" (line 11); name it under the host it should run on',
      ],
    ]);
  });

  it('names an unknown project with a suggestion', () => {
    expect(
      problems(`  s:
    host: a
    services: [shops/*]
`),
    ).toEqual([
      [
        11,
        '"shops/*" names the compose project "shops", which the manifest does not list; did you mean "shop"?',
      ],
    ]);
  });

  it('refuses a glob that matches nothing', () => {
    expect(
      problems(`  s:
    host: a
    services: [shop/cache*]
`),
    ).toEqual([[11, '"shop/cache*" matches no service']]);
  });
});

describe('exclude', () => {
  it('leaves services out of what a scenario places by default', () => {
    const r = check(`  s:
    host: a
    exclude: [blog/*, shop-init]
`);
    expect(placement(r, 's')).toEqual({ a: ['shop/web', 'shop/db'] });
    expect(resource(r, 's', 'a', 'memory').demand.worst).toBe(1536 * MiB);
  });

  it('leaves services out of a glob', () => {
    const r = check(`  s:
    placement:
      a: [shop/*]
      b: [blog/*]
    exclude: ['*/db']
`);
    expect(placement(r, 's')).toEqual({ a: ['shop/web', 'shop-init'], b: ['blog/web'] });
  });

  it('refuses an entry that leaves nothing out, and a name both placed and excluded', () => {
    expect(
      problems(`  s:
    host: a
    services: [shop/*]
    exclude: [blog/*, shop/web]
    phases:
      - [shop/web]
`),
    ).toEqual([
      [14, 'scenario "s" names "shop/web" here but also excludes it (line 12); keep one'],
      [12, 'scenario "s" excludes "blog/*", but nothing it places matches that'],
    ]);
  });

  it('suggests the name meant when an excluded name is misspelt', () => {
    expect(
      problems(`  s:
    host: a
    exclude: [shop-inti]
`),
    ).toEqual([[11, 'unknown service "shop-inti"; did you mean "shop-init"?']]);
  });
});

describe('did you mean, for service and host names in scenarios', () => {
  it('suggests the closest service, host and qualified name', () => {
    expect(
      problems(`  s:
    placement:
      aa: [shop-int]
      b: [shop/dbb, blog/web]
`),
    ).toEqual([
      [11, 'unknown service "shop-int"; did you mean "shop-init"?'],
      [12, 'unknown service "shop/dbb"; did you mean "shop/db"?'],
      [11, 'unknown host "aa" in scenario "s"; did you mean "a"?'],
    ]);
  });
});

describe('globs in the phases of a scenario across hosts', () => {
  it('must be placed, and must match', () => {
    expect(
      problems(`  s:
    placement:
      a: [shop/*]
    phases:
      - add: [blog/*, shop/cach*]
`),
    ).toEqual([
      [
        13,
        'scenario "s" has a phase naming "blog/web", but its placement does not say which host it goes on',
      ],
      [
        13,
        'scenario "s" has a phase naming "blog/db", but its placement does not say which host it goes on',
      ],
      [13, '"shop/cach*" matches no service'],
    ]);
  });
});

describe('a manifest service name with *', () => {
  it('is refused where it is written, since * is a glob in scenarios', () => {
    const e = inputError(() =>
      runCheck({
        manifest: 'capacity.yml',
        reader: memoryReader({
          'capacity.yml':
            'version: 1\nhosts:\n  h: { memory: 1GB }\nservices:\n  api-*: { memory: 1MB }\n',
        }),
        env: {},
      }),
    );
    expect(e.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [
        5,
        3,
        'the service name "api-*" cannot hold "*": in a scenario, * stands for any run of characters',
      ],
    ]);
  });
});
