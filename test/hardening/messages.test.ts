/**
 * Messages a user reads when a manifest is wrong: each names the file, line and column, the
 * JSON path, and says in plain words what is wrong and what is allowed. Every case runs the
 * CLI's entry point on a real file and reads what it prints.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { PATTERNS_IN_WORDS, patternWords } from '../../src/validation/pattern-words.js';

const HOSTS = 'version: 1\nhosts:\n  h: { memory: 4GB, cpus: 2 }\n';

function check(manifest: string, ...args: string[]): { status: number; out: string; err: string } {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-messages-'));
  writeFileSync(join(dir, 'capacity.yml'), manifest);
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

describe('where a problem is', () => {
  it('places an empty value at its key, never at column 0', () => {
    const r = check(`${HOSTS}services:\n  a:\n    memory:\n`);
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'error: capacity.yml:6:5: expected a whole number or text, found nothing (null) (at /services/a/memory)\n',
    );
  });

  it('places an empty list entry at its dash', () => {
    const r = check(
      `${HOSTS}services:\n  a: { memory: 1GB }\nscenarios:\n  s:\n    host: h\n    services:\n      - a\n      # a comment with a - in it\n      -\n`,
    );
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^error: capacity\.yml:12:7: .*\(at \/scenarios\/s\/services\/1\)\n$/);
  });

  it('refuses used and reserve that add up past 2^53, at the host, never a rounded figure', () => {
    const r = check(
      'version: 1\nhosts:\n  h: { memory: 1GB, cpus: 2, used: { memory: 5PB }, reserve: { memory: 5PB } }\nservices:\n  a: { memory: 1MB }\n',
    );
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'error: capacity.yml:3:3: used and reserve of memory on "h" add up to more than 2^53 - 1 bytes (about 9 PB), too much to count exactly (at /hosts/h)\n',
    );
  });

  it('refuses a headroom more than 2^53 below zero, at the scenario, never a rounded figure', () => {
    const r = check(
      'version: 1\nhosts:\n  h: { memory: 1GB, cpus: 2, used: { cpus: 8000000 } }\nservices:\n  a: { memory: 1MB, cpus: 4000000 }\n  b: { memory: 1MB, cpus: 4000000 }\n  c: { memory: 1MB, cpus: 1000000 }\nscenarios:\n  all: { host: h }\n',
    );
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'error: capacity.yml:9:3: the CPU headroom on "h" in scenario "all" (available less demand) is more than 2^53 - 1 billionths of a core (about 9 million cores) below zero, too far to count exactly (at /scenarios/all)\n',
    );
  });

  it('names the manifest and the scenario when a total is too large to count', () => {
    const r = check(`${HOSTS}services:\n  a: { memory: 4PB, cpus: 1, replicas: 3 }\n`);
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'error: capacity.yml:3:3: the total memory demand on "h" in scenario "default" is too large to count exactly (over 2^53 - 1) (at /hosts/h)\n',
    );
  });
});

describe('what is wrong, in words', () => {
  it('refuses two phases of one scenario under one name, at the second, saying why names matter', () => {
    const r = check(
      `${HOSTS}services:\n  a: { memory: 1GB }\n  b: { memory: 1GB }\n  c: { memory: 1GB }\nscenarios:\n  s:\n    host: h\n    phases:\n      - { name: move, add: [b] }\n      - [c]\n      - { name: move, remove: [b] }\n  t:\n    host: h\n    phases:\n      - { name: initial, add: [b] }\n`,
    );
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'error: capacity.yml:14:17: two phases of this scenario would be called "move" (phase 1 is named "move", and phase 3 is named "move"); the report names phases to say where a scenario is tightest and where it first fails, so give each its own name (at /scenarios/s/phases/2/name)\n' +
        'error: capacity.yml:18:17: "initial" is what the report calls the state before the first phase; give this phase another name (at /scenarios/t/phases/0/name)\n',
    );
  });

  it('says that .nan is not a number and .inf is infinite', () => {
    const r = check(
      'version: 1\nhosts:\n  h: { memory: .inf, cpus: .nan }\nservices:\n  a: { memory: 1GB, cpus: -.inf }\n',
    );
    expect(r.status).toBe(2);
    expect(r.err).toContain(
      'capacity.yml:3:16: expected a whole number or text, found .inf, an infinite number (at /hosts/h/memory)',
    );
    expect(r.err).toContain(
      'capacity.yml:3:28: expected a number or text, found .nan, which is not a number (at /hosts/h/cpus)',
    );
    expect(r.err).toContain('found -.inf, an infinite number (at /services/a/cpus)');
    expect(r.err).not.toContain('found a number');
  });

  it('gives the CPU limit in cores, not in bytes', () => {
    const r = check('version: 1\nhosts:\n  h: { memory: 4GB, cpus: 99999999999 }\n');
    expect(r.status).toBe(2);
    expect(r.err).toContain('the limit is about 9 million cores');
    expect(r.err).not.toMatch(/PB/);
  });

  it('reads a CPU figure written in exponent form exactly', () => {
    const big = check('version: 1\nhosts:\n  h: { memory: 4GB, cpus: 1e+21 }\n');
    expect(big.status).toBe(2);
    expect(big.err).toContain('too large to count exactly (the limit is about 9 million cores');
    const small = check(
      `${HOSTS}services:\n  a: { memory: 1GB, cpus: 1.5e-7 }\n`,
      '--format',
      'json',
    );
    expect(small.status).toBe(0);
    expect(JSON.parse(small.out).scenarios[0].hosts[0].resources.cpus.demand.worst).toBe(1.5e-7);
  });

  it('refuses a monthly cost too large to add up, where it is written', () => {
    const r = check(
      'version: 1\nhosts:\n  h: { memory: 4GB, cost: { monthly: 1.8e306, currency: CNY } }\n  g: { memory: 4GB, cost: { monthly: "10-1e400" } }\n',
    );
    expect(r.status).toBe(2);
    expect(r.err).toContain(
      'capacity.yml:3:38: an amount can be at most 9,007,199,254,740,991 (2^53 - 1), so that totals stay exact (at /hosts/h/cost/monthly)',
    );
    expect(r.err).toMatch(/capacity\.yml:4:\d+: .*(at \/hosts\/g\/cost\/monthly)/);
  });

  it('adds up the largest allowed costs to a finite total in every format', () => {
    const max = '9007199254740991';
    const manifest = `version: 1\nhosts:\n  h: { memory: 4GB, cpus: 2, cost: { monthly: ${max} } }\n  g: { memory: 4GB, cpus: 2, cost: { monthly: ${max} } }\nservices:\n  a: { memory: 1GB, cpus: 1 }\n  b: { memory: 1GB, cpus: 1 }\nscenarios:\n  s: { placement: { h: [a], g: [b] } }\n`;
    const json = check(manifest, '--format', 'json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.out).scenarios[0].cost.monthly.high).toBe(2 * Number(max));
    expect(check(manifest, '--format', 'markdown').out).not.toMatch(/Infinity|NaN/);
  });

  it('says what a pattern allows: tier, currency, compose project', () => {
    const r = check(
      `version: 1\nhosts:\n  h: { memory: 4GB, cost: { monthly: 10, currency: yuan } }\ncompose:\n  - { files: [c.yml], project: My_Proj }\nscenarios:\n  s: { host: h, tier: "x y" }\n  t: { host: h, tier: max }\n`,
    );
    expect(r.status).toBe(2);
    expect(r.err).toContain(
      '"yuan" is not allowed here: a currency is a three-letter code, such as "USD", "EUR" or "CNY" (at /hosts/h/cost/currency)',
    );
    expect(r.err).toContain(
      '"My_Proj" is not allowed here: a compose project name starts with a lower-case letter or a digit',
    );
    expect(r.err).toContain(
      '"x y" is not allowed here: a tier name starts with a letter or a digit and holds only letters, digits',
    );
    expect(r.err).toContain('"max" cannot name a tier: "min" and "max" are the ends of a range');
    expect(r.err).not.toMatch(/not allowed here( \(|\n)/);
  });

  it('says what a compose container name may hold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-messages-'));
    writeFileSync(join(dir, 'capacity.yml'), `${HOSTS}compose: [c.yml]\n`);
    writeFileSync(join(dir, 'c.yml'), 'services:\n  a:\n    image: x\n    container_name: "!"\n');
    let err = '';
    const status = main(['check'], {
      cwd: dir,
      env: {},
      stdout: () => {},
      stderr: (t) => (err += t),
    });
    expect(status).toBe(2);
    expect(err).toContain(
      'c.yml:4:21: "!" is not allowed here: a container name is a letter or a digit followed by at least one letter, digit, ".", "_" or "-"',
    );
  });

  it('has words for every pattern of every schema a file is checked against', () => {
    const schemas = [
      '../../schemas/capacity.schema.json',
      '../../schemas/snapshot.schema.json',
      '../../schemas/action-report.schema.json',
      '../../schemas/report.schema.json',
      '../../schemas/vendor/compose-go/schema/compose-spec.json',
    ];
    const patterns = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'pattern' && typeof v === 'string') patterns.add(v);
          else walk(v);
        }
      }
    };
    for (const s of schemas) walk(JSON.parse(readFileSync(new URL(s, import.meta.url), 'utf8')));
    expect(patterns.size).toBeGreaterThan(5);
    const missing = [...patterns].filter((p) => !PATTERNS_IN_WORDS.includes(p));
    expect(missing).toEqual([]);
    expect(patternWords('^x$')).toBe('it must match the pattern ^x$');
  });
});
