/**
 * Checks every manifest on its own: one manifest with a mistake must not hide what the
 * others say, so its problems are kept next to the other manifests' reports instead of
 * ending the run. With a base, each manifest is compared with itself as it was there.
 */
import { runComparedCheck, type BaseInput } from '../../check/compare-check.js';
import { runCheck, type CheckInput } from '../../check/run-check.js';
import { InputError, type Problem } from '../../shared/errors.js';
import type { Report } from '../../model/results.js';
import type { FileReader } from '../../workspace/reader.js';

export interface ManifestErrors {
  manifest: string;
  problems: Problem[];
  /** Problems found beyond the ones listed. */
  omitted: number;
}

export type ManifestOutcome =
  { kind: 'report'; manifest: string; report: Report } | ({ kind: 'invalid' } & ManifestErrors);

export interface CheckManifestsInput {
  manifests: readonly string[];
  reader: FileReader;
  env: Readonly<Record<string, string | undefined>>;
  /** Variables left out of `env` on purpose, by name, with the reason. */
  withheld?: CheckInput['withheld'];
  scenarios: readonly string[];
  /** When the check runs, to judge the age of host snapshots. */
  now?: Date;
  /** On a pull request whose base could be read: each manifest is also checked there. */
  base?: Pick<BaseInput, 'ref' | 'reader'>;
}

export function checkManifests(input: CheckManifestsInput): ManifestOutcome[] {
  return input.manifests.map((manifest): ManifestOutcome => {
    try {
      const head: CheckInput = {
        manifest,
        reader: input.reader,
        env: input.env,
        scenarios: input.scenarios,
        ...(input.withheld ? { withheld: input.withheld } : {}),
        ...(input.now ? { now: input.now } : {}),
      };
      const report = input.base ? runComparedCheck(head, input.base) : runCheck(head);
      return { kind: 'report', manifest, report };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // Problems keep only the fields the report format knows, whatever the error held.
      const problems = e.problems.map((p) => ({
        file: p.file,
        ...(p.line !== undefined ? { line: p.line } : {}),
        ...(p.column !== undefined ? { column: p.column } : {}),
        ...(p.path !== undefined ? { path: p.path } : {}),
        message: p.message,
      }));
      return { kind: 'invalid', manifest, problems, omitted: e.omitted };
    }
  });
}
