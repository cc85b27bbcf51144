/**
 * Every figure is below 2^53, but what they add up to need not be: such a sum would come out
 * rounded, and the docs promise refused. Each sum is refused where it is added up, at the
 * place in the manifest it belongs to.
 */
import { InputError } from '../shared/errors.js';
import type { ResourceName, Source } from '../shared/terms.js';

/** A resource as a sentence names it. */
export const RESOURCE_LABEL: Record<ResourceName, string> = {
  memory: 'memory',
  cpus: 'CPU',
  disk: 'disk',
};

/** What 2^53 - 1 of each resource's base unit amounts to. */
export const LIMIT_WORDS: Record<ResourceName, string> = {
  memory: '2^53 - 1 bytes (about 9 PB)',
  cpus: '2^53 - 1 billionths of a core (about 9 million cores)',
  disk: '2^53 - 1 bytes (about 9 PB)',
};

/** A sum past 2^53 - 1, refused at the place it belongs to. */
export function tooLarge(at: Source, message: string): InputError {
  return new InputError([
    {
      file: at.file,
      ...(at.line !== undefined ? { line: at.line, column: at.column } : {}),
      ...(at.path !== undefined ? { path: at.path } : {}),
      message,
    },
  ]);
}
