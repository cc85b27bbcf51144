/**
 * A report read back from a file someone else wrote, checked against itself: every verdict
 * worked out again from the report's own figures and policy, with the model's judging
 * functions (the thresholds exist once, in the model), and every place where the file says
 * something else named.
 *
 * The fork-safe poster needs this: the report it posts comes from a pull request's own run,
 * which the pull request controls (a fork can change the workflow, or the file). What it
 * can check without the manifest:
 *  - available = capacity - used - reserve, and headroom = available - demand, both cases;
 *  - each resource's verdict from its judged headroom and the policy's threshold, and its
 *    headroom as a percentage of capacity;
 *  - a resource left unjudged ('unknown') only where no placed service has a figure;
 *  - a host's demand as the sum of the services placed on it (without phases);
 *  - each host's verdict as the worst of its resources, each scenario's as the worst of its
 *    hosts and findings, and at least as bad as every phase; a phased scenario's figures as
 *    those of its tightest phase, and each phase's figures the same way;
 *  - the overall verdict and smallest headroom over the required scenarios (or over all of
 *    them, when the run named its scenarios, which then all count);
 *  - the cheapest scenario as one that does not fail; the base's report the same way.
 * What it cannot tell: which scenarios the manifest makes required, which findings the
 * model would have raised, the figures the manifest holds. Those stay the run's word, and
 * the comment says whose run that was.
 *
 * Pure: the report in, the disagreements out; the poster turns them into exit status 2.
 */
import { judge, levelVerdict, pct, worstOf } from '../model/verdicts.js';
import { RESOURCES, type ResourceName, type Verdict } from '../shared/terms.js';
import { formatBytes, formatCores, formatPct } from '../units/format.js';
import { NANO } from '../units/parse.js';
import { compareReports, type BaseState } from './compare.js';
import { visible } from './escape.js';
import type {
  HostReport,
  Pair,
  PhaseHostReport,
  Report,
  ResourceVerdict,
  ScenarioReport,
} from '../model/results.js';

/** One place where the report's words and its figures part. */
export interface Disagreement {
  /** JSON pointer into the report, such as `/scenarios/1/hosts/0/resources/memory/verdict`. */
  path: string;
  /** Which scenario, host and resource, and what the figures give instead. */
  message: string;
}

/** Enough to see what is wrong; a forged file could disagree everywhere. */
export const MAX_DISAGREEMENTS = 50;

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

/**
 * CPU figures travel as cores (nanocores / 10^9) and are read back by multiplying: exact
 * below 2^50 nanocores (about a million cores), within one nanocore above.
 */
const EXACT_NANOCORES = 2 ** 50;

/** A figure in the model's base unit (bytes, nanocores), and how close that is. */
interface Base {
  value: number;
  exact: boolean;
}

function toBase(r: ResourceName, v: number): Base {
  if (r !== 'cpus') return { value: v, exact: true };
  const value = Math.round(v * NANO);
  return { value, exact: Math.abs(value) < EXACT_NANOCORES };
}

/** The values a base figure may have been: itself, or one nanocore either side. */
function around(b: Base): number[] {
  return b.exact ? [b.value] : [b.value - 1, b.value, b.value + 1];
}

/**
 * Whether a figure is one the model could have written: a whole number of bytes below 2^53,
 * or cores that are a whole number of nanocores below 2^53. Anything else (1.5 bytes, 1e300
 * cores) was rounded or made up, and is not judged: the thresholds are exact integer sums.
 */
function countable(r: ResourceName, v: number): boolean {
  return r === 'cpus' ? Number.isSafeInteger(Math.round(v * NANO)) : Number.isSafeInteger(v);
}

function same(r: ResourceName, a: number, b: number): boolean {
  const x = toBase(r, a);
  const y = toBase(r, b);
  return x.exact && y.exact ? x.value === y.value : Math.abs(x.value - y.value) <= 1;
}

function name(s: string): string {
  const v = visible(s);
  return `"${v.length > 80 ? `${v.slice(0, 80)}…` : v}"`;
}

