import { describe, expect, it } from 'vitest';
import { InputError, formatProblem } from '../../src/shared/errors.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { renderSnapshot } from '../../src/snapshot/render.js';
import type { Snapshot } from '../../src/model/snapshot-facts.js';

const SNAPSHOT: Snapshot = {
  version: 1,
  host: 'tencent-lh',
  taken: '2026-12-01T09:30:00Z',
  cpus: 4,
  memory: { total: 3865470566, available: 1234567890, used: 2630902676 },
  disk: { '/': { total: 63350767616, used: 14388140032, available: 48962627584 } },
  units: [{ name: 'mysql.service', memory: { usage: 251658240 }, ports: ['0.0.0.0:3306/tcp'] }],
  containers: [
    {
      name: 'shop-web-1',
      project: 'shop',
      service: 'web',
      memory: { usage: 209715200, limit: 268435456 },
      ports: ['0.0.0.0:8080->80/tcp', '[::]:8080->80/tcp'],
    },
  ],
  notes: ['a note: with a colon, and "quotes"'],
  written_by: 'headroom 0.1.0',
};

function problems(text: string): string[] {
  try {
    readSnapshot(text, 'snapshots/x.yml');
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error('no problem found');
}

describe('reading a snapshot', () => {
  it('reads back what it wrote, as YAML and as JSON', () => {
    for (const format of ['yaml', 'json'] as const) {
      const text = renderSnapshot(SNAPSHOT, format);
      expect(readSnapshot(text, `x.${format}`).snapshot).toEqual(SNAPSHOT);
    }
  });

  it('lays the YAML out for reading', () => {
    expect(renderSnapshot(SNAPSHOT, 'yaml')).toBe(
      [
        '# headroom snapshot of tencent-lh, taken 2026-12-01T09:30:00Z.',
        '# What this server has and what runs on it; a capacity manifest may name this file as a',
        "# host's `snapshot:`. Memory and disk in bytes.",
        'version: 1',
        'host: tencent-lh',
        "taken: '2026-12-01T09:30:00Z'",
        'cpus: 4',
        'memory:',
        '  total: 3865470566',
        '  available: 1234567890',
        '  used: 2630902676',
        'disk:',
        '  /: {total: 63350767616, used: 14388140032, available: 48962627584}',
        'units:',
        '  - name: mysql.service',
        '    memory: {usage: 251658240}',
        '    ports: [0.0.0.0:3306/tcp]',
        'containers:',
        '  - name: shop-web-1',
        '    project: shop',
        '    service: web',
        '    memory: {usage: 209715200, limit: 268435456}',
        "    ports: [0.0.0.0:8080->80/tcp, '[::]:8080->80/tcp']",
        'notes:',
        '  - \'a note: with a colon, and "quotes"\'',
        'written_by: headroom 0.1.0',
        '',
      ].join('\n'),
    );
  });

  it('gives units and containers as empty lists when a hand-written snapshot leaves them out', () => {
    const s = readSnapshot(
      'version: 1\nhost: a\ntaken: 2025-10-07T00:00:00Z\ncpus: 2\nmemory: {total: 10, available: 4, used: 6}\ndisk: {/: {total: 10, used: 5, available: 5}}\n',
      'a.yml',
    ).snapshot;
    expect(s.units).toEqual([]);
    expect(s.containers).toEqual([]);
  });

  it('refuses wrong types with file, line, column and path', () => {
    const text = renderSnapshot(SNAPSHOT, 'yaml')
      .replace('cpus: 4', 'cpus: four')
      .replace('usage: 251658240', 'usage: 240MB');
    expect(problems(text)).toEqual([
      'snapshots/x.yml:7:7: expected a number, found text (at /cpus)',
      'snapshots/x.yml:16:21: expected a whole number or null, found text (at /units/0/memory/usage)',
    ]);
  });

  it('refuses a missing field and a taken time that is not UTC', () => {
    expect(
      problems(
        'version: 1\nhost: a\ntaken: 2026-12-01 09:30\ncpus: 2\ndisk: {/: {total: 1, used: 1, available: 0}}\n',
      ),
    ).toEqual([
      'snapshots/x.yml:1:1: missing required key "memory" (at /)',
      'snapshots/x.yml:3:8: "2026-12-01 09:30" is not allowed here: write a time in UTC, as headroom snapshot does, such as "2026-12-01T09:30:00Z" (at /taken)',
    ]);
  });

  it('refuses figures that cannot all be true', () => {
    const text = renderSnapshot(
      {
        ...SNAPSHOT,
        memory: { total: 100, available: 80, used: 40 },
        taken: '2026-13-45T09:30:00Z',
      },
      'yaml',
    );
    expect(problems(text)).toEqual([
      'snapshots/x.yml:6:8: "2026-13-45T09:30:00Z" is not a real date and time (at /taken)',
      'snapshots/x.yml:9:3: used (40) and available (80) add up to more than the total (100) (at /memory)',
    ]);
  });

  it('refuses the same container or unit listed twice', () => {
    const text = renderSnapshot(
      { ...SNAPSHOT, units: [SNAPSHOT.units[0]!, SNAPSHOT.units[0]!] },
      'json',
    );
    expect(problems(text)).toEqual([
      'snapshots/x.yml:29:15: unit "mysql.service" is listed twice (first as entry 1) (at /units/1/name)',
    ]);
  });

  it('refuses an empty file, several documents, and YAML that does not parse', () => {
    expect(problems('')).toEqual([
      'snapshots/x.yml:1:1: the snapshot is empty; write one on the server with `headroom snapshot --out FILE`',
    ]);
    expect(problems('version: 1\n---\nversion: 1\n')[0]).toMatch(/holds 2 YAML documents/);
    expect(problems('version: [1\n')[0]).toMatch(/^snapshots\/x\.yml:2:1: YAML: /);
  });

  it('ignores fields a newer headroom may add', () => {
    const text = renderSnapshot(SNAPSHOT, 'yaml') + 'swap: {total: 0}\n';
    expect(readSnapshot(text, 'x.yml').snapshot.host).toBe('tencent-lh');
  });
});
