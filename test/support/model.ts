import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseManifest } from '../../src/manifest/parse.js';
import { buildModel } from '../../src/model/build.js';
import { evaluate } from '../../src/model/evaluate.js';
import type { Report, ResourceReport, ScenarioReport } from '../../src/report/types.js';

/** Evaluates an inline manifest, as the CLI would without compose files. */
export function evaluateYaml(text: string, file = 'capacity.yml'): Report {
  return evaluate(buildModel(parseManifest(text, file)));
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