function amount(r: ResourceName, v: number, units: Report['units']): string {
  return r === 'cpus' ? formatCores(v) : formatBytes(v, units);
}

const RESOURCE_WORDS: Record<ResourceName, string> = {
  memory: 'memory',
  cpus: 'CPU',
  disk: 'disk',
};

/** What a resource's figures are, from the model's view, or why they cannot be judged. */
type Figures = Pick<
  PhaseHostReport['resources'][ResourceName],
  'demand' | 'headroom' | 'headroomPct' | 'verdict'
>;

class Recheck {
  readonly found: Disagreement[] = [];
  omitted = 0;

  constructor(private readonly ppm: number) {}

  add(path: string, message: string): void {
    if (this.found.length < MAX_DISAGREEMENTS) this.found.push({ path, message });
    else this.omitted++;
  }

  /** The verdict a judged headroom gives (the worst, where CPU's last nanocore could tip it). */
  verdict(r: ResourceName, headroom: number, capacity: number): Verdict {
    return worstOf(this.verdicts(r, headroom, capacity));
  }

  /** The verdicts a judged headroom may give, allowing for CPU's last nanocore. */
  verdicts(r: ResourceName, headroom: number, capacity: number): Set<Verdict> {
    const out = new Set<Verdict>();
    for (const h of around(toBase(r, headroom)))
      for (const c of around(toBase(r, capacity))) out.add(judge(h, c, this.ppm));
    return out;
  }

  /** The percentages a headroom may be of its capacity, the same way. */
  percents(r: ResourceName, headroom: number, capacity: number): Set<number> {
    const out = new Set<number>();
    for (const h of around(toBase(r, headroom)))
      for (const c of around(toBase(r, capacity))) out.add(pct(h, c));
    return out;
  }
}

interface Place {
  path: string;
  words: string;
}

function at(place: Place, path: string, words?: string): Place {
  return { path: `${place.path}${path}`, words: words ? `${place.words}, ${words}` : place.words };
}

/**
 * Checks the judged figures of one resource against `available`: headroom, percentage and
 * verdict, or that nothing is claimed for a resource left unjudged. Returns the verdict its
 * figures give (the written one when that is among them), which the host's is built from.
 */
function checkJudged(
  rc: Recheck,
  report: Report,
  r: ResourceName,
  capacity: number,
  available: number,
  f: Figures,
  place: Place,
): ResourceVerdict {
  const judgeCase = report.policy.judge;
  const figures = [capacity, available, f.demand.best, f.demand.worst];
  if (f.headroom) figures.push(f.headroom.best, f.headroom.worst);
  if (!figures.every((v) => countable(r, v))) {
    rc.add(
      place.path,
      `${place.words}: a figure is not ${r === 'cpus' ? 'a whole number of billionths of a core' : 'a whole number of bytes'} below 2^53, so the model cannot have written it`,
    );
    return f.verdict === 'pass' || f.verdict === 'warn' ? 'fail' : f.verdict;
  }
  if (f.demand.best > f.demand.worst)
    rc.add(`${place.path}/demand`, `${place.words}: the best-case demand is above the worst case`);
  if (f.verdict === 'unknown' || f.headroom === null) {
    if (f.verdict !== 'unknown' || f.headroom !== null || f.headroomPct !== null) {
      rc.add(
        `${place.path}/verdict`,
        `${place.words}: the verdict is ${f.verdict}, but ${f.headroom === null ? 'no headroom is given' : 'a headroom is given'}`,
      );
    } else if (available < 0) {
      rc.add(
        `${place.path}/verdict`,
        `${place.words}: the verdict is unknown, but used and reserve (${amount(r, capacity - available, report.units)}) exceed the capacity (${amount(r, capacity, report.units)}), which fails whatever the demand`,
      );
      return 'fail';
    }
    return 'unknown';
  }
  for (const c of ['best', 'worst'] as const) {
    const expected = available - f.demand[c];
    if (!same(r, f.headroom[c], expected)) {
      rc.add(
        `${place.path}/headroom/${c}`,
        `${place.words}: the ${c}-case headroom is ${amount(r, f.headroom[c], report.units)}, but available less demand is ${amount(r, expected, report.units)}`,
      );
      return rc.verdict(r, expected, capacity);
    }
    if (f.headroomPct === null || !rc.percents(r, f.headroom[c], capacity).has(f.headroomPct[c])) {
      rc.add(
        `${place.path}/headroomPct/${c}`,
        `${place.words}: the ${c}-case headroom is written as ${f.headroomPct === null ? 'nothing' : formatPct(f.headroomPct[c])} of capacity, but it is ${formatPct(pct(toBase(r, f.headroom[c]).value, toBase(r, capacity).value))}`,
      );
    }
  }
  const given = rc.verdicts(r, f.headroom[judgeCase], capacity);
  if (f.verdict !== 'not-declared' && given.has(f.verdict)) return f.verdict;
  const expected = rc.verdict(r, f.headroom[judgeCase], capacity);
  rc.add(
    `${place.path}/verdict`,
    `${place.words}: the verdict is ${f.verdict}, but its figures give ${expected} (${judgeCase}-case headroom ${amount(r, f.headroom[judgeCase], report.units)} of ${amount(r, capacity, report.units)}, warning below ${formatPct(report.policy.warnBelowPct)})`,
  );
  return expected;
}

