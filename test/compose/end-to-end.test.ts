import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { renderJson, reportFromJson } from '../../src/report/json.js';
import type { Report, ServiceReport } from '../../src/model/results.js';
import { diskReader } from '../../src/workspace/disk-reader.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { inputError } from './helpers.js';

const MB = 1_000_000;
const MiB = 1024 * 1024;

function check(files: Record<string, string>, env: Record<string, string> = {}): Report {
  return runCheck({ manifest: 'capacity.yml', reader: memoryReader(files), env });
}

function placed(report: Report, scenario: string): ServiceReport[] {
  return report.scenarios.find((s) => s.name === scenario)!.hosts.flatMap((h) => h.services);
}

const TWO_PROJECTS = {
  'shop/compose.yml': `
services:
  web:
    image: shop
    ports: ["8080:80"]
    mem_limit: 512m
  db:
    image: postgres
    mem_limit: 1g
    mem_reservation: 256m
`,
  'blog/compose.yml': `
services:
  blog:
    image: ghost
    deploy: { resources: { limits: { memory: 256m, cpus: "0.5" } } }
  db:
    image: mysql
    ports: ["127.0.0.1:3306:3306"]
`,
};

describe('a manifest with compose projects, end to end', () => {
  it('places compose services on a host with their compose figures', () => {
    const report = check({
      ...TWO_PROJECTS,
      'capacity.yml': `
version: 1
hosts:
  box: { memory: 4GB, cpus: 2 }
compose:
  - shop/compose.yml
  - blog/compose.yml
`,
    });
    const services = placed(report, 'default');
    expect(services.map((s) => s.name)).toEqual(['web', 'shop/db', 'blog', 'blog/db']);
    const db = services.find((s) => s.name === 'shop/db')!;
    expect(db).toMatchObject({
      origin: 'compose',
      memory: { best: 256 * MiB, worst: 1024 * MiB },
      memoryLimit: 1024 * MiB,
      sources: {
        service: { file: 'shop/compose.yml', line: 7, column: 3 },
        memory: { file: 'shop/compose.yml', line: 9, column: 16 },
        memoryLimit: { file: 'shop/compose.yml', line: 9, column: 16 },
      },
    });
    // blog/db has no memory figure: nothing caps it, which the report says where.
    const unbounded = report.scenarios[0]!.findings.filter((f) => f.code === 'unbounded');
    expect(unbounded).toEqual([
      expect.objectContaining({ level: 'warn', file: 'blog/compose.yml', line: 6 }),
    ]);
    // The JSON report carries the same sources.
    const json = reportFromJson(JSON.parse(renderJson(report)), 'report.json');
    expect(placed(json, 'default')[2]!.sources.cpus).toEqual({
      file: 'blog/compose.yml',
      line: 5,
      column: 58,
    });
  });

  it('refuses a bare service name that two projects define, listing both', () => {
    const e = inputError(() =>
      check({
        ...TWO_PROJECTS,
        'capacity.yml': `
version: 1
hosts:
  box: { memory: 4GB }
compose: [shop/compose.yml, blog/compose.yml]
scenarios:
  s: { host: box, services: [web, db] }
`,
      }),
    );
    expect(e.problems).toEqual([
      expect.objectContaining({
        file: 'capacity.yml',
        line: 7,
        message:
          'the service name "db" is ambiguous: it could be "shop/db" or "blog/db"; write the one you mean',
      }),
    ]);
  });

  it('lets the manifest refine a compose service and reports an estimate above its limit', () => {
    const report = check({
      ...TWO_PROJECTS,
      'capacity.yml': `
version: 1
hosts:
  box: { memory: 4GB, disk: 50GB }
compose: [shop/compose.yml]
services:
  web:
    memory: { small: 300MB, large: 700MB }
    disk: 2GB
scenarios:
  large: { host: box, tier: large }
`,
    });
    const web = placed(report, 'large').find((s) => s.name === 'web')!;
    expect(web).toMatchObject({
      memory: { best: 700 * MB, worst: 700 * MB },
      disk: { best: 2000 * MB, worst: 2000 * MB },
      memoryLimit: 512 * MiB,
      sources: {
        service: { file: 'shop/compose.yml' },
        memory: { file: 'capacity.yml', line: 8 },
        refinedBy: { file: 'capacity.yml', line: 7 },
        memoryLimit: { file: 'shop/compose.yml', line: 6 },
      },
    });
    expect(report.scenarios[0]!.findings).toContainEqual(
      expect.objectContaining({
        code: 'exceeds-limit',
        level: 'warn',
        message: expect.stringContaining('shop/compose.yml:6'),
      }),
    );
  });

  it('finds a port that a compose service and a manifest service both publish', () => {
    const report = check({
      ...TWO_PROJECTS,
      'capacity.yml': `
version: 1
hosts:
  box: { memory: 4GB }
compose: [shop/compose.yml]
services:
  legacy: { memory: 100MB, ports: [8080] }
`,
    });
    expect(report.verdict).toBe('fail');
    expect(report.scenarios[0]!.findings).toContainEqual(
      expect.objectContaining({
        code: 'port-conflict',
        message: '"web" and "legacy" both publish tcp port 8080 on host "box"',
      }),
    );
  });

  it('finds a port that services of two compose projects both publish', () => {
    const report = check({
      'a/compose.yml': 'services:\n  api: { image: a, mem_limit: 1m, ports: ["8080:80"] }\n',
      'b/compose.yml':
        'services:\n  admin: { image: b, mem_limit: 1m, ports: [{ target: 9000, published: "8080", host_ip: 127.0.0.1 }] }\n',
      'capacity.yml':
        'version: 1\nhosts:\n  box: { memory: 4GB }\ncompose: [a/compose.yml, b/compose.yml]\n',
    });
    expect(report.scenarios[0]!.findings).toEqual([
      expect.objectContaining({
        code: 'port-conflict',
        message: '"api" and "admin" both publish tcp port 8080 on host "box"',
        file: 'b/compose.yml',
        line: 2,
      }),
    ]);
  });

  it('reads replicas from compose and multiplies the demand', () => {
    const report = check({
      'compose.yml': 'services:\n  worker: { image: w, scale: 3, mem_limit: 100m }\n',
      'capacity.yml': 'version: 1\nhosts:\n  box: { memory: 4GB }\ncompose: [compose.yml]\n',
    });
    expect(placed(report, 'default')[0]).toMatchObject({
      replicas: 3,
      memory: { best: 300 * MiB, worst: 300 * MiB },
      sources: { replicas: { file: 'compose.yml', line: 2, column: 30 } },
    });
  });

  it('uses the values the manifest entry gives its variables', () => {
    const report = check(
      {
        'compose.yml': 'services:\n  web: { image: w, mem_limit: "${WEB_MEM:-100m}" }\n',
        'capacity.yml':
          'version: 1\nhosts:\n  box: { memory: 4GB }\ncompose:\n  - { files: [compose.yml], env: { WEB_MEM: 300m } }\n',
      },
      { WEB_MEM: '200m' },
    );
    expect(placed(report, 'default')[0]!.memory).toEqual({ best: 300 * MiB, worst: 300 * MiB });
  });
});

