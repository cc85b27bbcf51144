/**
 * "What this pull request changes", for the Markdown and text reports: verdicts that moved,
 * headroom before and after, and what appeared or disappeared. Shared by both renderers,
 * which differ only in how they quote names.
 */
import type { UnitFamily } from '../units/parse.js';
import { formatPct } from '../units/format.js';
import { RESOURCE_LABEL, amount, delta } from './figures.js';
import type { Verdict } from '../shared/terms.js';
import type { Changes } from '../model/results.js';
import { append } from '../shared/lists.js';

export const MAX_CHANGE_LINES = 20;

export interface ChangeWords {
  /** How a name is shown: a code span in Markdown, plain in a terminal. */
  name: (s: string) => string;
  /** How free text (a reason, a ref) is shown. */
  text: (s: string) => string;
  verdict: (v: Verdict) => string;
}

/** One line per change, most important first; the caller adds bullets or indentation. */
export function changeLines(
  c: Changes,
  units: UnitFamily,
  judge: 'worst' | 'best',
  w: ChangeWords,
): string[] {
  const out: string[] = [];
  if (c.base.status === 'missing') {
    out.push(`The manifest does not exist at ${w.text(c.base.ref)}: everything in it is new.`);
  } else if (c.base.status === 'invalid') {
    const n = c.base.problems?.length ?? 0;
    out.push(
      `At ${w.text(c.base.ref)} the manifest did not validate (${n} problem${n === 1 ? '' : 's'}), so there is no base to compare with.`,
    );
  }
  for (const v of c.verdicts)
    out.push(`${w.name(v.scenario)}: ${w.verdict(v.head)} (was ${w.verdict(v.base)})`);
  const resourceLines = c.resources.map((r) => {
    const before = `${amount(r.resource, r.base[judge], units)} (${formatPct(r.basePct[judge])})`;
    const after = `${amount(r.resource, r.head[judge], units)} (${formatPct(r.headPct[judge])})`;
    return `${RESOURCE_LABEL[r.resource]} on ${w.name(r.host)}, ${w.name(r.scenario)}: ${before} → ${after}, ${delta(r.resource, r.delta[judge], units)}`;
  });
  append(out, resourceLines.slice(0, MAX_CHANGE_LINES));
  if (resourceLines.length > MAX_CHANGE_LINES)
    out.push(
      `… and ${resourceLines.length - MAX_CHANGE_LINES} more headroom changes (the JSON report lists them all)`,
    );
  const list = (label: string, items: string[]) => {
    if (items.length > 0)
      out.push(
        `${label}: ${items.slice(0, MAX_CHANGE_LINES).map(w.name).join(', ')}${items.length > MAX_CHANGE_LINES ? `, … (${items.length} in all)` : ''}`,
      );
  };
  list('New scenarios', c.scenarios.added);
  list('Removed scenarios', c.scenarios.removed);
  list('New hosts', c.hosts.added);
  list('Removed hosts', c.hosts.removed);
  list('New services', c.services.added);
  list('Removed services', c.services.removed);
  if (
    out.length === 0 ||
    (c.base.status === 'ok' && c.verdicts.length === 0 && c.resources.length === 0)
  ) {
    out.push('No change in headroom or verdicts.');
  }
  return out;
}

/** The regression summary line. */
export function regressionLine(c: Changes, w: Pick<ChangeWords, 'text'>): string {
  return c.regression
    ? `This pull request makes things worse: ${c.regressions.map(w.text).join('; ')}.`
    : 'No required scenario got worse.';
}
