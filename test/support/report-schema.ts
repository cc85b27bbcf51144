/** schemas/report.schema.json, compiled for tests: the errors for a report, empty when it fits. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

export function validateReport(report: unknown): string[] {
  const plain = JSON.parse(JSON.stringify(report));
  return validate(plain)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
