/**
 * Ports a host snapshot says are taken, against the ports the scenario's services publish.
 * Each expectation is worked out by hand from the snapshot and manifest below.
 */
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import type { Finding } from '../../src/shared/terms.js';
import type { Report } from '../../src/model/results.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { scenario } from '../support/model.js';

const SNAPSHOT = `version: 1
host: app-1
taken: '2026-12-01T09:30:00Z'
cpus: 4
memory: {total: 4000000000, available: 2000000000, used: 2000000000}
units:
  - name: nginx.service
    memory: {usage: 10000000}
    ports: [0.0.0.0:80/tcp, '[::]:80/tcp', 0.0.0.0:443/tcp]
  - name: mysql.service
    memory: {usage: 300000000}
    ports: [127.0.0.1:3306/tcp]
  - name: systemd-resolved.service
    memory: {usage: 5000000}
    ports: [127.0.0.53:53/tcp, 127.0.0.53:53/udp]
  # as a snapshot taken before the proxy's ports went to the containers lists them
  - name: docker.service
    memory: {usage: 80000000}
    ports: [0.0.0.0:8080/tcp, '[::]:8080/tcp', 127.0.0.1:9323/tcp]
containers:
  - {name: shop-web-1, project: shop, service: web, memory: {usage: 100000000, limit: null}, ports: ['0.0.0.0:8080->80/tcp', '[::]:8080->80/tcp']}
  - {name: shop-db-1, project: shop, service: db, memory: {usage: 200000000, limit: null}, ports: [5432/tcp]}
  - {name: grafana, project: null, service: null, memory: {usage: 60000000, limit: null}, ports: ['0.0.0.0:3000->3000/tcp']}
`;

const COMPOSE = `services:
  web:
    image: nginx
    ports: ["8080:80"]
  db:
    image: postgres
`;

const MANIFEST = `version: 1
hosts:
  app-1: { snapshot: snapshots/app-1.yml }
  app-2: { memory: 4GB }
compose:
  - { files: [docker-compose.yml], project: shop }
services:
  mysql:      { unit: mysql.service, ports: [3306] }
  grafana:    { container: grafana, ports: [3000] }
  proxy:      { memory: 50MB, ports: [80, 443] }
  dashboards: { memory: 100MB, ports: ["127.0.0.1:3000"] }
  dns:        { memory: 10MB, ports: ["127.0.0.1:53/udp"] }
  metrics:    { memory: 10MB, ports: ["9300-9400"] }
  mariadb:    { memory: 300MB, ports: [3306] }
  api:        { memory: 10MB, ports: [8080] }
scenarios:
  running:
    host: app-1
    services: [web, db, mysql, grafana, dns]
  newcomers:
    host: app-1
    services: [web, db, mysql, proxy, dashboards, metrics]
  without-shop:
    host: app-1
    services: [api]
  move-mysql:
    placement: { app-1: [web, db, mariadb], app-2: [mysql] }
  replace-grafana:
    host: app-1
    services: [web, db, grafana, dashboards]
    phases:
      - { name: retire grafana, remove: [grafana] }
      - { name: dashboards, add: [dashboards] }
`;

function check(manifest = MANIFEST): Report {
  return runCheck({
    manifest: 'capacity.yml',
    reader: memoryReader({
      'snapshots/app-1.yml': SNAPSHOT,
      'docker-compose.yml': COMPOSE,
      'capacity.yml': manifest,
    }),
    env: {},
    now: new Date('2026-12-01T12:00:00Z'),
  });
}

function portFindings(r: Report, name: string): Finding[] {
  return scenario(r, name).findings.filter(
    (f) => f.code === 'port-in-use' || f.code === 'port-conflict',
  );
}

/** Line and column of the first `text` in the manifest, 1-based. */
function at(text: string): { line: number; column: number } {
  const lines = MANIFEST.split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  return { line: line + 1, column: lines[line]!.indexOf(text) + 1 };
}

