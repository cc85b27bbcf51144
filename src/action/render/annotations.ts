/**
 * Annotations for the run and the pull request's diff: every problem that kept a manifest
 * from being checked (errors), every finding at warn or fail level, and every counted
 * scenario's host and resource that warns or fails, at the scenario in the manifest, which is
 * where the figures are put together. The scenarios counted are the required ones and those the run named in its
 * `scenario` input, which count whether required or not. The same finding seen in several scenarios is annotated once. GitHub
 * shows only so many per step, so errors come first and the list is capped with a note.
 */
import { problemText, type Problem } from '../../shared/errors.js';
import { RESOURCES } from '../../shared/terms.js';
import { RESOURCE_LABEL, headroomText } from '../../report/figures.js';
import type { Annotation, AnnotationLevel } from '../annotation.js';
import type { ActionReport } from '../report/action-report.js';
import type { ScenarioReport } from '../../model/results.js';

export const MAX_ANNOTATIONS = 50;

const RANK: Record<AnnotationLevel, number> = { error: 0, warning: 1, notice: 2 };

/** A problem that keeps the input from being checked, at its place in the file. */
export function problemAnnotation(p: Problem): Annotation {
  return {
    level: 'error',
    title: 'headroom: invalid input',
    message: problemText(p),
    file: p.file,
    line: p.line,
    col: p.column,
  };
}

/**
 * At the scenario's line, where the manifest names it; a report read back without one (or
 * one whose scenario is written elsewhere) puts it on the manifest.
 */
function scenarioPlace(
  s: ScenarioReport,
  manifest: string,
): Pick<Annotation, 'file' | 'line' | 'col'> {
  if (s.source?.file !== manifest || s.source.line === undefined) return { file: manifest };
  return { file: manifest, line: s.source.line, col: s.source.column };
}

export function annotationsFor(
  report: ActionReport,
  namedScenarios: readonly string[] = [],
): Annotation[] {
  const named = new Set(namedScenarios);
  const all: Annotation[] = [];
  for (const e of report.errors) {
    for (const p of e.problems) all.push(problemAnnotation(p));
    if (e.omitted > 0) {
      all.push({
        level: 'error',
        title: 'headroom: invalid input',
        message: `${e.omitted} more problem(s) in ${e.manifest} are not listed`,
        file: e.manifest,
      });
    }
  }
  for (const r of report.manifests) {
    const findings = [...r.findings, ...r.scenarios.flatMap((s) => s.findings)];
    for (const f of findings) {
      if (f.level === 'info') continue;
      all.push({
        level: f.level === 'fail' ? 'error' : 'warning',
        title: `headroom: ${f.code}`,
        message: f.message,
        file: f.file,
        line: f.line,
        col: f.column,
      });
    }
    for (const s of r.scenarios) {
      if (!s.required && !named.has(s.name)) continue;
      for (const h of s.hosts) {
        for (const resource of RESOURCES) {
          const res = h.resources[resource];
          if (res.verdict !== 'fail' && res.verdict !== 'warn') continue;
          const room = headroomText(resource, res, r.units, r.policy.judge);
          const what = res.verdict === 'fail' ? 'does not fit' : 'fits with little room';
          all.push({
            level: res.verdict === 'fail' ? 'error' : 'warning',
            title: `headroom: ${res.verdict}`,
            message: `scenario "${s.name}": ${RESOURCE_LABEL[resource]} on "${h.host}" ${what}: headroom ${room} in the ${r.policy.judge} case`,
            ...scenarioPlace(s, r.manifest),
          });
        }
      }
    }
  }
  const seen = new Set<string>();
  const unique = all.filter((a) => {
    const key = JSON.stringify([a.level, a.file, a.line, a.col, a.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // A stable sort: errors first, each kind in the order found.
  unique.sort((a, b) => RANK[a.level] - RANK[b.level]);
  if (unique.length <= MAX_ANNOTATIONS) return unique;
  const shown = unique.slice(0, MAX_ANNOTATIONS - 1);
  shown.push({
    level: 'notice',
    title: 'headroom',
    message: `${unique.length - shown.length} more annotation(s) are not shown; the job summary has the full report`,
  });
  return shown;
}
