// Writes a synthetic capacity manifest and compose projects of a given size: hosts with
// used and reserve, services with ranges, tiers and ports, compose services with limits,
// reservations, replicas and ports, scenarios with placements and phases. Deterministic:
// the same size always writes the same files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TIERS = ['minimal', 'standard', 'ideal'];

export function sizes() {
  return [
    { services: 10, hosts: 2, scenarios: 2 },
    { services: 100, hosts: 10, scenarios: 10 },
    { services: 1000, hosts: 100, scenarios: 100 },
    { services: 10000, hosts: 1000, scenarios: 100 },
  ];
}

/** Writes `dir/capacity.yml` and `dir/compose/*.yml`; returns the manifest path. */
export function generate(dir, { services, hosts, scenarios }) {
  mkdirSync(join(dir, 'compose'), { recursive: true });
  const perHost = Math.ceil(services / hosts);
  // One service in ten comes from a compose file, a hundred services per file.
  const composeCount = process.env.BENCH_NO_COMPOSE ? 0 : Math.floor(services / 10);
  const manifestServices = services - composeCount;
  const out = ['version: 1', 'hosts:'];
  for (let h = 0; h < hosts; h++) {
    out.push(`  host-${h}:`);
    out.push(`    cpus: ${8 + (h % 8)}`);
    out.push(`    memory: ${16 + (h % 16)}GB`);
    out.push(`    disk: ${200 + h}GB`);
    out.push(`    used: { disk: ${(h % 50) + 10}GB, memory: ${(h % 4) * 256}MB }`);
    out.push(`    reserve: { memory: 10% }`);
    out.push(`    cost: { monthly: ${40 + (h % 30)}-${60 + (h % 30)}, currency: USD }`);
  }
  const composeFiles = [];
  for (let f = 0; f * 100 < composeCount; f++) {
    const lines = ['services:'];
    for (let i = f * 100; i < Math.min(composeCount, (f + 1) * 100); i++) {
      const port = 20000 + i;
      lines.push(`  svc-c${i}:`);
      lines.push(`    image: example/app:${i % 7}`);
      // Replicated services publish no fixed host port: only one replica could bind it.
      if (i % 2 === 0) lines.push(`    ports: ["${port}:8080"]`);
      lines.push(`    deploy:`);
      lines.push(`      replicas: ${1 + (i % 2)}`);
      lines.push(`      resources:`);
      lines.push(`        limits: { memory: ${128 + (i % 8) * 64}M, cpus: "0.${1 + (i % 5)}" }`);
      lines.push(`        reservations: { memory: ${64 + (i % 4) * 32}M }`);
    }
    const name = `compose/stack-${f}.yml`;
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
    composeFiles.push(name);
  }
  if (composeFiles.length > 0) {
    out.push('compose:');
    for (const f of composeFiles) out.push(`  - ${f}`);
  }
  out.push('services:');
  for (let i = 0; i < manifestServices; i++) {
    const base = 64 + (i % 16) * 16;
    if (i % 3 === 0) {
      out.push(`  svc-${i}:`);
      out.push(`    memory: { minimal: ${base}MB, standard: ${base * 2}MB, ideal: ${base * 3}MB }`);
      out.push(`    cpus: { minimal: 0.1, standard: 0.25, ideal: 0.5 }`);
      out.push(`    disk: { minimal: 100MB, standard: 500MB, ideal: 1GB }`);
      out.push(`    ports: [${10000 + i}]`);
    } else {
      out.push(
        `  svc-${i}: { memory: ${base}-${base * 2}MB, cpus: 0.05-0.2, disk: 200MB, ports: ["${10000 + i}/tcp"] }`,
      );
    }
  }
  const all = [
    ...Array.from({ length: manifestServices }, (_, i) => `svc-${i}`),
    ...Array.from({ length: composeCount }, (_, i) => `svc-c${i}`),
  ];
  // Service i lives on host i / perHost.
  const hostOf = (i) => `host-${Math.min(hosts - 1, Math.floor(i / perHost))}`;
  out.push('scenarios:');
  // Scenario 0 places everything; the others each cover a slice of hosts, with phases.
  for (let s = 0; s < scenarios; s++) {
    out.push(`  scenario-${s}:`);
    out.push(`    tier: ${TIERS[s % 3]}`);
    if (s > 0) out.push('    required: false');
    const slice =
      s === 0
        ? all.map((name, i) => [name, i])
        : all
            .map((name, i) => [name, i])
            .filter(([, i]) => Math.floor(i / perHost) % scenarios === s % scenarios);
    const byHost = new Map();
    for (const [name, i] of slice) {
      const h = hostOf(i);
      if (!byHost.has(h)) byHost.set(h, []);
      byHost.get(h).push(name);
    }
    if (byHost.size === 0) byHost.set('host-0', []);
    out.push('    placement:');
    for (const [h, list] of byHost) out.push(`      ${h}: [${list.join(', ')}]`);
    if (s > 0 && slice.length >= 4) {
      const names = slice.map(([n]) => n);
      out.push('    phases:');
      out.push(`      - [${names.slice(0, Math.ceil(names.length / 4)).join(', ')}]`);
      out.push(
        `      - add: [${names.slice(Math.ceil(names.length / 4), Math.ceil(names.length / 2)).join(', ')}]`,
      );
    }
  }
  out.push('policy:', '  warn_below: 15%', '  unestimated: info');
  const manifest = join(dir, 'capacity.yml');
  writeFileSync(manifest, out.join('\n') + '\n');
  return manifest;
}

/**
 * A platform team's shape: many candidate plans over one list of services. Every scenario
 * places all the services on one host of its own (`host:`), alternating two tiers; the
 * hosts are many, the services tiered with a port each.
 */
export function oneHostSizes() {
  return [
    { services: 1000, hosts: 1000, scenarios: 100, shape: 'one-host' },
    { services: 10000, hosts: 1000, scenarios: 100, shape: 'one-host' },
  ];
}

/** Writes `dir/capacity.yml` of the one-host shape; returns its path. */
export function generateOneHost(dir, { services, hosts, scenarios }) {
  mkdirSync(dir, { recursive: true });
  const out = ['version: 1', 'hosts:'];
  for (let h = 0; h < hosts; h++) {
    out.push(
      `  host-${h}: { cpus: ${8 + (h % 8)}, memory: ${16 + (h % 16)}GB, disk: ${200 + h}GB, reserve: { memory: 10% } }`,
    );
  }
  out.push('services:');
  for (let i = 0; i < services; i++) {
    const base = 64 + (i % 16) * 16;
    out.push(
      `  svc-${i}: { memory: { small: ${base}MB, large: ${base * 2}-${base * 3}MB }, cpus: { small: 0.1, large: 0.25 }, disk: 100MB, ports: [${10000 + (i % 50000)}] }`,
    );
  }
  out.push('scenarios:');
  for (let s = 0; s < scenarios; s++) {
    out.push(`  plan-${s}: { host: host-${s % hosts}, tier: ${s % 2 ? 'large' : 'small'} }`);
  }
  out.push('policy:', '  warn_below: 15%');
  const manifest = join(dir, 'capacity.yml');
  writeFileSync(manifest, out.join('\n') + '\n');
  return manifest;
}
