/**
 * The file reader over the real disk, for the CLI and the action. A path is read only when
 * it stays inside the workspace once symlinks are followed, is a regular file (not a
 * directory, FIFO or device, which could hang or mislead), is below the size cap, and is
 * valid UTF-8. A refused file's contents are never printed.
 */
import {
  closeSync,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
  constants,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Source } from '../shared/terms.js';
import { decodeUtf8, refuseFile } from './decode.js';
import { normalize } from './paths.js';
import type { FileReader } from './reader.js';
import { linkTroubleReason } from './symlinks.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

function inside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !rel.startsWith(sep));
}

export function diskReader(workspace: string, maxBytes = MAX_FILE_BYTES): FileReader {
  const root = realpathSync(workspace);

  const open = (path: string, from?: Source): { fd: number; size: number } => {
    const n = normalize(path);
    if (!n.ok) throw refuseFile(path, n.reason, from);
    const full = join(root, n.path);
    let real: string;
    try {
      real = realpathSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw refuseFile(path, 'the file does not exist', from);
      if (code === 'ELOOP') throw refuseFile(path, linkTroubleReason(full), from);
      throw refuseFile(path, `the file system said ${code ?? 'no'}`, from);
    }
    if (!inside(root, real))
      throw refuseFile(path, 'it is a symbolic link that leads outside the workspace', from);
    if (relative(root, real).split(sep).includes('.git'))
      throw refuseFile(path, 'it resolves into the .git folder', from);
    const st = statSync(real);
    if (st.isDirectory()) throw refuseFile(path, 'it is a directory, not a file', from);
    if (!st.isFile())
      throw refuseFile(path, 'it is not a regular file (a FIFO, socket or device)', from);
    if (st.size > maxBytes) {
      throw refuseFile(
        path,
        `it is ${st.size.toLocaleString('en-US')} bytes, over the ${maxBytes.toLocaleString('en-US')}-byte limit`,
        from,
      );
    }
    // O_NONBLOCK: should the file have been swapped for a FIFO since the check, opening it
    // must not wait for a writer.
    const fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const size = fstatSync(fd).size;
    return { fd, size };
  };

  return {
    read(path, from) {
      const { fd, size } = open(path, from);
      let bytes: Buffer;
      try {
        if (size > maxBytes)
          throw refuseFile(
            path,
            `it is over the ${maxBytes.toLocaleString('en-US')}-byte limit`,
            from,
          );
        bytes = Buffer.alloc(size);
        let off = 0;
        while (off < size) {
          const n = readSync(fd, bytes, off, size - off, off);
          if (n === 0) break;
          off += n;
        }
        bytes = bytes.subarray(0, off);
      } finally {
        closeSync(fd);
      }
      return decodeUtf8(path, bytes, from);
    },
    exists(path) {
      const n = normalize(path);
      if (!n.ok) return false;
      try {
        const real = realpathSync(join(root, n.path));
        return inside(root, real) && statSync(real).isFile();
      } catch {
        return false;
      }
    },
  };
}
