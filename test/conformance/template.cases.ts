/** compose-go's template package: variable substitution in one string. */
import { ExpansionBudget, substitute, type Substitution } from '../../src/compose/template.js';
import { UPSTREAM, fromFile, same } from './harness.js';

const { cases, add } = fromFile(`${UPSTREAM.composeGo} template/template_test.go`);
export { cases as templateCases };

/** The test file's `defaults` mapping. */
const DEFAULTS: Record<string, string> = { FOO: 'first', BAR: '', JSON: '{"json":2}' };

function run(template: string, env: Record<string, string> = DEFAULTS): Substitution {
  return substitute(
    template,
    (n) => (Object.hasOwn(env, n) ? env[n] : undefined),
    new ExpansionBudget(),
  );
}

/** Upstream returns `expected`, with no error. */
function value(test: string, template: string, expected: string, env?: Record<string, string>) {
  add(test, template, () => {
    const r = run(template, env);
    return r.ok ? same(r.value, expected) : `refused: ${r.reason}`;
  });
}

/** Upstream reports a missing required variable, with `message` after the variable's name. */
function required(test: string, template: string, variable: string, message: string) {
  add(test, template, () => {
    const r = run(template);
    if (r.ok) return `accepted as ${JSON.stringify(r.value)}`;
    if (r.kind !== 'required') return `refused as ${r.kind}`;
    const m = /^the variable "(\w+)" is required but (?:not set|empty)(?:: (.*))?$/s.exec(r.reason);
    return same([m?.[1], m?.[2] ?? ''], [variable, message]);
  });
}

/** Upstream refuses the template as invalid. */
function invalid(test: string, template: string) {
  add(test, template, () => {
    const r = run(template);
    return r.ok ? `accepted as ${JSON.stringify(r.value)}` : same(r.kind, 'invalid');
  });
}

/** Upstream logs this many "variable is not set" warnings. */
function warnings(test: string, template: string, expected: string, count: number) {
  add(test, `${template} (warnings)`, () => {
    const r = run(template);
    return r.ok ? same([r.value, r.unset.length], [expected, count]) : `refused: ${r.reason}`;
  });
}

value('TestEscaped', '$${foo}', '${foo}');
value('TestSubstituteNoMatch', 'foo', 'foo');
for (const t of ['a $ string', '^REGEX$', '$}', '$']) value('TestUnescaped', t, t);
for (const t of ['${', '${}', '${ }', '${ foo}', '${foo }', '${foo!}']) invalid('TestInvalid', t);
value('TestNonBraced', '$FOO-bar', 'first-bar');
value('TestNoValueNoDefault', 'This ${missing} var', 'This  var');
value('TestNoValueNoDefault', 'This ${BAR} var', 'This  var');
value('TestValueNoDefault', 'This $FOO var', 'This first var');
value('TestValueNoDefault', 'This ${FOO} var', 'This first var');
value('TestNoValueWithDefault', 'ok ${missing:-def}', 'ok def');
value('TestNoValueWithDefault', 'ok ${missing-def}', 'ok def');
warnings('TestLazyDefaultDoesNotWarn', '${A:+${A},}B', 'B', 0);
warnings('TestLazyDefaultWarnsWhenUsed', '${A:-${B}}', '', 1);
add('TestLazyRequiredMessageDoesNotWarn', '${A?${B}} (warnings)', () => {
  const r = run('${A?${B}}', { A: 'value' });
  return r.ok ? same([r.value, r.unset.length], ['value', 0]) : `refused: ${r.reason}`;
});
value('TestEmptyValueWithSoftDefault', 'ok ${BAR:-def}', 'ok def');
value('TestValueWithSoftDefault', 'ok ${FOO:-def}', 'ok first');
value('TestEmptyValueWithHardDefault', 'ok ${BAR-def}', 'ok ');
value('TestPresentValueWithUnset', 'ok ${UNSET_VAR:+presence_value}', 'ok ');
value('TestPresentValueWithUnset2', 'ok ${UNSET_VAR+presence_value}', 'ok ');
value('TestPresentValueWithNonEmpty', 'ok ${FOO:+presence_value}', 'ok presence_value');
value('TestPresentValueAndNonEmptyWithNonEmpty', 'ok ${FOO+presence_value}', 'ok presence_value');
value('TestPresentValueWithSet', 'ok ${BAR+presence_value}', 'ok presence_value');
value('TestPresentValueAndNotEmptyWithSet', 'ok ${BAR:+presence_value}', 'ok ');
value('TestNonAlphanumericDefault', 'ok ${BAR:-/non:-alphanumeric}', 'ok /non:-alphanumeric');

