/**
 * Interpolation of one compose document: every text value (never a key) goes through
 * variable substitution, then through compose-go's type casts. An unset variable becomes
 * empty with a warning at the place it was written (inside a multi-line value, its own
 * line and column); the value remembers which variables were unset, so a figure or port
 * they leave unusable is refused naming them. A bad template or a `:?` stops the check.
 */
import type { Source } from '../shared/terms.js';
import { castFor } from './cast.js';
import { failAt, findingAt, type Findings } from './located.js';
import { dotted, type CNode, type MapNode, type Path, type PathSegment } from './node.js';
import { ExpansionBudget, substitute, type Lookup } from './template.js';
import { unsetVariable, withUnset, type UnsetNotes } from './unset.js';

export interface InterpolationContext {
  lookup: Lookup;
  /** The cap on what the file's interpolation produces, shared by its documents. */
  budget: ExpansionBudget;
  findings: Findings;
  /** Why variables are unset (withheld by the action) and where an example file sets them. */
  unsetNotes?: UnsetNotes;
  /** Where a variable was written inside the value at `path`, when that can be told. */
  locateVariable?: (path: Path, name: string) => Source | undefined;
}

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[_A-Za-z0-9]/.test(c);

/**
 * Index of the first reference to each variable in a value as written (`$NAME` or
 * `${NAME…`), in one pass: a value may name thousands of variables, and looking each up
 * from the start again would take time in the square of their number.
 */
export function variableIndexes(written: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = written.indexOf('$'); i >= 0 && i < written.length; i = written.indexOf('$', i)) {
    const next = written[i + 1];
    if (next === '$') {
      i += 2;
      continue;
    }
    const start = next === '{' ? i + 2 : i + 1;
    let end = start;
    while (isNameChar(written[end])) end++;
    const after = written[end];
    const named = next === '{' ? after !== undefined && '}:-?+'.includes(after) : true;
    if (end > start && named) {
      const name = written.slice(start, end);
      if (!out.has(name)) out.set(name, i);
    }
    i++;
  }
  return out;
}

export function interpolateDocument(root: MapNode, ctx: InterpolationContext): MapNode {
  return walk(root, [], ctx) as MapNode;
}

function walk(node: CNode, path: PathSegment[], ctx: InterpolationContext): CNode {
  switch (node.kind) {
    case 'map': {
      const entries = new Map<string, CNode>();
      for (const [k, v] of node.entries) entries.set(k, walk(v, [...path, k], ctx));
      return { ...node, entries };
    }
    case 'seq':
      return { ...node, items: node.items.map((v, i) => walk(v, [...path, i], ctx)) };
    case 'scalar': {
      if (typeof node.value !== 'string') return node;
      const r = substitute(node.value, ctx.lookup, ctx.budget);
      if (!r.ok) failAt(node.src, `cannot interpolate ${dotted(path)}: ${r.reason}`);
      // Worded without the path so a template in an anchor warns once, not once per alias.
      for (const name of r.unset) {
        ctx.findings.add(
          findingAt(
            'warn',
            'unset-variable',
            `${unsetVariable(name, ctx.unsetNotes?.withheld)}, so an empty string takes its place`,
            ctx.locateVariable?.(path, name) ?? node.src,
          ),
        );
      }
      const done = r.unset.length > 0 ? { ...node, unset: r.unset } : node;
      const cast = castFor(path);
      if (!cast) return { ...done, value: r.value };
      const c = cast(r.value);
      if (!c.ok) failAt(node.src, `${dotted(path)}: ${withUnset(c.reason, done, ctx.unsetNotes)}`);
      return { ...done, value: c.value };
    }
  }
}
