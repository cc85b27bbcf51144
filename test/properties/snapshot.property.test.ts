/**
 * Whatever a snapshot file holds, reading it and checking a manifest on it either works or
 * says what is wrong (InputError): never another error, and never a figure that is not a
 * number. And what the model takes out of a host's used never exceeds what was measured.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { InputError } from '../../src/shared/errors.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { renderSnapshot } from '../../src/snapshot/render.js';
import type { Snapshot } from '../../src/model/snapshot-facts.js';
import { memoryReader } from '../../src/workspace/reader.js';

const bytes = fc.integer({ min: 0, max: 2 ** 40 });
const usage = fc.option(fc.integer({ min: 0, max: 2 ** 32 }), { nil: null });

const snapshotArb: fc.Arbitrary<Snapshot> = fc
  .record({
    total: fc.integer({ min: 1, max: 2 ** 40 }),
    availableShare: fc.double({ min: 0, max: 1, noNaN: true }),
    cpus: fc.integer({ min: 1, max: 256 }),
    units: fc.uniqueArray(
      fc.record({ name: fc.constantFrom('a.service', 'b.service', 'c.service'), usage }),
      { selector: (u) => u.name, maxLength: 3 },
    ),
    containers: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom('web-1', 'web-2', 'db-1'),
        service: fc.constantFrom('web', 'db', null),
        usage,
        limit: fc.option(bytes, { nil: null }),
      }),
      { selector: (c) => c.name, maxLength: 3 },
    ),
  })
  .map((r) => {
    const available = Math.floor(r.total * r.availableShare);
    return {
      version: 1 as const,
      host: 'h',
      taken: '2026-12-01T09:30:00Z',
      cpus: r.cpus,
      memory: { total: r.total, available, used: r.total - available },
      disk: { '/': { total: 100e9, used: 40e9, available: 60e9 } },
      units: r.units.map((u) => ({ name: u.name, memory: { usage: u.usage }, ports: [] })),
      containers: r.containers.map((c) => ({
        name: c.name,
        project: c.service ? 'shop' : null,
        service: c.service,
        memory: { usage: c.usage, limit: c.limit },
        ports: [],
      })),
    };
  });

const MANIFEST = `version: 1
hosts:
  h: { snapshot: h.yml }
services:
  a: { unit: a.service }
  b: { memory: 100MB, unit: b }
  web: { container: [web-1, web-2] }
  db: { container: db-1, memory: 1-2GB }
`;

describe('snapshots, for any content', () => {
  it('reads back what it writes', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        fc.constantFrom('yaml', 'json') as fc.Arbitrary<'yaml' | 'json'>,
        (s, f) => {
          expect(readSnapshot(renderSnapshot(s, f), 'h.yml').snapshot).toEqual(s);
        },
      ),
    );
  });

  it('never lets a measured service push used below zero or above what was measured', () => {
    fc.assert(
      fc.property(snapshotArb, (s) => {
        const report = runCheck({
          manifest: 'capacity.yml',
          reader: memoryReader({ 'capacity.yml': MANIFEST, 'h.yml': renderSnapshot(s, 'yaml') }),
          env: {},
        });
        for (const sc of report.scenarios) {
          for (const h of sc.hosts) {
            const m = h.resources.memory;
            expect(m.used).toBeGreaterThanOrEqual(0);
            expect(m.used).toBeLessThanOrEqual(s.memory.used);
            expect(Number.isFinite(m.headroom!.worst)).toBe(true);
            const measured = h.services.reduce((n, x) => n + (x.measured?.memory ?? 0), 0);
            expect(h.snapshot!.measuredOut.memory).toBe(measured);
          }
        }
      }),
    );
  });

  it('says what is wrong with any other document, and nothing else goes wrong', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          readSnapshot(JSON.stringify(value), 'h.json');
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
    );
  });

  it('says what is wrong when a field of a good snapshot has any other value', () => {
    const paths = [
      ['cpus'],
      ['memory', 'total'],
      ['memory', 'used'],
      ['disk', '/', 'available'],
      ['units', 0, 'memory', 'usage'],
      ['containers', 0, 'name'],
      ['containers', 0, 'memory'],
      ['taken'],
      ['host'],
    ] as const;
    fc.assert(
      fc.property(snapshotArb, fc.constantFrom(...paths), fc.jsonValue(), (s, path, value) => {
        const doc = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
        let at: Record<string | number, unknown> | undefined = doc;
        for (const key of path.slice(0, -1)) at = at?.[key] as typeof at;
        if (!at) return;
        at[path[path.length - 1]!] = value;
        try {
          const read = readSnapshot(JSON.stringify(doc), 'h.json').snapshot;
          expect(typeof read.cpus).toBe('number');
          expect(Number.isSafeInteger(read.memory.total)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
    );
  });
});