function judgedOf(verdicts: readonly ResourceVerdict[]): Verdict[] {
  return verdicts.filter((v): v is Verdict => v === 'pass' || v === 'warn' || v === 'fail');
}

/** Checks a host's verdict against the verdicts its resources' figures give; returns that. */
function checkHostVerdict(
  rc: Recheck,
  written: Verdict,
  resources: readonly ResourceVerdict[],
  place: Place,
): Verdict {
  const expected = worstOf(judgedOf(resources));
  if (written !== expected)
    rc.add(
      `${place.path}/verdict`,
      `${place.words}: the verdict is ${written}, but its resources give ${expected}`,
    );
  return expected;
}

/** The judged headroom of a resource, or endless when it is not judged (as the model picks peaks). */
function judgedHeadroom(f: Figures, judgeCase: 'worst' | 'best'): number {
  return f.headroom === null ? Infinity : f.headroom[judgeCase];
}

function samePair(r: ResourceName, a: Pair | null, b: Pair | null): boolean {
  if (a === null || b === null) return a === b;
  return same(r, a.best, b.best) && same(r, a.worst, b.worst);
}

/**
 * What a host carries is what its steady services ask for (in a phase, those active in it):
 * checked against the demand written, and a resource left unjudged only while none of them
 * has a figure for it.
 */
function checkDemand(
  rc: Recheck,
  report: Report,
  r: ResourceName,
  h: HostReport,
  f: Figures,
  active: ReadonlySet<string> | null,
  place: Place,
): void {
  const steady = h.services.filter(
    (svc) => !svc.oneshot && !svc.sources.oneshot && (active === null || active.has(svc.name)),
  );
  const uncountable = steady.find((svc) =>
    [svc[r]?.best ?? 0, svc[r]?.worst ?? 0].some((v) => !countable(r, v)),
  );
  if (uncountable) {
    rc.add(
      place.path,
      `${place.words}: the figure of service ${name(uncountable.name)} is not ${r === 'cpus' ? 'a whole number of billionths of a core' : 'a whole number of bytes'} below 2^53, so the model cannot have written it`,
    );
    return;
  }
  for (const c of ['best', 'worst'] as const) {
    let sum = 0;
    for (const svc of steady) sum += toBase(r, svc[r]?.[c] ?? 0).value;
    const demand = toBase(r, f.demand[c]);
    if (Math.abs(sum - demand.value) > (demand.exact ? 0 : steady.length + 1)) {
      rc.add(
        `${place.path}/demand/${c}`,
        `${place.words}: the ${c}-case demand is ${amount(r, f.demand[c], report.units)}, but the services placed there add up to ${amount(r, r === 'cpus' ? sum / NANO : sum, report.units)}`,
      );
      return;
    }
  }
  const withFigure = steady.filter((svc) => svc[r] !== null).length;
  if (f.verdict === 'unknown' && withFigure > 0)
    rc.add(
      `${place.path}/verdict`,
      `${place.words}: the verdict is unknown, but ${withFigure} of the services placed there have a figure for it`,
    );
}

