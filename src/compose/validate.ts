/**
 * Checks one interpolated compose document against the Compose Specification's JSON
 * schema, precompiled at build time. compose-go validates after interpolation too, which
 * is why the schema accepts text for numbers (`scale: ${N}`).
 */
import validateCompose, { propertyNames } from '../generated/compose-validator.js';
import { ProblemList } from '../shared/errors.js';
import type { Problem } from '../shared/errors.js';
import { acceptedKeySuggester } from '../validation/accepted-key.js';
import { checkSchema, pointerSegments } from '../validation/schema-errors.js';
import { toPlain, type CNode, type MapNode } from './node.js';
import { withUnset, type UnsetNotes } from './unset.js';
import type { ComposeDocument } from './parse-file.js';

export function validateDocument(
  doc: ComposeDocument,
  root: MapNode,
  unsetNotes?: UnsetNotes,
): void {
  const value = toPlain(root);
  const problems = checkSchema(
    validateCompose,
    { value, locate: doc.yaml.locate },
    { file: doc.file, suggestKey: acceptedKeySuggester(validateCompose, value, propertyNames) },
  );
  if (problems.length === 0) return;
  const list = new ProblemList();
  problems.forEach((p) => {
    const named = explainName(p);
    const node = nodeAt(root, pointerSegments(p.path ?? ''));
    list.add({ ...named, message: withUnset(named.message, node, unsetNotes) });
  });
  list.throwIfAny();
}

function nodeAt(root: CNode, segments: readonly string[]): CNode | undefined {
  let node: CNode | undefined = root;
  for (const s of segments) {
    if (node?.kind === 'map') node = node.entries.get(s);
    else if (node?.kind === 'seq') node = node.items[Number(s)];
    else return undefined;
  }
  return node;
}

/** The schema refuses a badly named service as an unknown key; say what is wrong with it. */
function explainName(p: Problem): Problem {
  const segments = pointerSegments(p.path ?? '');
  if (segments.length !== 2 || segments[0] !== 'services' || !p.message.startsWith('unknown key')) {
    return p;
  }
  return {
    ...p,
    message: `the service name ${JSON.stringify(segments[1])} is not allowed; a name holds only letters, digits, ".", "_" and "-"`,
  };
}
