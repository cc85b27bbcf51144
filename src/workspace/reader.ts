/**
 * How the core asks for files: by a path relative to the workspace, through this
 * interface. The edges provide it (the disk, with every safety check) and tests provide an
 * in-memory map; the core never touches the file system itself.
 */
import { InputError } from '../errors.js';
import type { Source } from '../model/types.js';

export interface FileReader {
  /**
   * The text of a file, by a workspace-relative path with forward slashes. Throws
   * InputError, naming `from` (where the path was written) when the file cannot be used.
   */
  read(path: string, from?: Source): string;
  /** Whether a file exists and may be read, for optional files such as a compose `.env`. */
  exists(path: string): boolean;
}

/** A reader over a map of path to text, for tests and for files already fetched. */
export function memoryReader(
  files: Readonly<Record<string, string>>,
  onRead?: (path: string) => void,
): FileReader {
  return {
    read(path, from) {
      onRead?.(path);
      if (!Object.hasOwn(files, path)) {
        throw missing(path, from);
      }
      return files[path]!;
    },
    exists: (path) => Object.hasOwn(files, path),
  };
}

export function missing(path: string, from?: Source): InputError {
  return new InputError([
    from
      ? {
          file: from.file,
          line: from.line,
          column: from.column,
          path: from.path,
          message: `the file "${path}" does not exist`,
        }
      : { file: path, message: 'the file does not exist' },
  ]);
}
