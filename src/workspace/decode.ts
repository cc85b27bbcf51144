/** Bytes to text, refusing what is not UTF-8 and saying where the first bad byte is. */
import { InputError } from '../shared/errors.js';
import type { Source } from '../shared/terms.js';

/**
 * A file that cannot be used, reported at the place that names it when there is one. The
 * workspace's top folder is the empty path; it is named in words, never as "".
 */
export function refuseFile(path: string, reason: string, from?: Source): InputError {
  const name = path === '' ? 'the top folder of the workspace' : `"${path}"`;
  return new InputError([
    from
      ? {
          file: from.file,
          line: from.line,
          column: from.column,
          path: from.path,
          message: `cannot read ${name}: ${reason}`,
        }
      : { file: path === '' ? '.' : path, message: `cannot read this file: ${reason}` },
  ]);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(path: string, bytes: Uint8Array, from?: Source): string {
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
    const before = Buffer.from(bytes.subarray(0, offset)).toString('latin1');
    const line = before.split('\n').length;
    throw refuseFile(
      path,
      `it is not valid UTF-8 text (line ${line}, byte ${offset + 1}); save it as UTF-8`,
      from,
    );
  }
}
