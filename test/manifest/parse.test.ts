import { describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../../src/shared/errors.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { buildModel } from '../../src/model/build.js';

function problems(text: string, build = false): Problem[] {
  try {
    const m = parseManifest(text, 'capacity.yml');
    if (build) buildModel(m);
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  throw new Error('expected problems');
}

const HOSTS = `version: 1
hosts:
  h: { cpus: 4, memory: 4GB, disk: 50GB }
`;

describe('manifest validation', () => {
  it('accepts the documented manifest shape', () => {
    const m = parseManifest(
      `version: 1
hosts:
  tencent-lh:
    cpus: 4
    memory: 3.6GB
    disk: 59GB
    used:    { disk: 13.4GB }
    reserve: { memory: 500MB }
    cost:    { monthly: 120-150, currency: CNY }
  aliyun-ecs: { cpus: 2, memory: 1.8GB, disk: 40GB, used: { memory: 1.6GB } }
services:
  mysql: { memory: 200-300MB, ports: [3306] }
  ai-recommend:
    memory: { minimal: 400MB, standard: 600MB, ideal: 800MB }
    cpus:   { minimal: 0.3, standard: 0.5, ideal: 1 }
    disk:   { minimal: 500MB, standard: 2GB, ideal: 3GB }
    ports:  [8100]
    replicas: 1
scenarios:
  ideal: { host: tencent-lh, tier: ideal, required: false }
  split:
    tier: standard
    placement: { tencent-lh: [mysql], aliyun-ecs: [ai-recommend] }
policy:
  warn_below: 15%
  judge: worst
`,
      'capacity.yml',
    );
    expect(m.hosts.map((h) => h.name)).toEqual(['tencent-lh', 'aliyun-ecs']);
    expect(m.hosts[0]).toMatchObject({
      capacity: { cpus: 4e9, memory: 3.6e9, disk: 59e9 },
      used: { disk: 13.4e9 },
      reserve: { memory: 5e8 },
      cost: { monthly: { low: 120, high: 150 }, currency: 'CNY' },
    });
    const ai = m.services.find((s) => s.name === 'ai-recommend')!;
    expect(ai.memory?.kind).toBe('tiers');
    expect(m.policy).toMatchObject({ warnBelowPpm: 150_000, judge: 'worst' });
  });

  it('names an unknown key with its position and a suggestion', () => {
    const [p] = problems(`${HOSTS}services:\n  db: { memroy: 1GB }\n`);
    expect(p).toMatchObject({
      file: 'capacity.yml',
      line: 5,
      column: 9,
      path: '/services/db/memroy',
    });
    expect(p!.message).toBe('unknown key "memroy"; did you mean "memory"?');
  });

  it('says what type was expected and what was found', () => {
    const [p] = problems(`version: 1\nhosts: [a, b]\n`);
    expect(p).toMatchObject({ line: 2, column: 8, path: '/hosts' });
    expect(p!.message).toBe('expected a mapping, found a list');
  });

  it('requires version and hosts', () => {
    const ps = problems(`services: {}\n`);
    expect(ps.map((p) => p.message)).toEqual([
      'missing required key "version"',
      'missing required key "hosts"',
    ]);
  });

  it('rejects an ambiguous unit at its place in the file', () => {
    const [p] = problems(`${HOSTS}services:\n  db: { memory: 512mb }\n`);
    expect(p).toMatchObject({ line: 5, column: 17, path: '/services/db/memory' });
    expect(p!.message).toMatch(/ambiguous/);
  });

  it('rejects a tier range that runs backwards, inside the tier', () => {
    const [p] = problems(`${HOSTS}services:\n  db:\n    memory: { small: 300-200MB }\n`);
    expect(p).toMatchObject({ line: 6, path: '/services/db/memory/small' });
  });

  it('rejects control characters in names', () => {
    const [p] = problems(`${HOSTS}services:\n  "a\\nb": { memory: 1GB }\n`);
    expect(p!.message).toMatch(/control characters/);
    expect(p!.line).toBe(5);
  });

  it('caps the number of problems and counts the rest', () => {
    const many = Array.from({ length: 300 }, (_, i) => `  s${i}: { memory: lots }`).join('\n');
    try {
      parseManifest(`${HOSTS}services:\n${many}\n`, 'capacity.yml');
      throw new Error('expected problems');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems).toHaveLength(50);
      expect((e as InputError).omitted).toBe(250);
    }
  });

  it('refuses an empty file and a multi-document manifest', () => {
    expect(problems('# nothing here\n')[0]!.message).toMatch(/empty/);
    expect(problems(`${HOSTS}---\n${HOSTS}`)[0]).toMatchObject({
      line: 5,
      message: expect.stringMatching(/2 YAML documents/),
    });
  });

  it('rejects a percentage of a resource the host does not declare', () => {
    const [p] = problems(`version: 1\nhosts:\n  h: { memory: 1GB, reserve: { cpus: 10% } }\n`);
    expect(p).toMatchObject({ path: '/hosts/h/reserve/cpus' });
    expect(p!.message).toMatch(/does not declare/);
  });

  it('resolves a percentage reserve against capacity, rounding up', () => {
    const m = parseManifest(
      `version: 1\nhosts:\n  h: { cpus: 3, memory: 1000001, reserve: { memory: 10%, cpus: 10% } }\n`,
      'c.yml',
    );
    expect(m.hosts[0]!.reserve).toEqual({ memory: 100_001, cpus: 300_000_000 });
  });

  it('warns about a plain number of bytes that looks like a forgotten unit', () => {
    const m = parseManifest(`${HOSTS}services:\n  db: { memory: 512 }\n`, 'c.yml');
    expect(m.findings).toHaveLength(1);
    expect(m.findings[0]).toMatchObject({ level: 'warn', code: 'bare-number', line: 5 });
  });
});

describe('scenario references', () => {
  const base = `${HOSTS}services:\n  db: { memory: 1GB }\n  web: { memory: { small: 1GB, large: 2GB } }\n`;

  it('names an unknown host and service where they are written', () => {
    const ps = problems(
      `${base}scenarios:\n  s: { host: nope, services: [db] }\n  t: { host: h, services: [dbb] }\n`,
      true,
    );
    expect(ps).toEqual([
      expect.objectContaining({
        line: 8,
        column: 14,
        message: expect.stringMatching(/unknown host "nope"/),
      }),
      expect.objectContaining({
        line: 9,
        column: 28,
        message: expect.stringMatching(/unknown service "dbb"; did you mean "db"/),
      }),
    ]);
  });

  it('rejects a service placed twice', () => {
    const ps = problems(
      `version: 1\nhosts:\n  a: { memory: 1GB }\n  b: { memory: 1GB }\nservices:\n  db: { memory: 1GB }\nscenarios:\n  s:\n    placement: { a: [db], b: [db] }\n`,
      true,
    );
    expect(ps[0]!.message).toMatch(/places "db" twice/);
  });

  it('rejects a tier the service does not have, at the service', () => {
    const [p] = problems(`${base}scenarios:\n  s: { host: h, tier: medium }\n`, true);
    expect(p!.message).toBe(
      'scenario "s" picks tier "medium", but the memory of "web" has only "small", "large"',
    );
    expect(p).toMatchObject({ line: 6 });
  });

  it('requires a tier when a placed service is tiered', () => {
    const [p] = problems(`${base}scenarios:\n  s: { host: h }\n`, true);
    expect(p!.message).toMatch(/names no tier/);
  });

  it('rejects a scenario with neither host nor placement, and one with both', () => {
    expect(problems(`${base}scenarios:\n  s: { tier: small }\n`)[0]!.message).toMatch(
      /needs `host`/,
    );
    expect(
      problems(`${base}scenarios:\n  s: { host: h, placement: { h: [db] } }\n`)[0]!.message,
    ).toMatch(/not both/);
  });

  it('rejects a phase that removes what is not there', () => {
    const [p] = problems(
      `${base}scenarios:\n  s:\n    host: h\n    tier: small\n    phases:\n      - remove: [db]\n      - remove: [db]\n`,
      true,
    );
    expect(p!.message).toMatch(/phase 2 of scenario "s" removes "db", which is not there/);
    expect(p!.line).toBe(13);
  });

  it('needs scenarios when there are several hosts, and makes one for a single host', () => {
    expect(
      problems(`version: 1\nhosts:\n  a: { memory: 1GB }\n  b: { memory: 1GB }\n`, true)[0]!
        .message,
    ).toMatch(/no scenarios/);
    const model = buildModel(parseManifest(`${HOSTS}services:\n  db: { memory: 1GB }\n`, 'c.yml'));
    expect(model.scenarios.map((s) => [s.name, [...s.placement]])).toEqual([
      ['default', [['db', ['h']]]],
    ]);
  });
});
