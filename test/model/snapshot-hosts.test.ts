/**
 * Hosts on snapshots and services matched to what they measured. Figures in MB = 10^6
 * bytes unless said; each expectation is worked out by hand next to it.
 */
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { InputError, formatProblem } from '../../src/shared/errors.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import type { Report } from '../../src/model/results.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { resource, scenario } from '../support/model.js';
import { validateReport } from '../support/report-schema.js';

const MB = 1e6;
const MiB = 2 ** 20;
const NOW = new Date('2026-12-01T12:00:00Z');

const SNAPSHOT = `version: 1
host: app-1
taken: '2026-12-01T09:30:00Z'
cpus: 4
memory: {total: 4000000000, available: 1500000000, used: 2500000000}
disk:
  /: {total: 60000000000, used: 10000000000, available: 47000000000, reserved: 3000000000}
  /data: {total: 200000000000, used: 50000000000, available: 150000000000}
units:
  - name: ssh.service
    memory: {usage: 5000000}
  - name: mysql.service
    memory: {usage: 350000000}
    ports: [0.0.0.0:3306/tcp]
containers:
  - {name: shop-web-1, project: shop, service: web, memory: {usage: 150000000, limit: 268435456}, ports: []}
  - {name: shop-web-2, project: shop, service: web, memory: {usage: 170000000, limit: 268435456}, ports: []}
  - {name: shop-db-1, project: shop, service: db, memory: {usage: 400000000, limit: null}, ports: []}
  - {name: worker-1, project: null, service: null, memory: {usage: 100000000, limit: null}, ports: []}
  - {name: worker-2, project: null, service: null, memory: {usage: 100000000, limit: null}, ports: []}
  - {name: portainer, project: null, service: null, memory: {usage: 30000000, limit: null}, ports: []}
`;

const COMPOSE = `services:
  web:
    image: nginx
    deploy:
      replicas: 2
      resources: { limits: { memory: 256m } }
  db:
    image: postgres
`;

function check(manifest: string, files: Record<string, string> = {}, now = NOW): Report {
  return runCheck({
    manifest: 'capacity.yml',
    reader: memoryReader({ 'snapshots/app-1.yml': SNAPSHOT, ...files, 'capacity.yml': manifest }),
    env: {},
    now,
  });
}

