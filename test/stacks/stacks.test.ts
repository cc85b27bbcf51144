/**
 * Real compose stacks from public repositories, stored unchanged beside a manifest of our
 * own (each folder's SOURCE names repository, path and commit), read through the command
 * line as a user would run it. Each test says what docker compose reads from the files:
 * the services it would start, the host ports it would publish, and figures checked by
 * hand against the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Finding } from '../../src/shared/terms.js';
import type { Report, ServiceReport } from '../../src/model/results.js';
import { ROOT } from '../support/action-run.js';
import { readJsonReport } from '../support/report-schema.js';

const MiB = 1024 * 1024;

interface Run {
  status: number;
  report?: Report;
  stderr: string;
}

/** `headroom check test/stacks/<stack>/capacity.yml --format json` from the repository root. */
function check(
  stack: string,
  extra: string[] = [],
  env: Record<string, string> = {},
  manifest = 'capacity.yml',
): Run {
  let stdout = '';
  let stderr = '';
  const args = ['check', `test/stacks/${stack}/${manifest}`, '--format', 'json', ...extra];
  const status = main(args, {
    cwd: ROOT,
    env,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { status, stderr, ...(stdout ? { report: readJsonReport(stdout) } : {}) };
}

function services(run: Run): ServiceReport[] {
  expect(run.stderr).toBe('');
  return run.report!.scenarios[0]!.hosts.flatMap((h) => h.services);
}

function ports(run: Run): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of services(run)) {
    if (s.ports.length > 0) {
      out[s.name] = s.ports.map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.port}/${p.protocol}`);
    }
  }
  return out;
}

/** Findings about the files (the report's) and about the first scenario. */
function findings(run: Run, code: string): Finding[] {
  const all = [...run.report!.findings, ...run.report!.scenarios[0]!.findings];
  return all.filter((f) => f.code === code);
}

describe('Sentry self-hosted', () => {
  it('loads the whole stack, its flow sequence closed at the key’s column included', () => {
    const run = check('sentry');
    expect(run.status).toBe(0);
    const all = services(run);
    // 57 services with COMPOSE_PROFILES=feature-complete from the committed .env.
    expect(all).toHaveLength(57);
    expect(all.map((s) => s.name)).toEqual(
      expect.arrayContaining(['clickhouse', 'seaweedfs', 'kafka', 'relay', 'nginx', 'web']),
    );
    // nginx publishes "$SENTRY_BIND:80/tcp"; the .env sets SENTRY_BIND=9000.
    expect(ports(run)).toEqual({ nginx: ['9000/tcp'] });
    // No service states a memory figure: each is reported unbounded at its own line.
    expect(findings(run, 'unbounded')).toHaveLength(57);
    expect(findings(run, 'unbounded').find((f) => f.message.includes('"seaweedfs"'))).toMatchObject(
      { file: 'test/stacks/sentry/docker-compose.yml', line: 274 },
    );
  });

  it('reads fewer services with the errors-only profile, as COMPOSE_PROFILES=errors-only would', () => {
    const run = check('sentry', [], { COMPOSE_PROFILES: 'errors-only' });
    const names = services(run).map((s) => s.name);
    expect(names.length).toBeLessThan(57);
    expect(names).not.toContain('snuba-transactions-consumer');
    expect(names).toContain('snuba-errors-consumer');
  });
});

describe('Supabase', () => {
  it('loads with the committed .env.example named by the entry', () => {
    const run = check('supabase');
    expect(run.status).toBe(0);
    expect(services(run).map((s) => s.name)).toEqual([
      'studio',
      'kong',
      'auth',
      'rest',
      'realtime',
      'storage',
      'imgproxy',
      'meta',
      'functions',
      'analytics',
      'db',
      'vector',
      'supavisor',
    ]);
    // KONG_HTTP_PORT=8000, KONG_HTTPS_PORT=8443, POSTGRES_PORT=5432 and
    // POOLER_PROXY_PORT_TRANSACTION=6543 in .env.example; analytics writes 4000:4000.
    expect(ports(run)).toEqual({
      kong: ['8000/tcp', '8443/tcp'],
      analytics: ['4000/tcp'],
      supavisor: ['5432/tcp', '6543/tcp'],
    });
    expect(findings(run, 'unset-variable')).toEqual([]);
  });
});

describe('Supabase without its .env, as a CI checkout has it', () => {
  const withoutEnv = (env: Record<string, string>) =>
    check('supabase', [], env, 'capacity.without-env.yml');

  it('is refused, as docker compose refuses it, naming the variable that broke a volume and the example file that sets it', () => {
    const run = withoutEnv({});
    expect(run.status).toBe(2);
    // docker/.env.example has DOCKER_SOCKET_LOCATION=/var/run/docker.sock at its line 126.
    expect(run.stderr).toBe(
      'error: test/stacks/supabase/docker/docker-compose.yml:451:9: the volume ":/var/run/docker.sock:ro,z" of "vector" is not one docker compose accepts: a section between colons is empty (the variable "DOCKER_SOCKET_LOCATION" is not set, so an empty string took its place); test/stacks/supabase/docker/.env.example defines "DOCKER_SOCKET_LOCATION": the manifest\'s compose entry can read it with `env_file: docker/.env.example`, or the repository can commit `test/stacks/supabase/docker/.env` (at /services/vector/volumes/1)\n',
    );
    // Which is what capacity.yml does, and it loads (above).
    expect(readFileSync(join(ROOT, 'test/stacks/supabase/capacity.yml'), 'utf8')).toContain(
      '    env_file: docker/.env.example\n',
    );
  });

  it('does not lose the kong and supavisor host ports silently when their variables are unset', () => {
    const run = withoutEnv({ DOCKER_SOCKET_LOCATION: '/var/run/docker.sock' });
    expect(run.status).toBe(0);
    expect(ports(run)).toEqual({ analytics: ['4000/tcp'] });
    const emptied = findings(run, 'unset-port').map((f) => [f.line, f.message.match(/"([A-Z_]+)"/)![1]]);
    expect(emptied).toEqual([
      [57, 'KONG_HTTP_PORT'],
      [58, 'KONG_HTTPS_PORT'],
      [481, 'POSTGRES_PORT'],
      [482, 'POOLER_PROXY_PORT_TRANSACTION'],
    ]);
    expect(run.report!.verdict).toBe('warn');
  });
});

describe('Airflow', () => {
  it('loads the documented docker-compose.yaml with its anchors and merge keys', () => {
    const run = check('airflow');
    expect(run.status).toBe(0);
    // airflow-cli needs the debug profile; flower is on through the entry's profiles.
    expect(services(run).map((s) => s.name)).toEqual([
      'postgres',
      'redis',
      'airflow-apiserver',
      'airflow-scheduler',
      'airflow-dag-processor',
      'airflow-worker',
      'airflow-triggerer',
      'airflow-init',
      'flower',
    ]);
    expect(ports(run)).toEqual({ 'airflow-apiserver': ['8080/tcp'], flower: ['5555/tcp'] });
  });
});

describe('swarmprom', () => {
  it('reads deploy.resources limits and reservations, checked by hand', () => {
    const run = check('swarmprom');
    expect(run.status).toBe(0);
    const all = services(run);
    expect(all).toHaveLength(8);
    const prometheus = all.find((s) => s.name === 'prometheus')!;
    // limits.memory: 2048M and reservations.memory: 128M, powers of 1024 (lines 172 and 174).
    expect(prometheus.memory).toEqual({ best: 128 * MiB, worst: 2048 * MiB });
    expect(prometheus.sources.memory).toMatchObject({ line: 172, column: 19 });
    const caddy = all.find((s) => s.name === 'caddy')!;
    expect(caddy.memory).toEqual({ best: 64 * MiB, worst: 128 * MiB });
    expect(ports(run)).toEqual({ caddy: ['3000/tcp', '9090/tcp', '9093/tcp', '9094/tcp'] });
    // Seven services hold 5 × 128M + 2048M + 128M at worst, 5 × 64M + 128M + 64M at best.
    const memory = run.report!.scenarios[0]!.hosts[0]!.resources.memory;
    expect(memory.demand).toEqual({ best: 512 * MiB, worst: 2816 * MiB });
  });
});

describe('smaller stacks', () => {
  it.each([
    ['netbox', 6, {}],
    ['plausible', 4, { plausible: ['127.0.0.1:8000/tcp'] }],
    ['penpot', 7, { 'penpot-frontend': ['9001/tcp'], 'penpot-mailcatch': ['1080/tcp'] }],
    ['appwrite', 18, { traefik: ['80/tcp', '443/tcp'] }],
    ['elk', 3, { elasticsearch: ['9200/tcp', '9300/tcp'], logstash: ['5044/tcp', '50000/tcp', '50000/udp', '9600/tcp'], kibana: ['5601/tcp'] }],
    ['nextcloud', 5, { web: ['127.0.0.1:8080/tcp'] }],
    ['immich', 4, { 'immich-server': ['2283/tcp'] }],
    ['authentik', 4, { server: ['9000/tcp', '9443/tcp'] }],
  ])('%s loads with %i services and the host ports compose would publish', (stack, count, published) => {
    const run = check(stack);
    expect(run.status).toBe(0);
    expect(services(run)).toHaveLength(count);
    expect(ports(run)).toEqual(published);
    expect(findings(run, 'unset-variable')).toEqual([]);
  });

  it('netbox: an override *example* is not an override file, so nothing is said about it', () => {
    expect(findings(check('netbox'), 'override-unread')).toEqual([]);
  });

  it('authentik stops without PG_PASS, which its file requires, and loads once it is set', () => {
    const unpinned = check('authentik', [], {}, 'capacity.unpinned.yml');
    expect(unpinned.status).toBe(2);
    expect(unpinned.stderr).toContain(
      'test/stacks/authentik/docker-compose.yml:17:26: cannot interpolate services.postgresql.environment.POSTGRES_PASSWORD: the variable "PG_PASS" is required but not set: database password required',
    );
    // The command line passes the user's own environment, credentials included.
    const set = check('authentik', [], { PG_PASS: 'from-the-shell' }, 'capacity.unpinned.yml');
    expect(set.status).toBe(0);
  });

  it('four awesome-compose samples on one host: three publish port 80, which clashes', () => {
    const run = check('awesome-compose');
    expect(run.status).toBe(1);
    expect(services(run)).toHaveLength(10);
    // `db` is defined by three projects: each is named with its project.
    expect(services(run).map((s) => s.name)).toContain('wordpress-mysql/db');
    const clashes = findings(run, 'port-conflict');
    expect(clashes.length).toBe(3);
    expect(clashes.every((f) => f.message.includes('80'))).toBe(true);
  });
});
