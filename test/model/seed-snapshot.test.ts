/**
 * The seed report on its own measurements (examples/seed-snapshot), checked by hand
 * (MB = 10^6 bytes):
 *   tencent-lh snapshot: 3600 MB memory of which 1400 MB used; 59 GB disk, 45.6 GB available.
 *   the seven running services, measured: 300 + 200 + 100 + 100 + 300 + 200 + 200 = 1400 MB,
 *     all placed on tencent-lh, so all 1400 MB come out of its used: used 0, and the model
 *     counts them as services instead.
 *   available memory: 3600 - 0 - 500 (reserve) = 3100 MB
 *   minimal:  1400 + 1220 = 2620 MB -> headroom 480 MB (13.33%): warn
 *   standard: 1400 + 1900 = 3300 MB -> -200 MB (-5.56%): fail (the estimates said -350 MB)
 *   ideal:    1400 + 2450 = 3850 MB -> -750 MB (-20.83%): fail
 *   aliyun:   1800 - 1600 used = 200 MB available; 1900 MB -> -1700 MB (-94.44%): fail
 *   disk: used 59 - 45.6 = 13.4 GB, as the hand-written manifest says.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/run-check.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { diskReader } from '../../src/workspace/disk-reader.js';
import { expectGolden } from '../support/golden.js';
import { resource, scenario } from '../support/model.js';
import { validateReport } from '../support/report-schema.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MANIFEST = 'examples/seed-snapshot/capacity.yml';
const MB = 1e6;
const GB = 1e9;

function check(now: Date) {
  return runCheck({ manifest: MANIFEST, reader: diskReader(ROOT), env: {}, now });
}

/** The day after the report: the snapshots are fresh. */
const report = check(new Date('2025-10-08T00:00:00Z'));

