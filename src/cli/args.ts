/** Command-line arguments into a typed command, with node's own parser (util.parseArgs). */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

export type Format = 'text' | 'markdown' | 'json';
export type FailOn = 'fail' | 'warn' | 'never' | 'regression';

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

export type Command = CheckCommand | DiffCommand | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage: headroom check [manifest] [options]
       headroom diff BASE_MANIFEST HEAD_MANIFEST [options]

check: checks that the services in a capacity manifest fit on its hosts, and with how much
room. diff: the same for HEAD_MANIFEST, compared with BASE_MANIFEST: headroom before and
after, and what changed.

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
  -h, --help                    show this help
  -v, --version                 show the version

Exit status: 0 the check passed (or only warned), 1 the check failed,
2 the input or the command line is invalid, 3 headroom itself went wrong.
`;

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${value}"`);
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
  const common = {
    format: oneOf('format', values.format, ['text', 'markdown', 'json'] as const, 'text'),
    scenarios: (values.scenario ?? [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
    failOn: oneOf(
      'fail-on',
      values['fail-on'],
      ['fail', 'warn', 'never', 'regression'] as const,
      'fail',
    ),
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
    throw new UsageError(`unknown command "${command}"; the commands are "check" and "diff"`);
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
