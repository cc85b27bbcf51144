/**
 * The bundled CLI (dist/cli/index.js) under Node 24, as a user runs it on a server:
 * `headroom snapshot` on this very machine agrees with /proc/meminfo and statfs; on the
 * fixture trees with a stand-in engine it lists services and containers; without
 * permission it says what it could not see.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot-facts.js';
import { ROOT, runAction } from '../support/action-run.js';
import { FakeEngine, v2Stats } from '../support/fake-engine.js';
import { node24 } from '../support/node24.js';

const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'snapshot');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(
  args: string[],
  env: Record<string, string> = {},
  options: { uid?: number; gid?: number; cwd?: string } = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(node24(), [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function kB(meminfo: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(meminfo);
  if (!m) throw new Error(`no ${field} in /proc/meminfo`);
  return Number(m[1]) * 1024;
}

let engine: FakeEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('headroom snapshot on this machine', () => {
  it('writes figures that agree with /proc/meminfo and statfs', async () => {
    const before = readFileSync('/proc/meminfo', 'utf8');
    const r = await cli(['snapshot', '--format', 'json', '--disk', '/', '--disk', tmpdir()], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    const after = readFileSync('/proc/meminfo', 'utf8');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as Snapshot;

    if (s.cgroup?.memory_limit) {
      expect(s.memory.total).toBe(s.cgroup.memory_limit);
    } else {
      expect(s.memory.total).toBe(kB(before, 'MemTotal'));
      // MemAvailable moves while the command runs: it must lie between the two readings
      // taken around it, give or take what a starting Node process takes.
      const lo = Math.min(kB(before, 'MemAvailable'), kB(after, 'MemAvailable'));
      const hi = Math.max(kB(before, 'MemAvailable'), kB(after, 'MemAvailable'));
      const slack = 128 * 1024 * 1024;
      expect(s.memory.available).toBeGreaterThanOrEqual(lo - slack);
      expect(s.memory.available).toBeLessThanOrEqual(hi + slack);
    }
    expect(s.memory.used).toBe(s.memory.total - s.memory.available);
    expect(s.cpus).toBe(s.cgroup?.cpu_limit ?? availableParallelism());

    for (const path of ['/', tmpdir()]) {
      const fs = statfsSync(path);
      const d = s.disk[path]!;
      expect(d.total).toBe(fs.blocks * fs.bsize);
      expect(d.used + d.available + (d.reserved ?? 0)).toBe(d.total);
      // Files come and go while it runs; within 256 MiB of what statfs says now.
      expect(Math.abs(d.available - fs.bavail * fs.bsize)).toBeLessThan(256 * 1024 * 1024);
    }
    expect(s.host.length).toBeGreaterThan(0);
    expect(Date.now() - Date.parse(s.taken)).toBeLessThan(60_000);
    // JSON on stdout, the notes on stderr: the output pipes into other programs.
    expect(r.stderr).toMatch(
      /^note: containers not listed: no Docker engine socket at \/nonexistent\/docker\.sock$/m,
    );
  });

  it('prints YAML by default, with the host name given', async () => {
    const r = await cli(['snapshot', '--host', 'tencent-lh'], {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(r.status).toBe(0);
    expect(load(r.stdout)).toMatchObject({ version: 1, host: 'tencent-lh' });
  });
});

describe('headroom snapshot on fixture trees with a stand-in engine', () => {
  it('lists services, their ports and containers', async () => {
    engine = await FakeEngine.start({ stats: v2Stats() });
    const dir = mkdtempSync(join(tmpdir(), 'headroom-snap-'));
    const r = await cli(
      [
        'snapshot',
        '--proc',
        join(FIXTURES, 'v2', 'proc'),
        '--cgroup',
        join(FIXTURES, 'v2', 'cgroup'),
        '--host',
        'tencent-lh',
        '--out',
        'snapshots/tencent-lh.yml',
      ],
      { DOCKER_HOST: engine.dockerHost },
      { cwd: dir },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^wrote snapshots\/tencent-lh\.yml: tencent-lh, 4 CPUs, memory 1\.62 GB used of 3\.86 GB, disk .*, 8 systemd service\(s\), 3 container\(s\)\n$/,
    );
    const s = load(readFileSync(join(dir, 'snapshots', 'tencent-lh.yml'), 'utf8')) as Snapshot;
    expect(s.units.find((u) => u.name === 'mysql.service')).toEqual({
      name: 'mysql.service',
      memory: { usage: 251658240 },
      ports: ['0.0.0.0:3306/tcp', '[::]:33060/tcp'],
    });
    expect(s.containers.find((c) => c.name === 'shop-web-1')?.memory).toEqual({
      usage: 209715200,
      limit: 268435456,
    });
  });
});

describe('headroom snapshot without permission', () => {
  // As root, permissions do not stop a read: the run then drops to the user nobody, as a
  // server's ordinary user would run it.
  const asRoot = process.getuid?.() === 0;
  const nobody = asRoot ? { uid: 65534, gid: 65534 } : {};

  it("lists ports without their service when processes' sockets cannot be read, and says to use sudo", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-perm-'));
    cpSync(join(FIXTURES, 'v2'), dir, { recursive: true, verbatimSymlinks: true });
    chmodSync(dir, 0o755);
    // mysqld's open files belong to another user.
    chmodSync(join(dir, 'proc', '812', 'fd'), asRoot ? 0o700 : 0o000);
    const r = await cli(
      [
        'snapshot',
        '--format',
        'json',
        '--proc',
        join(dir, 'proc'),
        '--cgroup',
        join(dir, 'cgroup'),
      ],
      { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      { ...nobody, cwd: dir },
    );
    chmodSync(join(dir, 'proc', '812', 'fd'), 0o755);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as Snapshot;
    expect(s.units.find((u) => u.name === 'mysql.service')?.ports).toEqual([]);
    expect(s.other_ports).toEqual(['0.0.0.0:3306/tcp', '0.0.0.0:8000/tcp', '[::]:33060/tcp']);
    expect(s.notes).toContain(
      'the open sockets of 1 service process(es) could not be read, so ports may be listed under other_ports without their service; run it with sudo to see which service owns each port',
    );
  });

  it('says permission was denied on the engine socket, and still writes the host', async () => {
    engine = await FakeEngine.start({ stats: v2Stats() });
    if (!asRoot) chmodSync(engine.socket, 0o000);
    const r = await cli(
      [
        'snapshot',
        '--format',
        'json',
        '--proc',
        join(FIXTURES, 'v2', 'proc'),
        '--cgroup',
        join(FIXTURES, 'v2', 'cgroup'),
      ],
      { DOCKER_HOST: engine.dockerHost },
      { ...nobody, cwd: tmpdir() },
    );
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as Snapshot;
    expect(s.containers).toEqual([]);
    expect(s.memory.total).toBe(3864793088);
    expect(s.notes).toContain(
      `containers not listed: permission denied on ${engine.socket}; run it as root or as a member of the docker group`,
    );
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });
});

describe('a manifest on snapshots, through the bundled CLI and action', () => {
  function seedSnapshotWorkspace(): string {
    const ws = mkdtempSync(join(tmpdir(), 'headroom-seedsnap-'));
    cpSync(join(ROOT, 'examples', 'seed-snapshot'), ws, { recursive: true });
    return ws;
  }

  it('checks the seed example on its measurements, its snapshots judged by the real clock', async () => {
    const ws = seedSnapshotWorkspace();
    const r = await cli(['check', 'capacity.yml', '--format', 'json'], {}, { cwd: ws });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.scenarios[1].hosts[0].resources.memory.headroom.worst).toBe(-200e6);
    // Taken in October 2025: older than 30 days by any clock this runs on.
    expect(report.findings.map((f: { code: string }) => f.code)).toEqual([
      'snapshot-stale',
      'snapshot-stale',
    ]);
  });

  it('exits 2 with file, line and column for a snapshot with wrong types', async () => {
    const ws = seedSnapshotWorkspace();
    const path = join(ws, 'snapshots', 'tencent-lh.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('cpus: 4', 'cpus: [4]'));
    const r = await cli(['check', 'capacity.yml'], {}, { cwd: ws });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'error: snapshots/tencent-lh.yml:9:7: expected a number, found a list (at /cpus)\n',
    );
  });

  it('runs in the action, which passes its clock to the check', async () => {
    const ws = seedSnapshotWorkspace();
    const run = await runAction({ workspace: ws, inputs: { 'fail-on': 'never' } });
    expect(run.status).toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(
      run.annotations
        .filter((a) => a.message.includes('snapshot_max_age'))
        .map((a) => a.properties.file),
    ).toEqual(['capacity.yml', 'capacity.yml']);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.manifests[0].scenarios[0].hosts[0].snapshot).toMatchObject({
      file: 'snapshots/tencent-lh.yml',
      measuredOut: { memory: 1400e6 },
    });
  });
});
