/**
 * Fitting a Markdown report into a size limit (65,536 characters for a comment, 1 MiB for
 * a job summary). The verdict and the tables come first in the report, so they are kept:
 * collapsed `<details>` blocks are dropped first, last ones first; if that is not enough,
 * the text is cut at a line boundary. A note at the end says what happened and where the
 * rest is. Only lines the renderer writes itself start with `<details>` or a code fence;
 * user text never starts a line, so a name cannot fake either.
 */

export interface FitOptions {
  limit: number;
  /** Size of a text in the limit's unit: UTF-16 code units unless given. */
  measure?: (text: string) => number;
  /** Appended, after a blank line, when anything was left out. */
  note: string;
}

export interface Fitted {
  text: string;
  truncated: boolean;
}

interface Segment {
  lines: string[];
  details: boolean;
}

function segments(lines: readonly string[]): Segment[] {
  const out: Segment[] = [];
  let current: Segment = { lines: [], details: false };
  for (const line of lines) {
    if (!current.details && line.startsWith('<details')) {
      if (current.lines.length > 0) out.push(current);
      current = { lines: [line], details: true };
      if (line.includes('</details>')) {
        out.push(current);
        current = { lines: [], details: false };
      }
      continue;
    }
    current.lines.push(line);
    if (current.details && line === '</details>') {
      out.push(current);
      current = { lines: [], details: false };
    }
  }
  if (current.lines.length > 0) out.push(current);
  return out;
}

export function fitMarkdown(markdown: string, options: FitOptions): Fitted {
  const measure = options.measure ?? ((t: string) => t.length);
  if (measure(markdown) <= options.limit) return { text: markdown, truncated: false };

  const tail = `\n${options.note}\n`;
  const budget = options.limit - measure(tail);
  const lines = markdown.replace(/\n+$/, '').split('\n');
  const segs = segments(lines);
  // Every line costs its size plus one newline; sizes add up because the measures used
  // (code units, UTF-8 bytes) are additive over concatenation.
  const size = (s: Segment) => s.lines.reduce((n, l) => n + measure(l) + 1, 0);
  const sizes = segs.map(size);
  let total = sizes.reduce((a, b) => a + b, 0);
  const kept = segs.map(() => true);
  for (let i = segs.length - 1; i >= 0 && total > budget; i--) {
    if (!segs[i]!.details) continue;
    kept[i] = false;
    total -= sizes[i]!;
  }
  const remaining = segs.filter((_, i) => kept[i]).flatMap((s) => s.lines);
  const out: string[] = [];
  let used = 0;
  // A cut inside a code fence must close it, or the note would read as code: keep room
  // for the closing line while a fence is open.
  let fence: string | null = null;
  for (const line of remaining) {
    const cost = measure(line) + 1;
    const opens: string | undefined = fence === null ? /^(`{3,}|~{3,})/.exec(line)?.[1] : undefined;
    const closes: boolean = fence !== null && line.trim() === fence;
    const open: string | null = opens ?? (closes ? null : fence);
    const reserve = open === null ? 0 : measure(open) + 1;
    if (used + cost + reserve > budget) break;
    out.push(line);
    used += cost;
    fence = open;
  }
  if (fence !== null) out.push(fence);
  const body = out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
  return { text: `${body}\n${tail}`, truncated: true };
}
