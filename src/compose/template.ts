/**
 * Compose's variable substitution in one string: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, nested
 * templates inside the default, alternative and error text, and `$$` for a literal `$`.
 *
 * compose-go implements this with a regular expression plus a brace counter; the scanner
 * below reproduces what that pair accepts, including its corners:
 *  - a `$` followed by anything that cannot start a name or `{` stays as written (`5$`,
 *    `$1`), while `${` followed by anything but a valid template is an error;
 *  - the expression after the operator runs to the last `}` on the line (the pattern's
 *    `.*` is greedy and stops at a line break), then is cut at its first balanced `}`;
 *  - the operator is the one written right after the name, and the text after it (the
 *    default, alternative or error message) is itself substituted before the variable is
 *    looked at, so an error inside it is reported even when it is not used.
 *
 * What interpolation produces is capped per file: variables that each repeat the one before
 * (`B=${A}${A}`, `C=${B}${B}`, …) double at every line, and 25 such lines in a few hundred
 * bytes would ask for gigabytes. The value that crosses the cap is refused where it is
 * written.
 */
import { append } from '../shared/lists.js';

export type Lookup = (name: string) => string | undefined;

export type Substitution =
  | { ok: true; value: string; unset: readonly string[] }
  | { ok: false; kind: FailureKind; reason: string };

/**
 * `invalid`: the text is not a template; `required`: a `?` variable is missing;
 * `too-large`: the value would take the file's interpolation past its cap.
 */
export type FailureKind = 'invalid' | 'required' | 'too-large';

/**
 * The most text interpolation may produce from one file (a compose file or an env file),
 * in UTF-16 code units as JavaScript counts string length: 16 MiB, over three times the
 * largest file headroom reads, so no real file comes near it.
 */
export const MAX_EXPANDED = 16 * 1024 * 1024;

/** What is left of one file's cap; every value interpolated from the file spends from it. */
export class ExpansionBudget {
  constructor(private left: number = MAX_EXPANDED) {}

  /** How much one more value may still produce. */
  get remaining(): number {
    return this.left;
  }

  spend(n: number): void {
    this.left -= n;
  }
}

/** The reason given for a value refused by the cap, for every caller alike. */
export const TOO_LARGE_REASON = `its variables expand it past ${MAX_EXPANDED / (1024 * 1024)} MiB, the most interpolation may produce from one file`;

class TemplateFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Nested templates deeper than this are refused rather than recursed into. */
const MAX_DEPTH = 32;

const isNameStart = (c: string | undefined): boolean => c !== undefined && /[_A-Za-z]/.test(c);
const isNameChar = (c: string | undefined): boolean => c !== undefined && /[_A-Za-z0-9]/.test(c);

function quoted(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat);
}

/**
 * `template` with its variables substituted, spending what it produces from `budget`; a
 * value that would not fit in what is left is refused before it is built in full.
 */
export function substitute(
  template: string,
  lookup: Lookup,
  budget: ExpansionBudget,
): Substitution {
  const unset: string[] = [];
  try {
    const value = expand(template, lookup, unset, 0, { whole: template, limit: budget.remaining });
    budget.spend(value.length);
    return { ok: true, value, unset: [...new Set(unset)] };
  } catch (e) {
    if (e instanceof TemplateFailure) return { ok: false, kind: e.kind, reason: e.reason };
    throw e;
  }
}

/** What every level of one substitution shares: the text as written, and the cap on its result. */
interface Scope {
  whole: string;
  limit: number;
}

function invalid(whole: string): never {
  throw new TemplateFailure(
    'invalid',
    `${quoted(whole)} is not a valid variable template; write a literal $ as $$`,
  );
}

