/**
 * `headroom snapshot` on fixture /proc and cgroup trees (test/fixtures/snapshot, in the
 * kernel's formats) and against the stand-in Engine API: every figure below is the
 * fixture's, worked out by hand in the comments.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import type { Snapshot } from '../../src/model/snapshot-facts.js';
import { FakeEngine, engineFixture, v2Stats } from '../support/fake-engine.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/snapshot/', import.meta.url));
const NOW = new Date('2026-12-01T09:30:00.123Z');

interface Run {
  status: number;
  out: string;
  err: string;
  snapshot: Snapshot;
}

async function snapshot(
  tree: 'v1' | 'v2',
  args: string[] = [],
  env: Record<string, string> = {},
  tty = false,
): Promise<Run> {
  let out = '';
  let err = '';
  const status = await runCli(
    [
      'snapshot',
      '--proc',
      join(FIXTURES, tree, 'proc'),
      '--cgroup',
      join(FIXTURES, tree, 'cgroup'),
      '--format',
      'json',
      ...args,
    ],
    {
      cwd: process.cwd(),
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock', ...env },
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      now: () => NOW,
      hostname: () => 'vm-7f3a',
      stderrIsTTY: tty,
    },
  );
  return { status, out, err, snapshot: out ? (JSON.parse(out) as Snapshot) : (undefined as never) };
}

let engine: FakeEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('host facts from a cgroup v2 tree', () => {
  it('reads memory from meminfo and CPUs from the affinity list', async () => {
    const r = await snapshot('v2');
    expect(r.status).toBe(0);
    expect(r.snapshot).toMatchObject({
      version: 1,
      host: 'vm-7f3a',
      taken: '2026-12-01T09:30:00Z',
      cpus: 4,
      // MemTotal 3774212 kB, MemAvailable 2192376 kB
      memory: { total: 3864793088, available: 2244993024, used: 1619800064 },
      containers: [],
    });
    expect(r.snapshot.cgroup).toBeUndefined();
    expect(r.snapshot.written_by).toMatch(/^headroom \d+\.\d+\.\d+/);
  });

  it('lists every service under system.slice with memory.current - inactive_file', async () => {
    const { snapshot: s } = await snapshot('v2');
    expect(s.units.map((u) => [u.name, u.memory.usage])).toEqual([
      ['cron.service', 1048576 - 262144],
      ['docker.service', 96468992 - 12582912], // 80 MiB
      ['mysql.service', 268435456 - 16777216], // 240 MiB
      ['nginx.service', 8388608],
      // in a sub-slice, system-postgresql.slice
      ['postgresql@14-main.service', 157286400 - 52428800],
      ['redis-server.service', 12582912 - 2097152],
      ['ssh.service', 6291456 - 1048576],
      ['systemd-resolved.service', 5242880 - 1048576],
    ]);
  });

  it("maps each listening socket to its service through the processes' sockets", async () => {
    const { snapshot: s } = await snapshot('v2');
    const ports = Object.fromEntries(s.units.map((u) => [u.name, u.ports]));
    expect(ports).toEqual({
      'cron.service': [],
      // Without the engine's list, the docker-proxy processes' ports stay with the
      // service whose cgroup holds them.
      'docker.service': [
        '0.0.0.0:8080/tcp',
        '[::]:8080/tcp',
        '127.0.0.1:9323/tcp',
        '127.0.0.1:9443/tcp',
      ],
      'mysql.service': ['0.0.0.0:3306/tcp', '[::]:33060/tcp'],
      // two nginx processes share the sockets: listed once
      'nginx.service': ['0.0.0.0:80/tcp', '[::]:80/tcp'],
      'postgresql@14-main.service': ['127.0.0.1:5432/tcp'],
      'redis-server.service': ['127.0.0.1:6379/tcp', '[::1]:6379/tcp'],
      'ssh.service': ['0.0.0.0:22/tcp', '[::]:22/tcp'],
      'systemd-resolved.service': ['127.0.0.53:53/tcp', '127.0.0.53:53/udp'],
    });
    // A user's own server is no service's.
    expect(s.other_ports).toEqual(['0.0.0.0:8000/tcp']);
  });

  it('leaves containers (scopes) out of the services', async () => {
    const { snapshot: s } = await snapshot('v2');
    expect(s.units.some((u) => !u.name.endsWith('.service'))).toBe(false);
  });
});

describe('host facts from a cgroup v1 tree, in a limiting cgroup', () => {
  it("records the cgroup's memory limit and CPU quota, and says so", async () => {
    const r = await snapshot('v1');
    expect(r.snapshot).toMatchObject({
      // cpu.cfs_quota_us 150000 / cpu.cfs_period_us 100000, below the machine's 8
      cpus: 1.5,
      // limit 2 GiB; usage 734003200 - total_inactive_file 209715200 = 524288000;
      // available = 2147483648 - 524288000, below MemAvailable (6 GiB)
      memory: { total: 2147483648, available: 1623195648, used: 524288000 },
      cgroup: { version: 1, memory_limit: 2147483648, cpu_limit: 1.5 },
    });
    expect(r.snapshot.notes?.[0]).toMatch(
      /^this process runs in a cgroup that limits memory to 2\.15 GB \(the machine has 8\.35 GB\) and CPU to 1\.5 cores \(the machine has 8\)/,
    );
    expect(r.err).toMatch(/^note: this process runs in a cgroup/m);
  });

  it('reads v1 services from the systemd hierarchy and their memory from the memory controller', async () => {
    const { snapshot: s } = await snapshot('v1');
    expect(s.units).toEqual([
      { name: 'actions-runner.service', memory: { usage: 524288000 }, ports: [] },
      // no memory cgroup of its own: accounting is off
      { name: 'cron.service', memory: { usage: null }, ports: [] },
      // 283115520 - total_inactive_file 31457280
      { name: 'mysql.service', memory: { usage: 251658240 }, ports: ['0.0.0.0:3306/tcp'] },
      { name: 'ssh.service', memory: { usage: 7340032 - 1048576 }, ports: ['0.0.0.0:22/tcp'] },
    ]);
    expect(s.notes).toContain(
      "1 service(s) have no memory figure: on cgroup v1 systemd measures a service's memory only with MemoryAccounting=yes",
    );
  });
});

describe('the command line', () => {
  it('measures each --disk path with statfs, under its absolute path', async () => {
    const r = await snapshot('v2', ['--disk', '/', '--disk', tmpdir()]);
    expect(Object.keys(r.snapshot.disk)).toEqual(['/', tmpdir()]);
    for (const d of Object.values(r.snapshot.disk)) {
      expect(d.used + d.available + (d.reserved ?? 0)).toBe(d.total);
    }
  });

  it('refuses a --disk path that does not exist, with exit status 2', async () => {
    const r = await snapshot('v2', ['--disk', '/no/such/path']);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(
      /^error: --disk \/no\/such\/path: cannot measure its file system \(no such file or directory\)/,
    );
  });

  it('refuses a --proc that is not a proc file system, with exit status 2', async () => {
    let err = '';
    const status = await runCli(['snapshot', '--proc', tmpdir()], {
      cwd: process.cwd(),
      env: {},
      stdout: () => {},
      stderr: (t) => (err += t),
    });
    expect(status).toBe(2);
    expect(err).toMatch(
      /^error: cannot read .*\/meminfo \(ENOENT\); --proc must name a proc file system/,
    );
  });

  it('writes YAML to --out, JSON for a .json file, and says what it wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-snap-'));
    const yml = join(dir, 'snapshots', 'tencent-lh.yml');
    // The later --format wins over the --format json that snapshot() passes first.
    const r = await snapshot('v2', ['--format', 'yaml', '--out', yml, '--host', 'tencent-lh']);
    expect(r.status).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /^wrote .*tencent-lh\.yml: tencent-lh, 4 CPUs, memory 1\.62 GB used of 3\.86 GB, disk \/ .*, 8 systemd service\(s\), 0 container\(s\)$/m,
    );
    const text = readFileSync(yml, 'utf8');
    expect(text).toMatch(/^# headroom snapshot of tencent-lh, taken 2026-12-01T09:30:00Z\./);
    expect(load(text)).toMatchObject({ host: 'tencent-lh', cpus: 4 });
    const json = join(dir, 'tencent-lh.json');
    expect(await snapshotNoFormat(['--out', json])).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).version).toBe(1);
  });

  it('says it cannot write --out into a folder, with exit status 2', async () => {
    const r = await snapshot('v2', ['--out', tmpdir()]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^error: --out .*: cannot write the snapshot there \(it is a folder\)$/m);
  });

  it('refuses options of check, and arguments', async () => {
    let err = '';
    const io = { cwd: process.cwd(), env: {}, stdout: () => {}, stderr: (t: string) => (err += t) };
    expect(await runCli(['snapshot', '--scenario', 'x'], io)).toBe(2);
    expect(err).toMatch(/--scenario go\(es\) with check and diff, not snapshot/);
    expect(await runCli(['snapshot', 'out.yml'], io)).toBe(2);
    expect(err).toMatch(/snapshot takes no arguments, only options; got "out.yml"/);
    expect(await runCli(['check', '--disk', '/'], io)).toBe(2);
    expect(err).toMatch(/--disk go\(es\) with snapshot, not check/);
    expect(await runCli(['snapshot', '--format', 'text'], io)).toBe(2);
    expect(err).toMatch(/--format must be one of yaml, json; got "text"/);
    expect(await runCli(['snapshot', '--host', 'a\nb'], io)).toBe(2);
  });
});

async function snapshotNoFormat(args: string[]): Promise<number> {
  return runCli(
    [
      'snapshot',
      '--proc',
      join(FIXTURES, 'v2', 'proc'),
      '--cgroup',
      join(FIXTURES, 'v2', 'cgroup'),
      ...args,
    ],
    {
      cwd: process.cwd(),
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      stdout: () => {},
      stderr: () => {},
    },
  );
}

describe('containers through the Engine API', () => {
  it('lists running containers with usage as docker stats counts it (cgroup v2)', async () => {
    engine = await FakeEngine.start({ stats: v2Stats() });
    const r = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    expect(r.status).toBe(0);
    expect(r.snapshot.containers).toEqual([
      {
        name: 'portainer',
        id: 'b7e2d4f6a8c0',
        image: 'portainer/portainer-ce:2.21.4',
        project: null,
        service: null,
        // 31457280 with no inactive file cache; the limit is the machine's memory: none
        memory: { usage: 31457280, limit: null },
        ports: ['127.0.0.1:9443->9443/tcp'],
      },
      {
        name: 'shop-db-1',
        id: '3f1c9a4e5b7d',
        image: 'postgres:16',
        project: 'shop',
        service: 'db',
        // 471859200 - inactive_file 157286400
        memory: { usage: 314572800, limit: null },
        ports: ['5432/tcp'],
      },
      {
        name: 'shop-web-1',
        id: '8dfafdbc3a40',
        image: 'nginx:1.27-alpine',
        project: 'shop',
        service: 'web',
        // 220200960 - inactive_file 10485760 = 200 MiB, under its 256 MiB limit
        memory: { usage: 209715200, limit: 268435456 },
        ports: ['0.0.0.0:8080->80/tcp', '[::]:8080->80/tcp'],
      },
    ]);
    expect(r.snapshot.notes ?? []).not.toContainEqual(expect.stringMatching(/container/));
    // The version the engine announced, in every path after /_ping.
    expect(engine.requests[0]).toBe('/_ping');
    expect(engine.requests.slice(1).every((p) => p.startsWith('/v1.47/'))).toBe(true);
  });

  it("gives the ports docker-proxy holds in docker.service's cgroup to the containers that publish them", async () => {
    engine = await FakeEngine.start({ stats: v2Stats() });
    const { snapshot: s } = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    const ports = Object.fromEntries(
      [...s.units, ...s.containers].map((u) => [u.name, u.ports] as const),
    );
    // Processes 1311 and 1312 (docker-proxy) hold 0.0.0.0:8080 and [::]:8080, which
    // shop-web-1 publishes; 1313 holds 127.0.0.1:9443, which portainer publishes. The
    // engine's own metrics port (dockerd, process 1201) stays the service's.
    expect(ports['docker.service']).toEqual(['127.0.0.1:9323/tcp']);
    expect(ports['shop-web-1']).toEqual(['0.0.0.0:8080->80/tcp', '[::]:8080->80/tcp']);
    expect(ports['portainer']).toEqual(['127.0.0.1:9443->9443/tcp']);
    expect(ports['nginx.service']).toEqual(['0.0.0.0:80/tcp', '[::]:80/tcp']);
    expect(s.other_ports).toEqual(['0.0.0.0:8000/tcp']);
  });

  it('counts total_inactive_file on cgroup v1 engines, and cache on older ones', async () => {
    engine = await FakeEngine.start({
      stats: {
        'shop-web-1': engineFixture('stats-v1-shop-web-1.json'),
        'shop-db-1': engineFixture('stats-old-shop-db-1.json'),
        portainer: engineFixture('stats-v2-portainer.json'),
      },
    });
    const { snapshot: s } = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    const memory = Object.fromEntries(s.containers.map((c) => [c.name, c.memory]));
    // 283115520 - total_inactive_file 31457280
    expect(memory['shop-web-1']).toEqual({ usage: 251658240, limit: 268435456 });
    // 100000000 - cache 20000000
    expect(memory['shop-db-1']).toEqual({ usage: 80000000, limit: null });
  });

  it('speaks the version a Docker 29 engine asks for, and its own newest to a newer one', async () => {
    engine = await FakeEngine.start({
      apiVersion: '1.52',
      minApiVersion: '1.44',
      stats: v2Stats(),
    });
    const r = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.containers).toHaveLength(3);
    expect(engine.requests[1]).toBe('/v1.51/containers/json');
  });

  it('speaks an older engine its own version', async () => {
    engine = await FakeEngine.start({ apiVersion: '1.41', stats: v2Stats() });
    const r = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.containers).toHaveLength(3);
    expect(engine.requests[1]).toBe('/v1.41/containers/json');
  });

  it('leaves out a container that stopped between the list and its stats, and says so', async () => {
    const stats = v2Stats();
    delete stats['shop-db-1'];
    engine = await FakeEngine.start({ stats });
    const r = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    expect(r.status).toBe(0);
    expect(r.snapshot.containers.map((c) => c.name)).toEqual(['portainer', 'shop-web-1']);
    expect(r.snapshot.notes).toContain(
      '1 container(s) stopped between listing and measuring, and are left out: shop-db-1',
    );
  });

  it('treats empty stats (a container no longer running) as gone', async () => {
    const stats = v2Stats();
    stats['portainer'] = { read: '0001-01-01T00:00:00Z', memory_stats: {}, name: '/portainer' };
    engine = await FakeEngine.start({ stats });
    const r = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.containers.map((c) => c.name)).toEqual(['shop-db-1', 'shop-web-1']);
  });

  it('keeps a container whose stats fail, without memory, and says why', async () => {
    engine = await FakeEngine.start({
      stats: v2Stats(),
      faults: {
        [`/containers/${(engineFixture('containers.json') as Array<{ Id: string }>)[1]!.Id}/stats`]:
          {
            status: 500,
            body: { message: 'cgroup read failed' },
          },
      },
    });
    const r = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.containers.find((c) => c.name === 'shop-db-1')?.memory).toEqual({
      usage: null,
      limit: null,
    });
    expect(r.snapshot.notes).toContain(
      'the memory of container shop-db-1 was not measured: the Docker engine answered GET /containers/shop-db-1/stats with HTTP 500 (cgroup read failed)',
    );
  });

  it('prints a progress line per container on a terminal when there are many', async () => {
    const base = engineFixture('containers.json') as Array<Record<string, unknown>>;
    const many = Array.from({ length: 9 }, (_, i) => ({
      ...base[2],
      Id: `${i}`.repeat(64).slice(0, 64),
      Names: [`/worker-${i + 1}`],
    }));
    const stats = Object.fromEntries(
      many.map((c) => [
        (c.Names as string[])[0]!.slice(1),
        engineFixture('stats-v2-portainer.json'),
      ]),
    );
    engine = await FakeEngine.start({ containers: many, stats });
    const tty = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost }, true);
    expect(tty.snapshot.containers).toHaveLength(9);
    expect(tty.err.match(/measuring containers: \d\/9 worker-\d/g)).toHaveLength(9);
    expect(tty.err).toContain('measuring containers: 9/9');
    const piped = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost }, false);
    expect(piped.err).not.toContain('measuring');
  });
});

describe('what an engine may say that a snapshot cannot hold', () => {
  it('writes names with control characters and overlong labels so the file reads back', async () => {
    const base = engineFixture('containers.json') as Array<Record<string, unknown>>;
    const odd = {
      ...base[2],
      Names: ['/evil\nname\u001b[31m'],
      Labels: {
        'com.docker.compose.project': 'p'.repeat(300),
        'com.docker.compose.service': 'web',
      },
    };
    engine = await FakeEngine.start({
      containers: [odd],
      stats: { 'evil\nname\u001b[31m': engineFixture('stats-v2-portainer.json') },
    });
    const r = await snapshot('v2', [], { DOCKER_HOST: engine.dockerHost });
    const back = readSnapshot(r.out, 'x.json').snapshot;
    expect(back.containers[0]).toMatchObject({
      name: 'evil?name?[31m',
      project: 'p'.repeat(256),
      memory: { usage: 31457280, limit: null },
    });
  });
});

describe('an engine that cannot be used', () => {
  async function notes(env: Record<string, string>, extra: string[] = []): Promise<Run> {
    const r = await snapshot('v2', extra, env);
    expect(r.status).toBe(0);
    // The host's facts are written all the same.
    expect(r.snapshot.memory.total).toBe(3864793088);
    expect(r.snapshot.units).toHaveLength(8);
    expect(r.snapshot.containers).toEqual([]);
    return r;
  }

  it('says there is no socket', async () => {
    const r = await notes({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(r.snapshot.notes).toContain(
      'containers not listed: no Docker engine socket at /nonexistent/docker.sock',
    );
    expect(r.err).toContain(
      'note: containers not listed: no Docker engine socket at /nonexistent/docker.sock\n',
    );
  });

  it('says nothing answers on a socket an engine left behind when it died', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-stale-'));
    const socket = join(dir, 'docker.sock');
    // A process that listens and is killed before it can remove its socket file.
    spawnSync(process.execPath, [
      '-e',
      "require('net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))",
      socket,
    ]);
    expect(existsSync(socket)).toBe(true);
    const r = await notes({ DOCKER_HOST: `unix://${socket}` });
    expect(r.snapshot.notes).toContain(
      `containers not listed: nothing answers on ${socket} (is the Docker engine running?)`,
    );
  });

  it('says the engine answered with an error, in its own words', async () => {
    engine = await FakeEngine.start({
      faults: { '/containers/json': { status: 500, body: { message: 'database is locked' } } },
    });
    const r = await notes({ DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.notes).toContain(
      'containers not listed: the Docker engine answered GET /containers/json with HTTP 500 (database is locked)',
    );
  });

  it('says when /_ping fails', async () => {
    engine = await FakeEngine.start({
      faults: { '/_ping': { status: 503, body: { message: 'starting' } } },
    });
    const r = await notes({ DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.notes).toContain(
      'containers not listed: the Docker engine answered GET /_ping with HTTP 503 (starting)',
    );
  });

  it('says an answer is not JSON, or not the documented shape', async () => {
    engine = await FakeEngine.start({
      faults: { '/containers/json': { text: '<html>proxy</html>' } },
    });
    let r = await notes({ DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.notes).toContain(
      "containers not listed: the Docker engine's answer to GET /containers/json is not JSON",
    );
    await engine.close();
    engine = await FakeEngine.start({ containers: { containers: [] } });
    r = await notes({ DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.notes).toContain(
      'containers not listed: the list of containers is not a JSON array',
    );
  });

  it('says the engine dropped the connection', async () => {
    engine = await FakeEngine.start({ faults: { '/_ping': 'drop' } });
    const r = await notes({ DOCKER_HOST: engine.dockerHost });
    expect(r.snapshot.notes?.at(-1)).toMatch(
      /^containers not listed: the Docker engine at .* closed the connection before answering$/,
    );
  });

  it('gives up on a hung engine after the timeout', async () => {
    engine = await FakeEngine.start({ faults: { '/_ping': 'hang' } });
    const r = await notes({ DOCKER_HOST: engine.dockerHost, HEADROOM_ENGINE_TIMEOUT_MS: '300' });
    expect(r.snapshot.notes?.at(-1)).toMatch(
      /^containers not listed: the Docker engine at .* did not answer within 0\.3 s$/,
    );
  });

  it('gives up on an engine that answers too slowly to finish', async () => {
    engine = await FakeEngine.start({ faults: { '/containers/json': 'trickle' } });
    const r = await notes({ DOCKER_HOST: engine.dockerHost, HEADROOM_ENGINE_TIMEOUT_MS: '1500' });
    expect(r.snapshot.notes?.at(-1)).toMatch(/did not answer within 1\.5 s$/);
  });

  it('stops measuring after the engine hangs on one container, keeping the rest without memory', async () => {
    const ids = (engineFixture('containers.json') as Array<{ Id: string }>).map((c) => c.Id);
    engine = await FakeEngine.start({
      stats: v2Stats(),
      faults: Object.fromEntries(ids.map((id) => [`/containers/${id}/stats`, 'hang' as const])),
    });
    const r = await snapshot('v2', [], {
      DOCKER_HOST: engine.dockerHost,
      HEADROOM_ENGINE_TIMEOUT_MS: '300',
    });
    expect(r.status).toBe(0);
    expect(r.snapshot.containers.map((c) => [c.name, c.memory.usage])).toEqual([
      ['portainer', null],
      ['shop-db-1', null],
      ['shop-web-1', null],
    ]);
  });

  it('says DOCKER_HOST names something other than a unix socket, without its credentials', async () => {
    const r = await notes({ DOCKER_HOST: 'tcp://admin:s3cret@10.0.0.5:2376' });
    expect(r.snapshot.notes).toContain(
      'containers not listed: DOCKER_HOST is tcp://10.0.0.5:2376, and headroom snapshot reads the engine only through a unix socket; run it on the server itself',
    );
    expect(r.out).not.toContain('s3cret');
  });
});
