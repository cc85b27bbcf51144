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
import { InputError } from '../errors.js';
import type { Source } from '../model/types.js';
import { normalize } from './paths.js';
import type { FileReader } from './reader.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

function refuse(path: string, reason: string, from?: Source): InputError {
  return new InputError([
    from
      ? {
          file: from.file,
          line: from.line,
          column: from.column,
          path: from.path,
          message: `cannot read "${path}": ${reason}`,
        }
      : { file: path, message: `cannot read this file: ${reason}` },
  ]);
}

function inside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !rel.startsWith(sep));
}

export function diskReader(workspace: string, maxBytes = MAX_FILE_BYTES): FileReader {
  const root = realpathSync(workspace);

  const open = (path: string, from?: Source): { fd: number; size: number } => {
    const n = normalize(path);
    if (!n.ok) throw refuse(path, n.reason, from);
    const full = join(root, n.path);
    let real: string;
    try {
      real = realpathSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw refuse(path, 'the file does not exist', from);
      if (code === 'ELOOP') throw refuse(path, 'it is a loop of symbolic links', from);
      throw refuse(path, `the file system said ${code ?? 'no'}`, from);
    }
    if (!inside(root, real))
      throw refuse(path, 'it is a symbolic link that leads outside the workspace', from);
    if (relative(root, real).split(sep).includes('.git'))
      throw refuse(path, 'it resolves into the .git folder', from);
    const st = statSync(real);
    if (st.isDirectory()) throw refuse(path, 'it is a directory, not a file', from);
    if (!st.isFile())
      throw refuse(path, 'it is not a regular file (a FIFO, socket or device)', from);
    if (st.size > maxBytes) {
      throw refuse(
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
          throw refuse(path, `it is over the ${maxBytes.toLocaleString('en-US')}-byte limit`, from);
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
      return decode(path, bytes, from);
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

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(path: string, bytes: Buffer, from?: Source): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Find the first bad byte so the message can say where it is.
    let offset = 0;
    for (let lo = 0, hi = bytes.length; lo < hi;) {
      const mid = (lo + hi) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), {
          stream: true,
        });
        lo = mid + 1;
      } catch {
        hi = mid;
      }
      offset = lo;
    }
    const before = bytes.subarray(0, offset).toString('latin1');
    const line = before.split('\n').length;
    throw refuse(
      path,
      `it is not valid UTF-8 text (line ${line}, byte ${offset + 1}); save it as UTF-8`,
      from,
    );
  }
}
