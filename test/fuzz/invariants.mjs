// The model's promises, checked on every JSON report the fuzzer gets back. Each returns the
// name of the first invariant that does not hold (the failure class) and where, or nothing.
// Figures are recomputed from the report itself: available = capacity - used - reserve,
// headroom = available - demand, the verdict from the thresholds, overall = worst of the
// required scenarios, best >= worst, and a phased scenario reported at its peak.

const RANK = { pass: 0, warn: 1, fail: 2 };
const NANO = 1e9;

function worst(verdicts) {
  return verdicts.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass');
}

const levelVerdict = (level) => (level === 'fail' ? 'fail' : level === 'warn' ? 'warn' : 'pass');

/** Base units: bytes stay, cores become whole nanocores, as the model counts them. */
const base = (resource, v) => (resource === 'cpus' ? Math.round(v * NANO) : v);

/** Equal in base units; CPU figures went through a division by 10^9 on the way out. */
function same(resource, a, b) {
  if (resource !== 'cpus') return a === b;
  return Math.abs(base(resource, a) - base(resource, b)) <= 1;
}

function judge(headroom, capacity, warnBelowPct) {
  if (headroom < 0) return 'fail';
  const ppm = BigInt(Math.round(warnBelowPct * 10_000));
  return BigInt(headroom) * 1_000_000n < ppm * BigInt(capacity) ? 'warn' : 'pass';
}

const RESOURCES = ['memory', 'cpus', 'disk'];

class Broken extends Error {
  constructor(name, where) {
    super(name);
    this.invariant = name;
    this.where = where;
  }
}

function expect(ok, name, where) {
  if (!ok) throw new Broken(name, where);
}

function checkResource(r, resource, policy, where) {
  const { capacity, used, reserve, available, demand, headroom, headroomPct } = r;
  expect(r.declared === (capacity !== null), 'declared iff a capacity', where);
  expect(demand.best <= demand.worst, 'best-case demand <= worst-case demand', where);
  if (capacity === null) {
    expect(
      headroom === null && r.verdict === 'not-declared',
      'an undeclared resource is not judged',
      where,
    );
    return;
  }
  if (r.verdict === 'unknown') {
    // No placed service has a figure: no headroom is claimed, unless what is set aside
    // already exceeds the host, which fails whatever the demand.
    expect(
      headroom === null && headroomPct === null && available >= 0,
      'an unknown resource claims no headroom, and only while used and reserve fit',
      where,
    );
    return;
  }
  if (resource !== 'cpus') {
    for (const v of [
      capacity,
      used,
      reserve,
      available,
      demand.best,
      demand.worst,
      headroom.best,
      headroom.worst,
    ])
      expect(Number.isSafeInteger(v), 'byte figures are exact integers (below 2^53)', where);
  }
  expect(
    same(resource, available, capacity - used - reserve),
    'available = capacity - used - reserve',
    where,
  );
  expect(
    same(resource, headroom.best, available - demand.best),
    'headroom = available - demand (best)',
    where,
  );
  expect(
    same(resource, headroom.worst, available - demand.worst),
    'headroom = available - demand (worst)',
    where,
  );
  expect(headroom.best >= headroom.worst, 'best-case headroom >= worst-case headroom', where);
  const cap = base(resource, capacity);
  for (const which of ['best', 'worst']) {
    const h = base(resource, headroom[which]);
    const expected = cap === 0 ? (h === 0 ? 0 : -100) : (h / cap) * 100;
    expect(
      Math.abs(headroomPct[which] - expected) <= 0.0051 + 1e-9,
      'headroom % = headroom / capacity',
      where,
    );
  }
  const judged = base(resource, policy.judge === 'worst' ? headroom.worst : headroom.best);
  expect(
    r.verdict === judge(judged, cap, policy.warnBelowPct),
    'verdict from the thresholds',
    where,
  );
}

