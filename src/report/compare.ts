/**
 * Base versus head: what a pull request did to the headroom. The head report gains the base
 * report (same shape), a delta on every resource present in both, and a summary of what
 * appeared, disappeared and changed verdict. A PR regresses when a required scenario ends
 * with a worse verdict than it had, or when one that was already below its threshold loses
 * more headroom.
 */
import type { Problem } from '../shared/errors.js';
import { RESOURCES, type ResourceName, type Verdict } from '../shared/terms.js';
import type {
  Changes,
  HostReport,
  Pair,
  Report,
  ResourceReport,
  ScenarioReport,
  ServiceReport,
} from '../model/results.js';

export type BaseState =
  | { status: 'ok'; ref: string; report: Report }
  | { status: 'missing'; ref: string }
  | { status: 'invalid'; ref: string; problems: readonly Problem[] };

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

function sub(a: Pair, b: Pair): Pair {
  return { best: round(a.best - b.best), worst: round(a.worst - b.worst) };
}

/** Keeps cores and percentages free of float noise such as 0.30000000000000004. */
function round(n: number): number {
  return Number.isInteger(n) ? n : Math.round(n * 1e9) / 1e9;
}

function names<T>(list: readonly T[], key: (t: T) => string): Set<string> {
  return new Set(list.map(key));
}

function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((x) => !b.has(x));
}

function hostsOf(r: Report): Set<string> {
  const out = new Set<string>();
  for (const s of r.scenarios) for (const h of s.hosts) out.add(h.host);
  return out;
}

function servicesOf(r: Report): Set<string> {
  const out = new Set<string>();
  // Scenarios of the same services share their lists: each list is read once.
  const seen = new Set<readonly ServiceReport[]>();
  for (const s of r.scenarios) {
    for (const h of s.hosts) {
      if (seen.has(h.services)) continue;
      seen.add(h.services);
      for (const x of h.services) out.add(x.name);
    }
  }
  return out;
}

/** A problem with only the fields the report format has, whatever the error carried. */
function reportProblem(p: Problem): Problem {
  return {
    file: p.file,
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
    ...(p.path !== undefined ? { path: p.path } : {}),
    message: p.message,
  };
}

/** The head report with `base`, `changes` and per-resource `delta` filled in. */
export function compareReports(head: Report, base: BaseState): Report {
  const baseReport = base.status === 'ok' ? base.report : null;
  const baseScenarios = new Map((baseReport?.scenarios ?? []).map((s) => [s.name, s]));
  const changes = whatAppeared(head, base, baseReport, baseScenarios);
  const scenarios = head.scenarios.map((s) =>
    compareScenario(s, baseScenarios.get(s.name), head.policy.judge, changes),
  );
  changes.regression = changes.regressions.length > 0;

  return {
    ...head,
    scenarios,
    base: baseReport ? { status: 'ok', ref: base.ref, report: baseReport } : { ...changes.base },
    changes,
  };
}

/** The base's state and the scenarios, hosts and services added and removed; no verdicts yet. */
function whatAppeared(
  head: Report,
  base: BaseState,
  baseReport: Report | null,
  baseScenarios: ReadonlyMap<string, ScenarioReport>,
): Changes {
  return {
    base: {
      status: base.status,
      ref: base.ref,
      ...(base.status === 'invalid' ? { problems: base.problems.map(reportProblem) } : {}),
    },
    scenarios: {
      added: difference(
        names(head.scenarios, (s) => s.name),
        new Set(baseScenarios.keys()),
      ),
      removed: baseReport
        ? difference(
            new Set(baseScenarios.keys()),
            names(head.scenarios, (s) => s.name),
          )
        : [],
    },
    hosts: baseReport
      ? {
          added: difference(hostsOf(head), hostsOf(baseReport)),
          removed: difference(hostsOf(baseReport), hostsOf(head)),
        }
      : { added: [], removed: [] },
    services: baseReport
      ? {
          added: difference(servicesOf(head), servicesOf(baseReport)),
          removed: difference(servicesOf(baseReport), servicesOf(head)),
        }
      : { added: [], removed: [] },
    verdicts: [],
    resources: [],
    regression: false,
    regressions: [],
  };
}

/** A head scenario with its deltas; its verdict change, headroom changes and regression noted. */
function compareScenario(
  s: ScenarioReport,
  before: ScenarioReport | undefined,
  judge: Report['policy']['judge'],
  changes: Changes,
): ScenarioReport {
  if (before && before.verdict !== s.verdict)
    changes.verdicts.push({ scenario: s.name, base: before.verdict, head: s.verdict });
  let lostHeadroom: string | null = null;
  const baseHosts = new Map((before?.hosts ?? []).map((x) => [x.host, x]));
  const hosts = s.hosts.map((h) => {
    const compared = compareHost(s.name, h, baseHosts.get(h.host), judge, changes);
    lostHeadroom ??= compared.lostHeadroom;
    return compared.host;
  });
  if (s.required) noteRegression(s, before, lostHeadroom, changes);
  return { ...s, hosts };
}

/**
 * A host's resources with their deltas, each changed headroom noted, and the first resource
 * that lost headroom in the judged case, as a regression names it.
 */
function compareHost(
  scenario: string,
  h: HostReport,
  bh: HostReport | undefined,
  judge: Report['policy']['judge'],
  changes: Changes,
): { host: HostReport; lostHeadroom: string | null } {
  let lostHeadroom: string | null = null;
  const resources = {} as Record<ResourceName, ResourceReport>;
  for (const r of RESOURCES) {
    const now = h.resources[r];
    const was = bh?.resources[r];
    if (!was || !now.headroom || !was.headroom || !now.headroomPct || !was.headroomPct) {
      resources[r] = { ...now, delta: null };
      continue;
    }
    const delta = {
      headroom: sub(now.headroom, was.headroom),
      headroomPct: sub(now.headroomPct, was.headroomPct),
    };
    resources[r] = { ...now, delta };
    if (delta.headroom.best !== 0 || delta.headroom.worst !== 0) {
      changes.resources.push({
        scenario,
        host: h.host,
        resource: r,
        base: was.headroom,
        head: now.headroom,
        delta: delta.headroom,
        basePct: was.headroomPct,
        headPct: now.headroomPct,
      });
    }
    if (delta.headroom[judge] < 0 && lostHeadroom === null) lostHeadroom = `${r} on "${h.host}"`;
  }
  return { host: { ...h, resources }, lostHeadroom };
}

/**
 * A required scenario regresses when its verdict worsens, or when it was not passing and
 * loses headroom.
 */
function noteRegression(
  s: ScenarioReport,
  before: ScenarioReport | undefined,
  lostHeadroom: string | null,
  changes: Changes,
): void {
  const baseVerdict: Verdict = before?.verdict ?? 'pass';
  if (RANK[s.verdict] > RANK[baseVerdict]) {
    changes.regressions.push(
      before
        ? `"${s.name}" went from ${baseVerdict} to ${s.verdict}`
        : `"${s.name}" is new and ${s.verdict === 'fail' ? 'fails' : 'warns'}`,
    );
  } else if (s.verdict !== 'pass' && lostHeadroom !== null) {
    changes.regressions.push(
      `"${s.name}" already ${s.verdict === 'fail' ? 'failed' : 'warned'} and loses more headroom (${lostHeadroom})`,
    );
  }
}
