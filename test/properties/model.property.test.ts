/**
 * Properties the capacity model must keep for any input, checked on random manifests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/model/evaluate.js';
import { judge } from '../../src/model/verdicts.js';
import { recheckReport } from '../../src/report/recheck.js';
import {
  DEFAULT_POLICY,
  type CapacityModel,
  type HostSpec,
  type ServiceSpec,
} from '../../src/model/types.js';
import { RESOURCES, type Verdict } from '../../src/shared/terms.js';

const src = { file: 'capacity.yml', line: 1, column: 1 };
const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

const range = (max: number) =>
  fc
    .tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max }))
    .map(([a, b]) => ({ low: Math.min(a, b), high: Math.max(a, b), source: src }));

const serviceArb = (name: string): fc.Arbitrary<ServiceSpec> =>
  fc
    .record({
      memory: fc.option(range(4e9), { nil: undefined }),
      cpus: fc.option(range(4e9), { nil: undefined }),
      disk: fc.option(range(50e9), { nil: undefined }),
      replicas: fc.integer({ min: 0, max: 4 }),
    })
    .map((r) => {
      const s: ServiceSpec = {
        name,
        replicas: r.replicas,
        ports: [],
        source: src,
        origin: 'manifest',
      };
      if (r.memory) s.memory = { kind: 'figure', figure: r.memory };
      if (r.cpus) s.cpus = { kind: 'figure', figure: r.cpus };
      if (r.disk) s.disk = { kind: 'figure', figure: r.disk };
      return s;
    });

const hostArb = (name: string): fc.Arbitrary<HostSpec> =>
  fc
    .record({
      memory: fc.integer({ min: 0, max: 32e9 }),
      cpus: fc.integer({ min: 0, max: 32e9 }),
      disk: fc.integer({ min: 0, max: 500e9 }),
      used: fc.integer({ min: 0, max: 2e9 }),
    })
    .map((h) => ({
      name,
      capacity: { memory: h.memory, cpus: h.cpus, disk: h.disk },
      used: { memory: h.used },
      reserve: {},
      source: src,
    }));

/** A model with 1-3 hosts, 1-8 services and one scenario placing every service somewhere. */
const modelArb: fc.Arbitrary<CapacityModel> = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 8 }))
  .chain(([nh, ns]) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: nh }, (_, i) => hostArb(`h${i}`))),
      fc.tuple(...Array.from({ length: ns }, (_, i) => serviceArb(`s${i}`))),
      fc.array(fc.integer({ min: 0, max: nh - 1 }), { minLength: ns, maxLength: ns }),
      fc.integer({ min: 0, max: 1_000_000 }),
    ),
  )
  .map(([hosts, services, where, warn]) => ({
    file: 'capacity.yml',
    hosts,
    services,
    scenarios: [
      {
        name: 's',
        required: true,
        placement: new Map(services.map((s, i) => [s.name, [hosts[where[i]!]!.name]])),
        phases: [],
        source: src,
      },
    ],
    policy: { ...DEFAULT_POLICY, warnBelowPpm: warn, unestimated: 'info' },
    findings: [],
  }));

function headrooms(model: CapacityModel) {
  const out = new Map<string, { best: number; worst: number }>();
  for (const h of evaluate(model).scenarios[0]!.hosts) {
    for (const r of RESOURCES)
      if (h.resources[r].headroom) out.set(`${h.host}/${r}`, h.resources[r].headroom!);
  }
  return out;
}

describe('model properties', () => {
  it('adding a service never raises any headroom', () => {
    fc.assert(
      fc.property(modelArb, serviceArb('extra'), fc.nat(), (model, extra, pick) => {
        const host = model.hosts[pick % model.hosts.length]!.name;
        const before = headrooms(model);
        const scenario = model.scenarios[0]!;
        const after = headrooms({
          ...model,
          services: [...model.services, extra],
          scenarios: [
            { ...scenario, placement: new Map([...scenario.placement, ['extra', [host]]]) },
          ],
        });
        for (const [key, h] of after) {
          const b = before.get(key) ?? { best: Infinity, worst: Infinity };
          expect(h.best).toBeLessThanOrEqual(b.best);
          expect(h.worst).toBeLessThanOrEqual(b.worst);
        }
      }),
    );
  });

  it("raising a host's capacity never lowers its headroom", () => {
    fc.assert(
      fc.property(modelArb, fc.integer({ min: 0, max: 1e9 }), (model, more) => {
        const before = headrooms(model);
        const bigger = model.hosts.map((h) => ({
          ...h,
          capacity: {
            memory: h.capacity.memory! + more,
            cpus: h.capacity.cpus! + more,
            disk: h.capacity.disk! + more,
          },
        }));
        for (const [key, h] of headrooms({ ...model, hosts: bigger })) {
          expect(h.worst).toBeGreaterThanOrEqual(before.get(key)!.worst);
          expect(h.best).toBeGreaterThanOrEqual(before.get(key)!.best);
        }
      }),
    );
  });

  it('the best case is never worse than the worst case', () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        for (const h of evaluate(model).scenarios[0]!.hosts) {
          for (const r of RESOURCES) {
            const x = h.resources[r];
            if (!x.headroom) continue;
            expect(x.headroom.best).toBeGreaterThanOrEqual(x.headroom.worst);
            expect(x.demand.best).toBeLessThanOrEqual(x.demand.worst);
          }
        }
      }),
    );
  });

  it('judging the best case never gives a worse verdict than judging the worst', () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const worst = evaluate(model).scenarios[0]!.verdict;
        const best = evaluate({ ...model, policy: { ...model.policy, judge: 'best' } })
          .scenarios[0]!.verdict;
        expect(RANK[best]).toBeLessThanOrEqual(RANK[worst]);
      }),
    );
  });

  it('verdicts are monotone in the warn threshold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 1e6 }),
        (headroom, capacity, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(RANK[judge(headroom, capacity, lo)]).toBeLessThanOrEqual(
            RANK[judge(headroom, capacity, hi)],
          );
        },
      ),
    );
  });

  it('the scenario verdict is never better than any of its resources', () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const s = evaluate(model).scenarios[0]!;
        for (const h of s.hosts) {
          for (const r of RESOURCES) {
            const v = h.resources[r].verdict;
            if (v !== 'not-declared' && v !== 'unknown')
              expect(RANK[s.verdict]).toBeGreaterThanOrEqual(RANK[v]);
          }
        }
      }),
    );
  });

  it('a report agrees with itself when read back and checked, in either judged case', () => {
    fc.assert(
      fc.property(modelArb, fc.boolean(), (model, best) => {
        const judged = best
          ? { ...model, policy: { ...model.policy, judge: 'best' as const } }
          : model;
        const report = JSON.parse(JSON.stringify(evaluate(judged)));
        expect(recheckReport(report).disagreements).toEqual([]);
      }),
    );
  });
});