function checkScenario(s, policy, where) {
  const multi = s.phases.length > 0;
  for (const h of s.hosts) {
    for (const resource of RESOURCES) {
      const r = h.resources[resource];
      const at = `${where} host ${JSON.stringify(h.host)} ${resource}`;
      checkResource(r, resource, policy, at);
      if (multi && r.declared) {
        // An unknown resource counts as endless headroom when the peak is looked for.
        const judged = (p) =>
          p.headroom === null
            ? Infinity
            : policy.judge === 'worst'
              ? p.headroom.worst
              : p.headroom.best;
        const inPhases = s.phases.map(
          (p) => p.hosts.find((x) => x.host === h.host)?.resources[resource],
        );
        expect(inPhases.every(Boolean), 'every phase reports every host', at);
        const least = Math.min(...inPhases.map(judged));
        expect(judged(r) === least, 'a phased resource is reported at its peak', at);
        const peak = s.phases.find((p) => p.name === r.peakPhase);
        expect(peak !== undefined, 'the peak phase is one of the phases', at);
        for (const p of inPhases.filter((x) => x.headroom !== null)) {
          expect(
            same(resource, p.headroom.worst, r.available - p.demand.worst),
            'phase headroom = available - phase demand',
            at,
          );
          expect(
            p.headroom.best >= p.headroom.worst,
            'best-case headroom >= worst-case headroom in a phase',
            at,
          );
        }
      }
      if (!multi && r.declared) {
        // The services listed on the host add up to its demand; a one-shot service has
        // exited by the steady state and counts for nothing.
        for (const which of ['best', 'worst']) {
          const sum = h.services
            .filter((svc) => !svc.sources?.oneshot)
            .reduce((acc, svc) => acc + (svc[resource]?.[which] ?? 0), 0);
          expect(
            same(resource, sum, r.demand[which]),
            'demand = the sum of the services placed',
            at,
          );
        }
      }
    }
    const judgedVerdicts = RESOURCES.map((x) => h.resources[x].verdict).filter(
      (v) => v !== 'not-declared' && v !== 'unknown',
    );
    if (judgedVerdicts.every((v) => v in RANK))
      expect(
        h.verdict === worst(judgedVerdicts),
        'host verdict = worst of its resources',
        `${where} host ${JSON.stringify(h.host)}`,
      );
  }
  const parts = [...s.hosts.map((h) => h.verdict), ...s.findings.map((f) => levelVerdict(f.level))];
  if (parts.every((v) => v in RANK) && s.verdict in RANK)
    expect(s.verdict === worst(parts), 'scenario verdict = worst of its hosts and findings', where);
  const pcts = s.hosts
    .flatMap((h) => RESOURCES.map((x) => h.resources[x].headroomPct?.worst))
    .filter((x) => x !== undefined);
  expect(
    s.minHeadroomPct === (pcts.length > 0 ? Math.min(...pcts) : null),
    'scenario minimum headroom % is the least of its resources',
    where,
  );
  if (multi) {
    const firstFail = s.phases.find((p) => p.verdict === 'fail')?.name ?? null;
    expect(
      s.firstFailPhase === firstFail,
      'the first failing phase is the first phase that fails',
      where,
    );
    expect(
      s.phases.some((p) => p.name === s.peakPhase),
      'the scenario peak is one of its phases',
      where,
    );
  }
  const placement = s.advice?.placement;
  if (placement) {
    // A placement that is offered as a way out moves every service somewhere (a global
    // service may be on several hosts).
    const offered = [...new Set(Object.values(placement.hosts).flat())].sort();
    const placed = [...new Set(s.hosts.flatMap((h) => h.services.map((svc) => svc.name)))].sort();
    expect(
      JSON.stringify(offered) === JSON.stringify(placed),
      'a placement offered as a way out places every service',
      where,
    );
  }
  if (s.cost) {
    const { low, high } = s.cost.monthly;
    expect(
      Number.isFinite(low) && Number.isFinite(high) && low <= high,
      'a cost is a finite range',
      where,
    );
  }
}

/**
 * The first broken invariant of a report, as `{ invariant, where }`, or null. `named`: the
 * command line named the scenarios to check.
 */
/**
 * The report with each host's services in full. Version 2 writes every service once, in the
 * report's `services`, and a host lists them by index; every index must name one. A base
 * report has its own `services`, and is walked on its own below.
 */
function withServices(report) {
  const table = report.services;
  if (!Array.isArray(table)) return report;
  return {
    ...report,
    scenarios: report.scenarios.map((s, si) => ({
      ...s,
      hosts: s.hosts.map((h, hi) => ({
        ...h,
        services: h.services.map((i, k) => {
          expect(
            Number.isInteger(i) && i >= 0 && i < table.length,
            "every service a host names is in the report's services",
            `scenario ${si} host ${hi} service ${k}`,
          );
          return table[i];
        }),
      })),
    })),
  };
}

export function brokenInvariant(written, { named = false } = {}) {
  try {
    const report = withServices(written);
    const policy = report.policy;
    for (const s of report.scenarios)
      checkScenario(s, policy, `scenario ${JSON.stringify(s.name)}`);
    // Scenarios named on the command line count whether required or not.
    const counted = report.scenarios.filter((s) => named || s.required);
    const required = counted.map((s) => s.verdict);
    const global = report.findings.map((f) => levelVerdict(f.level));
    if ([...required, ...global].every((v) => v in RANK) && report.verdict in RANK)
      expect(
        report.verdict === worst([...global, ...required]),
        'overall verdict = worst of the required scenarios',
        'report',
      );
    const mins = counted.filter((s) => s.minHeadroomPct !== null).map((s) => s.minHeadroomPct);
    expect(
      report.minHeadroomPct === (mins.length > 0 ? Math.min(...mins) : null),
      'overall minimum headroom % is the least of the required scenarios',
      'report',
    );
    if (report.cheapest)
      expect(
        report.scenarios.some((s) => s.name === report.cheapest.scenario && s.verdict !== 'fail'),
        'the cheapest scenario is one that does not fail',
        'report',
      );
    for (const c of report.changes?.resources ?? []) {
      for (const which of ['best', 'worst'])
        expect(
          same(c.resource, c.delta[which], c.head[which] - c.base[which]),
          'change = head - base',
          `change in ${JSON.stringify(c.scenario)}`,
        );
    }
    if (report.base?.report) {
      const inner = brokenInvariant(report.base.report, { named });
      if (inner) return { ...inner, where: `base: ${inner.where}` };
    }
    return null;
  } catch (e) {
    if (e instanceof Broken) return { invariant: e.invariant, where: e.where };
    return { invariant: `the report could not be walked (${e.message})`, where: 'report' };
  }
}
