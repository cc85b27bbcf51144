/** `compose:`: the compose projects to read, each with its files or folder, variables and defaults. */
import type { ComposeRef } from '../model/manifest-spec.js';
import type { PathSegment } from '../shared/terms.js';
import { readDefaults } from './estimates.js';
import { entries, type Raw, type Reader } from './reader.js';

export function readCompose(r: Reader, c: unknown, i: number): ComposeRef {
  const path: PathSegment[] = ['compose', i];
  const source = r.at(path);
  if (typeof c === 'string') return { files: [c], fileOrDir: true, source };
  const o = c as Raw;
  const envFile = o.env_file;
  const dir = typeof o.dir === 'string' ? o.dir : undefined;
  if (dir !== undefined && o.files !== undefined) {
    r.problem(
      path,
      'this entry names both `files` and `dir`; give one: the files to read, or the folder to read as docker compose would',
    );
  } else if (dir === undefined && o.files === undefined) {
    r.problem(
      path,
      'this entry names no compose file; give `files` (the files to read) or `dir` (a folder, read as docker compose would)',
    );
  }
  const defaults = readDefaults(r, [...path, 'defaults'], o.defaults);
  return {
    files: Array.isArray(o.files) ? (o.files as string[]) : [],
    ...(dir !== undefined ? { dir } : {}),
    source,
    ...(defaults ? { defaults } : {}),
    ...(o.keep_together === false ? { splittable: true } : {}),
    ...(envFile !== undefined
      ? { envFiles: Array.isArray(envFile) ? (envFile as string[]) : [envFile as string] }
      : {}),
    ...(Array.isArray(o.profiles) ? { profiles: o.profiles as string[] } : {}),
    ...(typeof o.project === 'string' ? { project: o.project } : {}),
    ...(o.env && typeof o.env === 'object'
      ? { env: new Map(entries(o.env).map(([k, v]) => [k, String(v)])) }
      : {}),
  };
}
