import { describe, expect, it } from 'vitest';
import { ExpansionBudget, substitute } from '../../src/compose/template.js';

// The environment of compose-go's own template tests: FOO set, BAR set but empty.
const ENV: Record<string, string> = { FOO: 'first', BAR: '' };
const lookup = (name: string): string | undefined => ENV[name];

describe('variable substitution', () => {
  it.each([
    // [template, value, variables reported unset]
    ['foo', 'foo', []],
    ['$$', '$', []],
    ['$${foo}', '${foo}', []],
    ['$$FOO', '$FOO', []],
    ['This $FOO var', 'This first var', []],
    ['This ${FOO} var', 'This first var', []],
    ['$FOO-bar', 'first-bar', []],
    ['${FOO}${FOO}', 'firstfirst', []],
    ['This ${missing} var', 'This  var', ['missing']],
    ['This $missing var', 'This  var', ['missing']],
    ['This ${BAR} var', 'This  var', []],
    ['$lower', '', ['lower']],
    // default when unset or empty, default when unset
    ['ok ${missing:-def}', 'ok def', []],
    ['ok ${missing-def}', 'ok def', []],
    ['ok ${BAR:-def}', 'ok def', []],
    ['ok ${BAR-def}', 'ok ', []],
    ['ok ${FOO:-def}', 'ok first', []],
    ['ok ${missing:-}', 'ok ', []],
    ['ok ${BAR:-/non:-alphanumeric}', 'ok /non:-alphanumeric', []],
    // nested templates in the default
    ['ok ${UNSET_VAR-$FOO}', 'ok first', []],
    ['ok ${UNSET_VAR-${FOO}}', 'ok first', []],
    ['ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok first first', []],
    ['ok ${BAR:-${FOO}}', 'ok first', []],
    ['ok ${BAR:-${missing:-deep}}', 'ok deep', []],
    ['${missing:-$other}', '', ['other']],
    // a default that is not used reports nothing
    ['${FOO:-$other}', 'first', []],
    // alternative value when set and not empty, when set
    ['${FOO:+alt}', 'alt', []],
    ['${BAR:+alt}', '', []],
    ['${missing:+alt}', '', []],
    ['${FOO+alt}', 'alt', []],
    ['${BAR+alt}', 'alt', []],
    ['${missing+alt}', '', []],
    ['${FOO:+${FOO}-x}', 'first-x', []],
    // required values that are present
    ['ok ${FOO:?err}', 'ok first', []],
    ['ok ${FOO?err}', 'ok first', []],
    ['ok ${BAR?err}', 'ok ', []],
    // the operator is the first one after the name
    ['${UNSET_VAR-myerror?msg}', 'myerror?msg', []],
    ['${FOO?bar-baz}', 'first', []],
    ['${missing-a:-b}', 'a:-b', []],
    // several templates on one line, and braces after them
    ['${FOO:-a} and ${BAR:-b}', 'first and b', []],
    ['${FOO}}', 'first}', []],
    ['${missing:-{x}}', '{x}', []],
    // a $ that starts no template stays as written
    ['5$', '5$', []],
    ['$1', '$1', []],
    ['cost: $ 5', 'cost: $ 5', []],
    ['$}', '$}', []],
  ])('%j -> %j', (template, value, unset) => {
    const r = substitute(template, lookup, new ExpansionBudget());
    expect(r).toEqual({ ok: true, value, unset });
  });

  it.each([
    '${',
    '${}',
    '${ }',
    '${ foo}',
    '${foo }',
    '${foo!}',
    '${1}',
    '${FOO:-x',
    '${FOO:x}',
    // the expression after the operator does not cross a line break
    '${missing:-a\nb}',
    'fine ${FOO} then ${',
  ])('%j is not a valid template', (template) => {
    const r = substitute(template, lookup, new ExpansionBudget());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.kind).toBe('invalid');
      expect(r.reason).toContain('not a valid variable template');
    }
  });

  it.each([
    [
      'not ok ${UNSET_VAR:?Mandatory Variable Unset}',
      'the variable "UNSET_VAR" is required but not set: Mandatory Variable Unset',
    ],
    [
      'not ok ${BAR:?Mandatory Variable Empty}',
      'the variable "BAR" is required but empty: Mandatory Variable Empty',
    ],
    ['not ok ${UNSET_VAR:?}', 'the variable "UNSET_VAR" is required but not set'],
    [
      'not ok ${UNSET_VAR?Mandatory Variable Unset}',
      'the variable "UNSET_VAR" is required but not set: Mandatory Variable Unset',
    ],
    ['not ok ${UNSET_VAR?}', 'the variable "UNSET_VAR" is required but not set'],
    [
      'not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}',
      'the variable "UNSET_VAR" is required but not set: Mandatory Variable first',
    ],
    // compose-go substitutes the default before it looks at the variable
    ['${FOO:-${UNSET_VAR:?boom}}', 'the variable "UNSET_VAR" is required but not set: boom'],
  ])('%j stops with its message', (template, reason) => {
    expect(substitute(template, lookup, new ExpansionBudget())).toEqual({
      ok: false,
      kind: 'required',
      reason,
    });
  });

  it('refuses templates nested without end', () => {
    const deep = '${A:-'.repeat(40) + 'x' + '}'.repeat(40);
    const r = substitute(deep, lookup, new ExpansionBudget());
    expect(r.ok).toBe(false);
  });
});
