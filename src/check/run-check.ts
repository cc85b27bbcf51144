/**
 * One check, from a manifest path to a report: read the manifest, read the compose files it
 * names, build the model, evaluate it. Files come through a FileReader and the environment
 * as a plain map, so this runs the same in the CLI, the action and tests.
 */
import { InputError, ProblemList, UsageError } from '../shared/errors.js';
import { readComposeProjects } from '../compose/read-projects.js';
import type { WithheldReason } from '../compose/unset.js';
import { parseManifest } from '../manifest/parse.js';
import { buildModel } from '../model/build.js';
import { withAdvice } from '../model/advice.js';
import { Evaluator, evaluate } from '../model/evaluate.js';
import { applySnapshots } from '../model/snapshots.js';
import type { ManifestSpec } from '../model/manifest-spec.js';
import { readSnapshot } from '../snapshot/read.js';
import { type SnapshotFile } from '../model/snapshot-facts.js';
import type { Report } from '../model/results.js';
import { normalize } from '../workspace/paths.js';
import type { FileReader } from '../workspace/reader.js';

export interface CheckInput {
  /** Workspace-relative path of the manifest. */
  manifest: string;
  reader: FileReader;
  /** The process environment, for compose interpolation. */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Variables the caller left out of `env` on purpose (the action withholds credentials and
   * the runner's own variables), by name: a message about one of them being unset says why.
   */
  withheld?: Readonly<Record<string, WithheldReason>>;
  /** Only these scenarios; all when empty or undefined. */
  scenarios?: readonly string[];
  /** When the check runs, to judge the age of host snapshots; none is judged without it. */
  now?: Date;
}

/** Every host snapshot the manifest names, read and checked, by path. */
function readSnapshots(manifest: ManifestSpec, reader: FileReader): Map<string, SnapshotFile> {
  const files = new Map<string, SnapshotFile>();
  const problems = new ProblemList();
  const named = new Map<string, string>();
  for (const h of manifest.hosts) {
    const ref = h.snapshotRef;
    if (!ref) continue;
    const first = named.get(ref.path);
    if (first !== undefined) {
      problems.add({
        ...ref.source,
        message: `hosts "${first}" and "${h.name}" both name the snapshot ${ref.path}; a snapshot describes one server`,
      });
      continue;
    }
    named.set(ref.path, h.name);
    try {
      files.set(ref.path, readSnapshot(reader.read(ref.path, ref.source), ref.path));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      e.problems.forEach((p) => problems.add(p));
    }
  }
  problems.throwIfAny();
  return files;
}

export function runCheck(input: CheckInput): Report {
  const path = normalize(input.manifest);
  if (!path.ok)
    throw new UsageError(`the manifest path "${input.manifest}" is not usable: ${path.reason}`);
  const text = input.reader.read(path.path);
  const manifest = parseManifest(text, path.path);
  const snapshots = readSnapshots(manifest, input.reader);
  const compose = readComposeProjects(manifest, {
    reader: input.reader,
    env: input.env,
    ...(input.withheld ? { withheld: input.withheld } : {}),
  });
  const model = applySnapshots(buildModel(manifest, compose), snapshots, input.now);
  const wanted = input.scenarios?.filter((s) => s.length > 0);
  if (wanted && wanted.length > 0) {
    const known = model.scenarios.map((s) => s.name);
    const unknown = wanted.filter((w) => !known.includes(w));
    if (unknown.length > 0) {
      throw new UsageError(
        `no scenario named ${unknown.map((u) => `"${u}"`).join(', ')} in ${path.path}; it has ${known.map((k) => `"${k}"`).join(', ') || 'none'}`,
      );
    }
  }
  // One evaluator for the check and its advice: the advice re-reads the same placements.
  const evaluator = new Evaluator(model);
  return withAdvice(
    model,
    evaluate(model, { evaluator, ...(wanted && wanted.length > 0 ? { scenarios: wanted } : {}) }),
    evaluator,
  );
}
