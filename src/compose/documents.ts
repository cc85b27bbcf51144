/**
 * One compose file read for a project: parsed, interpolated with the project's variables,
 * rid of repeated list entries (as compose-go does before its schema check) and, unless it
 * only supplies services to `extends`, checked against the schema.
 */
import type { Source } from '../shared/terms.js';
import type { FileReader } from '../workspace/reader.js';
import type { Env } from './environment.js';
import { interpolateDocument, variableIndexes } from './interpolate.js';
import { ExpansionBudget } from './template.js';
import { findingAt, type Findings } from './located.js';
import { parseComposeFile, type ComposeDocument } from './parse-file.js';
import { toPointer } from '../validation/schema-errors.js';
import { readNamed } from './entry-files.js';
import type { ExampleHint, UnsetNotes, Withheld } from './unset.js';
import { enforceUnicity } from './unicity.js';
import { validateDocument } from './validate.js';

export interface DocumentContext {
  reader: FileReader;
  findings: Findings;
  env: Env;
  /** Variables the action withheld from interpolation, so messages can say so. */
  withheld?: Withheld;
  /** Where an example env file defines what a refused value lacked, for the entry's own files. */
  exampleHint?: ExampleHint;
  /** Files already parsed, by path: a file is parsed once however often it is read. */
  parsed?: Map<string, ComposeDocument[]>;
}

/** A file's documents as written, before interpolation. */
export function parsedDocuments(
  path: string,
  from: Source,
  ctx: Pick<DocumentContext, 'reader' | 'parsed'>,
): ComposeDocument[] {
  const cached = ctx.parsed?.get(path);
  if (cached) return cached;
  const docs = parseComposeFile(readNamed(ctx.reader, path, from), path);
  ctx.parsed?.set(path, docs);
  return docs;
}

export function readDocuments(
  path: string,
  from: Source,
  ctx: DocumentContext,
  options: { validate: boolean },
): ComposeDocument[] {
  const budget = new ExpansionBudget();
  const unsetNotes: UnsetNotes = {
    ...(ctx.withheld ? { withheld: ctx.withheld } : {}),
    ...(ctx.exampleHint ? { exampleHint: ctx.exampleHint } : {}),
  };
  return parsedDocuments(path, from, ctx).map((doc) => {
    // Where each variable is in each value, found once per value.
    const indexes = new Map<string, Map<string, number>>();
    const root = enforceUnicity(
      interpolateDocument(doc.root, {
        lookup: (name) => ctx.env.get(name),
        budget,
        findings: ctx.findings,
        unsetNotes,
        locateVariable: (p, name) => {
          const pointer = toPointer(p);
          const at = doc.yaml.locateIn(p, (written) => {
            let known = indexes.get(pointer);
            if (!known) indexes.set(pointer, (known = variableIndexes(written)));
            return known.get(name) ?? -1;
          });
          return at && { file: doc.file, ...at, path: pointer };
        },
      }),
    );
    if (options.validate) validateDocument(doc, root, unsetNotes);
    const version = root.entries.get('version');
    if (version?.key) {
      ctx.findings.add(
        findingAt(
          'info',
          'obsolete-version',
          'the top-level `version` is obsolete; docker compose ignores it, and so does headroom',
          version.key,
        ),
      );
    }
    return { ...doc, root };
  });
}
