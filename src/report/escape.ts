/**
 * Making user-controlled text safe to show. Names and messages come from files anyone can
 * change in a pull request; in a comment they must not break a table, render HTML, ping
 * people or teams, or reorder text with bidirectional controls; on a terminal they must not
 * carry escape sequences.
 */
import { greatest } from '../shared/lists.js';

/**
 * Control characters, bidirectional overrides and invisible characters are shown as
 * `<U+202E>` so the reader sees they are there (a name that looks like another is the
 * trick they enable). Invisible is taken from Unicode's own classes, so characters beyond
 * the 16-bit range (the tag characters U+E0000 to U+E007F, the variation selectors
 * supplement) are caught like the rest, with spaces other than the plain one and unpaired
 * surrogates.
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

export function visible(text: string): string {
  return text.replace(
    INVISIBLE,
    (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/** A word joiner: invisible, and enough to stop GitHub linking `@team`, `#12` or `a://b`. */
const WJ = '\u2060';

/**
 * Inline code for identifiers. Inside a code span nothing is HTML, nothing is a mention,
 * nothing is a link; only a pipe needs escaping in a table cell (GFM unescapes `\|` there
 * before the span is parsed, and only there).
 */
export function code(text: string, inTable = true): string {
  let body = visible(text);
  if (inTable) body = body.replace(/\|/g, '\\|');
  const runs = body.match(/`+/g) ?? [];
  const fence = '`'.repeat(
    greatest(
      runs.map((r) => r.length),
      0,
    ) + 1,
  );
  const pad = body.startsWith('`') || body.endsWith('`') || /^ .* $/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * Inline code inside raw HTML, such as a `<summary>` line: Markdown is not parsed there, so
 * a backtick code span would show its backticks and leave `@team` live and `<img>` as a
 * tag. An HTML `<code>` element with entities does neither (GitHub links no mention
 * inside `code`).
 */
export function htmlCode(value: string): string {
  const escaped = visible(value).replace(/[&<>"'@]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<code>${escaped}</code>`;
}

/**
 * Plain inline text inside Markdown (never at the start of a line): the characters that
 * open emphasis, code, links, HTML, math, strikethrough or table cells are backslash-escaped,
 * and mentions, issue references and bare links are broken with a word joiner so they stay
 * text.
 */
export function text(value: string): string {
  return visible(value)
    .replace(/[\\`*_[\]<>|~&!$]/g, (c) => `\\${c}`)
    .replace(/@/g, `@${WJ}`)
    .replace(/#(?=\d)/g, `#${WJ}`)
    .replace(/:\/\//g, `:${WJ}//`)
    .replace(/www\./gi, (m) => `${m[0]}${WJ}${m.slice(1)}`);
}

/** Text for a terminal: visible control characters, nothing else changed. */
export function terminal(value: string): string {
  return visible(value);
}
