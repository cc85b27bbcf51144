/**
 * Typed errors thrown by the core, and how a problem reads. Each entry point turns them
 * into messages and an exit status in exactly one place (src/cli/main.ts, src/main.ts).
 */

/** Where something is in the user's files. Lines and columns are 1-based. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  /** JSON path inside the document, such as `/services/mysql/memory`. */
  path?: string;
}

export interface Problem extends Location {
  message: string;
}

/** The user's input cannot be used as written: exit status 2. */
export class InputError extends Error {
  readonly problems: readonly Problem[];
  /** Problems found beyond the ones listed (lists are capped so output stays readable). */
  readonly omitted: number;

  constructor(problems: readonly Problem[], omitted = 0) {
    super(problems.map(formatProblem).join('\n') + (omitted > 0 ? `\n(${omitted} more)` : ''));
    this.name = 'InputError';
    this.problems = problems;
    this.omitted = omitted;
  }
}

/** The command line or the action's inputs are wrong: exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * `value` when it is one of `allowed`; else a UsageError naming the option or input
 * (`what`), what it accepts and what it got (`shown`, the value as the message quotes it).
 */
export function oneOf<T extends string>(
  what: string,
  value: string,
  allowed: readonly T[],
  shown = `"${value}"`,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${what} must be one of ${allowed.join(', ')}; got ${shown}`);
}

export function formatLocation(loc: Location): string {
  let out = loc.file;
  if (loc.line !== undefined) {
    out += `:${loc.line}`;
    if (loc.column !== undefined) out += `:${loc.column}`;
  }
  return out;
}

/** Text past `max` characters is cut there and marked with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Paths are clipped: a 200,000-character key must not become a 200,000-character message,
 * annotation or comment line.
 */
const MAX_PATH = 200;

export function clipPath(path: string): string {
  return shorten(path, MAX_PATH);
}

/** A problem without its file: the message, and where in the document when it is known. */
export function problemText(p: Problem): string {
  return p.path ? `${p.message} (at ${clipPath(p.path)})` : p.message;
}

/** A problem as the CLI prints it: `file:line:column: message (at path)`. */
export function formatProblem(p: Problem): string {
  return `${formatLocation(p)}: ${problemText(p)}`;
}

/** Caps a list of problems so thousands of bad entries still produce a readable answer. */
export const MAX_PROBLEMS = 50;

export class ProblemList {
  readonly items: Problem[] = [];
  omitted = 0;

  add(p: Problem): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push(p);
    else this.omitted++;
  }

  get size(): number {
    return this.items.length + this.omitted;
  }

  throwIfAny(): void {
    if (this.size > 0) throw new InputError(this.items, this.omitted);
  }
}