describe('profiles', () => {
  const files = {
    'compose.yml': `
services:
  web: { image: w }
  debug: { image: d, profiles: [dev] }
  metrics: { image: m, profiles: [ops, dev] }
`,
  };
  const names = (compose: string, scenario = '', env: Record<string, string> = {}): string[] =>
    placed(
      check(
        {
          ...files,
          'capacity.yml': `version: 1\nhosts:\n  box: { memory: 4GB }\ncompose:\n${compose}\nscenarios:\n  s: { host: box${scenario} }\n`,
        },
        env,
      ),
      's',
    ).map((s) => s.name);

  it.each([
    ['none enabled', '  - compose.yml', '', {}, ['web']],
    [
      'the entry enables one',
      '  - { files: [compose.yml], profiles: [ops] }',
      '',
      {},
      ['web', 'metrics'],
    ],
    [
      'the entry enables all',
      '  - { files: [compose.yml], profiles: ["*"] }',
      '',
      {},
      ['web', 'debug', 'metrics'],
    ],
    [
      'COMPOSE_PROFILES enables',
      '  - compose.yml',
      '',
      { COMPOSE_PROFILES: 'dev' },
      ['web', 'debug', 'metrics'],
    ],
    [
      "the entry's profiles over COMPOSE_PROFILES",
      '  - { files: [compose.yml], profiles: [ops] }',
      '',
      { COMPOSE_PROFILES: 'dev' },
      ['web', 'metrics'],
    ],
    [
      "the scenario's profiles over the entry's",
      '  - { files: [compose.yml], profiles: [ops] }',
      ', profiles: [dev]',
      {},
      ['web', 'debug', 'metrics'],
    ],
    [
      'a scenario naming a service runs it',
      '  - compose.yml',
      ', services: [debug]',
      {},
      ['debug'],
    ],
  ])('%s', (_what, compose, scenario, env, expected) => {
    expect(names(compose, scenario, env)).toEqual(expected);
  });
});

