/**
 * Stacks ship an example env file beside their compose file (`.env.example`, `example.env`,
 * `.env.sample`) and expect it copied to `.env`, which a checkout in CI does not have. When a
 * value is refused because a variable is unset and such a file gives that variable a value,
 * the message says which file and how the manifest can read it. The example files are read
 * through the reader, with its size cap, only when a value is refused, and each at most once.
 */
import { posix } from 'node:path';
import { InputError } from '../shared/errors.js';
import type { FileReader } from '../workspace/reader.js';
import { parseDotenv } from './dotenv.js';
import { folderOf, joinPath } from './file-paths.js';
import { Findings } from './located.js';
import type { ExampleHint } from './unset.js';

/** The names stacks give the file, in the order they are looked for. */
export const EXAMPLE_ENV_FILES: readonly string[] = ['.env.example', 'example.env', '.env.sample'];

export interface ExampleHintInput {
  reader: FileReader;
  /** The manifest, which the entry's `env_file:` paths are relative to. */
  manifest: string;
  /**
   * The files the compose entry reads itself. Their variables come from the entry's env
   * files; an included project's come from its own, which `env_file:` on the entry does not
   * change, so its files get no hint.
   */
  files: readonly string[];
  /** The project folder, whose `.env` compose reads when the entry names no env file. */
  projectDir: string;
  /** The entry's `env_file:` paths, as written and as resolved; absent when it names none. */
  envFiles?: { written: readonly string[]; resolved: readonly string[] };
}

/** A path as a plain YAML scalar when it can be one, else quoted. */
function yamlText(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : JSON.stringify(path);
}

export function exampleHint(input: ExampleHintInput): ExampleHint {
  const valued = new Map<string, ReadonlySet<string>>();
  /** The variables the file gives a non-empty value; none when it is absent or unusable. */
  const valuedIn = (path: string): ReadonlySet<string> => {
    const known = valued.get(path);
    if (known) return known;
    let names = new Set<string>();
    try {
      if (input.reader.exists(path)) {
        const defined = parseDotenv(input.reader.read(path), {
          file: path,
          lookup: () => undefined,
          // What the example file itself would warn about is not this check's business.
          findings: new Findings(),
        });
        names = new Set([...defined].filter(([, v]) => v !== '').map(([k]) => k));
      }
    } catch (e) {
      // Too big, not text, not parseable: no hint, and the refusal stands on its own.
      if (!(e instanceof InputError)) throw e;
    }
    valued.set(path, names);
    return names;
  };

  return (file, names) => {
    if (names.length === 0 || !input.files.includes(file)) return undefined;
    const folder = folderOf(file);
    for (const candidate of EXAMPLE_ENV_FILES) {
      const path = joinPath(folder, candidate);
      if (input.envFiles?.resolved.includes(path)) continue;
      const defined = valuedIn(path);
      const found = names.filter((n) => defined.has(n));
      if (found.length === 0) continue;
      const what = `${path} defines ${found.map((n) => `"${n}"`).join(', ')}`;
      const relative = yamlText(posix.relative(folderOf(input.manifest) || '.', path));
      if (input.envFiles) {
        const list = [...input.envFiles.written.map(yamlText), relative].join(', ');
        return `${what}: the manifest's compose entry can read it too with \`env_file: [${list}]\``;
      }
      return `${what}: the manifest's compose entry can read it with \`env_file: ${relative}\`, or the repository can commit \`${joinPath(input.projectDir, '.env')}\``;
    }
    return undefined;
  };
}
