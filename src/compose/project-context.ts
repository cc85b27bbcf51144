/** What loading one compose project needs to know besides its files. */
import type { Source } from '../shared/terms.js';
import type { DocumentContext } from './documents.js';
import type { Scope } from './extends.js';

export interface ProjectFile {
  /** Workspace-relative path. */
  path: string;
  /** Where the path was written, for a file that cannot be read. */
  from: Source;
}

export interface ProjectContext extends DocumentContext {
  /** The project directory: relative paths inside the project's files start here. */
  baseDir: string;
  /** Files whose `include` led here, to refuse a cycle. */
  includeChain: readonly string[];
  /** Files already read to supply `extends` bases. */
  bases: Map<string, Scope>;
}
