/**
 * Interpolation of one compose document: every text value (never a key) goes through
 * variable substitution, then through compose-go's type casts. An unset variable becomes
 * empty with a warning at the value's place; a bad template or a `:?` stops the check.
 */
import { castFor } from './cast.js';
import { failAt, findingAt, type Findings } from './located.js';
import { dotted, type CNode, type MapNode, type PathSegment } from './node.js';
import { substitute, type Lookup } from './template.js';

export interface InterpolationContext {
  lookup: Lookup;
  findings: Findings;
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
      const r = substitute(node.value, ctx.lookup);
      if (!r.ok) failAt(node.src, `cannot interpolate ${dotted(path)}: ${r.reason}`);
      // Worded without the path so a template in an anchor warns once, not once per alias.
      for (const name of r.unset) {
        ctx.findings.add(
          findingAt(
            'warn',
            'unset-variable',
            `the variable "${name}" is not set, so an empty string takes its place`,
            node.src,
          ),
        );
      }
      const cast = castFor(path);
      if (!cast) return { ...node, value: r.value };
      const c = cast(r.value);
      if (!c.ok) failAt(node.src, `${dotted(path)}: ${c.reason}`);
      return { ...node, value: c.value };
    }
  }
}
