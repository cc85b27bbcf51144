/**
 * Flow content indented less than js-yaml 5 wants, accepted as docker compose accepts it.
 *
 * go-yaml (compose's parser) ignores indentation inside flow collections and in the
 * continuation lines of quoted scalars; js-yaml 5 refuses both as "deficient indentation",
 * with no option to relax it. Real compose files rely on it (Sentry self-hosted closes a
 * healthcheck's `test: [` with a `]` at the key's column). Rather than carry a second YAML
 * library, we let js-yaml parse and, where it stops for that one reason, indent the line it
 * stopped at and parse again: inside flow content and quoted scalars leading blanks are not
 * part of any value, so the data is unchanged. Every insertion is remembered, so offsets in
 * the repaired text map back to the text the user wrote.
 */
import { parseEvents, YAMLException, type Event } from 'js-yaml';

const DEFICIENT = 'deficient indentation';

/**
 * Repairs cost one parse each; the budget caps their total work (repairs × length), so a
 * file of thousands of such lines is refused quickly instead of parsed thousands of times.
 */
const WORK_BUDGET = 20_000_000;

export interface LenientParse {
  /** The text the events' offsets point into (the source, possibly re-indented). */
  text: string;
  events: Event[];
  /** Maps an offset in `text` to the offset in the source where that character was written. */
  toSource: (offset: number) => number;
}

interface Insertion {
  /** Offset in the source of the line start where blanks were inserted. */
  at: number;
  count: number;
}

class Repairs {
  private readonly insertions: Insertion[] = [];

  /** Inserts `count` blanks at `offset` of the current text (a line start). */
  insert(text: string, offset: number, count: number): string {
    const at = this.toSource(offset);
    const existing = this.insertions.find((i) => i.at === at);
    if (existing) existing.count += count;
    else {
      this.insertions.push({ at, count });
      this.insertions.sort((a, b) => a.at - b.at);
    }
    return text.slice(0, offset) + ' '.repeat(count) + text.slice(offset);
  }

  toSource(offset: number): number {
    let shift = 0;
    for (const ins of this.insertions) {
      const start = ins.at + shift;
      if (offset < start) break;
      if (offset < start + ins.count) return ins.at;
      shift += ins.count;
    }
    return offset - shift;
  }

  get empty(): boolean {
    return this.insertions.length === 0;
  }
}

/** Where the separation blanks (spaces, tabs, line breaks) before `offset` begin. */
function blanksBefore(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && ' \t\r\n'.includes(text[i - 1]!)) i--;
  return i;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/**
 * Re-indents the line js-yaml stopped at, or returns undefined when the stop is not one
 * go-yaml would have passed (a document marker at the start of a line ends flow content
 * in go-yaml too).
 */
function repair(text: string, offset: number, repairs: Repairs): string | undefined {
  const from = blanksBefore(text, offset);
  let out = text;
  // Tabs used as separation inside flow content are blanks like spaces to go-yaml; a space
  // takes the same room, so no offset moves.
  if (out.slice(from, offset).includes('\t')) {
    out = out.slice(0, from) + out.slice(from, offset).replace(/\t/g, ' ') + out.slice(offset);
  }
  const start = lineStart(out, offset);
  if (start <= from) {
    // The stop is on the line the blanks started on: only tabs could have caused it.
    return out === text ? undefined : out;
  }
  if (/^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(out.slice(start, start + 4))) return undefined;
  const indent = offset - start;
  return repairs.insert(out, start, indent + 2);
}

export function parseLeniently(source: string, maxDepth: number): LenientParse {
  const repairs = new Repairs();
  let text = source;
  const maxRepairs = Math.max(8, Math.floor(WORK_BUDGET / Math.max(1, source.length)));
  for (let attempt = 0; ; attempt++) {
    try {
      const events = parseEvents(text, { maxDepth });
      return {
        text,
        events,
        toSource: repairs.empty ? (o) => o : (o) => repairs.toSource(o),
      };
    } catch (e) {
      if (!(e instanceof YAMLException) || e.reason !== DEFICIENT || !e.mark) {
        throw remapped(e, repairs);
      }
      const next = attempt < maxRepairs ? repair(text, e.mark.position, repairs) : undefined;
      if (next === undefined) throw remapped(e, repairs);
      text = next;
    }
  }
}

/** An error from a repaired text, pointing into the source instead. */
export class SourceYamlError extends Error {
  constructor(
    readonly reason: string,
    /** Offset into the source, when js-yaml said where. */
    readonly offset: number | undefined,
  ) {
    super(reason);
    this.name = 'SourceYamlError';
  }
}

function remapped(e: unknown, repairs: Repairs): unknown {
  if (!(e instanceof YAMLException)) return e;
  return new SourceYamlError(
    e.reason || 'the YAML could not be read',
    e.mark ? repairs.toSource(e.mark.position) : undefined,
  );
}
