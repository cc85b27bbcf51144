/**
 * Problems and findings about compose input, each pinned to the place it was written.
 */
import { InputError, type Problem } from '../shared/errors.js';
import type { Finding, Level, Source } from '../shared/terms.js';

export function problemAt(src: Source, message: string): Problem {
  return { file: src.file, line: src.line, column: src.column, path: src.path, message };
}

/** Stops reading: the compose input cannot be used as written. */
export function failAt(src: Source, message: string): never {
  throw new InputError([problemAt(src, message)]);
}

export function findingAt(level: Level, code: string, message: string, src: Source): Finding {
  return { level, code, message, file: src.file, line: src.line, column: src.column };
}

/** Findings made while reading, each reported once however often the same place is read. */
export class Findings {
  private readonly seen = new Set<string>();
  readonly items: Finding[] = [];

  add(f: Finding): void {
    const key = `${f.code}\u0000${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(f);
  }
}
