/**
 * A check compared with a base: the same manifest evaluated as it was at the base and as it
 * is now. A base where the manifest did not exist yet, or did not validate, is reported as
 * such, never as an error of the change under review.
 */
import { InputError } from '../errors.js';
import { compareReports, type BaseState } from '../report/compare.js';
import type { Report } from '../report/types.js';
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

export function checkBase(head: CheckInput, base: BaseInput): BaseState {
  const manifest = base.manifest ?? head.manifest;
  const path = normalize(manifest);
  if (!path.ok || !base.reader.exists(path.path)) return { status: 'missing', ref: base.ref };
  try {
    // Scenarios the head asks for may not exist at the base: compare all, match by name.
    return {
      status: 'ok',
      ref: base.ref,
      report: runCheck({ ...head, manifest, reader: base.reader, scenarios: [] }),
    };
  } catch (e) {
    if (e instanceof InputError) return { status: 'invalid', ref: base.ref, problems: e.problems };
    throw e;
  }
}

export function runComparedCheck(head: CheckInput, base: BaseInput): Report {
  const report = runCheck(head);
  const state = checkBase(head, base);
  if (state.status === 'ok' && head.scenarios && head.scenarios.length > 0) {
    const wanted = new Set(head.scenarios);
    state.report = {
      ...state.report,
      scenarios: state.report.scenarios.filter((s) => wanted.has(s.name)),
    };
  }
  return compareReports(report, state);
}
