/**
 * How an unset variable is named in messages. A variable can be unset because nobody set
 * it, or because the action withheld it from interpolation (its name looks like a
 * credential, or it is one of the runner's own): the second must say so, or a check that
 * reads `${PG_PASS}` fails with no hint that the workflow did set it.
 */
import type { CNode } from './node.js';

/** Why the action left a variable out of compose interpolation. */
export type WithheldReason = 'credential' | 'runner';
export type Withheld = ReadonlyMap<string, WithheldReason>;

/**
 * What to add to a message about a value in `file` that the unset `names` left unusable
 * (where an example env file defines them, example-env.ts), or nothing.
 */
export type ExampleHint = (file: string, names: readonly string[]) => string | undefined;

/** What a message about unset variables can say besides their names. */
export interface UnsetNotes {
  withheld?: Withheld;
  /** Where an example env file defines the variables a refused value lacked. */
  exampleHint?: ExampleHint;
}

const WHY: Record<WithheldReason, string> = {
  credential: 'its name looks like a credential',
  runner: 'it is one of the runner’s own variables',
};

/** `the variable "X" is not set`, or why it was withheld and how to pin it. */
export function unsetVariable(name: string, withheld: Withheld | undefined): string {
  const why = withheld?.get(name);
  if (why === undefined) return `the variable "${name}" is not set`;
  return `the variable "${name}" is withheld from compose interpolation because ${WHY[why]}; pin the value the check should use in the compose entry's \`env:\` or its \`env_file:\``;
}

export function unsetVariables(names: readonly string[], withheld: Withheld | undefined): string {
  if (names.length === 1) return unsetVariable(names[0]!, withheld);
  const plain = names.filter((n) => !withheld?.has(n));
  const parts = [
    ...(plain.length > 0
      ? [`the variables ${plain.map((n) => `"${n}"`).join(', ')} are not set`]
      : []),
    ...names.filter((n) => withheld?.has(n)).map((n) => unsetVariable(n, withheld)),
  ];
  return parts.join('; ');
}

/** The unset variables a value owes its emptiness to, or an empty list. */
export function unsetIn(node: CNode | undefined): readonly string[] {
  return node?.kind === 'scalar' ? (node.unset ?? []) : [];
}

/**
 * Why a value in `file` was refused, once the unset variables behind it are known (`places`:
 * one name for each place an empty string took): the variables, and where an example env
 * file defines those that were not withheld (a withheld one's message says how to pin it).
 */
export function unsetCause(
  places: readonly string[],
  file: string,
  notes: UnsetNotes | undefined,
): string {
  const names = [...new Set(places)];
  const cause = `(${unsetVariables(names, notes?.withheld)}, so an empty string took ${places.length === 1 ? 'its' : 'their'} place)`;
  const hint = notes?.exampleHint?.(
    file,
    names.filter((n) => !notes.withheld?.has(n)),
  );
  return hint === undefined ? cause : `${cause}; ${hint}`;
}

/**
 * A reason a value was refused, with the unset variables behind it when there are any:
 * the figure is what the user sees as wrong, the variable is what they must fix.
 */
export function withUnset(
  reason: string,
  node: CNode | undefined,
  notes: UnsetNotes | undefined,
): string {
  const names = unsetIn(node);
  if (names.length === 0 || node === undefined) return reason;
  return `${reason} ${unsetCause(names, node.src.file, notes)}`;
}
