/**
 * The capacity model. For each scenario, each state of its rollout, each host it uses and
 * each resource: available = capacity - used - reserve; demand = the sum over placed
 * services (times replicas) with all lows (best case) and all highs (worst case);
 * headroom = available - demand. Integers throughout (bytes, nanocores), so a verdict at
 * the edge of a threshold is decided exactly.
 *
 * A scenario is one pass over its placed services into one accumulator per host; what does
 * not change between scenarios (a service's figures under a tier, its report, the states of
 * a placement and their port clashes) is worked out once and shared, since a large manifest
 * places the same services in scenario after scenario and the advice evaluates them again.
 */
import { least } from '../shared/lists.js';
import type { CostReport, Report, ScenarioReport } from './results.js';
import { REPORT_VERSION } from './results.js';
import { evaluationCache, rowsOf, type EvaluationCache } from './evaluation-cache.js';
import { evaluateScenario } from './evaluate-scenario.js';
import type { PlacedRows } from './placed.js';
import { levelVerdict, worse, worstOf } from './verdicts.js';
import type { CapacityModel, HostSpec, ScenarioSpec, ServiceSpec } from './types.js';

export interface EvaluateOptions {
  /** Only these scenarios (names); all when undefined. */
  scenarios?: readonly string[];
  /** An evaluator of this model to share (with the advice); a new one by default. */
  evaluator?: Evaluator;
}

export interface RunOptions {
  /** The hosts to evaluate on, by name; the model's by default. */
  hosts?: ReadonlyMap<string, HostSpec>;
  /**
   * Only the verdicts, headroom and findings: hosts list no services and phases name none.
   * The advice checks its suggestions this way; nobody reads those lists.
   */
  brief?: boolean;
}

/**
 * Evaluates scenarios of one model. The lookups are built once and shared by every call, and
 * so are the rows of each placement, which the advice reads too.
 */
export class Evaluator {
  private readonly cache: EvaluationCache;

  constructor(model: CapacityModel) {
    this.cache = evaluationCache(model);
  }

  run(spec: ScenarioSpec, options: RunOptions = {}): ScenarioReport {
    return evaluateScenario(
      spec,
      this.cache,
      options.hosts ?? this.cache.hosts,
      options.brief ?? false,
    );
  }

  /** The placement as rows of indices into `services` and the model's hosts. */
  rows(spec: ScenarioSpec): PlacedRows {
    return rowsOf(spec, this.cache);
  }

  get services(): readonly ServiceSpec[] {
    return this.cache.serviceList;
  }
}

export function scenarioEvaluator(
  model: CapacityModel,
): (spec: ScenarioSpec, options?: RunOptions) => ScenarioReport {
  const evaluator = new Evaluator(model);
  return (spec, options) => evaluator.run(spec, options);
}

export function evaluate(model: CapacityModel, options: EvaluateOptions = {}): Report {
  const wanted = options.scenarios ? new Set(options.scenarios) : null;
  const selected = wanted ? model.scenarios.filter((s) => wanted.has(s.name)) : model.scenarios;

  const evaluator = options.evaluator ?? new Evaluator(model);
  const scenarios = selected.map((s) => evaluator.run(s));
  // Scenarios asked for by name count whether required or not: asking is wanting the answer.
  const required = wanted ? scenarios : scenarios.filter((s) => s.required);
  let verdict = worstOf(model.findings.map((f) => levelVerdict(f.level)));
  for (const s of required) verdict = worse(verdict, s.verdict);

  return {
    version: REPORT_VERSION,
    manifest: model.file,
    verdict,
    units: model.policy.units,
    policy: {
      warnBelowPct: model.policy.warnBelowPpm / 10_000,
      judge: model.policy.judge,
      unestimated: model.policy.unestimated,
    },
    scenarios,
    findings: model.findings.slice(),
    minHeadroomPct: least(
      required.map((s) => s.minHeadroomPct).filter((x): x is number => x !== null),
      null,
    ),
    cheapest: cheapest(scenarios),
  };
}

type Priced = ScenarioReport & { cost: CostReport };

/** Cheaper by the high monthly figure, then the low one. */
function cheaper(a: Priced, b: Priced): boolean {
  return (a.cost.monthly.high - b.cost.monthly.high || a.cost.monthly.low - b.cost.monthly.low) < 0;
}

/** The cheapest scenario that does not fail, when scenarios use different hosts. */
function cheapest(scenarios: readonly ScenarioReport[]): Report['cheapest'] {
  const hostSets = new Set(scenarios.map((s) => s.hosts.map((h) => h.host).join('\u0000')));
  if (hostSets.size < 2) return null;
  const candidates = scenarios.filter((s): s is Priced => s.verdict !== 'fail' && s.cost !== null);
  if (candidates.length === 0) return null;
  const currencies = new Set(candidates.map((s) => s.cost.currency));
  if (currencies.size > 1) return null;
  // Ties go to the scenario listed first.
  const best = candidates.reduce((b, s) => (cheaper(s, b) ? s : b));
  return { scenario: best.name, cost: best.cost };
}
