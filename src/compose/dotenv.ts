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
  return new DotenvReader(text, ctx).readAll();
}

/** One pass over a file's text, an entry at a time, into the variables it defines. */
class DotenvReader {
  private readonly lines: LineIndex;
  private readonly out: Map<string, string>;
  // One cap for the whole file: a line that doubles the one before it stops at the line
  // that crosses the cap, whatever the lines before it produced.
  private readonly budget = new ExpansionBudget();
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly ctx: DotenvContext,
  ) {
    this.lines = new LineIndex(text);
    this.out = ctx.defined ?? new Map<string, string>();
  }

  readAll(): Map<string, string> {
    for (;;) {
      this.skipBlankAndCommentLines();
      if (this.pos >= this.text.length) break;
      this.readEntry();
    }
    return this.out;
  }

  private skipBlankAndCommentLines(): void {
    const { text } = this;
    while (this.pos < text.length) {
      if (isBlank(text[this.pos])) this.pos++;
      else if (text[this.pos] === '#') {
        const nl = text.indexOf('\n', this.pos);
        this.pos = nl < 0 ? text.length : nl;
      } else break;
    }
  }

  private readEntry(): void {
    const { key, terminator } = this.readKey();
    if (terminator === '\n') {
      const inherited = this.ctx.lookup(key) ?? this.out.get(key);
      if (inherited !== undefined) this.out.set(key, inherited);
      return;
    }
    const quote = this.text[this.pos];
    if (quote === '"' || quote === "'") this.readQuoted(key, quote);
    else this.readUnquoted(key);
  }

  /** The name before `=` or `:` (or a line break), leaving `pos` at what follows it. */
  private readKey(): { key: string; terminator: string } {
    const { text } = this;
    const start = this.pos;
    let s = this.pos;
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
        this.fail(i, `unexpected character ${JSON.stringify(c)} in a variable name`);
      }
    }
    // A last line with no `=` and no line break is, to compose-go, the value of a variable
    // with an empty name: one no template can name, so it defines nothing usable.
    const key = keyEnd < 0 ? '' : text.slice(s, keyEnd).replace(/\s+$/u, '');
    if (key.includes(' ')) this.fail(start, 'a variable name cannot contain a space');
    this.pos = keyEnd < 0 ? s : keyEnd + 1;
    while (isSpace(text[this.pos])) this.pos++;
    return { key, terminator };
  }

  private readQuoted(key: string, quote: '"' | "'"): void {
    const { text, pos } = this;
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
    if (end < 0) this.fail(pos, `the quoted value of ${key || 'a variable'} is never closed`);
    const v = quote === '"' ? this.expand(expandEscapes(value), pos, key) : value;
    this.out.set(key, v);
    this.pos = end + 1;
  }

  private readUnquoted(key: string): void {
    const { text, pos } = this;
    const nl = text.indexOf('\n', pos);
    const lineText = text.slice(pos, nl < 0 ? text.length : nl);
    const comment = lineText.indexOf(' #');
    const value = (comment < 0 ? lineText : lineText.slice(0, comment)).replace(/\s+$/u, '');
    const v = this.expand(value, pos, key);
    this.out.set(key, v);
    this.pos = nl < 0 ? text.length : nl + 1;
  }

  /** Interpolates a value, warning of each unset variable it names. */
  private expand(value: string, offset: number, key: string): string {
    const { ctx } = this;
    const r = substitute(value, (name) => ctx.lookup(name) ?? this.out.get(name), this.budget);
    if (!r.ok) {
      return this.fail(
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
          this.at(offset),
        ),
      );
    }
    return r.value;
  }

  private at(offset: number): Source {
    const { line } = this.lines.position(offset);
    return { file: this.ctx.file, line, column: 1 };
  }

  private fail(offset: number, message: string): never {
    const { line } = this.lines.position(offset);
    throw new InputError([{ file: this.ctx.file, line, column: 1, message }]);
  }
}
