/**
 * A check compared with a base: the same manifest evaluated as it was at the base and as it
 * is now. A base where the manifest did not exist yet, or did not validate, is reported as
 * such, never as an error of the change under review.
 */
import { InputError } from '../shared/errors.js';
import { worstOf } from '../model/verdicts.js';
import type { Level, Verdict } from '../shared/terms.js';
import { compareReports, type BaseState } from '../report/compare.js';
import type { Report } from '../model/results.js';
import { normalize } from '../workspace/paths.js';
import type { FileReader } from '../workspace/reader.js';
import { runCheck, type CheckInput } from './run-check.js';

export interface BaseInput {
  /** How the base is named in the report: a branch, a short SHA. */
  ref: string;
  reader: FileReader;
  /** The manifest's path at the base; defaults to the head's. */
  manifest?: string;
}

/**
 * The base, checked. With `wanted` scenarios the base report covers those of them it has,
 * its verdict and minimum headroom summed up over them alone, as the head's are.
 */
export function checkBase(
  head: CheckInput,
  base: BaseInput,
  wanted: readonly string[] = [],
): BaseState {
  const manifest = base.manifest ?? head.manifest;
  const path = normalize(manifest);
  if (!path.ok || !base.reader.exists(path.path)) return { status: 'missing', ref: base.ref };
  try {
    const input = { ...head, manifest, reader: base.reader };
    // Scenarios the head asks for may not exist at the base: check all, match by name.
    const all = runCheck({ ...input, scenarios: [] });
    if (wanted.length === 0) return { status: 'ok', ref: base.ref, report: all };
    const names = all.scenarios.map((s) => s.name).filter((n) => wanted.includes(n));
    const report =
      names.length > 0
        ? runCheck({ ...input, scenarios: names })
        : {
            ...all,
            scenarios: [],
            verdict: worstOf(all.findings.map((f) => LEVEL_VERDICT[f.level])),
            minHeadroomPct: null,
            cheapest: null,
          };
    return { status: 'ok', ref: base.ref, report };
  } catch (e) {
    if (e instanceof InputError) return { status: 'invalid', ref: base.ref, problems: e.problems };
    throw e;
  }
}

const LEVEL_VERDICT: Record<Level, Verdict> = { info: 'pass', warn: 'warn', fail: 'fail' };

export function runComparedCheck(head: CheckInput, base: BaseInput): Report {
  const report = runCheck(head);
  const wanted = (head.scenarios ?? []).filter((s) => s.length > 0);
  return compareReports(report, checkBase(head, base, wanted));
}
