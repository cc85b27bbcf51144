/**
 * Names that every JavaScript object already has (`__proto__`, `constructor`, `toString`, …)
 * are names like any other, wherever a user writes one: a host, a service, a scenario, a
 * tier, a phase, a compose service, a variable in a compose entry's `env:` or an `.env`
 * file, a unit after a figure. Each is read as written, reported under its own name, and
 * never reaches an object's prototype (which would crash, hide an entry, or read a method
 * as a value).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'] as const;

function check(
  files: Record<string, string>,
  ...args: string[]
): { status: number; out: string; err: string } {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-object-names-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  let out = '';
  let err = '';
  const status = main(['check', ...args], {
    cwd: dir,
    env: {},
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { status, out, err };
}

interface PlacedService {
  name: string;
  memory: { worst: number };
  cpus: { worst: number } | null;
}

/** The services placed on the first host of the first scenario of a JSON report. */
function servicesOf(json: string): PlacedService[] {
  // Each service is written once, in the report's `services`; hosts list them by index.
  const report = JSON.parse(json) as {
    services: PlacedService[];
    scenarios: Array<{ hosts: Array<{ services: number[] }> }>;
  };
  return report.scenarios[0]!.hosts[0]!.services.map((i) => report.services[i]!);
}

function memoryOf(json: string): Array<[string, number]> {
  return servicesOf(json).map((s) => [s.name, s.memory.worst]);
}

/** What a value that came off a prototype would print as. */
const LEAKS = /undefined|\[object Object\]|function|native code/;

describe.each(NAMES)('the name %s', (name) => {
  it('is a compose service like any other, refined by the manifest service of that name', () => {
    const r = check(
      {
        'capacity.yml': `version: 1\nhosts:\n  h: { memory: 4GB }\ncompose: [c.yml]\nservices:\n  ${name}: { cpus: 0.5 }\n`,
        'c.yml': `services:\n  web:\n    image: x\n    mem_limit: 256m\n  ${name}:\n    image: y\n    mem_limit: 512m\n`,
      },
      '--format',
      'json',
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(servicesOf(r.out).map((s) => [s.name, s.memory.worst, s.cpus?.worst ?? null])).toEqual([
      ['web', 256 * 2 ** 20, null],
      [name, 512 * 2 ** 20, 0.5],
    ]);
  });

  it('is a host, a service, a scenario, a tier and a phase like any other, down to the advice', () => {
    // A tier name starts with a letter or digit, so `__proto__` is not one.
    const tier = /^[a-z0-9]/i.test(name) ? name : 'std';
    const r = check(
      {
        'capacity.yml': `version: 1
hosts:
  ${name}: { memory: 2GB }
  small: { memory: 1GB }
services:
  ${name}: { memory: { ${tier}: 1500MB, lo: 100MB } }
  b: { memory: { ${tier}: 300MB, lo: 100MB } }
scenarios:
  ${name}:
    host: small
    tier: ${tier}
    phases:
      - { name: ${name}, add: [b] }
`,
      },
      '--format',
      'json',
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.out) as {
      scenarios: Array<{
        name: string;
        tier: string;
        phases: Array<{ name: string }>;
        advice: { placement: { hosts: Record<string, string[]> } };
      }>;
    };
    const s = report.scenarios[0]!;
    expect([s.name, s.tier, s.phases.map((p) => p.name)]).toEqual([name, tier, ['initial', name]]);
    // The way out puts the large service on the host of that name: an entry of its own.
    expect(Object.hasOwn(s.advice.placement.hosts, name)).toBe(true);
    expect(Object.entries(s.advice.placement.hosts)).toEqual([
      [name, [name]],
      ['small', ['b']],
    ]);
    expect(r.out).not.toMatch(LEAKS);
  });

  it('is a variable like any other, in a compose entry’s env: and in an .env file', () => {
    const r = check(
      {
        'capacity.yml': `version: 1\nhosts:\n  h: { memory: 4GB }\ncompose:\n  - { files: [c.yml], env: { ${name}: 300m } }\n`,
        'c.yml': `services:\n  a:\n    image: x\n    mem_limit: \${${name}}\n  b:\n    image: x\n    mem_limit: \${COPY}\n`,
        '.env': `COPY=\${${name}}\n${name}=1m\n`,
      },
      '--format',
      'json',
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    // The entry's env: wins over the .env file, and the file's own lines see it too.
    expect(memoryOf(r.out)).toEqual([
      ['a', 300 * 2 ** 20],
      ['b', 300 * 2 ** 20],
    ]);
  });

  it('is an unknown unit after a figure, refused in words, in a manifest and in compose', () => {
    const manifest = check({ 'capacity.yml': `version: 1\nhosts:\n  h: { memory: 4${name} }\n` });
    expect(manifest.status).toBe(2);
    expect(manifest.err).toMatch(/^error: capacity\.yml:3:\d+: [^\n]+\n$/);
    if (/^[A-Za-z]+$/.test(name)) expect(manifest.err).toContain(`"${name}" is not a unit of size`);
    expect(manifest.err).not.toMatch(LEAKS);

    const compose = (service: string) =>
      check({
        'capacity.yml': 'version: 1\nhosts:\n  h: { memory: 4GB }\ncompose: [c.yml]\n',
        'c.yml': `services:\n  a:\n    image: x\n${service}`,
      });
    const limit = compose(`    mem_limit: 4${name}\n`);
    expect(limit.status).toBe(2);
    expect(limit.err).toMatch(
      new RegExp(`^error: c\\.yml:4:16: the memory limit of "a": "4${name}" is not a size`),
    );
    const cpus = compose(`    cpus: ${name}\n`);
    expect(cpus.status).toBe(2);
    expect(cpus.err).toBe(
      `error: c.yml:4:11: services.a.cpus: "${name}" is not a number (at /services/a/cpus)\n`,
    );
    expect(limit.err + cpus.err).not.toMatch(LEAKS);
  });
});
