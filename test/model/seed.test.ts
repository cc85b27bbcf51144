/**
 * The seed report's own numbers, checked by hand (MB = 10^6 bytes):
 *   running services: 200-300 + 150-250 + 50-100 + 50-100 + 200-400 + 100-200 + 100-200 = 850-1550 MB
 *   new services, memory: minimal 400+400+150+150+120 = 1220, standard 600+600+250+250+200 = 1900,
 *                         ideal 800+800+300+300+250 = 2450 MB
 *   new services, CPU:    minimal 0.3+0.3+0.2+0.2+0.2 = 1.2, standard 0.5+0.5+0.3+0.4+0.3 = 2.0,
 *                         ideal 1+1+0.5+0.5+0.4 = 3.4 cores
 *   new services, disk:   minimal 0.5+0.5+0.3+0.5+0.3 = 2.1, standard 2+2+0.5+1+0.5 = 6, ideal 3+4+1+2+1 = 11 GB
 *   tencent-lh: 3600 MB memory - 500 MB reserve = 3100 MB available; 59 - 13.4 = 45.6 GB disk available.
 */
import { describe, expect, it } from 'vitest';
import { SEED_MANIFEST, evaluateYaml, resource, scenario, seedText } from '../support/model.js';

const report = evaluateYaml(seedText(), SEED_MANIFEST);
const MB = 1e6;
const GB = 1e9;

describe('the seed report, computed', () => {
  it('minimal: memory 2070-2770 MB against 3100 MB available leaves 330 MB worst case: warn', () => {
    const m = resource(report, 'minimal', 'tencent-lh', 'memory');
    expect(m.demand).toEqual({ best: 2070 * MB, worst: 2770 * MB });
    expect(m.available).toBe(3100 * MB);
    expect(m.headroom).toEqual({ best: 1030 * MB, worst: 330 * MB });
    expect(m.headroomPct).toEqual({ best: 28.61, worst: 9.17 });
    expect(m.verdict).toBe('warn');
    expect(scenario(report, 'minimal').verdict).toBe('warn');
  });

  it('minimal: CPU 1.2 of 4 cores and disk 2.1 of 45.6 GB pass', () => {
    const c = resource(report, 'minimal', 'tencent-lh', 'cpus');
    expect(c.demand).toEqual({ best: 1.2, worst: 1.2 });
    expect(c.headroom).toEqual({ best: 2.8, worst: 2.8 });
    expect(c.verdict).toBe('pass');
    expect(c.unestimated).toHaveLength(7);
    const d = resource(report, 'minimal', 'tencent-lh', 'disk');
    expect(d.headroom!.worst).toBe(43.5 * GB);
    expect(d.verdict).toBe('pass');
  });

  it('standard: the report says 500 MB to spare; the worst case is 350 MB short', () => {
    const m = resource(report, 'standard', 'tencent-lh', 'memory');
    expect(m.demand).toEqual({ best: 2750 * MB, worst: 3450 * MB });
    expect(m.headroom).toEqual({ best: 350 * MB, worst: -350 * MB });
    expect(m.headroomPct!.worst).toBe(-9.72);
    expect(m.verdict).toBe('fail');
    expect(m.peakPhase).toBe('batch 3: LoomaCRM');
  });

  it('standard: the rollout first fails at batch 2, when the AI services arrive', () => {
    const s = scenario(report, 'standard');
    expect(s.verdict).toBe('fail');
    expect(s.firstFailPhase).toBe('batch 2: the two AI services');
    expect(s.peakPhase).toBe('batch 3: LoomaCRM');
    const worstMemory = s.phases.map((p) => p.hosts[0]!.resources.memory.headroom!.worst / MB);
    // initial 3100-1550; +auth+zervigo 450; +2 AI 1200; +CRM 250
    expect(worstMemory).toEqual([1550, 1100, -100, -350]);
    expect(s.phases.map((p) => p.verdict)).toEqual(['pass', 'pass', 'fail', 'fail']);
  });

  it('ideal: 900 MB short in the worst case; CPU sits exactly on the 15% line and passes', () => {
    const m = resource(report, 'ideal', 'tencent-lh', 'memory');
    expect(m.headroom).toEqual({ best: -200 * MB, worst: -900 * MB });
    const c = resource(report, 'ideal', 'tencent-lh', 'cpus');
    expect(c.demand.worst).toBe(3.4);
    expect(c.headroomPct!.worst).toBe(15);
    expect(c.verdict).toBe('pass');
    expect(scenario(report, 'ideal')).toMatchObject({ verdict: 'fail', required: false });
  });

  it('aliyun: 200 MB free against 1.9 GB wanted; disk is not declared, so not judged', () => {
    const m = resource(report, 'aliyun', 'aliyun-ecs', 'memory');
    expect(m.available).toBe(200 * MB);
    expect(m.headroom!.worst).toBe(-1700 * MB);
    expect(m.verdict).toBe('fail');
    const c = resource(report, 'aliyun', 'aliyun-ecs', 'cpus');
    expect(c.headroom!.worst).toBe(0);
    expect(c.verdict).toBe('warn');
    const d = resource(report, 'aliyun', 'aliyun-ecs', 'disk');
    expect(d).toMatchObject({
      declared: false,
      verdict: 'not-declared',
      headroom: null,
      capacity: null,
    });
    expect(d.demand.worst).toBe(6 * GB);
  });

  it('the overall verdict is the worst of the required scenarios', () => {
    expect(report.verdict).toBe('fail');
    expect(report.minHeadroomPct).toBe(-9.72);
  });

  it('names the cheapest scenario that does not fail, and the cost of each', () => {
    expect(scenario(report, 'aliyun').cost).toEqual({
      monthly: { low: 80, high: 100 },
      currency: 'CNY',
    });
    expect(report.cheapest).toEqual({
      scenario: 'minimal',
      cost: { monthly: { low: 120, high: 150 }, currency: 'CNY' },
    });
  });

  it('says which running services have no CPU or disk figure, at their line', () => {
    const f = scenario(report, 'minimal').findings.filter((x) => x.code === 'unestimated');
    expect(f).toHaveLength(7);
    expect(f[0]).toMatchObject({
      level: 'info',
      file: SEED_MANIFEST,
      line: 27,
      message: expect.stringMatching(/"mysql" has no cpus or disk figure/),
    });
  });

  it('shows sizes in the decimal family the manifest is written in', () => {
    expect(report.units).toBe('decimal');
  });
});
