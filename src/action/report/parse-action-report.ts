/**
 * Reads back a JSON report for a post-report run. The file usually arrives as an artifact
 * of a pull_request run, and a fork's pull request can change that workflow: its content is
 * untrusted. It is checked against the schema in full (the renderer interpolates numbers
 * and enums without escaping them, so their types must be what the schema says), and the
 * verdict and minimum headroom are computed again from the reports rather than believed.
 */
import { InputError } from '../../shared/errors.js';
import validate from '../../generated/action-report-validator.js';
import { reportFromJson, type ReportJson, type ReportJsonV1 } from '../../report/json.js';
import { combinedMinHeadroom, combinedVerdict, type ActionReport } from './action-report.js';

/** A report of 10,000 services in 100 scenarios stays well below this. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export function parseActionReport(text: string, file: string): ActionReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // The parser's message quotes the text around the mistake; say only where it is.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new InputError([
      {
        file,
        message: `this is not a JSON report${at ? ` (invalid JSON at character ${Number(at) + 1})` : ''}`,
      },
    ]);
  }
  if (!validate(data)) {
    throw new InputError([
      {
        file,
        message: `this is not a headroom action report of version 1: ${describeErrors()}`,
      },
    ]);
  }
  const written = data as Omit<ActionReport, 'manifests'> & {
    manifests: Array<ReportJson | ReportJsonV1>;
  };
  const manifests = written.manifests.map((m, i) => reportFromJson(m, file, `/manifests/${i}`));
  return {
    ...written,
    manifests,
    verdict: combinedVerdict(manifests, written.errors.length > 0),
    minHeadroomPct: combinedMinHeadroom(manifests),
  };
}

function describeErrors(): string {
  const errors = validate.errors ?? [];
  const first = errors[0];
  if (!first) return 'it does not match the schema';
  const where = first.instancePath || '/';
  return `${where} ${first.message ?? 'is not valid'}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`;
}
