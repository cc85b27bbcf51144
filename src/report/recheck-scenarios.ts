/**
 * The recheck of a scenario: its hosts' resources, its phases and peaks, its verdict and its
 * smallest headroom.
 */
import { levelVerdict, worstOf } from '../model/verdicts.js';
import { RESOURCES, type Verdict } from '../shared/terms.js';
import { formatPct } from '../units/format.js';
import { RESOURCE_WORDS, judgedHeadroom, name, same, samePair } from './recheck-figures.js';
import { checkDemand, checkHostVerdict, checkJudged, checkResource } from './recheck-resources.js';
import { at, type Place, type Recheck } from './recheck-tally.js';
import type {
  HostReport,
  PhaseReport,
  Report,
  ResourceVerdict,
  ScenarioReport,
} from '../model/results.js';

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

/** What a scenario's figures give, for the report's overall verdict and minimum. */
export interface ScenarioOutcome {
  verdict: Verdict;
  min: number | null;
}

/** Checks a scenario's figures and verdicts; returns what its figures give. */
export function checkScenario(
  rc: Recheck,
  report: Report,
  s: ScenarioReport,
  place: Place,
): ScenarioOutcome {
  const phased = s.phases.length > 0;
  const hostVerdicts = s.hosts.map((h, hi) => {
    const hostPlace = at(place, `/hosts/${hi}`, `host ${name(h.host)}`);
    const verdicts = RESOURCES.map((r) =>
      checkResource(rc, report, h, r, phased, at(hostPlace, `/resources/${r}`, RESOURCE_WORDS[r])),
    );
    return checkHostVerdict(rc, h.verdict, verdicts, hostPlace);
  });
  const phaseWorst = phased ? checkPhases(rc, report, s, place) : 'pass';
  const expected = checkScenarioVerdict(rc, s, hostVerdicts, phaseWorst, place);
  return { verdict: expected, min: checkMinimum(rc, s, place) };
}

/** The scenario's verdict as the worst of its hosts and findings, and no better than a phase. */
function checkScenarioVerdict(
  rc: Recheck,
  s: ScenarioReport,
  hostVerdicts: readonly Verdict[],
  phaseWorst: Verdict,
  place: Place,
): Verdict {
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
  return expected;
}

/** The scenario's smallest worst-case headroom, checked against the one written. */
function checkMinimum(rc: Recheck, s: ScenarioReport, place: Place): number | null {
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
  return min;
}

/**
 * Each phase judged as a scenario's resources are, from the services active in it, and the
 * scenario reported at its peak. Returns the worst verdict the phases' figures give.
 */
function checkPhases(rc: Recheck, report: Report, s: ScenarioReport, place: Place): Verdict {
  const phaseVerdicts = s.phases.map((p, pi) =>
    checkPhase(rc, report, s, p, at(place, `/phases/${pi}`, `phase ${name(p.name)}`)),
  );
  s.hosts.forEach((h, hi) => checkPeaks(rc, report, s, h, hi, place));
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

/** One phase's hosts, from the services active in it; returns the verdict its figures give. */
function checkPhase(
  rc: Recheck,
  report: Report,
  s: ScenarioReport,
  p: PhaseReport,
  phasePlace: Place,
): Verdict {
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
}

/** Each resource of a host as the scenario shows it: the figures of its tightest phase. */
function checkPeaks(
  rc: Recheck,
  report: Report,
  s: ScenarioReport,
  h: HostReport,
  hi: number,
  place: Place,
): void {
  const judgeCase = report.policy.judge;
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
}
