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
import { levelVerdict, worstOf } from '../model/verdicts.js';
import { formatPct } from '../units/format.js';
import { compareReports, type BaseState } from './compare.js';
import { name } from './recheck-figures.js';
import { checkScenario, type ScenarioOutcome } from './recheck-scenarios.js';
import { Recheck, type Disagreement, type Place } from './recheck-tally.js';
import type { Report } from '../model/results.js';

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
