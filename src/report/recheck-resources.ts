/**
 * The recheck of one resource of a scenario's host (available, demand, judged figures) and
 * of the host's verdict.
 */
import { pct, worstOf } from '../model/verdicts.js';
import type { ResourceName, Verdict } from '../shared/terms.js';
import { formatPct } from '../units/format.js';
import { NANO } from '../units/parse.js';
import {
  amount,
  countable,
  name,
  notCountable,
  same,
  toBase,
  type Figures,
} from './recheck-figures.js';
import type { Place, Recheck } from './recheck-tally.js';
import type { HostReport, Report, ResourceVerdict } from '../model/results.js';

/**
 * Checks one resource of a scenario's host: left unjudged when the host does not declare it,
 * available as capacity less used and reserve, its demand (phases check theirs), its judged
 * figures. Returns the verdict its figures give.
 */
export function checkResource(
  rc: Recheck,
  report: Report,
  h: HostReport,
  r: ResourceName,
  phased: boolean,
  place: Place,
): ResourceVerdict {
  const res = h.resources[r];
  if (res.declared !== (res.capacity !== null) || res.capacity === null) {
    if (
      res.declared ||
      res.capacity !== null ||
      res.available !== null ||
      res.headroom !== null ||
      res.verdict !== 'not-declared'
    )
      rc.add(
        `${place.path}/verdict`,
        `${place.words}: a resource the host does not declare is not judged, but this one says ${res.verdict}`,
      );
    return 'not-declared';
  }
  if (![res.capacity, res.used, res.reserve].every((v) => countable(r, v))) {
    rc.add(place.path, `${place.words}: a figure is ${notCountable(r)}`);
    return 'fail';
  }
  const expected = res.capacity - res.used - res.reserve;
  if (res.available === null || !same(r, res.available, expected)) {
    rc.add(
      `${place.path}/available`,
      `${place.words}: available is ${res.available === null ? 'not given' : amount(r, res.available, report.units)}, but capacity less used and reserve is ${amount(r, expected, report.units)}`,
    );
    // What the figures would give with the true available, where the demand is countable.
    const demand = res.demand[report.policy.judge];
    return countable(r, demand) ? rc.verdict(r, expected - demand, res.capacity) : 'fail';
  }
  if (!phased) checkDemand(rc, report, r, h, res, null, place);
  return checkJudged(rc, report, r, res.capacity, res.available, res, place);
}

/**
 * Checks the judged figures of one resource against `available`: headroom, percentage and
 * verdict, or that nothing is claimed for a resource left unjudged. Returns the verdict its
 * figures give (the written one when that is among them), which the host's is built from.
 */
export function checkJudged(
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
    rc.add(place.path, `${place.words}: a figure is ${notCountable(r)}`);
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
export function checkHostVerdict(
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

/**
 * What a host carries is what its steady services ask for (in a phase, those active in it):
 * checked against the demand written, and a resource left unjudged only while none of them
 * has a figure for it.
 */
export function checkDemand(
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
      `${place.words}: the figure of service ${name(uncountable.name)} is ${notCountable(r)}`,
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