describe('the seed report on snapshots', () => {
  it('takes capacity and used from the snapshot, less what the placed services use', () => {
    const m = resource(report, 'minimal', 'tencent-lh', 'memory');
    expect(m.capacity).toBe(3600 * MB);
    expect(m.used).toBe(0);
    expect(m.reserve).toBe(500 * MB);
    expect(m.available).toBe(3100 * MB);
    const host = scenario(report, 'minimal').hosts[0]!;
    expect(host.snapshot).toEqual({
      file: 'examples/seed-snapshot/snapshots/tencent-lh.yml',
      taken: '2025-10-07T00:00:00Z',
      capacity: ['cpus', 'memory', 'disk'],
      used: ['memory', 'disk'],
      measuredOut: { memory: 1400 * MB },
    });
    const d = resource(report, 'minimal', 'tencent-lh', 'disk');
    expect(d.capacity).toBe(59 * GB);
    expect(d.used).toBe(13.4 * GB);
    expect(resource(report, 'minimal', 'tencent-lh', 'cpus').capacity).toBe(4);
  });

  it('sizes the running services by what they use, and says it was measured', () => {
    const services = scenario(report, 'minimal').hosts[0]!.services;
    const mysql = services.find((s) => s.name === 'mysql')!;
    expect(mysql.memory).toEqual({ best: 300 * MB, worst: 300 * MB });
    expect(mysql.measured).toEqual({ memory: 300 * MB });
    expect(mysql.sources.memory).toEqual({
      file: 'examples/seed-snapshot/snapshots/tencent-lh.yml',
      line: 22,
      column: 5,
      kind: 'snapshot',
      taken: '2025-10-07T00:00:00Z',
    });
    expect(services.filter((s) => s.measured).map((s) => [s.name, s.measured!.memory])).toEqual([
      ['mysql', 300 * MB],
      ['postgresql', 200 * MB],
      ['redis', 100 * MB],
      ['nginx', 100 * MB],
      ['node-app', 300 * MB],
      ['statistics', 200 * MB],
      ['template', 200 * MB],
    ]);
    // The new services are not running: estimated, not measured.
    expect(services.find((s) => s.name === 'zervigo')!.measured).toBeUndefined();
  });

  it('minimal: 2620 MB against 3100 MB leaves 480 MB: warn', () => {
    const m = resource(report, 'minimal', 'tencent-lh', 'memory');
    expect(m.demand).toEqual({ best: 2620 * MB, worst: 2620 * MB });
    expect(m.headroom).toEqual({ best: 480 * MB, worst: 480 * MB });
    expect(m.headroomPct).toEqual({ best: 13.33, worst: 13.33 });
    expect(scenario(report, 'minimal').verdict).toBe('warn');
  });

  it('standard: 200 MB short, against the 350 MB the estimated ranges gave', () => {
    const m = resource(report, 'standard', 'tencent-lh', 'memory');
    expect(m.demand.worst).toBe(3300 * MB);
    expect(m.headroom!.worst).toBe(-200 * MB);
    expect(m.headroomPct!.worst).toBe(-5.56);
    const s = scenario(report, 'standard');
    expect(s.verdict).toBe('fail');
    expect(s.firstFailPhase).toBe('batch 3: LoomaCRM');
    // after batch 2: 1400 + 250 + 200 + 600 + 600 = 3050 MB, 50 MB left
    expect(s.phases[2]!.hosts[0]!.resources.memory.headroom!.worst).toBe(50 * MB);
  });

  it('standard: its ways out count the running services once', () => {
    const advice = scenario(report, 'standard').advice!;
    // (0 used + 500 reserve + 3300 demand) / (1 - 15%) = 4470.59 MB, rounded up to the byte
    expect(advice.smallestHost).toEqual([
      { host: 'tencent-lh', needs: expect.objectContaining({ memory: 4470588236 }) },
    ]);
    // Nginx and Redis (200 MB) moved to aliyun-ecs: 3100 - 3100 on tencent-lh and
    // 1800 - 1600 - 200 on aliyun-ecs leave both with nothing to spare: warn.
    expect(advice.placement).toMatchObject({
      hosts: { 'aliyun-ecs': ['nginx', 'redis'] },
      verdict: 'warn',
    });
  });

  it('ideal and aliyun fail by 750 MB and 1.7 GB', () => {
    expect(resource(report, 'ideal', 'tencent-lh', 'memory').headroom!.worst).toBe(-750 * MB);
    const a = resource(report, 'aliyun', 'aliyun-ecs', 'memory');
    expect(a.capacity).toBe(1800 * MB);
    expect(a.used).toBe(1600 * MB);
    expect(a.headroom!.worst).toBe(-1700 * MB);
    expect(a.headroomPct!.worst).toBe(-94.44);
    // The report gives no disk for this server, and neither does its snapshot.
    expect(resource(report, 'aliyun', 'aliyun-ecs', 'disk').declared).toBe(false);
  });

  it('finds nothing stale the day after, and both snapshots stale a year later', () => {
    expect(report.findings.filter((f) => f.code === 'snapshot-stale')).toEqual([]);
    const later = check(new Date('2026-10-07T00:00:00Z'));
    expect(later.findings.filter((f) => f.code === 'snapshot-stale')).toEqual([
      {
        level: 'warn',
        code: 'snapshot-stale',
        message:
          'the snapshot of "tencent-lh" (examples/seed-snapshot/snapshots/tencent-lh.yml) was taken 365 days ago, on 2025-10-07T00:00:00Z, more than policy.snapshot_max_age (30 days): take a new one on the server with `headroom snapshot`',
        file: MANIFEST,
        line: 13,
        column: 15,
      },
      expect.objectContaining({ code: 'snapshot-stale', line: 18 }),
    ]);
  });

  it('writes a report the report schema accepts', () => {
    expect(validateReport(report)).toEqual([]);
  });

  it('is the hand-written seed manifest with snapshots instead of typed-in figures', () => {
    const seed = readFileSync(`${ROOT}examples/seed/capacity.yml`, 'utf8');
    const variant = readFileSync(`${ROOT}${MANIFEST}`, 'utf8');
    const tail = (t: string) =>
      t.slice(t.indexOf('  # The five new services'), t.indexOf('policy:'));
    expect(tail(variant).replace(/: not running yet, so estimated\./, '.')).toBe(tail(seed));
  });
});

describe('the seed report on snapshots, rendered', () => {
  it('says where each host was measured and which services were sized by measurement', () => {
    expectGolden('seed-snapshot.txt', renderText(report));
    expectGolden('seed-snapshot.md', renderMarkdown(report));
    const text = renderText(report);
    expect(text).toContain(
      '  tencent-lh: capacity (CPU, memory, disk) and used (memory, disk) measured in examples/seed-snapshot/snapshots/tencent-lh.yml, taken 2025-10-07T00:00:00Z; the 1.4 GB its placed services use now is counted with them, not as used',
    );
    expect(text).toMatch(/^ {4}mysql +on tencent-lh +x1 +memory 300 MB measured /m);
  });
});