/** What a scenario's figures give, for the report's overall verdict and minimum. */
interface ScenarioOutcome {
  verdict: Verdict;
  min: number | null;
}

/** Checks a scenario's figures and verdicts; returns what its figures give. */
function checkScenario(
  rc: Recheck,
  report: Report,
  s: ScenarioReport,
  place: Place,
): ScenarioOutcome {
  const phased = s.phases.length > 0;
  const hostVerdicts = s.hosts.map((h, hi) => {
    const hostPlace = at(place, `/hosts/${hi}`, `host ${name(h.host)}`);
    const verdicts = RESOURCES.map((r): ResourceVerdict => {
      const res = h.resources[r];
      const rp = at(hostPlace, `/resources/${r}`, RESOURCE_WORDS[r]);
      if (res.declared !== (res.capacity !== null) || res.capacity === null) {
        if (
          res.declared ||
          res.capacity !== null ||
          res.available !== null ||
          res.headroom !== null ||
          res.verdict !== 'not-declared'
        )
          rc.add(
            `${rp.path}/verdict`,
            `${rp.words}: a resource the host does not declare is not judged, but this one says ${res.verdict}`,
          );
        return 'not-declared';
      }
      if (![res.capacity, res.used, res.reserve].every((v) => countable(r, v))) {
        rc.add(
          rp.path,
          `${rp.words}: a figure is not ${r === 'cpus' ? 'a whole number of billionths of a core' : 'a whole number of bytes'} below 2^53, so the model cannot have written it`,
        );
        return 'fail';
      }
      const expected = res.capacity - res.used - res.reserve;
      if (res.available === null || !same(r, res.available, expected)) {
        rc.add(
          `${rp.path}/available`,
          `${rp.words}: available is ${res.available === null ? 'not given' : amount(r, res.available, report.units)}, but capacity less used and reserve is ${amount(r, expected, report.units)}`,
        );
        // What the figures would give with the true available, where the demand is countable.
        const demand = res.demand[report.policy.judge];
        return countable(r, demand) ? rc.verdict(r, expected - demand, res.capacity) : 'fail';
      }
      if (!phased) checkDemand(rc, report, r, h, res, null, rp);
      return checkJudged(rc, report, r, res.capacity, res.available, res, rp);
    });
    return checkHostVerdict(rc, h.verdict, verdicts, hostPlace);
  });

  const phaseWorst = phased ? checkPhases(rc, report, s, place) : 'pass';

  const expected = worstOf([...hostVerdicts, ...s.findings.map((f) => levelVerdict(f.level))]);
  if (s.verdict !== expected) {
    rc.add(
      `${place.path}/verdict`,
      `${place.words}: the verdict is ${s.verdict}, but its hosts and findings give ${expected}`,
    );
  } else if (RANK[phaseWorst] > RANK[s.verdict]) {
    // A phase fails on its hosts (whose peak the scenario shows) or on a port clash (which is
    // one of the scenario's findings): never worse than the scenario.
    rc.add(
      `${place.path}/verdict`,
      `${place.words}: the verdict is ${s.verdict}, but a phase of it is ${phaseWorst}`,
    );
  }
  const pcts: number[] = [];
  for (const h of s.hosts)
    for (const r of RESOURCES) {
      const p = h.resources[r].headroomPct;
      if (p) pcts.push(p.worst);
    }
  const min = pcts.length > 0 ? pcts.reduce((a, b) => (b < a ? b : a)) : null;
  if (s.minHeadroomPct !== min)
    rc.add(
      `${place.path}/minHeadroomPct`,
      `${place.words}: the smallest headroom is written as ${s.minHeadroomPct === null ? 'nothing' : formatPct(s.minHeadroomPct)}, but its resources give ${min === null ? 'nothing' : formatPct(min)}`,
    );
  return { verdict: expected, min };
}

/**
 * Each phase judged as a scenario's resources are, from the services active in it, and the
 * scenario reported at its peak. Returns the worst verdict the phases' figures give.
 */
