/**
 * Reading the base through an asynchronous source (the contents API) while the core reads
 * files synchronously. The core is given a reader over the files fetched so far; asked for
 * one it does not have, the reader throws NeedFile, the loop fetches that file and runs the
 * core again from the start. Each run gets further, so the number of runs is the number of
 * distinct files the manifest reaches, and a cap keeps a manifest that names hundreds of
 * files from turning into hundreds of requests.
 *
 * NeedFile is deliberately not an InputError: the core catches InputError to gather
 * problems, and must let this one through.
 */
import { refuseFile, decodeUtf8 } from '../../workspace/decode.js';
import { normalize } from '../../workspace/paths.js';
import type { FileReader } from '../../workspace/reader.js';

/** What a fetch found at a path: the bytes, nothing, or a reason the file may not be used. */
export type FetchedFile =
  { kind: 'file'; bytes: Uint8Array } | { kind: 'missing' } | { kind: 'refused'; reason: string };

/** The reader has not fetched this (workspace-relative, normalised) path yet. */
export class NeedFile extends Error {
  constructor(readonly path: string) {
    super(`the file "${path}" has not been fetched yet`);
    this.name = 'NeedFile';
  }
}

/** The manifest reaches more files than the cap allows fetching one by one. */
export class TooManyFiles extends Error {
  constructor(readonly limit: number) {
    super(`the manifest reaches more than ${limit} files, too many to fetch one by one`);
    this.name = 'TooManyFiles';
  }
}

/** A manifest with a compose file or two reaches a handful; hundreds means something is off. */
export const MAX_FETCHES = 200;

export interface FetchLoop {
  /** Reads what has been fetched; throws NeedFile for anything else. */
  readonly reader: FileReader;
  /** Runs `run` until it stops asking for files it does not have, fetching each as asked. */
  settle<T>(run: (reader: FileReader) => T): Promise<T>;
  /** How many files have been fetched. */
  readonly fetched: number;
}

/**
 * `ref` names the commit in messages; `fetch` gets one normalised path. Files are fetched
 * once for the whole run, however many manifests share them.
 */
export function fetchLoop(
  ref: string,
  fetch: (path: string) => Promise<FetchedFile>,
  maxFetches = MAX_FETCHES,
): FetchLoop {
  const files = new Map<string, FetchedFile>();

  const entry = (path: string): FetchedFile => {
    const found = files.get(path);
    if (!found) throw new NeedFile(path);
    return found;
  };

  const reader: FileReader = {
    read(path, from) {
      const n = normalize(path);
      if (!n.ok) throw refuseFile(path, n.reason, from);
      const e = entry(n.path);
      if (e.kind === 'missing') throw refuseFile(path, `the file does not exist at ${ref}`, from);
      if (e.kind === 'refused') throw refuseFile(path, e.reason, from);
      return decodeUtf8(path, e.bytes, from);
    },
    exists(path) {
      const n = normalize(path);
      return n.ok && entry(n.path).kind === 'file';
    },
  };

  return {
    reader,
    get fetched() {
      return files.size;
    },
    async settle(run) {
      for (;;) {
        try {
          return run(reader);
        } catch (e) {
          if (!(e instanceof NeedFile)) throw e;
          // A path asked for again after it was fetched would loop for ever: that is a bug.
          if (files.has(e.path)) throw new Error(`"${e.path}" was fetched but asked for again`);
          if (files.size >= maxFetches) throw new TooManyFiles(maxFetches);
          files.set(e.path, await fetch(e.path));
        }
      }
    },
  };
}
