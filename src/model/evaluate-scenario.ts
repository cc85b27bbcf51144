/**
 * One scenario evaluated, step by step: its placement read as rows, each state of its
 * rollout summed and judged, the findings about its ports and services, each host at its
 * peak, each phase, and the scenario's verdict, least headroom and cost.
 */
import type { CostReport, HostReport, ScenarioReport } from './results.js';
import type { Sized } from './demand.js';
import { statesOf, type EvaluationCache } from './evaluation-cache.js';
import { finding } from './finding.js';
import { hostReports } from './host-reports.js';
import { peakPhase, phaseReports } from './phase-reports.js';
import { placeScenario } from './placed-scenario.js';
import { portConflictFindings } from './port-findings.js';
import { serviceFindings } from './service-findings.js';
import { evaluateStates } from './state-evals.js';
import { sourceRef } from './service-report.js';
import { isJudged, levelVerdict, worse } from './verdicts.js';
import { append } from '../shared/lists.js';
import { RESOURCES, type Finding, type Verdict } from '../shared/terms.js';
import { sumAmounts } from '../units/parse.js';
import type { HostSpec, Policy, ScenarioSpec } from './types.js';

export function evaluateScenario(
  scenario: ScenarioSpec,
  cache: EvaluationCache,
  hostsByName: ReadonlyMap<string, HostSpec>,
  brief: boolean,
): ScenarioReport {
  const placed = placeScenario(scenario, cache, hostsByName);
  const perState = evaluateStates(placed, statesOf(scenario, cache));
  const findings = placed.view.findings.slice();
  append(findings, portConflictFindings(perState, scenario));
  append(findings, serviceFindings(placed));
  const hosts = hostReports(placed, perState, brief);
  const multi = perState.length > 1;
  const phases = multi ? phaseReports(placed, perState, brief) : [];
  const nothingJudged = notJudged(scenario, hosts, placed.sized, cache.policy);
  if (nothingJudged) findings.push(nothingJudged);
  return {
    name: scenario.name,
    verdict: scenarioVerdict(hosts, findings),
    required: scenario.required,
    tier: scenario.tier ?? null,
    hosts,
    phases,
    peakPhase: multi ? peakPhase(phases) : null,
    firstFailPhase: multi ? (phases.find((p) => p.verdict === 'fail')?.name ?? null) : null,
    findings,
    cost: scenarioCost(placed.usedHosts),
    minHeadroomPct: minHeadroomPct(hosts),
    advice: null,
    source: sourceRef(scenario.source),
  };
}

/**
 * A scenario that runs services but could judge none of its hosts' resources (none declared,
 * or none with a figure) has not passed: it warns (fails, when the policy fails unestimated
 * services) rather than show a pass nobody computed.
 */
function notJudged(
  scenario: ScenarioSpec,
  hostReports: readonly HostReport[],
  sized: readonly Sized[],
  policy: Policy,
): Finding | null {
  const judged = hostReports.some((h) => RESOURCES.some((r) => isJudged(h.resources[r].verdict)));
  if (judged || !sized.some((z) => z.steady)) return null;
  const declares = hostReports.some((h) => RESOURCES.some((r) => h.resources[r].declared));
  return finding(
    policy.unestimated === 'fail' ? 'fail' : 'warn',
    'not-judged',
    declares
      ? `nothing in scenario "${scenario.name}" could be judged: no service it places has a figure for a resource its host declares`
      : `nothing in scenario "${scenario.name}" could be judged: its hosts declare no memory, CPU or disk`,
    scenario.source,
  );
}

/** The worst of the scenario's hosts and findings. */
function scenarioVerdict(hosts: readonly HostReport[], findings: readonly Finding[]): Verdict {
  let verdict: Verdict = 'pass';
  for (const h of hosts) verdict = worse(verdict, h.verdict);
  for (const f of findings) verdict = worse(verdict, levelVerdict(f.level));
  return verdict;
}

/** The least worst-case headroom of any resource of any host, as a percentage. */
function minHeadroomPct(hosts: readonly HostReport[]): number | null {
  let min: number | null = null;
  for (const h of hosts) {
    for (const r of RESOURCES) {
      const p = h.resources[r].headroomPct?.worst;
      if (p !== undefined && (min === null || p < min)) min = p;
    }
  }
  return min;
}

/** What the hosts cost a month together, when every one says and in one currency. */
function scenarioCost(hosts: readonly HostSpec[]): CostReport | null {
  const costs: Array<NonNullable<HostSpec['cost']>> = [];
  for (const h of hosts) {
    if (!h.cost) return null;
    costs.push(h.cost);
  }
  if (costs.length === 0) return null;
  const currencies = new Set(costs.map((c) => c.currency ?? null));
  if (currencies.size > 1) return null;
  // Added as the decimals written: no float noise to round away, so a cost under a cent
  // stays what it is instead of becoming 0.
  return {
    monthly: {
      low: sumAmounts(costs.map((c) => c.monthly.low)),
      high: sumAmounts(costs.map((c) => c.monthly.high)),
    },
    currency: [...currencies][0] ?? null,
  };
}
