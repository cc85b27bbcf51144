/**
 * A snapshot file's text to a checked Snapshot: YAML (JSON is YAML too) with positions,
 * the snapshot schema, then figures that cannot be true together. Every problem names the
 * file, line and column and the JSON path, as for the manifest.
 */
import validateSnapshot from '../generated/snapshot-validator.js';
import { InputError, ProblemList, type Problem } from '../shared/errors.js';
import { checkSchema, toPointer } from '../validation/schema-errors.js';
import { loadYaml, type YamlDocument } from '../yaml/load.js';
import type { Snapshot, SnapshotFile } from '../model/snapshot-facts.js';
import type { PathSegment } from '../shared/terms.js';

function problemAt(doc: YamlDocument, file: string, path: PathSegment[], message: string): Problem {
  const { line, column } = doc.locate(path);
  return { file, line, column, path: toPointer(path), message };
}

export function readSnapshot(text: string, file: string): SnapshotFile {
  const docs = loadYaml(text, { file });
  if (docs.length === 0 || (docs.length === 1 && docs[0]!.value == null)) {
    throw new InputError([
      {
        file,
        line: 1,
        column: 1,
        message:
          'the snapshot is empty; write one on the server with `headroom snapshot --out FILE`',
      },
    ]);
  }
  if (docs.length > 1) {
    const second = docs[1]!.locate([]);
    throw new InputError([
      {
        file,
        ...second,
        message: `the snapshot holds ${docs.length} YAML documents; it must be exactly one`,
      },
    ]);
  }
  const doc = docs[0]!;
  const problems = new ProblemList();
  checkSchema(validateSnapshot, doc, { file }).forEach((p) => problems.add(p));
  problems.throwIfAny();

  const s = doc.value as Snapshot;
  if (Number.isNaN(Date.parse(s.taken))) {
    problems.add(problemAt(doc, file, ['taken'], `"${s.taken}" is not a real date and time`));
  }
  const sums = (
    path: PathSegment[],
    f: { total: number; used: number; available: number },
  ): void => {
    if (f.used + f.available > f.total) {
      problems.add(
        problemAt(
          doc,
          file,
          path,
          `used (${f.used}) and available (${f.available}) add up to more than the total (${f.total})`,
        ),
      );
    }
  };
  sums(['memory'], s.memory);
  for (const [mount, d] of Object.entries(s.disk ?? {})) sums(['disk', mount], d);
  const seen = new Map<string, number>();
  (s.containers ?? []).forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined) {
      problems.add(
        problemAt(
          doc,
          file,
          ['containers', i, 'name'],
          `container "${c.name}" is listed twice (first as entry ${first + 1})`,
        ),
      );
    }
    seen.set(c.name, i);
  });
  const units = new Map<string, number>();
  (s.units ?? []).forEach((u, i) => {
    const first = units.get(u.name);
    if (first !== undefined) {
      problems.add(
        problemAt(
          doc,
          file,
          ['units', i, 'name'],
          `unit "${u.name}" is listed twice (first as entry ${first + 1})`,
        ),
      );
    }
    units.set(u.name, i);
  });
  problems.throwIfAny();

  return {
    file,
    snapshot: { ...s, disk: s.disk ?? {}, units: s.units ?? [], containers: s.containers ?? [] },
    at(path) {
      const { line, column } = doc.locate(path);
      return { file, line, column, path: toPointer(path) };
    },
  };
}
