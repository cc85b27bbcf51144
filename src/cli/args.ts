/** Command-line arguments into a typed command, with node's own parser (util.parseArgs). */
import { parseArgs } from 'node:util';
import { FAIL_ON, type FailOn } from '../check/exit-status.js';
import { UsageError, oneOf } from '../shared/errors.js';

export type Format = 'text' | 'markdown' | 'json';

export interface CheckCommand {
  command: 'check';
  manifest: string;
  format: Format;
  scenarios: string[];
  failOn: FailOn;
  /** Also write the JSON report here. */
  output?: string;
  /** Compare with the manifest as it is at this git ref. */
  base?: string;
}

export interface DiffCommand extends Omit<CheckCommand, 'command' | 'base'> {
  command: 'diff';
  /** The manifest before the change (a file). */
  baseManifest: string;
}

/** Records what this server has and runs, for a manifest's `snapshot:`. */
export interface SnapshotCommand {
  command: 'snapshot';
  /** The host's name in the snapshot; default the machine's host name. */
  host?: string;
  /** Write here instead of printing. */
  out?: string;
  disks: string[];
  format: 'yaml' | 'json';
  proc: string;
  cgroup: string;
}

export type Command =
  CheckCommand | DiffCommand | SnapshotCommand | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage: headroom check [manifest] [options]
       headroom diff BASE_MANIFEST HEAD_MANIFEST [options]
       headroom snapshot [--host NAME] [--out FILE] [--disk PATH ...] [--format yaml|json]

check: checks that the services in a capacity manifest fit on its hosts, and with how much
room. diff: the same for HEAD_MANIFEST, compared with BASE_MANIFEST: headroom before and
after, and what changed. snapshot: records what this server has and what runs on it
(CPUs, memory, disks, systemd services, containers) for a manifest's \`snapshot:\`.

Arguments:
  manifest                 the capacity manifest (default: capacity.yml)

Options:
  --format text|markdown|json   how to print the report (default: text)
  --scenario NAME               only this scenario; repeat or separate with commas
  --fail-on fail|warn|never|regression
                                which outcome exits with status 1 (default: fail);
                                regression: only a change that makes a required
                                scenario worse than at the base
  --base REF                    (check) compare with the manifest at this git ref
  --output FILE                 also write the JSON report to FILE

Options of snapshot:
  --host NAME                   the server's name (default: this machine's host name)
  --out FILE                    write the snapshot to FILE (JSON when it ends in .json)
                                instead of printing it
  --disk PATH                   measure the file system holding PATH; repeat (default: /)
  --format yaml|json            (default: yaml, or json for a FILE ending in .json)
  --proc DIR, --cgroup DIR      read another proc and cgroup tree (default: /proc,
                                /sys/fs/cgroup)

  -h, --help                    show this help
  -v, --version                 show the version

Exit status: 0 the check passed (or only warned; snapshot: it was written), 1 the check failed,
2 the input or the command line is invalid, 3 headroom itself went wrong.
`;

/** An option that takes one of a few words, `fallback` when it is not given. */
function choice<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  return value === undefined ? fallback : oneOf(`--${name}`, value, allowed);
}

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        scenario: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        output: { type: 'string' },
        base: { type: 'string' },
        host: { type: 'string' },
        out: { type: 'string' },
        disk: { type: 'string', multiple: true },
        proc: { type: 'string' },
        cgroup: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError(
      (e as Error).message.replace(/\. To specify a positional argument.*$/, ''),
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) return { command: 'help' };
  const given = (names: readonly (keyof typeof values)[]): string[] =>
    names.filter((n) => values[n] !== undefined).map((n) => `--${n}`);
  if (command === 'snapshot') {
    const foreign = given(['scenario', 'fail-on', 'output', 'base']);
    if (foreign.length > 0) {
      throw new UsageError(`${foreign.join(', ')} go(es) with check and diff, not snapshot`);
    }
    return parseSnapshot(values, rest);
  }
  const snapshotOnly = given(['host', 'out', 'disk', 'proc', 'cgroup']);
  if (snapshotOnly.length > 0) {
    throw new UsageError(`${snapshotOnly.join(', ')} go(es) with snapshot, not ${command}`);
  }
  const common = {
    format: choice('format', values.format, ['text', 'markdown', 'json'] as const, 'text'),
    scenarios: (values.scenario ?? [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
    failOn: choice('fail-on', values['fail-on'], FAIL_ON, 'fail'),
    ...(values.output !== undefined ? { output: values.output } : {}),
  };
  if (values.output !== undefined && values.output.trim() === '')
    throw new UsageError('--output needs a file name');
  if (rest.some((p) => p.trim() === '')) throw new UsageError('a manifest path is empty');
  if (command === 'diff') {
    if (rest.length !== 2) {
      throw new UsageError(`diff takes two manifests, the base and the head; got ${rest.length}`);
    }
    if (values.base !== undefined) {
      throw new UsageError(
        '--base goes with check; diff takes the base manifest as its first argument',
      );
    }
    return { command: 'diff', baseManifest: rest[0]!, manifest: rest[1]!, ...common };
  }
  if (command !== 'check') {
    throw new UsageError(
      `unknown command "${command}"; the commands are "check", "diff" and "snapshot"`,
    );
  }
  if (rest.length > 1) throw new UsageError(`check takes one manifest; got ${rest.length}`);
  if (values.base !== undefined && values.base.trim() === '')
    throw new UsageError('--base needs a git ref');
  return {
    command: 'check',
    manifest: rest[0] ?? 'capacity.yml',
    ...common,
    ...(values.base !== undefined ? { base: values.base } : {}),
  };
}

function nonEmpty(option: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`--${option} needs a value`);
  return value;
}

function parseSnapshot(
  values: {
    format?: string;
    host?: string;
    out?: string;
    disk?: string[];
    proc?: string;
    cgroup?: string;
  },
  rest: readonly string[],
): SnapshotCommand {
  if (rest.length > 0) {
    throw new UsageError(
      `snapshot takes no arguments, only options; got "${rest[0]}" (write the file with --out)`,
    );
  }
  const host = nonEmpty('host', values.host);
  if (host !== undefined && (/[\u0000-\u001f\u007f-\u009f]/.test(host) || host.length > 253)) {
    throw new UsageError(
      '--host must be a name of at most 253 characters, without control characters',
    );
  }
  const out = nonEmpty('out', values.out);
  const format = choice(
    'format',
    values.format,
    ['yaml', 'json'] as const,
    out !== undefined && /\.json$/i.test(out) ? 'json' : 'yaml',
  );
  const disks = (values.disk ?? []).map((d) => {
    if (d.trim() === '') throw new UsageError('--disk needs a path');
    return d;
  });
  return {
    command: 'snapshot',
    ...(host !== undefined ? { host } : {}),
    ...(out !== undefined ? { out } : {}),
    disks: disks.length > 0 ? disks : ['/'],
    format,
    proc: nonEmpty('proc', values.proc) ?? '/proc',
    cgroup: nonEmpty('cgroup', values.cgroup) ?? '/sys/fs/cgroup',
  };
}
