/**
 * Checks one interpolated compose document against the Compose Specification's JSON
 * schema, precompiled at build time. compose-go validates after interpolation too, which
 * is why the schema accepts text for numbers (`scale: ${N}`).
 */
import validateCompose from '../generated/compose-validator.js';
import { ProblemList } from '../errors.js';
import { checkSchema } from '../validation/schema-errors.js';
import { toPlain, type MapNode } from './node.js';
import type { ComposeDocument } from './parse-file.js';

export function validateDocument(doc: ComposeDocument, root: MapNode): void {
  const problems = checkSchema(
    validateCompose,
    { value: toPlain(root), locate: doc.yaml.locate },
    { file: doc.file, knownKeys: () => [] },
  );
  if (problems.length === 0) return;
  const list = new ProblemList();
  problems.forEach((p) => list.add(p));
  list.throwIfAny();
}
