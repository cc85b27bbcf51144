/**
 * How the core asks for files: by a path relative to the workspace, through this
 * interface. The edges provide it (the disk, with every safety check) and tests provide an
 * in-memory map; the core never touches the file system itself.
 */
import type { Source } from '../shared/terms.js';
import { refuseFile } from './decode.js';

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
        // The same words as the disk reader, so tests read what users would.
        throw refuseFile(path, 'the file does not exist', from);
      }
      return files[path]!;
    },
    exists: (path) => Object.hasOwn(files, path),
  };
}
