/**
 * `.env` files the way compose-go's dotenv parser reads them:
 *  - `KEY=value`, `KEY: value` and `export KEY=value`; a line holding only `KEY` copies the
 *    variable from the environment when it is set there;
 *  - unquoted values run to the end of the line, lose a ` #` comment and trailing blanks,
 *    and are interpolated;
 *  - double-quoted values may span lines, understand `\n \t \" \\ \$` and friends, and are
 *    interpolated; single-quoted values are taken literally;
 *  - interpolation looks at the environment (and earlier env files) first, then at the
 *    variables defined earlier in the same file.
 * Messages never quote a value: env files often hold secrets.
 */
import { InputError } from '../shared/errors.js';
import type { Source } from '../shared/terms.js';
import { LineIndex } from '../yaml/lines.js';
import { findingAt, type Findings } from './located.js';
import { ExpansionBudget, substitute, type Lookup } from './template.js';
import { unsetVariable, type Withheld } from './unset.js';

export interface DotenvContext {
  file: string;
  /** Consulted before the variables already defined. */
  lookup: Lookup;
  findings: Findings;
  /**
   * Variables defined so far, which the file adds to. Env files read in a row share one
   * map, as in compose-go: a later file sees its own earlier lines over an earlier file's.
   */
  defined?: Map<string, string>;
  /** Variables the action withheld, so a warning can say why one is unset. */
  withheld?: Withheld;
}

/** Blanks that do not end a line (Go's `isSpace` in the dotenv package). */
const isSpace = (c: string | undefined): boolean =>
  c === ' ' ||
  c === '\t' ||
  c === '\v' ||
  c === '\f' ||
  c === '\r' ||
  c === '\u0085' ||
  c === '\u00a0';

const isBlank = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);

const isKeyChar = (c: string): boolean => /[\p{L}\p{N}_.\-[\]]/u.test(c);

const ESCAPES = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};

/** Go's escape sequences as the parser supports them; anything else stays as written. */
function expandEscapes(text: string): string {
  return text.replace(ESCAPES, (m) => {
    // `\$` becomes `$$`, which interpolation then reads as a literal `$`.
    if (m === '\\$') return '$$';
    if (m.startsWith('\\0')) {
      const digits = m.slice(2);
      if (!/^[0-7]{3}$/.test(digits)) return m;
      const code = parseInt(digits, 8);
      return code > 255 ? m : String.fromCharCode(code);
    }
    return SIMPLE_ESCAPES[m.slice(1)] ?? m;
  });
}

export function parseDotenv(raw: string, ctx: DotenvContext): Map<string, string> {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const lines = new LineIndex(text);
  const out = ctx.defined ?? new Map<string, string>();
  const at = (offset: number): Source => {
    const { line } = lines.position(offset);
    return { file: ctx.file, line, column: 1 };
  };
  const fail = (offset: number, message: string): never => {
    const { line } = lines.position(offset);
    throw new InputError([{ file: ctx.file, line, column: 1, message }]);
  };
  // One cap for the whole file: a line that doubles the one before it stops at the line
  // that crosses the cap, whatever the lines before it produced.
  const budget = new ExpansionBudget();
  const expand = (value: string, offset: number, key: string): string => {
    const r = substitute(value, (name) => ctx.lookup(name) ?? out.get(name), budget);
    if (!r.ok) {
      return fail(
        offset,
        r.kind === 'required'
          ? r.reason
          : r.kind === 'too-large'
            ? `the value of ${key || 'a variable'}: ${r.reason}`
            : `the value of ${key} is not a valid variable template; write a literal $ as $$`,
      );
    }
    for (const name of r.unset) {
      ctx.findings.add(
        findingAt(
          'warn',
          'unset-variable',
          `${unsetVariable(name, ctx.withheld)}, so ${key} uses an empty string in its place`,
          at(offset),
        ),
      );
    }
    return r.value;
  };

  let pos = 0;
  for (;;) {
    // Skip blank lines and comment lines.
    while (pos < text.length) {
      if (isBlank(text[pos])) pos++;
      else if (text[pos] === '#') {
        const nl = text.indexOf('\n', pos);
        pos = nl < 0 ? text.length : nl;
      } else break;
    }
    if (pos >= text.length) break;

    const start = pos;
    let s = pos;
    if (/^export\s/.test(text.slice(s, s + 7))) {
      s += 6;
      while (isSpace(text[s])) s++;
    }
    let keyEnd = -1;
    let terminator = '';
    for (let i = s; i < text.length; i++) {
      const c = text[i]!;
      if (isSpace(c)) continue;
      if (c === '=' || c === ':' || c === '\n') {
        keyEnd = i;
        terminator = c;
        break;
      }
      if (!isKeyChar(c)) {
        fail(i, `unexpected character ${JSON.stringify(c)} in a variable name`);
      }
    }
    // A last line with no `=` and no line break is, to compose-go, the value of a variable
    // with an empty name: one no template can name, so it defines nothing usable.
    const key = keyEnd < 0 ? '' : text.slice(s, keyEnd).replace(/\s+$/u, '');
    if (key.includes(' ')) fail(start, 'a variable name cannot contain a space');
    pos = keyEnd < 0 ? s : keyEnd + 1;
    while (isSpace(text[pos])) pos++;

    if (terminator === '\n') {
      const inherited = ctx.lookup(key) ?? out.get(key);
      if (inherited !== undefined) out.set(key, inherited);
      continue;
    }

    const quote = text[pos];
    if (quote === '"' || quote === "'") {
      let value = '';
      let escaped = false;
      let end = -1;
      for (let i = pos + 1; i < text.length; i++) {
        const c = text[i]!;
        if (escaped) {
          escaped = false;
          if (c !== quote) value += '\\';
          value += c;
        } else if (c === '\\') {
          escaped = true;
        } else if (c === quote) {
          end = i;
          break;
        } else {
          value += c;
        }
      }
      if (end < 0) fail(pos, `the quoted value of ${key || 'a variable'} is never closed`);
      const v = quote === '"' ? expand(expandEscapes(value), pos, key) : value;
      out.set(key, v);
      pos = end + 1;
      continue;
    }

    const nl = text.indexOf('\n', pos);
    const lineText = text.slice(pos, nl < 0 ? text.length : nl);
    const comment = lineText.indexOf(' #');
    const value = (comment < 0 ? lineText : lineText.slice(0, comment)).replace(/\s+$/u, '');
    const v = expand(value, pos, key);
    out.set(key, v);
    pos = nl < 0 ? text.length : nl + 1;
  }
  return out;
}
