import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import type { Report, ServiceReport } from '../../src/model/results.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { inputError } from '../compose/helpers.js';
import { resource, scenario } from '../support/model.js';

const MiB = 1024 * 1024;

function check(files: Record<string, string>): Report {
  return runCheck({ manifest: 'capacity.yml', reader: memoryReader(files), env: {} });
}

function service(report: Report, scenarioName: string, host: string, name: string): ServiceReport {
  const h = scenario(report, scenarioName).hosts.find((x) => x.host === host)!;
  const s = h.services.find((x) => x.name === name);
  if (!s) throw new Error(`no ${name} on ${host}`);
  return s;
}

const APP = `services:
  migrate:
    image: app
    command: migrate
    mem_limit: 1g
    ports: ["8080:80"]
  web:
    image: app
    mem_limit: 512m
    ports: ["8080:80"]
    depends_on:
      migrate:
        condition: service_completed_successfully
      db:
        condition: service_healthy
  db:
    image: postgres
    mem_limit: 256m
  backup:
    image: app
    deploy:
      mode: replicated-job
      resources: { limits: { memory: 2g } }
  seed:
    image: app
    depends_on: [db]
`;

const manifest = (services = '') => `version: 1
hosts:
  h: { memory: 2GiB }
compose:
  - app/compose.yml
${services}`;

describe('one-shot containers', () => {
  it('are listed but not counted: neither their memory nor their ports', () => {
    const r = check({ 'capacity.yml': manifest(), 'app/compose.yml': APP });
    // Steady: web 512 MiB + db 256 MiB = 768 MiB of 2048 MiB; migrate (1 GiB, waited on to
    // complete) and backup (2 GiB, a swarm job) have exited. seed only waits for db to start:
    // it is steady load, with no figure.
    expect(resource(r, 'default', 'h', 'memory')).toMatchObject({
      demand: { worst: 768 * MiB },
      headroom: { worst: 1280 * MiB },
      headroomPct: { worst: 62.5 },
      estimated: 2,
      unestimated: ['seed'],
    });
    // migrate publishes 8080 like web, but has exited and freed it before web starts.
    expect(scenario(r, 'default').findings.map((f) => f.code)).toEqual(['unbounded']);
    expect(service(r, 'default', 'h', 'migrate')).toMatchObject({
      memory: { worst: 1024 * MiB },
      oneshot: { reason: 'completion', waitedOnBy: 'web' },
      sources: { oneshot: { file: 'app/compose.yml', line: 13, column: 20 } },
    });
    expect(service(r, 'default', 'h', 'backup')).toMatchObject({
      oneshot: { reason: 'job', waitedOnBy: null },
      sources: { oneshot: { file: 'app/compose.yml', line: 22, column: 13 } },
    });
    expect(service(r, 'default', 'h', 'seed').oneshot).toBeNull();
  });

  it('say so in the text and Markdown reports, and stay out of the memory chart', () => {
    const r = check({ 'capacity.yml': manifest(), 'app/compose.yml': APP });
    const text = renderText(r);
    expect(text).toMatch(
      /migrate +on h +x1 +memory 1 GiB .* one-shot, not counted: "web" waits for it to complete/,
    );
    expect(text).toMatch(/backup +on h .* one-shot, not counted: a swarm job/);
    expect(text).not.toMatch(/^ *migrate +█/m);
    const md = renderMarkdown(r);
    expect(md).toContain(
      '| `h` | `migrate` (one-shot, not counted: "web" waits for it to complete) | 1 | 1 GiB |',
    );
  });

  it('follow the manifest where it says otherwise', () => {
    const r = check({
      'capacity.yml': manifest(`services:
  migrate: { oneshot: false }
  db: { oneshot: true }
`),
      'app/compose.yml': APP,
    });
    // migrate now counts (1024 MiB) and db does not: 1024 + 512 = 1536 MiB; and migrate's
    // port 8080 now clashes with web's.
    expect(resource(r, 'default', 'h', 'memory').demand.worst).toBe(1536 * MiB);
    expect(service(r, 'default', 'h', 'db')).toMatchObject({
      oneshot: { reason: 'manifest', waitedOnBy: null },
      sources: { oneshot: { file: 'capacity.yml', line: 8, column: 18 } },
    });
    expect(scenario(r, 'default').findings.map((f) => f.code)).toContain('port-conflict');
    expect(scenario(r, 'default').verdict).toBe('fail');
  });
});

const SWARM = `services:
  agent:
    image: node-exporter
    ports: ["9100:9100"]
    deploy:
      mode: global
      resources: { limits: { memory: 128m, cpus: "0.5" } }
  app:
    image: app
    deploy:
      replicas: 2
      resources: { limits: { memory: 1g } }
`;

const swarmManifest = (scenarios: string, services = '') => `version: 1
hosts:
  a: { memory: 2GiB, cpus: 2 }
  b: { memory: 2GiB, cpus: 2 }
compose:
  - stack/compose.yml
${services}scenarios:
${scenarios}`;