for (const [template, expected] of [
  ['-ok ${BAR:-defaultValue}', '-ok defaultValue'],
  ['+ok ${UNSET:-${BAR-defaultValue}}', '+ok '],
  ['-ok ${FOO:-defaultValue}', '-ok first'],
  [':-ok ${UNSET-defaultValue}', ':-ok defaultValue'],
  [':-ok ${BAR-defaultValue}', ':-ok '],
  [':?ok ${BAR-defaultValue}', ':?ok '],
  [':?ok ${BAR:-defaultValue}', ':?ok defaultValue'],
  [':+ok ${BAR:-defaultValue}', ':+ok defaultValue'],
  ['+ok ${BAR-defaultValue}', '+ok '],
  ['?ok ${BAR:-defaultValue}', '?ok defaultValue'],
] as const) {
  value('TestInterpolationExternalInterference', template, expected);
}

for (const [template, expected] of [
  ['ok ${UNSET_VAR-$FOO}', 'ok first'],
  ['ok ${UNSET_VAR-${FOO}}', 'ok first'],
  ['ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok first first'],
  ['ok ${BAR:-$FOO}', 'ok first'],
  ['ok ${BAR:-${FOO}}', 'ok first'],
  ['ok ${BAR:-${FOO} ${FOO}}', 'ok first first'],
  ['ok ${BAR+$FOO}', 'ok first'],
  ['ok ${BAR+$FOO ${FOO:+second}}', 'ok first second'],
] as const) {
  value('TestDefaultsWithNestedExpansion', template, expected);
}

required(
  'TestMandatoryVariableErrors',
  'not ok ${UNSET_VAR:?Mandatory Variable Unset}',
  'UNSET_VAR',
  'Mandatory Variable Unset',
);
required(
  'TestMandatoryVariableErrors',
  'not ok ${BAR:?Mandatory Variable Empty}',
  'BAR',
  'Mandatory Variable Empty',
);
required('TestMandatoryVariableErrors', 'not ok ${UNSET_VAR:?}', 'UNSET_VAR', '');
required(
  'TestMandatoryVariableErrors',
  'not ok ${UNSET_VAR?Mandatory Variable Unset}',
  'UNSET_VAR',
  'Mandatory Variable Unset',
);
required('TestMandatoryVariableErrors', 'not ok ${UNSET_VAR?}', 'UNSET_VAR', '');
required(
  'TestMandatoryVariableErrorsWithNestedExpansion',
  'not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}',
  'UNSET_VAR',
  'Mandatory Variable first',
);
required(
  'TestMandatoryVariableErrorsWithNestedExpansion',
  'not ok ${UNSET_VAR?Mandatory Variable ${FOO}}',
  'UNSET_VAR',
  'Mandatory Variable first',
);

value('TestDefaultsForMandatoryVariables', 'ok ${FOO:?err}', 'ok first');
value('TestDefaultsForMandatoryVariables', 'ok ${FOO?err}', 'ok first');
value('TestDefaultsForMandatoryVariables', 'ok ${BAR?err}', 'ok ');
value('TestSubstituteWithReplacementFunc', 'ok ${SUBDOMAIN:-redis}.${FOO:?}', 'ok redis.first');

required('TestPrecedence', '${UNSET_VAR?bar-baz}', 'UNSET_VAR', 'bar-baz');
value('TestPrecedence', '${UNSET_VAR-myerror?msg}', 'myerror?msg');
value('TestPrecedence', '${FOO?bar-baz}', 'first');
value('TestPrecedence', '${BAR:-default_value_for_empty_var}', 'default_value_for_empty_var');
value('TestPrecedence', '${UNSET_VAR-default_value_for_unset_var}', 'default_value_for_unset_var');

// getSubstitutionFunctionForTemplate picks the operator written first after the name; the
// vectors are checked through what each operator does with VARNAME unset.
for (const [input, symbol] of [
  ['VARNAME:?val?ue', ':?'],
  ['VARNAME?val:?ue', '?'],
  ['VARNAME?va-lu+e:?e', '?'],
  ['VARNAME?va+lu-e:?e', '?'],
  ['VARNAME:-value', ':-'],
  ['VARNAME-va:-lu:?e', '-'],
  ['VARNAME-va+lu?e', '-'],
  ['VARNAME-va?lu+e', '-'],
  ['VARNAME:+va:?lu:-e', ':+'],
  ['VARNAME+va:+lue', '+'],
  ['VARNAME+va?lu-e', '+'],
  ['VARNAME+va-lu?e', '+'],
] as const) {
  add('TestSubstitutionFunctionChoice', input, () => {
    const rest = input.slice('VARNAME'.length + symbol.length);
    const r = run(`\${${input}}`, {});
    if (symbol.endsWith('?')) {
      return r.ok || r.kind !== 'required'
        ? 'not refused as a missing required variable'
        : same(r.reason.endsWith(`: ${rest}`), true);
    }
    if (!r.ok) return `refused: ${r.reason}`;
    return same(r.value, symbol.endsWith('-') ? rest : '');
  });
}

for (const t of ['ok ${missing:-{"json":1}}', 'ok ${missing-{"json":1}}']) {
  value('TestNoValueWithCurlyBracesDefault', t, 'ok {"json":1}');
}
for (const t of ['ok ${JSON:-{"json":1}}', 'ok ${JSON-{"json":1}}']) {
  value('TestValueWithCurlyBracesDefault', t, 'ok {"json":2}');
}
