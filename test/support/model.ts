import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCheck } from '../../src/check/run-check.js';
import { memoryReader } from '../../src/workspace/reader.js';
import type { Report, ResourceReport, ScenarioReport } from '../../src/model/results.js';

/** Checks an inline manifest through the same pipeline as the CLI and the action. */
export function evaluateYaml(
  text: string,
  file = 'capacity.yml',
  files: Record<string, string> = {},
): Report {
  return runCheck({ manifest: file, reader: memoryReader({ ...files, [file]: text }), env: {} });
}

export const SEED_MANIFEST = 'examples/seed/capacity.yml';

export function seedText(): string {
  return readFileSync(fileURLToPath(new URL(`../../${SEED_MANIFEST}`, import.meta.url)), 'utf8');
}

export function scenario(report: Report, name: string): ScenarioReport {
  const s = report.scenarios.find((x) => x.name === name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s;
}

export function resource(
  report: Report,
  scenarioName: string,
  host: string,
  r: 'memory' | 'cpus' | 'disk',
): ResourceReport {
  const h = scenario(report, scenarioName).hosts.find((x) => x.host === host);
  if (!h) throw new Error(`no host ${host}`);
  return h.resources[r];
}