describe('swarm global services', () => {
  it('run once on each host they are placed on, ports included', () => {
    const r = check({
      'capacity.yml': swarmManifest(`  s:
    placement:
      a: [agent, app]
      b: [agent]
`),
      'stack/compose.yml': SWARM,
    });
    // a: 128 MiB + 2 x 1 GiB = 2176 MiB of 2048 MiB, 128 MiB short; b: 128 MiB alone.
    expect(resource(r, 's', 'a', 'memory').headroom!.worst).toBe(-128 * MiB);
    expect(resource(r, 's', 'b', 'memory')).toMatchObject({
      demand: { worst: 128 * MiB },
      headroom: { worst: 1920 * MiB },
    });
    expect(resource(r, 's', 'b', 'cpus').demand.worst).toBe(0.5);
    // Port 9100 on each host, not twice on one.
    expect(scenario(r, 's').findings.filter((f) => f.code === 'port-conflict')).toEqual([]);
    expect(service(r, 's', 'b', 'agent')).toMatchObject({
      replicas: 1,
      global: true,
      sources: { global: { file: 'stack/compose.yml', line: 6, column: 13 } },
    });
  });

  it('are placed on every host a glob names them under', () => {
    const r = check({
      'capacity.yml': swarmManifest(`  s:
    placement:
      a: [stack/*]
      b: [stack/agent]
`),
      'stack/compose.yml': SWARM,
    });
    expect(
      Object.fromEntries(
        scenario(r, 's').hosts.map((h) => [h.host, h.services.map((s) => s.name)]),
      ),
    ).toEqual({ a: ['agent', 'app'], b: ['agent'] });
  });

  it('refuses a service that is not global on two hosts, saying which may be', () => {
    const e = inputError(() =>
      check({
        'capacity.yml': swarmManifest(`  s:
    placement:
      a: [app]
      b: [app]
`),
        'stack/compose.yml': SWARM,
      }),
    );
    expect(e.problems.map((p) => [p.line, p.message])).toEqual([
      [
        11,
        'scenario "s" places "app" twice (first at line 10); only a swarm global service (deploy.mode: global) may run on several hosts',
      ],
    ]);
  });

  it('take no replica count, in the compose file or the manifest', () => {
    const inCompose = inputError(() =>
      check({
        'capacity.yml': swarmManifest('  s: { host: a }\n'),
        'stack/compose.yml': SWARM.replace('mode: global', 'mode: global\n      replicas: 3'),
      }),
    );
    expect(inCompose.problems.map((p) => [p.file, p.line, p.message])).toEqual([
      [
        'stack/compose.yml',
        7,
        '"agent" has deploy.mode global (line 6), which runs one container on each host, so it cannot also set a replica count; swarm refuses both',
      ],
    ]);
    const inManifest = inputError(() =>
      check({
        'capacity.yml': swarmManifest(
          '  s: { host: a }\n',
          'services:\n  agent: { replicas: 2 }\n',
        ),
        'stack/compose.yml': SWARM,
      }),
    );
    expect(inManifest.problems.map((p) => [p.file, p.line, p.message])).toEqual([
      [
        'capacity.yml',
        8,
        '"agent" is a swarm global service (deploy.mode: global, stack/compose.yml:6): it runs once on each host it is placed on, so it takes no replica count',
      ],
    ]);
  });

  it('warns about a deploy mode swarm does not know, and counts it as replicated', () => {
    const r = check({
      'capacity.yml': swarmManifest('  s: { host: a }\n'),
      'stack/compose.yml': SWARM.replace('mode: global', 'mode: globl'),
    });
    expect(r.findings).toEqual([
      expect.objectContaining({
        level: 'warn',
        code: 'unknown-deploy-mode',
        line: 6,
        message:
          '"agent" has deploy.mode "globl", which swarm refuses (it knows replicated, global, replicated-job, global-job); it is counted as replicated',
      }),
    ]);
  });
});

describe('manifest replicas follow compose rules', () => {
  it('refuse more than one replica of a service with a container_name, where written', () => {
    const files = {
      'app/compose.yml': 'services:\n  db:\n    image: postgres\n    container_name: main-db\n',
    };
    const e = inputError(() =>
      check({ ...files, 'capacity.yml': manifest('services:\n  db: { replicas: 2 }\n') }),
    );
    expect(e.problems).toEqual([
      expect.objectContaining({
        file: 'capacity.yml',
        line: 7,
        column: 19,
        message:
          '"db" would run 2 replicas, but its compose file fixes its container_name (app/compose.yml:4); compose refuses more than one container of that name',
      }),
    ]);
    // One replica is what compose runs anyway.
    const ok = check({ ...files, 'capacity.yml': manifest('services:\n  db: { replicas: 1 }\n') });
    expect(ok.scenarios[0]!.hosts[0]!.services[0]!.replicas).toBe(1);
  });
});
