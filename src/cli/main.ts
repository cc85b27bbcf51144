/**
 * The CLI's imperative shell: arguments in, files read, report printed, exit status out.
 * This is the one place where the CLI turns errors into messages and statuses.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runComparedCheck } from '../check/compare-check.js';
import { runCheck } from '../check/run-check.js';
import { InputError, UsageError, formatProblem } from '../shared/errors.js';
import { EXIT, exitStatus } from '../check/exit-status.js';
import { terminal } from '../report/escape.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderText } from '../report/text.js';
import { diskReader } from '../workspace/disk-reader.js';
import { gitReader } from '../workspace/git-reader.js';
import { placeManifest } from '../workspace/manifest-root.js';
import { USAGE, parseCommand } from './args.js';
import { VERSION } from '../shared/version.js';

export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether standard error is a terminal (progress lines go there). */
  stderrIsTTY?: boolean;
  /** The clock, read once per command; default the system's. */
  now?: () => Date;
  /** The machine's host name, for `snapshot`. */
  hostname?: () => string;
}

/** Why the report could not be written, in words, without the absolute path. */
const WRITE_FAILURES: Record<string, string> = {
  ENOENT: 'the folder it should go in does not exist',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

function writeReport(cwd: string, output: string, text: string): void {
  try {
    writeFileSync(resolve(cwd, output), text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason = WRITE_FAILURES[code] ?? `the file system said ${code || 'no'}`;
    throw new InputError([{ file: output, message: `cannot write the report here: ${reason}` }]);
  }
}

/**
 * The command line, whatever the command: `snapshot` waits on the Docker engine, so this
 * answers with a promise; the others run synchronously through `main`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let cmd;
  try {
    cmd = parseCommand(argv);
  } catch (e) {
    return failure(e, io);
  }
  if (cmd.command !== 'snapshot') return main(argv, io);
  try {
    // Only this command reads /proc and the engine: the others do not load its code.
    const { runSnapshot } = await import('./snapshot.js');
    return await runSnapshot(cmd, io);
  } catch (e) {
    return failure(e, io);
  }
}

export function main(argv: readonly string[], io: CliIo): number {
  try {
    const cmd = parseCommand(argv);
    if (cmd.command === 'snapshot') throw new Error('snapshot runs through runCli');
    if (cmd.command === 'help') {
      io.stdout(USAGE);
      return EXIT.pass;
    }
    if (cmd.command === 'version') {
      io.stdout(`${VERSION}\n`);
      return EXIT.pass;
    }
    const place = placeManifest(io.cwd, cmd.manifest);
    const head = {
      manifest: place.manifest,
      reader: diskReader(place.root),
      env: io.env,
      scenarios: cmd.scenarios,
      now: io.now?.() ?? new Date(),
    };
    let report;
    if (cmd.command === 'diff') {
      const base = placeManifest(io.cwd, cmd.baseManifest);
      report = runComparedCheck(head, {
        ref: base.manifest,
        reader: diskReader(base.root),
        manifest: base.manifest,
      });
    } else if (cmd.base !== undefined) {
      if (!place.repository) {
        throw new UsageError(
          `--base reads the manifest from git, but "${cmd.manifest}" is not in a git repository`,
        );
      }
      const reader = gitReader(place.root, cmd.base);
      report = runComparedCheck(head, {
        ref: `${cmd.base} (${reader.commit.slice(0, 7)})`,
        reader,
      });
    } else {
      report = runCheck(head);
    }
    const rendered =
      cmd.format === 'json'
        ? renderJson(report)
        : cmd.format === 'markdown'
          ? renderMarkdown(report)
          : renderText(report);
    // Written before anything is printed, so a report that cannot be saved is not mistaken
    // for a finished run.
    if (cmd.output !== undefined) writeReport(io.cwd, cmd.output, renderJson(report));
    io.stdout(rendered);
    return exitStatus(report.verdict, cmd.failOn, report.changes?.regression);
  } catch (e) {
    return failure(e, io);
  }
}

/** The one place the CLI turns an error into a message and an exit status. */
function failure(e: unknown, io: CliIo): number {
  if (e instanceof InputError) {
    io.stderr(e.problems.map((p) => `error: ${terminal(formatProblem(p))}\n`).join(''));
    if (e.omitted > 0) io.stderr(`error: ... and ${e.omitted} more problem(s)\n`);
    return EXIT.invalid;
  }
  if (e instanceof UsageError) {
    io.stderr(`error: ${terminal(e.message)}\n\n${USAGE}`);
    return EXIT.invalid;
  }
  const err = e as Error;
  io.stderr(
    `internal error: ${terminal(err?.message ?? String(e))}\nThis is a bug in headroom; please report it.\n`,
  );
  if (io.env.HEADROOM_DEBUG) io.stderr(`${err?.stack ?? ''}\n`);
  return EXIT.internal;
}
