/**
 * Typed errors thrown by the core. Each entry point turns them into messages and an exit
 * status in exactly one place (src/cli/main.ts, src/main.ts).
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

export function formatLocation(loc: Location): string {
  let out = loc.file;
  if (loc.line !== undefined) {
    out += `:${loc.line}`;
    if (loc.column !== undefined) out += `:${loc.column}`;
  }
  return out;
}

/** Paths are clipped: a 200,000-character key must not become a 200,000-character message. */
const MAX_PATH = 200;

export function formatProblem(p: Problem): string {
  const where = formatLocation(p);
  const clipped = p.path && p.path.length > MAX_PATH ? `${p.path.slice(0, MAX_PATH)}…` : p.path;
  const path = clipped ? ` (at ${clipped})` : '';
  return `${where}: ${p.message}${path}`;
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
