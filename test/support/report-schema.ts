/** schemas/report.schema.json, compiled for tests: the errors for a report, empty when it fits. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ActionReport } from '../../src/action/report/action-report.js';
import { parseActionReport } from '../../src/action/report/parse-action-report.js';
import { renderJson, reportFromJson } from '../../src/report/json.js';
import type { Report } from '../../src/model/results.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

/** The errors of a report as the JSON report writes it; empty when it fits the schema. */
export function validateReport(report: Report): string[] {
  const plain = JSON.parse(renderJson(report));
  return validate(plain)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** A JSON report as the command line prints it, read back into the report it was written from. */
export function readJsonReport(text: string): Report {
  return reportFromJson(JSON.parse(text), 'report.json');
}

/** The action's JSON report file, read as a post-report run reads it. */
export function readActionReport(path: string): ActionReport {
  return parseActionReport(readFileSync(path, 'utf8'), path);
}
