/** What each section of the manifest is read with: figures parsed, problems recorded in place. */
import { ProblemList } from '../shared/errors.js';
import type { Finding, PathSegment, Source } from '../shared/terms.js';
import {
  parseBytesRange,
  parseCpusRange,
  type Parsed,
  type Range,
  type UnitFamily,
} from '../units/parse.js';
import { toPointer } from '../validation/schema-errors.js';
import type { YamlDocument } from '../yaml/load.js';

/** A mapping of the manifest as the YAML holds it, before it is read. */
export type Raw = Record<string, unknown>;

/** Reads figures and records problems against their place in the file. */
export class Reader {
  readonly problems = new ProblemList();
  readonly findings: Finding[] = [];
  readonly votes: Record<UnitFamily, number> = { decimal: 0, binary: 0 };

  constructor(
    readonly doc: YamlDocument,
    readonly file: string,
  ) {}

  at(path: readonly PathSegment[], key = false): Source {
    const { line, column } = this.doc.locate(path, key);
    return { file: this.file, line, column, path: toPointer(path) };
  }

  /** Where a figure is: file, line and column only, since figures are too many to name by path. */
  figureAt(path: readonly PathSegment[]): Source {
    const { line, column } = this.doc.locate(path);
    return { file: this.file, line, column };
  }

  problem(path: readonly PathSegment[], message: string, key = false): void {
    const { line, column } = this.doc.locate(path, key);
    this.problems.add({ file: this.file, line, column, path: toPointer(path), message });
  }

  /**
   * Figures parsed so far, by what was written: ten thousand services repeat a few dozen
   * figures, and parsing one is the same work every time.
   */
  private readonly ranges = new Map<string, Parsed<Range & { family?: UnitFamily }>>();

  range(kind: 'bytes' | 'cpus', value: string | number): Parsed<Range & { family?: UnitFamily }> {
    const key = `${kind}${typeof value === 'number' ? '#' : '"'}${value}`;
    let parsed = this.ranges.get(key);
    if (!parsed) {
      parsed = kind === 'cpus' ? parseCpusRange(value) : parseBytesRange(value);
      this.ranges.set(key, parsed);
    }
    return parsed;
  }

  take<T>(path: readonly PathSegment[], result: Parsed<T>): T | undefined {
    if (result.ok) return result.value;
    this.problem(path, result.reason);
    return undefined;
  }

  vote(family: UnitFamily | undefined): void {
    if (family) this.votes[family]++;
  }

  /** A plain number of bytes under 64 KiB is almost always a forgotten unit. */
  checkBareBytes(path: readonly PathSegment[], raw: unknown, what: string): void {
    if (typeof raw === 'number' && raw > 0 && raw < 65536) {
      const src = this.at(path);
      this.findings.push({
        level: 'warn',
        code: 'bare-number',
        message: `${what} is ${raw} bytes; a plain number counts bytes, so write a unit if you meant "${raw}MB" or "${raw}MiB"`,
        file: src.file,
        line: src.line,
        column: src.column,
      });
    }
  }
}

export function entries(value: unknown): Array<[string, unknown]> {
  return value && typeof value === 'object' ? Object.entries(value as Raw) : [];
}