function problems(manifest: string, files: Record<string, string> = {}): string[] {
  try {
    check(manifest, files);
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error('no problem found');
}

describe('a host on a snapshot', () => {
  it('takes CPUs, memory and the disk of / as capacity, and their usage as used', () => {
    const r = check(`version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
services:
  new: { memory: 100MB, cpus: 1, disk: 1GB }
`);
    const m = resource(r, 'default', 'app-1', 'memory');
    expect([m.capacity, m.used, m.available]).toEqual([4000 * MB, 2500 * MB, 1500 * MB]);
    expect(m.headroom!.worst).toBe(1400 * MB);
    expect(resource(r, 'default', 'app-1', 'cpus').capacity).toBe(4);
    const d = resource(r, 'default', 'app-1', 'disk');
    // used counts the root reserve: 60 GB - 47 GB available
    expect([d.capacity, d.used, d.headroom!.worst]).toEqual([60e9, 13e9, 46e9]);
    expect(scenario(r, 'default').hosts[0]!.snapshot).toEqual({
      file: 'snapshots/app-1.yml',
      taken: '2026-12-01T09:30:00Z',
      capacity: ['cpus', 'memory', 'disk'],
      used: ['memory', 'disk'],
      measuredOut: { memory: 0 },
    });
    expect(validateReport(r)).toEqual([]);
  });

  it('lets figures written on the host override the snapshot, field by field', () => {
    const r = check(`version: 1
hosts:
  app-1:
    snapshot: snapshots/app-1.yml
    memory: 8GB
    used: { memory: 1GB }
    reserve: { memory: 10% }
services:
  mysql: { unit: mysql.service }
`);
    const m = resource(r, 'default', 'app-1', 'memory');
    // 8 GB written; used as written, so nothing is taken out of it; 10% of 8 GB reserved
    expect([m.capacity, m.used, m.reserve]).toEqual([8e9, 1e9, 0.8e9]);
    // mysql is sized by its measurement: 8000 - 1000 - 800 - 350 = 5850 MB
    expect(m.headroom!.worst).toBe(5850 * MB);
    expect(scenario(r, 'default').hosts[0]!.snapshot).toMatchObject({
      capacity: ['cpus', 'disk'],
      used: ['disk'],
      measuredOut: { memory: 0 },
    });
  });

  it("resolves a percentage against the snapshot's capacity", () => {
    const r = check(`version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml, reserve: { memory: 10%, disk: 5% } }
services:
  s: { memory: 1MB }
`);
    expect(resource(r, 'default', 'app-1', 'memory').reserve).toBe(400 * MB);
    expect(resource(r, 'default', 'app-1', 'disk').reserve).toBe(3e9);
  });

  it('takes another disk with disk_mount', () => {
    const r = check(`version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml, disk_mount: /data }
services:
  s: { memory: 1MB }
`);
    const d = resource(r, 'default', 'app-1', 'disk');
    expect([d.capacity, d.used]).toEqual([200e9, 50e9]);
  });
});

describe('services matched to what the snapshot measured', () => {
  const manifest = `version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
compose:
  - { files: [docker-compose.yml], project: shop }
services:
  worker: { container: [worker-1, worker-2], replicas: 3 }
  legacy: { memory: 100-150MB, unit: mysql }
  new: { memory: 200MB }
`;
  const r = check(manifest, { 'docker-compose.yml': COMPOSE });

  it('takes the measured usage of placed services out of used, so it is not counted twice', () => {
    // measured: web 150 + 170, db 400, worker 100 + 100, mysql 350 = 1270 MB of the 2500 used
    const m = resource(r, 'default', 'app-1', 'memory');
    expect(m.used).toBe(1230 * MB);
    expect(scenario(r, 'default').hosts[0]!.snapshot!.measuredOut).toEqual({ memory: 1270 * MB });
    // demand: web 2 x 256 MiB (its limit), db 400 (measured), worker 3 x 100 (measured per
    // replica), legacy 150 (its estimate), new 200
    expect(m.demand.worst).toBe(2 * 256 * MiB + 400 * MB + 300 * MB + 150 * MB + 200 * MB);
    // 4000 - 1230 - 1586870912
    expect(m.headroom!.worst).toBe(4000 * MB - 1230 * MB - (2 * 256 * MiB + 1050 * MB));
  });

  it('matches compose services by project and service labels, and shows what they use', () => {
    const services = scenario(r, 'default').hosts[0]!.services;
    const web = services.find((s) => s.name === 'web')!;
    expect(web.measured).toEqual({ memory: 320 * MB });
    expect(web.memory).toEqual({ best: 2 * 256 * MiB, worst: 2 * 256 * MiB });
    expect(web.sources.measured).toEqual({
      file: 'snapshots/app-1.yml',
      line: 16,
      column: 5,
      kind: 'snapshot',
      taken: '2026-12-01T09:30:00Z',
    });
    const db = services.find((s) => s.name === 'db')!;
    expect(db.memory).toEqual({ best: 400 * MB, worst: 400 * MB });
    expect(db.sources.memory).toMatchObject({
      file: 'snapshots/app-1.yml',
      kind: 'snapshot',
      taken: '2026-12-01T09:30:00Z',
    });
    // sized by its measurement, so nothing says it is unbounded
    expect(scenario(r, 'default').findings.filter((f) => f.code === 'unbounded')).toEqual([]);
    const worker = services.find((s) => s.name === 'worker')!;
    expect(worker.measured).toEqual({ memory: 200 * MB });
    expect(worker.memory).toEqual({ best: 300 * MB, worst: 300 * MB });
    expect(services.find((s) => s.name === 'new')!.measured).toBeUndefined();
    expect(validateReport(r)).toEqual([]);
  });

  it('warns when the worst-case estimate is below what the service uses now', () => {
    expect(
      scenario(r, 'default').findings.filter((f) => f.code === 'estimate-below-measured'),
    ).toEqual([
      {
        level: 'warn',
        code: 'estimate-below-measured',
        message:
          'the worst-case memory estimate of "legacy" (150 MB) is below what it uses now (350 MB, in snapshots/app-1.yml taken 2026-12-01T09:30:00Z)',
        file: 'capacity.yml',
        line: 8,
        column: 21,
      },
    ]);
  });

  it('shows what an estimated service uses now beside its estimate', () => {
    expect(renderText(r)).toMatch(
      /^ {4}legacy +on app-1 +x1 +memory 100 MB – 150 MB \(uses 350 MB now\) /m,
    );
    expect(renderMarkdown(r)).toContain(
      '| `app-1` | `legacy` | 1 | 100 MB – 150 MB (uses 350 MB now) |',
    );
  });

  it('leaves the usage of a running service the scenario does not place in used', () => {
    const r2 = check(
      `${manifest}scenarios:
  only-new: { host: app-1, services: [new] }
`,
      { 'docker-compose.yml': COMPOSE },
    );
    const m = resource(r2, 'only-new', 'app-1', 'memory');
    expect(m.used).toBe(2500 * MB);
    expect(m.demand.worst).toBe(200 * MB);
  });

  it('takes a service a scenario moves out of the used of the host it runs on now', () => {
    const r2 = check(
      `version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
  app-2: { cpus: 2, memory: 2GB }
services:
  legacy: { unit: mysql.service }
  new: { memory: 200MB }
scenarios:
  move: { placement: { app-1: [new], app-2: [legacy] } }
`,
    );
    // 2500 - 350: mysql no longer runs on app-1
    expect(resource(r2, 'move', 'app-1', 'memory').used).toBe(2150 * MB);
    expect(resource(r2, 'move', 'app-1', 'memory').demand.worst).toBe(200 * MB);
    // on app-2, sized by what it uses on app-1
    expect(resource(r2, 'move', 'app-2', 'memory').demand.worst).toBe(350 * MB);
  });
});

describe('measurements beside defaults and global services', () => {
  it('sizes a service by what it uses rather than by a default', () => {
    const r = check(
      `version: 1
defaults: { memory: 1GB }
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
compose:
  - { files: [docker-compose.yml], project: shop }
services:
  extra: {}
`,
      { 'docker-compose.yml': COMPOSE },
    );
    const services = scenario(r, 'default').hosts[0]!.services;
    // db has no figure of its own: 400 MB measured, not the 1 GB default
    expect(services.find((s) => s.name === 'db')!.memory).toEqual({
      best: 400 * MB,
      worst: 400 * MB,
    });
    expect(services.find((s) => s.name === 'db')!.sources.memory?.kind).toBe('snapshot');
    // extra was not measured: the default
    expect(services.find((s) => s.name === 'extra')!.sources.memory?.kind).toBe('defaults');
    // web keeps its compose limit (2 x 256 MiB); 2500 - 320 - 400 = 1780 MB used
    const m = resource(r, 'default', 'app-1', 'memory');
    expect(m.used).toBe(1780 * MB);
    expect(m.demand.worst).toBe(2 * 256 * MiB + 400 * MB + 1000 * MB);
  });

  it('takes a global service out of the used of every host it was measured on', () => {
    const other = SNAPSHOT.replace('host: app-1', 'host: app-2').replace(
      /containers:\n[\s\S]*$/,
      'containers:\n  - {name: node-exporter, project: null, service: null, memory: {usage: 20000000, limit: null}, ports: []}\n',
    );
    const withExporter = SNAPSHOT.replace(
      'containers:\n',
      'containers:\n  - {name: node-exporter, project: null, service: null, memory: {usage: 30000000, limit: null}, ports: []}\n',
    );
    const r = check(
      `version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
  app-2: { snapshot: snapshots/app-2.yml }
compose:
  - { files: [monitoring.yml], project: monitoring }
services:
  exporter: { container: node-exporter }
scenarios:
  both: { placement: { app-1: [exporter], app-2: [exporter] } }
`,
      {
        'snapshots/app-1.yml': withExporter,
        'snapshots/app-2.yml': other,
        'monitoring.yml':
          'services:\n  exporter:\n    image: prom/node-exporter\n    deploy: { mode: global }\n',
      },
    );
    // 2500 - 30 on app-1, 2500 - 20 on app-2
    expect(resource(r, 'both', 'app-1', 'memory').used).toBe(2470 * MB);
    expect(resource(r, 'both', 'app-2', 'memory').used).toBe(2480 * MB);
    // one figure per replica, the larger of the two measured, on each host
    expect(resource(r, 'both', 'app-1', 'memory').demand.worst).toBe(30 * MB);
    expect(resource(r, 'both', 'app-2', 'memory').demand.worst).toBe(30 * MB);
  });
});

describe('what does not match', () => {
  it('warns about a container or unit no snapshot lists, with the name it probably means', () => {
    const r = check(`version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
services:
  a: { memory: 1MB, container: shop-web1 }
  b: { memory: 1MB, unit: mysqld.service }
`);
    expect(r.findings.filter((f) => f.code === 'snapshot-no-match').map((f) => f.message)).toEqual([
      '"a" runs as container "shop-web1", which no host snapshot lists; did you mean "shop-web-1"?: its measured usage cannot be taken out of the host\'s used',
      '"b" runs as unit "mysqld.service", which no host snapshot lists; did you mean "mysql.service"?: its measured usage cannot be taken out of the host\'s used',
    ]);
  });

  it('says when the server runs the compose project under another name', () => {
    const r = check(
      `version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
compose:
  - { files: [docker-compose.yml], project: deploy }
`,
      { 'docker-compose.yml': COMPOSE },
    );
    // Not matched: their usage stays in used (2500 MB) and they are counted again.
    expect(resource(r, 'default', 'app-1', 'memory').used).toBe(2500 * MB);
    expect(r.findings.filter((f) => f.code === 'snapshot-no-match').map((f) => f.message)).toEqual([
      '"web" is compose project "deploy", but snapshots/app-1.yml has its container shop-web-1 in project "shop": set `project: shop` on the compose entry so its measured usage is not counted twice',
      '"db" is compose project "deploy", but snapshots/app-1.yml has its container shop-db-1 in project "shop": set `project: shop` on the compose entry so its measured usage is not counted twice',
    ]);
  });

  it('refuses two hosts on one snapshot', () => {
    expect(
      problems(`version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
  app-2: { snapshot: ./snapshots/app-1.yml }
`),
    ).toEqual([
      'capacity.yml:4:22: hosts "app-1" and "app-2" both name the snapshot snapshots/app-1.yml; a snapshot describes one server (at /hosts/app-2/snapshot)',
    ]);
  });

  it('refuses one container matched by two services', () => {
    expect(
      problems(
        `version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
compose:
  - { files: [docker-compose.yml], project: shop }
services:
  frontend: { memory: 1MB, container: shop-web-1 }
`,
        { 'docker-compose.yml': COMPOSE },
      ),
    ).toEqual([
      'capacity.yml:7:39: container "shop-web-1" in snapshots/app-1.yml is matched by both "web" and "frontend"; its usage can be counted for only one of them (at /services/frontend/container)',
    ]);
  });
});

describe('staleness', () => {
  it('warns when the snapshot is older than policy.snapshot_max_age, naming its age', () => {
    const manifest = `version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
policy: { snapshot_max_age: 12h }
`;
    // taken 09:30: at 21:29 it is 11 h 59 min old; at 23:31, 14 hours
    expect(check(manifest, {}, new Date('2026-12-01T21:29:00Z')).findings).toEqual([]);
    expect(check(manifest, {}, new Date('2026-12-01T23:31:00Z')).findings).toEqual([
      {
        level: 'warn',
        code: 'snapshot-stale',
        message:
          'the snapshot of "app-1" (snapshots/app-1.yml) was taken 14 hours ago, on 2026-12-01T09:30:00Z, more than policy.snapshot_max_age (12 hours): take a new one on the server with `headroom snapshot`',
        file: 'capacity.yml',
        line: 3,
        column: 22,
      },
    ]);
    expect(check(manifest, {}, new Date('2026-12-01T23:31:00Z')).verdict).toBe('warn');
  });

  it('judges no age without a clock', () => {
    const r = runCheck({
      manifest: 'capacity.yml',
      reader: memoryReader({
        'snapshots/app-1.yml': SNAPSHOT,
        'capacity.yml': 'version: 1\nhosts:\n  app-1: { snapshot: snapshots/app-1.yml }\n',
      }),
      env: {},
    });
    expect(r.findings).toEqual([]);
  });
});

describe('bad input', () => {
  it('says where a snapshot that does not exist is named', () => {
    expect(problems('version: 1\nhosts:\n  app-1: { snapshot: snapshots/nope.yml }\n')).toEqual([
      expect.stringMatching(
        /^capacity\.yml:3:22: cannot read "snapshots\/nope\.yml": the file does not exist/,
      ),
    ]);
  });

  it('locates a snapshot with wrong types in the snapshot file', () => {
    expect(
      problems('version: 1\nhosts:\n  app-1: { snapshot: snapshots/app-1.yml }\n', {
        'snapshots/app-1.yml': SNAPSHOT.replace('cpus: 4', 'cpus: "4 cores"'),
      }),
    ).toEqual(['snapshots/app-1.yml:4:7: expected a number, found text (at /cpus)']);
  });

  it('refuses a snapshot outside the repository, a missing disk and disk_mount without a snapshot', () => {
    expect(problems('version: 1\nhosts:\n  app-1: { snapshot: ../server.yml }\n')).toEqual([
      'capacity.yml:3:22: the snapshot "../server.yml" is not usable: the path leads outside the workspace (at /hosts/app-1/snapshot)',
    ]);
    expect(
      problems(
        'version: 1\nhosts:\n  app-1: { snapshot: snapshots/app-1.yml, disk_mount: /srv }\n',
      ),
    ).toEqual([
      'capacity.yml:3:55: the snapshot snapshots/app-1.yml has no disk "/srv"; it measured "/", "/data" (at /hosts/app-1/disk_mount)',
    ]);
    expect(problems('version: 1\nhosts:\n  app-1: { cpus: 2, disk_mount: /data }\n')).toEqual([
      "capacity.yml:3:21: `disk_mount` picks one of the disks of the host's snapshot, but this host names no `snapshot` (at /hosts/app-1/disk_mount)",
    ]);
  });

  it('refuses an age it cannot read', () => {
    expect(
      problems(
        'version: 1\nhosts:\n  app-1: { snapshot: snapshots/app-1.yml }\npolicy: { snapshot_max_age: 30 days }\n',
      ),
    ).toEqual([
      'capacity.yml:4:29: "30 days" is not allowed here: write an age in hours, days or weeks, such as "12h", "30d" or "2w" (at /policy/snapshot_max_age)',
    ]);
  });
});