function checkPhases(rc: Recheck, report: Report, s: ScenarioReport, place: Place): Verdict {
  const judgeCase = report.policy.judge;
  const phaseVerdicts = s.phases.map((p, pi) => {
    const phasePlace = at(place, `/phases/${pi}`, `phase ${name(p.name)}`);
    const active = new Set(p.services);
    const hostVerdicts = s.hosts.map((h) => {
      const hi = p.hosts.findIndex((x) => x.host === h.host);
      const ph = p.hosts[hi];
      if (!ph) {
        rc.add(`${phasePlace.path}/hosts`, `${phasePlace.words}: host ${name(h.host)} is missing`);
        return 'pass';
      }
      const hostPlace = at(phasePlace, `/hosts/${hi}`, `host ${name(h.host)}`);
      const verdicts = RESOURCES.map((r): ResourceVerdict => {
        const top = h.resources[r];
        if (top.capacity === null || top.available === null) return 'not-declared';
        const rp = at(hostPlace, `/resources/${r}`, RESOURCE_WORDS[r]);
        checkDemand(rc, report, r, h, ph.resources[r], active, rp);
        return checkJudged(rc, report, r, top.capacity, top.available, ph.resources[r], rp);
      });
      return checkHostVerdict(rc, ph.verdict, verdicts, hostPlace);
    });
    const hostsWorst = worstOf(hostVerdicts);
    if (RANK[p.verdict] < RANK[hostsWorst])
      rc.add(
        `${phasePlace.path}/verdict`,
        `${phasePlace.words}: the verdict is ${p.verdict}, but its hosts give ${hostsWorst}`,
      );
    // A port clash can fail a phase whatever its hosts: the written verdict stands then.
    return RANK[p.verdict] > RANK[hostsWorst] ? p.verdict : hostsWorst;
  });
  s.hosts.forEach((h, hi) => {
    for (const r of RESOURCES) {
      const top = h.resources[r];
      if (top.capacity === null) continue;
      const rp = at(
        place,
        `/hosts/${hi}/resources/${r}`,
        `host ${name(h.host)}, ${RESOURCE_WORDS[r]}`,
      );
      // Phases of one name are refused in manifests now; a report from before may have them.
      const candidates = s.phases
        .filter((p) => p.name === top.peakPhase)
        .map((p) => p.hosts.find((x) => x.host === h.host)?.resources[r])
        .filter((f) => f !== undefined);
      if (candidates.length === 0) {
        rc.add(
          `${rp.path}/peakPhase`,
          `${rp.words}: its tightest phase is not one of the scenario's phases`,
        );
        continue;
      }
      let least = Infinity;
      for (const p of s.phases) {
        const f = p.hosts.find((x) => x.host === h.host)?.resources[r];
        if (f) least = Math.min(least, judgedHeadroom(f, judgeCase));
      }
      const shown = judgedHeadroom(top, judgeCase);
      const shownIsPeak = candidates.some(
        (inPeak) =>
          samePair(r, top.demand, inPeak.demand) &&
          samePair(r, top.headroom, inPeak.headroom) &&
          top.verdict === inPeak.verdict,
      );
      if (!shownIsPeak || !(shown === least || (Number.isFinite(shown) && same(r, shown, least))))
        rc.add(
          `${rp.path}/peakPhase`,
          `${rp.words}: the figures shown are not those of its tightest phase`,
        );
    }
  });
  const firstFail = s.phases.find((p) => p.verdict === 'fail')?.name ?? null;
  if (s.firstFailPhase !== firstFail)
    rc.add(
      `${place.path}/firstFailPhase`,
      `${place.words}: the first failing phase is not the one named`,
    );
  if (!s.phases.some((p) => p.name === s.peakPhase))
    rc.add(`${place.path}/peakPhase`, `${place.words}: its peak is not one of its phases`);
  return worstOf(phaseVerdicts);
}

