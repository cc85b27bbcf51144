/**
 * Reads the compose projects a manifest lists into services for the model.
 */
import type { ManifestSpec } from '../manifest/types.js';
import type { ComposeInput } from '../model/build.js';
import type { FileReader } from '../workspace/reader.js';
import { InputError } from '../errors.js';

export interface ComposeContext {
  reader: FileReader;
  env: Readonly<Record<string, string | undefined>>;
}

export function readComposeProjects(manifest: ManifestSpec, _ctx: ComposeContext): ComposeInput {
  if (manifest.compose.length > 0) {
    const first = manifest.compose[0]!;
    throw new InputError([
      {
        file: first.source.file,
        line: first.source.line,
        column: first.source.column,
        message: 'reading compose files is not supported yet',
      },
    ]);
  }
  return { services: [], findings: [] };
}