describe('ports a snapshot says are taken', () => {
  const r = check();

  it('are no clash for the services matched to what holds them', () => {
    // web is shop-web-1 (compose labels), mysql is mysql.service, grafana is the container
    // grafana: each publishes the port it already holds. docker.service's 8080 is the port
    // shop-web-1 publishes, held by Docker's proxy, so it is web's too. dns binds
    // 127.0.0.1:53, systemd-resolved 127.0.0.53:53: two addresses, no clash.
    expect(portFindings(r, 'running')).toEqual([]);
    expect(scenario(r, 'running').verdict).not.toBe('fail');
  });

  it('fail a placed service that publishes one, naming the service, the port, the holder and the snapshot', () => {
    expect(portFindings(r, 'newcomers')).toEqual([
      // nginx listens on 0.0.0.0:80 and [::]:80: one clash for port 80, and one for 443
      {
        level: 'fail',
        code: 'port-in-use',
        message:
          '"proxy" publishes tcp port 80 on host "app-1", where unit nginx.service already listens (snapshot snapshots/app-1.yml)',
        file: 'capacity.yml',
        ...at('80, 443'),
      },
      {
        level: 'fail',
        code: 'port-in-use',
        message:
          '"proxy" publishes tcp port 443 on host "app-1", where unit nginx.service already listens (snapshot snapshots/app-1.yml)',
        file: 'capacity.yml',
        ...at('443'),
      },
      // 127.0.0.1:3000 is one of the addresses grafana's 0.0.0.0:3000 takes, and grafana
      // is not placed here, so it keeps running
      {
        level: 'fail',
        code: 'port-in-use',
        message:
          '"dashboards" publishes tcp port 3000 on host "app-1", where container grafana already listens (snapshot snapshots/app-1.yml)',
        file: 'capacity.yml',
        ...at('"127.0.0.1:3000"'),
      },
      // of 9300-9400, the engine's metrics port 9323 (docker.service) is taken
      {
        level: 'fail',
        code: 'port-in-use',
        message:
          '"metrics" publishes tcp port 9323 on host "app-1", where unit docker.service already listens (snapshot snapshots/app-1.yml)',
        file: 'capacity.yml',
        ...at('"9300-9400"'),
      },
    ]);
    expect(scenario(r, 'newcomers').verdict).toBe('fail');
  });

  it('are held by the container that publishes them, not by the service that runs its proxy', () => {
    // docker.service lists 8080 too, which shop-web-1 publishes: one clash, with the container
    expect(portFindings(r, 'without-shop').map((f) => f.message)).toEqual([
      '"api" publishes tcp port 8080 on host "app-1", where container shop-web-1 already listens (snapshot snapshots/app-1.yml)',
    ]);
  });

  it('are free once the scenario moves the service that holds them to another host', () => {
    // mysql runs on app-2 in this scenario, as its memory leaves app-1's used: mariadb may
    // take 3306 on app-1.
    expect(portFindings(r, 'move-mysql')).toEqual([]);
  });

  it('are free once a phase removes the service that holds them', () => {
    // grafana is placed (and removed in the first phase): its 3000 is its own, and
    // dashboards takes it only after.
    expect(portFindings(r, 'replace-grafana')).toEqual([]);
  });

  it('clash in the phases where the service runs, as two placed services do', () => {
    const phased = check(
      MANIFEST.replace(
        '- { name: dashboards, add: [dashboards] }',
        '- { name: dashboards, add: [dashboards, proxy] }',
      ).replace(
        'services: [web, db, grafana, dashboards]',
        'services: [web, db, grafana, dashboards, proxy]',
      ),
    );
    expect(portFindings(phased, 'replace-grafana').map((f) => f.message)).toEqual([
      '"proxy" publishes tcp port 80 on host "app-1", where unit nginx.service already listens (snapshot snapshots/app-1.yml) (from dashboards)',
      '"proxy" publishes tcp port 443 on host "app-1", where unit nginx.service already listens (snapshot snapshots/app-1.yml) (from dashboards)',
    ]);
  });
});