function checkOverall(
  rc: Recheck,
  report: Report,
  outcomes: readonly ScenarioOutcome[],
  place: Place,
): void {
  const global = report.findings.map((f) => levelVerdict(f.level));
  // The scenarios that count: the required ones, or every one when the run named them.
  const outcome = (all: boolean) => {
    const counted = report.scenarios.flatMap((s, i) => (all || s.required ? [outcomes[i]!] : []));
    const mins = counted.map((s) => s.min).filter((v): v is number => v !== null);
    return {
      verdict: worstOf([...global, ...counted.map((s) => s.verdict)]),
      min: mins.length > 0 ? mins.reduce((a, b) => (b < a ? b : a)) : null,
    };
  };
  const required = outcome(false);
  const named = outcome(true);
  const fits = (o: typeof required) =>
    o.verdict === report.verdict && o.min === report.minHeadroomPct;
  if (!fits(required) && !fits(named)) {
    if (report.verdict !== required.verdict && report.verdict !== named.verdict)
      rc.add(
        `${place.path}/verdict`,
        `${place.words}the verdict is ${report.verdict}, but its required scenarios give ${required.verdict}`,
      );
    else
      rc.add(
        `${place.path}/minHeadroomPct`,
        `${place.words}the smallest headroom is written as ${report.minHeadroomPct === null ? 'nothing' : formatPct(report.minHeadroomPct)}, but its required scenarios give ${required.min === null ? 'nothing' : formatPct(required.min)}`,
      );
  }
  if (report.cheapest) {
    const s = report.scenarios.find((x) => x.name === report.cheapest!.scenario);
    if (!s || s.verdict === 'fail')
      rc.add(
        `${place.path}/cheapest`,
        `${place.words}the cheapest scenario that fits is named as ${name(report.cheapest.scenario)}, which ${s ? 'fails' : 'is not in the report'}`,
      );
  }
}

function recheckInto(rc: Recheck, report: Report, place: Place): void {
  const outcomes = report.scenarios.map((s, si) =>
    checkScenario(rc, report, s, {
      path: `${place.path}/scenarios/${si}`,
      words: `${place.words}scenario ${name(s.name)}`,
    }),
  );
  checkOverall(rc, report, outcomes, place);
}

/** JSON with its keys in order, so two reports built in different orders compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The comparison with the base worked out again from the two reports, as the run did: the
 * changes, the deltas and the regressions must come out the same.
 */
function changesAgree(report: Report): boolean {
  const b = report.base;
  if (!b) return false;
  const state: BaseState | null =
    b.status === 'ok' && b.report
      ? { status: 'ok', ref: b.ref, report: b.report }
      : b.status === 'missing'
        ? { status: 'missing', ref: b.ref }
        : b.status === 'invalid'
          ? { status: 'invalid', ref: b.ref, problems: b.problems ?? [] }
          : null;
  return state !== null && canonical(compareReports(report, state)) === canonical(report);
}

/**
 * Every place where the report's verdicts, headroom or summaries are not what its figures
 * and policy give (at most MAX_DISAGREEMENTS, then a count), its base's report included.
 * An empty list: the report agrees with itself.
 */
export function recheckReport(report: Report): { disagreements: Disagreement[]; omitted: number } {
  const ppm = Math.round(report.policy.warnBelowPct * 10_000);
  const rc = new Recheck(ppm);
  if (ppm / 10_000 !== report.policy.warnBelowPct || ppm < 0 || ppm > 1_000_000) {
    rc.add(
      '/policy/warnBelowPct',
      `the policy warns below ${report.policy.warnBelowPct}%, which no manifest can say (a percentage up to 100, in steps of 0.0001)`,
    );
    return { disagreements: rc.found, omitted: rc.omitted };
  }
  recheckInto(rc, report, { path: '', words: '' });
  if (report.changes && !changesAgree(report))
    rc.add(
      '/changes',
      'its changes against the base (verdicts, headroom deltas, regressions) are not what the figures of the two reports give',
    );
  const base = report.base?.report;
  if (base) {
    const inner = recheckReport(base);
    for (const d of inner.disagreements) rc.add(`/base/report${d.path}`, `its base: ${d.message}`);
    rc.omitted += inner.omitted;
  }
  return { disagreements: rc.found, omitted: rc.omitted };
}
