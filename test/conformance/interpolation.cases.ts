/** compose-go's interpolation package: substitution over a whole document. */
import { InputError } from '../../src/shared/errors.js';
import { interpolateDocument } from '../../src/compose/interpolate.js';
import { ExpansionBudget } from '../../src/compose/template.js';
import { Findings } from '../../src/compose/located.js';
import { matches, toPlain } from '../../src/compose/node.js';
import { parseComposeFile } from '../../src/compose/parse-file.js';
import { UPSTREAM, fromFile, same } from './harness.js';

const { cases, add } = fromFile(`${UPSTREAM.composeGo} interpolation/interpolation_test.go`);
export { cases as interpolationCases };

const DEFAULTS: Record<string, string> = {
  USER: 'jenny',
  FOO: 'bar',
  count: '5',
  REQUIRED: 'true',
};

type Result = { ok: true; value: unknown } | { ok: false; message: string };

function interpolate(yaml: string, env: Record<string, string>): Result {
  const [doc] = parseComposeFile(yaml, 'compose.yml');
  try {
    const root = interpolateDocument(doc!.root, {
      lookup: (n) => (Object.hasOwn(env, n) ? env[n] : undefined),
      findings: new Findings(),
      budget: new ExpansionBudget(),
    });
    return { ok: true, value: toPlain(root) };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, message: e.problems[0]!.message };
    throw e;
  }
}

const quoted = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const testvar = (value: string): string =>
  `myservice:\n  environment:\n    TESTVAR: ${quoted(value)}\n`;

add('TestInterpolate', 'servicea: image, volumes, logging', () => {
  const r = interpolate(
    'servicea:\n  image: "example:${USER}"\n  volumes: ["$FOO:/target"]\n  logging:\n    driver: "${FOO}"\n    options:\n      user: "$USER"\n',
    DEFAULTS,
  );
  return r.ok
    ? same(r.value, {
        servicea: {
          image: 'example:jenny',
          volumes: ['bar:/target'],
          logging: { driver: 'bar', options: { user: 'jenny' } },
        },
      })
    : r.message;
});

add('TestInvalidInterpolation', 'servicea.image: ${', () => {
  const r = interpolate('servicea:\n  image: "${"\n', DEFAULTS);
  return r.ok ? 'accepted' : same(r.message.startsWith('cannot interpolate servicea.image:'), true);
});

add(
  'TestInterpolateWithDefaults',
  'networks.foo: thing_${FOO} with FOO=BARZ in the environment',
  () => {
    const r = interpolate('networks:\n  foo: "thing_${FOO}"\n', { FOO: 'BARZ' });
    return r.ok ? same(r.value, { networks: { foo: 'thing_BARZ' } }) : r.message;
  },
);

/** A vector of TestValidUnexistentInterpolation (no variable set) or TestValidExistentInterpolation. */
function vector(test: string, env: Record<string, string>, template: string, expected: string) {
  add(test, template, () => {
    const r = interpolate(testvar(template), env);
    return r.ok ? same(r.value, { myservice: { environment: { TESTVAR: expected } } }) : r.message;
  });
}

function requiredVector(test: string, template: string, message: string) {
  add(test, template, () => {
    const r = interpolate(testvar(template), {});
    if (r.ok) return 'accepted';
    return same(
      r.message,
      `cannot interpolate myservice.environment.TESTVAR: the variable "FOO" is required but not set: ${message}`,
    );
  });
}

const UNEXISTENT = 'TestValidUnexistentInterpolation';
for (const [template, expected] of [
  ['{{{ ${FOO:-foo_} }}}', '{{{ foo_ }}}'],
  ['{{{ ${FOO:-foo-bar-value} }}}', '{{{ foo-bar-value }}}'],
  ['{{{ ${FOO:-foo?bar?value} }}}', '{{{ foo?bar?value }}}'],
  ['{{{ ${FOO:-foo:?bar:?value} }}}', '{{{ foo:?bar:?value }}}'],
  ['{{{ ${FOO:-foo} ${BAR:-DEFAULT_VALUE} }}}', '{{{ foo DEFAULT_VALUE }}}'],
  ['{{{ ${BAR} }}}', '{{{  }}}'],
  ['${FOO:-baz} }}}', 'baz }}}'],
  ['${FOO-baz} }}}', 'baz }}}'],
  ['${FOO:-${BAR:-${ZOT:-qix}}}', 'qix'],
  ['${FOO:-${BAR:-x}_test_${BAR:-y}}', 'x_test_y'],
  ['${FOO:-${BAR:-x}_test}', 'x_test'],
  ['${FOO:-${BAR:-${ZOT:-x}}_test}', 'x_test'],
] as const) {
  vector(UNEXISTENT, {}, template, expected);
}
for (const [template, message] of [
  ['{{{ ${FOO:?foo_} }}}', 'foo_'],
  ['{{{ ${FOO:?foo-bar-value} }}}', 'foo-bar-value'],
  ['{{{ ${FOO:?foo} ${BAR:-DEFAULT_VALUE} }}}', 'foo'],
  ['${FOO:?foo} ${BAR:?bar}', 'foo'],
  ['${FOO:?baz} }}}', 'baz'],
  ['${FOO?baz} }}}', 'baz'],
] as const) {
  requiredVector(UNEXISTENT, template, message);
}

const EXISTENT = 'TestValidExistentInterpolation';
for (const [template, expected] of [
  ['{{{ ${FOO:-foo_} }}}', '{{{ bar }}}'],
  ['{{{ ${FOO:-foo-bar-value} }}}', '{{{ bar }}}'],
  ['{{{ ${FOO:-foo} ${BAR:-DEFAULT_VALUE} }}}', '{{{ bar DEFAULT_VALUE }}}'],
  ['{{{ ${BAR} }}}', '{{{  }}}'],
  ['${FOO:-baz} }}}', 'bar }}}'],
  ['${FOO-baz} }}}', 'bar }}}'],
  ['{{{ ${FOO:-foo} ${USER:-bar} }}}', '{{{ bar jenny }}}'],
  ['{{{ ${USER} }}}', '{{{ jenny }}}'],
] as const) {
  vector(EXISTENT, DEFAULTS, template, expected);
}

// tree.Path's Matches, which both the type casts and the merge rules go through.
for (const [doc, path, pattern, expected] of [
  ['pattern too short', ['one', 'two', 'three'], ['one', 'two'], false],
  ['pattern too long', ['one', 'two'], ['one', 'two', 'three'], false],
  ['pattern mismatch', ['one', 'three', 'two'], ['one', 'two', 'three'], false],
  ['pattern mismatch with match-all part', ['one', 'three', 'two'], ['*', 'two', 'three'], false],
  ['pattern match with match-all part', ['one', 'two', 'three'], ['one', '*', 'three'], true],
  ['pattern match', ['one', 'two', 'three'], ['one', 'two', 'three'], true],
] as const) {
  add('TestPathMatches', doc, () => same(matches(path, pattern), expected));
}