describe('the compose example', () => {
  it('prints per-service figures taken from the compose file', () => {
    const report = runCheck({
      manifest: 'examples/compose/capacity.yml',
      reader: diskReader(process.cwd()),
      env: {},
    });
    const services = placed(report, 'new-services');
    expect(services.map((s) => [s.name, s.memory, s.cpus, s.ports.map((p) => p.port)])).toEqual([
      ['ai-recommend', { best: 400 * MiB, worst: 800 * MiB }, { best: 0.3, worst: 1 }, [8100]],
      ['ai-nlp', { best: 400 * MiB, worst: 800 * MiB }, { best: 0.3, worst: 1 }, [8110]],
      ['shared-auth', { best: 150 * MiB, worst: 300 * MiB }, { best: 0.5, worst: 0.5 }, [8120]],
      ['looma-crm', { best: 150 * MiB, worst: 300 * MiB }, { best: 0.2, worst: 0.5 }, []],
      ['zervigo', { best: 120 * MiB, worst: 250 * MiB }, { best: 0.2, worst: 0.4 }, []],
    ]);
    for (const s of services) {
      expect(s.sources.memory?.file).toBe('examples/compose/docker-compose.yml');
      expect(s.sources.disk?.file).toBe('examples/compose/capacity.yml');
    }
  });
});

describe('project names', () => {
  const svc = (name: string): string => `services:\n  ${name}: { image: x, mem_limit: 1m }\n`;
  const names = (files: Record<string, string>, compose: string): string[] =>
    placed(
      check({
        ...files,
        'capacity.yml': `version: 1\nhosts:\n  box: { memory: 4GB }\ncompose:\n${compose}\n`,
      }),
      'default',
    ).map((s) => s.name);

  it.each([
    [
      'the folder',
      { 'a/c.yml': svc('db'), 'b/c.yml': svc('db') },
      '  - a/c.yml\n  - b/c.yml',
      ['a/db', 'b/db'],
    ],
    [
      'the top-level name',
      { 'a/c.yml': `name: Shop_1\n${svc('db')}`, 'b/c.yml': svc('db') },
      '  - a/c.yml\n  - b/c.yml',
      ['shop_1/db', 'b/db'],
    ],
    [
      "the entry's project",
      { 'a/c.yml': `name: shop\n${svc('db')}`, 'b/c.yml': svc('db') },
      '  - { files: [a/c.yml], project: store }\n  - b/c.yml',
      ['store/db', 'b/db'],
    ],
    [
      'COMPOSE_PROJECT_NAME from the project .env',
      {
        'a/c.yml': `name: shop\n${svc('db')}`,
        'a/.env': 'COMPOSE_PROJECT_NAME=front',
        'b/c.yml': svc('db'),
      },
      '  - a/c.yml\n  - b/c.yml',
      ['front/db', 'b/db'],
    ],
    [
      'the same name for projects whose services differ',
      { 'c1.yml': svc('web'), 'c2.yml': svc('db') },
      '  - c1.yml\n  - c2.yml',
      ['web', 'db'],
    ],
  ])('come from %s', (_what, files, compose, expected) => {
    expect(names(files, compose)).toEqual(expected);
  });

  it('must tell apart services of the same name', () => {
    const e = inputError(() =>
      names({ 'c1.yml': svc('db'), 'c2.yml': svc('db') }, '  - c1.yml\n  - c2.yml'),
    );
    expect(e.problems).toEqual([
      expect.objectContaining({
        line: 6,
        message:
          'this compose entry and the one at line 5 are both the project "default" and both define "db"; give one of them `project:`',
      }),
    ]);
  });
});
