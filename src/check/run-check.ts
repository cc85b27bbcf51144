/**
 * One check, from a manifest path to a report: read the manifest, read the compose files it
 * names, build the model, evaluate it. Files come through a FileReader and the environment
 * as a plain map, so this runs the same in the CLI, the action and tests.
 */
import { UsageError } from '../errors.js';
import { readComposeProjects } from '../compose/read-projects.js';
import type { WithheldReason } from '../compose/unset.js';
import { parseManifest } from '../manifest/parse.js';
import { buildModel } from '../model/build.js';
import { withAdvice } from '../model/advice.js';
import { evaluate } from '../model/evaluate.js';
import type { Report } from '../report/types.js';
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
}

export function runCheck(input: CheckInput): Report {
  const path = normalize(input.manifest);
  if (!path.ok)
    throw new UsageError(`the manifest path "${input.manifest}" is not usable: ${path.reason}`);
  const text = input.reader.read(path.path);
  const manifest = parseManifest(text, path.path);
  const compose = readComposeProjects(manifest, {
    reader: input.reader,
    env: input.env,
    ...(input.withheld ? { withheld: input.withheld } : {}),
  });
  const model = buildModel(manifest, compose);
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
  return withAdvice(
    model,
    evaluate(model, wanted && wanted.length > 0 ? { scenarios: wanted } : {}),
  );
}