function expand(t: string, lookup: Lookup, unset: string[], depth: number, scope: Scope): string {
  if (depth > MAX_DEPTH) {
    throw new TemplateFailure(
      'invalid',
      `${quoted(scope.whole)} nests variable templates too deeply`,
    );
  }
  let out = '';
  let i = 0;
  const line: LineCache = { end: -1, lastBrace: -1 };
  while (i < t.length) {
    // Checked as it grows, so a value that doubles its way past the cap stops there.
    if (out.length > scope.limit) throw new TemplateFailure('too-large', TOO_LARGE_REASON);
    const dollar = t.indexOf('$', i);
    if (dollar < 0) {
      out += t.slice(i);
      break;
    }
    out += t.slice(i, dollar);
    const next = t[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (isNameStart(next)) {
      let end = dollar + 2;
      while (isNameChar(t[end])) end++;
      out += plain(t.slice(dollar + 1, end), lookup, unset);
      i = end;
    } else if (next === '{') {
      const r = braced(t, dollar, lookup, unset, depth, scope, line);
      out += r.value;
      i = r.end;
    } else {
      out += '$';
      i = dollar + 1;
    }
  }
  if (out.length > scope.limit) throw new TemplateFailure('too-large', TOO_LARGE_REASON);
  return out;
}

function plain(name: string, lookup: Lookup, unset: string[]): string {
  const v = lookup(name);
  if (v === undefined) {
    unset.push(name);
    return '';
  }
  return v;
}

/** compose-go's brace counter: every `{` opens (and skips the character after it). */
function firstBalancedClose(t: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i <= to; i++) {
    if (t[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
    if (t[i] === '{') {
      depth++;
      i++;
    }
  }
  return -1;
}

/**
 * The end of the current line and its last `}`. Templates are scanned left to right, so each
 * line is measured once, however many templates it holds.
 */
interface LineCache {
  end: number;
  lastBrace: number;
}

function lastBraceOfLine(t: string, from: number, line: LineCache): number {
  if (from > line.end) {
    const nl = t.indexOf('\n', from);
    line.end = nl < 0 ? t.length : nl;
    line.lastBrace = t.lastIndexOf('}', line.end - 1);
  }
  return line.lastBrace;
}

function braced(
  t: string,
  dollar: number,
  lookup: Lookup,
  unset: string[],
  depth: number,
  scope: Scope,
  line: LineCache,
): { value: string; end: number } {
  const { whole } = scope;
  const nameStart = dollar + 2;
  if (!isNameStart(t[nameStart])) invalid(whole);
  let e = nameStart;
  while (isNameChar(t[e])) e++;
  const name = t.slice(nameStart, e);
  if (t[e] === '}') return { value: plain(name, lookup, unset), end: e + 1 };

  let op: string;
  if (t[e] === ':' && t[e + 1] !== undefined && '-+?'.includes(t[e + 1]!)) op = `:${t[e + 1]}`;
  else if (t[e] !== undefined && '-+?'.includes(t[e]!)) op = t[e]!;
  else invalid(whole);

  const last = lastBraceOfLine(t, e, line);
  if (last < e + op.length) invalid(whole);
  let close = firstBalancedClose(t, dollar, last);
  if (close < 0) close = last;

  const argUnset: string[] = [];
  const arg = expand(t.slice(e + op.length, close), lookup, argUnset, depth + 1, scope);
  const value = lookup(name);
  const useArg = (): string => {
    append(unset, argUnset);
    return arg;
  };
  let result: string;
  switch (op) {
    case ':-':
      result = value === undefined || value === '' ? useArg() : value;
      break;
    case '-':
      result = value === undefined ? useArg() : value;
      break;
    case ':+':
      result = value !== undefined && value !== '' ? useArg() : (value ?? '');
      break;
    case '+':
      result = value !== undefined ? useArg() : '';
      break;
    default: {
      const emptyFails = op === ':?';
      if (value === undefined || (emptyFails && value === '')) {
        throw new TemplateFailure(
          'required',
          `the variable "${name}" is required but ${value === undefined ? 'not set' : 'empty'}` +
            (arg !== '' ? `: ${arg}` : ''),
        );
      }
      result = value;
    }
  }
  return { value: result, end: close + 1 };
}
