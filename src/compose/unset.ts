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
 * A reason a value was refused, with the unset variables behind it when there are any:
 * the figure is what the user sees as wrong, the variable is what they must fix.
 */
export function withUnset(
  reason: string,
  node: CNode | undefined,
  withheld: Withheld | undefined,
): string {
  const names = unsetIn(node);
  if (names.length === 0) return reason;
  return `${reason} (${unsetVariables(names, withheld)}, so an empty string took ${names.length === 1 ? 'its' : 'their'} place)`;
}
