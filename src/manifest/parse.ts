/**
 * capacity.yml text -> ManifestSpec: YAML with positions, schema validation, then every
 * figure parsed into base units. Problems are collected (capped) and thrown together so
 * the user sees all of them at once, each with file:line:column and its JSON path. Each
 * section of the manifest is read by a file of its own: hosts.ts, services.ts, scenarios.ts,
 * compose-entries.ts, policy.ts, and estimates.ts for the figures services and defaults give.
 */
import validateCapacity from '../generated/capacity-validator.js';
import type { ManifestSpec } from '../model/manifest-spec.js';
import { InputError, ProblemList } from '../shared/errors.js';
import { checkSchema } from '../validation/schema-errors.js';
import { loadYaml, type YamlDocument } from '../yaml/load.js';
import { readCompose } from './compose-entries.js';
import { readDefaults } from './estimates.js';
import { readHost } from './hosts.js';
import { readPolicy } from './policy.js';
import { entries, Reader, type Raw } from './reader.js';
import { readScenario } from './scenarios.js';
import { readService } from './services.js';

export function parseManifest(text: string, file: string): ManifestSpec {
  const doc = checkedDocument(text, file);
  const r = new Reader(doc, file);
  const raw = doc.value as Raw;
  const hosts = entries(raw.hosts).map(([name, h]) => readHost(r, name, h as Raw));
  const services = entries(raw.services).map(([name, s]) => readService(r, name, s as Raw));
  const scenarios = entries(raw.scenarios).map(([name, s]) => readScenario(r, name, s as Raw));
  const compose = ((raw.compose as unknown[]) ?? []).map((c, i) => readCompose(r, c, i));
  const { policy, unitsExplicit } = readPolicy(r, (raw.policy as Raw) ?? {});
  const defaults = readDefaults(r, ['defaults'], raw.defaults);
  r.problems.throwIfAny();

  return {
    file,
    hosts,
    services,
    scenarios,
    compose,
    ...(defaults ? { defaults } : {}),
    policy,
    unitsExplicit,
    unitVotes: r.votes,
    findings: r.findings,
  };
}

/** The manifest's one YAML document, once it matches the schema (else its problems, thrown). */
function checkedDocument(text: string, file: string): YamlDocument {
  const docs = loadYaml(text, { file });
  if (
    docs.length === 0 ||
    (docs.length === 1 && (docs[0]!.value === null || docs[0]!.value === undefined))
  ) {
    throw new InputError([
      {
        file,
        line: 1,
        column: 1,
        message: 'the manifest is empty; it needs at least `version: 1` and `hosts:`',
      },
    ]);
  }
  if (docs.length > 1) {
    const second = docs[1]!.locate([]);
    throw new InputError([
      {
        file,
        line: second.line,
        column: second.column,
        message: `the manifest holds ${docs.length} YAML documents; it must be exactly one (remove the extra "---")`,
      },
    ]);
  }
  const doc = docs[0]!;
  const schemaProblems = checkSchema(validateCapacity, doc, { file });
  if (schemaProblems.length > 0) {
    const list = new ProblemList();
    schemaProblems.forEach((p) => list.add(p));
    list.throwIfAny();
  }
  return doc;
}
