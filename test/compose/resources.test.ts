import { describe, expect, it } from 'vitest';
import { cpus, inputError, memory, readCompose, service } from './helpers.js';

const MiB = 1024 * 1024;
const CORE = 1_000_000_000;

/** The service `web` with the given attributes, written under it. */
function web(attributes: string): ReturnType<typeof service> {
  const text = `services:\n  web:\n    image: x\n${attributes
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
  return service(readCompose({ 'compose.yml': text }), 'web');
}

describe('resource precedence', () => {
  it.each([
    // [attributes, memory per replica, memory limit]
    ['mem_limit: 512m', { low: 512 * MiB, high: 512 * MiB }, 512 * MiB],
    [
      'deploy: { resources: { limits: { memory: 1g } } }',
      { low: 1024 * MiB, high: 1024 * MiB },
      1024 * MiB,
    ],
    [
      // both places may be written when they agree
      'mem_limit: 1g\ndeploy: { resources: { limits: { memory: 1024m } } }',
      { low: 1024 * MiB, high: 1024 * MiB },
      1024 * MiB,
    ],
    [
      // without a limits block, mem_limit stands beside deploy's other settings
      'mem_limit: 512m\ndeploy: { replicas: 1, resources: { reservations: { memory: 128m } } }',
      { low: 128 * MiB, high: 512 * MiB },
      512 * MiB,
    ],
    ['mem_reservation: 256m', { low: 256 * MiB, high: 256 * MiB }, undefined],
    [
      'deploy: { resources: { reservations: { memory: 128m } } }',
      { low: 128 * MiB, high: 128 * MiB },
      undefined,
    ],
    ['mem_limit: 1g\nmem_reservation: 256m', { low: 256 * MiB, high: 1024 * MiB }, 1024 * MiB],
    [
      'deploy: { resources: { limits: { memory: 1g }, reservations: { memory: 256m } } }',
      { low: 256 * MiB, high: 1024 * MiB },
      1024 * MiB,
    ],
    // a zero limit is "not set" in Docker
    ['mem_limit: 0', undefined, undefined],
    ['deploy: { resources: { limits: { memory: "0" } } }', undefined, undefined],
    ['cpus: 2', undefined, undefined],
  ])('%s', (attributes, mem, limit) => {
    const s = web(attributes);
    expect(memory(s)).toEqual(mem);
    expect(s.memoryLimit?.high).toBe(limit);
  });

  it.each([
    // [attributes, CPU per replica]
    ['cpus: 1.5', { low: 1.5 * CORE, high: 1.5 * CORE }],
    ['cpus: "0.25"', { low: 0.25 * CORE, high: 0.25 * CORE }],
    ['deploy: { resources: { limits: { cpus: "0.5" } } }', { low: 0.5 * CORE, high: 0.5 * CORE }],
    [
      // both places may be written when they agree
      'cpus: 0.5\ndeploy: { resources: { limits: { cpus: "0.50" } } }',
      { low: 0.5 * CORE, high: 0.5 * CORE },
    ],
    [
      'cpus: 2\ndeploy: { resources: { reservations: { memory: 1g } } }',
      { low: 2 * CORE, high: 2 * CORE },
    ],
    [
      'deploy: { resources: { limits: { cpus: 1 }, reservations: { cpus: 0.25 } } }',
      { low: 0.25 * CORE, high: CORE },
    ],
    [
      'deploy: { resources: { reservations: { cpus: 0.25 } } }',
      { low: 0.25 * CORE, high: 0.25 * CORE },
    ],
    ['mem_limit: 1g', undefined],
  ])('%s', (attributes, cpu) => {
    expect(cpus(web(attributes))).toEqual(cpu);
  });

  it.each([
    // [attributes, replicas, where the count was written]
    ['mem_limit: 1g', 1, undefined],
    ['scale: 3', 3, 4],
    ['deploy: { replicas: 2 }', 2, 4],
    ['scale: 2\ndeploy: { replicas: 2 }', 2, 4],
    ['deploy: { replicas: "${N:-4}" }', 4, 4],
    ['scale: 0', 0, 4],
  ])('%s runs %d replica(s)', (attributes, replicas, line) => {
    const s = web(attributes);
    expect(s.replicas).toBe(replicas);
    expect(s.replicasSource?.line).toBe(line);
  });

  it('names where each figure was written', () => {
    const s = web(
      'mem_limit: 1g\ncpus: 1\ndeploy:\n  resources:\n    reservations: { memory: 256m, cpus: "0.5" }',
    );
    expect(s.memory).toEqual({
      kind: 'figure',
      figure: {
        low: 256 * MiB,
        high: 1024 * MiB,
        source: { file: 'compose.yml', line: 4, column: 16, path: '/services/web/mem_limit' },
      },
    });
    expect(s.cpus).toMatchObject({
      figure: { low: 0.5 * CORE, high: CORE, source: { line: 5, path: '/services/web/cpus' } },
    });
  });

  it.each([
    [
      'scale: 2\ndeploy: { replicas: 3 }',
      { line: 4, column: 12 },
      '"web" sets scale: 2 and deploy.replicas: 3 (line 5); compose refuses two different values, so keep one',
    ],
    [
      'mem_limit: 256m\nmem_reservation: 1g',
      { line: 5, column: 22 },
      'the memory reservation of "web" (1 GiB) is above its limit (256 MiB, compose.yml:4); Docker refuses to start such a container',
    ],
    [
      'deploy: { resources: { limits: { cpus: "0.5" }, reservations: { cpus: 1 } } }',
      { line: 4, column: 75 },
      'the CPU reservation of "web" (1 CPU) is above its limit (0.5 CPUs, compose.yml:4); Docker refuses to start such a container',
    ],
    [
      'container_name: web\nscale: 2',
      { line: 5, column: 12 },
      '"web" asks for 2 replicas but sets container_name (line 4); compose refuses both, since container names are unique',
    ],
    [
      'mem_limit: lots',
      { line: 4, column: 16 },
      expect.stringContaining('the memory limit of "web": "lots" is not a size Docker understands'),
    ],
    ['cpus: -1', { line: 4, column: 11 }, 'the CPU limit of "web": a CPU count cannot be negative'],
    [
      'mem_limit: 512m\ndeploy: { resources: { limits: { memory: 1g } } }',
      { line: 4, column: 16 },
      '"web" sets mem_limit to 512 MiB but deploy.resources.limits.memory is 1 GiB (line 5); compose refuses two different values, so keep one',
    ],
    [
      'mem_limit: 512m\ndeploy:\n  resources:\n    limits: { cpus: "1" }',
      { line: 4, column: 16 },
      '"web" sets mem_limit to 512 MiB but deploy.resources.limits (line 7) has no memory; compose refuses two different values, so keep one',
    ],
    [
      'mem_reservation: 256m\ndeploy: { resources: { reservations: { memory: 128m } } }',
      { line: 4, column: 22 },
      '"web" sets mem_reservation to 256 MiB but deploy.resources.reservations.memory is 128 MiB (line 5); compose refuses two different values, so keep one',
    ],
    [
      'cpus: 2\ndeploy: { resources: { limits: { cpus: 0 } } }',
      { line: 4, column: 11 },
      '"web" sets cpus to 2 CPUs but deploy.resources.limits.cpus is 0 CPUs (line 5); compose refuses two different values, so keep one',
    ],
    ['scale: -1', { line: 4, column: 12 }, '`scale` of "web" must be a whole number, 0 or more'],
  ])('refuses %s', (attributes, at, message) => {
    const e = inputError(() => web(attributes));
    expect(e.problems).toEqual([{ file: 'compose.yml', ...at, path: expect.any(String), message }]);
  });

  it('warns about a memory figure below what Docker accepts', () => {
    const r = readCompose({
      'compose.yml': 'services:\n  web:\n    image: x\n    mem_limit: 512\n',
    });
    expect(r.findings).toEqual([
      expect.objectContaining({ level: 'warn', code: 'below-docker-minimum', line: 4, column: 16 }),
    ]);
  });

  it('collects the problems of every service before stopping', () => {
    const e = inputError(() =>
      readCompose({
        'compose.yml':
          'services:\n  a: { image: x, mem_limit: lots }\n  b: { image: x, ports: ["1:2/icmp"] }\n',
      }),
    );
    expect(e.problems.map((p) => p.line)).toEqual([2, 3]);
  });
});
