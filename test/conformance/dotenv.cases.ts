/** compose-go's dotenv package: .env files, as the project's env files are read. */
import { readFileSync } from 'node:fs';
import { withEnvFiles } from '../../src/compose/environment.js';
import { parseDotenv } from '../../src/compose/dotenv.js';
import { Findings } from '../../src/compose/located.js';
import { InputError } from '../../src/shared/errors.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { ROOT } from '../support/action-run.js';
import { UPSTREAM, fromFile, same } from './harness.js';

const godotenv = fromFile(`${UPSTREAM.composeGo} dotenv/godotenv_test.go`);
const expansion = fromFile(`${UPSTREAM.composeGo} dotenv/godotenv_var_expansion_test.go`);
const { add } = godotenv;

type Parsed = { ok: true; vars: Record<string, string> } | { ok: false; message: string };

function parse(text: string, env: Record<string, string> = {}): Parsed {
  try {
    const vars = parseDotenv(text, {
      file: '.env',
      lookup: (n) => (Object.hasOwn(env, n) ? env[n] : undefined),
      findings: new Findings(),
    });
    return { ok: true, vars: Object.fromEntries(vars) };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, message: e.problems[0]!.message };
    throw e;
  }
}

/** A fixture from compose-go's dotenv tests, stored unchanged. */
function fixture(name: string): string {
  return readFileSync(`${ROOT}test/conformance/compose-go/dotenv/fixtures/${name}`, 'utf8');
}

/** Each expected variable is one case, as upstream checks them one by one. */
function expectVars(
  test: string,
  label: string,
  parsed: () => Parsed,
  expected: Record<string, string>,
) {
  for (const [key, value] of Object.entries(expected)) {
    add(test, `${label}: ${key}`, () => {
      const r = parsed();
      if (!r.ok) return `refused: ${r.message}`;
      return Object.hasOwn(r.vars, key) ? same(r.vars[key], value) : `${key} is not defined`;
    });
  }
}

/** Loads a fixture over a preset environment, which wins, as compose-go's Load does. */
function load(name: string, presets: Record<string, string> = {}): Parsed {
  try {
    const env = withEnvFiles(
      new Map(Object.entries(presets)),
      [{ path: name, from: { file: 'capacity.yml', line: 1, column: 1 }, required: true }],
      { reader: memoryReader({ [name]: fixture(name) }), findings: new Findings() },
    );
    return { ok: true, vars: Object.fromEntries(env) };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, message: e.problems[0]!.message };
    throw e;
  }
}

const PLAIN = {
  OPTION_A: '1',
  OPTION_B: '2',
  OPTION_C: '3',
  OPTION_D: '4',
  OPTION_E: '5',
  OPTION_F: '',
  OPTION_G: '',
  OPTION_H: 'my string',
};
expectVars('TestReadPlainEnv', 'plain.env', () => parse(fixture('plain.env')), PLAIN);
expectVars(
  'TestParse',
  `ONE=1\\nTWO='2'\\nTHREE = "3"`,
  () => parse(`ONE=1\nTWO='2'\nTHREE = "3"`),
  {
    ONE: '1',
    TWO: '2',
    THREE: '3',
  },
);
expectVars(
  'TestLoadDoesNotOverride',
  'plain.env over OPTION_A=do_not_override, OPTION_B=""',
  () => load('plain.env', { OPTION_A: 'do_not_override', OPTION_B: '' }),
  { OPTION_A: 'do_not_override', OPTION_B: '' },
);
expectVars('TestLoadExportedEnv', 'exported.env', () => load('exported.env'), {
  OPTION_A: '2',
  OPTION_B: '\\n',
});
expectVars('TestLoadEqualsEnv', 'equals.env', () => load('equals.env'), {
  OPTION_A: 'postgres://localhost:5432/database?sslmode=disable',
});
expectVars('TestLoadQuotedEnv', 'quoted.env', () => load('quoted.env'), {
  OPTION_A: '1',
  OPTION_B: '2',
  OPTION_C: '',
  OPTION_D: '\\n',
  OPTION_E: '1',
  OPTION_F: '2',
  OPTION_G: '',
  OPTION_H: '\n',
  OPTION_I: "echo 'asd'",
  OPTION_J: 'first line\nsecond line\nthird line\nand so on',
  OPTION_K: "Let's go!",
  OPTION_Z: 'last value',
});
expectVars('TestLoadUnquotedEnv', 'unquoted.env', () => load('unquoted.env'), {
  OPTION_A: 'some quoted phrase',
  OPTION_B: 'first one with an unquoted phrase',
  OPTION_C: 'then another one with an unquoted phrase',
  OPTION_D: 'then another one with an unquoted phrase special è char',
  OPTION_E: 'then another one quoted phrase',
});
expectVars('TestSubstitutions', 'substitutions.env', () => load('substitutions.env'), {
  OPTION_A: '1',
  OPTION_B: '1',
  OPTION_C: '1',
  OPTION_D: '1_1',
  OPTION_E: '',
});

for (const [name, input, expected] of [
  ['expands variables found in values', 'FOO=test\nBAR=$FOO', { FOO: 'test', BAR: 'test' }],
  [
    'parses variables wrapped in brackets',
    'FOO=test\nBAR=${FOO}bar',
    { FOO: 'test', BAR: 'testbar' },
  ],
  ['expands undefined variables to an empty string', 'BAR=$FOO', { BAR: '' }],
  [
    'expands variables in double quoted strings',
    'FOO=test\nBAR="quote $FOO"',
    { FOO: 'test', BAR: 'quote test' },
  ],
  ['does not expand variables in single quoted strings', "BAR='quote $FOO'", { BAR: 'quote $FOO' }],
  ['does not expand escaped variables 1', 'FOO="foo\\$BAR"', { FOO: 'foo$BAR' }],
  ['does not expand escaped variables 2', 'FOO="foo\\${BAR}"', { FOO: 'foo${BAR}' }],
  [
    'does not expand escaped variables 3',
    'FOO=test\nBAR="foo\\${FOO} ${FOO}"',
    { FOO: 'test', BAR: 'foo${FOO} test' },
  ],
] as const) {
  add('TestExpanding', name, () => {
    const r = parse(input);
    if (!r.ok) return `refused: ${r.message}`;
    return same(Object.fromEntries(Object.keys(expected).map((k) => [k, r.vars[k]])), expected);
  });
}

add('TestVariableStringValueSeparator', 'TEST_URLS over two lines', () => {
  const r = parse(
    'TEST_URLS="stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443"',
  );
  return r.ok
    ? same(r.vars, {
        TEST_URLS: 'stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443',
      })
    : r.message;
});

expectVars(
  'TestActualEnvVarsAreLeftAlone',
  'plain.env over OPTION_A=actualenv',
  () => load('plain.env', { OPTION_A: 'actualenv' }),
  { OPTION_A: 'actualenv' },
);

const PARSING: ReadonlyArray<readonly [string, string, string]> = [
  ['FOO=bar', 'FOO', 'bar'],
  ['FOO =bar', 'FOO', 'bar'],
  ['FOO= bar', 'FOO', 'bar'],
  ['FOO="bar"', 'FOO', 'bar'],
  ["FOO='bar'", 'FOO', 'bar'],
  ['FOO="escaped\\"bar"', 'FOO', 'escaped"bar'],
  ['FOO="\\"quoted\\""', 'FOO', '"quoted"'],
  [`FOO="'d'"`, 'FOO', "'d'"],
  ['OPTION_A: 1', 'OPTION_A', '1'],
  ['OPTION_A: Foo=bar', 'OPTION_A', 'Foo=bar'],
  ['OPTION_A=1:B', 'OPTION_A', '1:B'],
  ['export OPTION_A=2', 'OPTION_A', '2'],
  ["export OPTION_B='\\n'", 'OPTION_B', '\\n'],
  ['export exportFoo=2', 'exportFoo', '2'],
  ['exportFOO=2', 'exportFOO', '2'],
  ['export_FOO =2', 'export_FOO', '2'],
  ['export.FOO= 2', 'export.FOO', '2'],
  ['export\tOPTION_A=2', 'OPTION_A', '2'],
  ['  export OPTION_A=2', 'OPTION_A', '2'],
  ['\texport OPTION_A=2', 'OPTION_A', '2'],
  ['export OPTION_A="export A"', 'OPTION_A', 'export A'],
  ['FOO="bar\\nbaz"', 'FOO', 'bar\nbaz'],
  ['FOO=a\\tb', 'FOO', 'a\\tb'],
  ['FOO="a\\tb"', 'FOO', 'a\tb'],
  ['KEY="Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z"', 'KEY', 'Z\u0007Z\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ'],
  ['FOO.BAR=foobar', 'FOO.BAR', 'foobar'],
  ['FOO=foobar=', 'FOO', 'foobar='],
  ['FOO=bar ', 'FOO', 'bar'],
  ['FOO=bar # this is foo', 'FOO', 'bar'],
  ['FOO=bar #this is foo', 'FOO', 'bar'],
  ['FOO=bar #', 'FOO', 'bar'],
  ['FOO=123#not-an-inline-comment', 'FOO', '123#not-an-inline-comment'],
  ['FOO="bar#baz"', 'FOO', 'bar#baz'],
  ['FOO="bar#baz"#', 'FOO', 'bar#baz'],
  ['FOO="bar#baz" # comment', 'FOO', 'bar#baz'],
  ["FOO='bar#baz' # comment", 'FOO', 'bar#baz'],
  ['FOO="bar#baz#bang" # comment', 'FOO', 'bar#baz#bang'],
  ['FOO="ba#r"', 'FOO', 'ba#r'],
  ["FOO='ba#r'", 'FOO', 'ba#r'],
  ['FOO="bar\\n\\ b\\az"', 'FOO', 'bar\n\\ b\u0007z'],
  ['FOO="bar\\\\\\n\\ b\\az"', 'FOO', 'bar\\\n\\ b\u0007z'],
  ['FOO="bar\\\\r\\ b\\az"', 'FOO', 'bar\\r\\ b\u0007z'],
  ['FOO="bar\\nbaz\\\\"', 'FOO', 'bar\nbaz\\'],
  ['="value"', '', 'value'],
  [' KEY =value', 'KEY', 'value'],
  ['   KEY=value', 'KEY', 'value'],
  ['\tKEY=value', 'KEY', 'value'],
  ['KEY="\\0123"', 'KEY', 'S'],
  ['KEY="\\x07"', 'KEY', '\\x07'],
  ['KEY="\\u12e4"', 'KEY', '\\u12e4'],
  ['KEY="\\U00101234"', 'KEY', '\\U00101234'],
];
for (const [line, key, value] of PARSING) {
  add('TestParsing', JSON.stringify(line), () => {
    const r = parse(line);
    if (!r.ok) return `refused: ${r.message}`;
    return Object.hasOwn(r.vars, key)
      ? same(r.vars[key], value)
      : `${JSON.stringify(key)} is not defined`;
  });
}
add('TestParsing', '"lol$wut" is refused', () => {
  const r = parse('lol$wut');
  return r.ok ? 'accepted' : undefined;
});

for (const text of [
  `KEY="`,
  `KEY="value`,
  `KEY="value\\"`,
  `KEY="value'`,
  `KEY='`,
  `KEY='value`,
  `KEY='value\\'`,
  `KEY='value"`,
]) {
  add('TestUnterminatedQuotes', text, () => {
    const r = parse(text);
    return r.ok ? 'accepted' : same(/is never closed/.test(r.message), true);
  });
}

for (const [name, input] of [
  ['Line with nothing but line break', '\n'],
  ['Line with nothing but windows-style line break', '\r\n'],
  ['Line full of whitespace', '\t\t '],
  ['Comment', '# Comment'],
  ['Indented comment', '\t # comment'],
] as const) {
  add('TestLinesToIgnore', name, () => {
    const r = parse(input);
    return r.ok ? same(r.vars, {}) : `refused: ${r.message}`;
  });
}

add('TestErrorParsing', 'invalid1.env', () => {
  const r = parse(fixture('invalid1.env'));
  return r.ok ? 'accepted' : same(/space/.test(r.message), true);
});

expectVars(
  'TestInheritedEnvVariableSameSize',
  'inherited-multi-var.env',
  () =>
    parse(fixture('inherited-multi-var.env'), {
      VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE',
    }),
  { VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE', foo: 'bar', bar: 'baz' },
);
expectVars(
  'TestInheritedEnvVariableSingleVar',
  'inherited-single-var.env',
  () =>
    parse(fixture('inherited-single-var.env'), {
      VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE',
    }),
  { VAR_TO_BE_LOADED_FROM_OS_ENV: 'SOME_RANDOM_VALUE' },
);
add('TestInheritedEnvVariableNotFound', 'inherited-not-found.env', () => {
  const r = parse(fixture('inherited-not-found.env'));
  return r.ok ? same(Object.hasOwn(r.vars, 'VARIABLE_NOT_FOUND'), false) : r.message;
});
add('TestExpandingEnvironmentWithLookup', 'TEST=$ME', () => {
  const r = parse('TEST=$ME', { ME: 'YES' });
  return r.ok ? same(r.vars.TEST, 'YES') : r.message;
});

const five = { OPTION_A: '5' };
expectVars(
  'TestSubstitutionsWithEnvFilePrecedence',
  'substitutions.env with OPTION_A=5',
  () => parse(fixture('substitutions.env'), five),
  {
    OPTION_A: '1',
    OPTION_B: '5',
    OPTION_C: '5',
    OPTION_D: '5_5',
    OPTION_E: '',
  },
);
expectVars(
  'TestSubstitutionsWithEnvFileDefaultValuePrecedence',
  'substitutions-default.env with OPTION_A=5',
  () => parse(fixture('substitutions-default.env'), five),
  {
    OPTION_A: '5',
    OPTION_B: '5',
    OPTION_C: '5',
    OPTION_D: '5_5',
    OPTION_E: '',
  },
);
expectVars(
  'TestSubstitutionsWithUnsetVarEnvFileDefaultValuePrecedence',
  'substitutions-default.env',
  () => parse(fixture('substitutions-default.env')),
  {
    OPTION_A: '1',
    OPTION_B: '1',
    OPTION_C: '1',
    OPTION_D: '1_1',
    OPTION_E: '',
  },
);
expectVars('TestUTF8BOM', 'utf8-bom.env', () => load('utf8-bom.env'), {
  OPTION_A: '1',
  OPTION_B: '2',
  OPTION_C: '3',
  OPTION_D: '4',
  OPTION_E: '5',
});
expectVars('TestDash', 'special.env', () => load('special.env'), {
  'VAR-WITH-DASHES': 'dashes',
  'VAR.WITH.DOTS': 'dots',
  VAR_WITH_UNDERSCORES: 'underscores',
});

/** Two env files read in a row, as a compose entry's env_file list is. */
function files(osEnv: Record<string, string>): Parsed {
  const base = '\nENV_HOSTNAME=localhost\nENV_MY_URL="http://${ENV_HOSTNAME}"\n';
  const override = '\nENV_HOSTNAME=dev.my-company.com\nENV_MY_URL="http://${ENV_HOSTNAME}"\n';
  // GetEnvFromFile: what the files define, each read with the OS environment as lookup.
  const fromFiles = new Map<string, string>();
  for (const [path, text] of [
    ['base.env', base],
    ['override.env', override],
  ] as const) {
    parseDotenv(text, {
      file: path,
      lookup: (n) => osEnv[n],
      findings: new Findings(),
      defined: fromFiles,
    });
  }
  return { ok: true, vars: Object.fromEntries(fromFiles) };
}
expectVars('TestMultipleFiles', 'base.env then override.env', () => files({}), {
  ENV_HOSTNAME: 'dev.my-company.com',
  ENV_MY_URL: 'http://dev.my-company.com',
});
expectVars(
  'TestMultipleFiles',
  'base.env then override.env with ENV_HOSTNAME=host.local',
  () => files({ ENV_HOSTNAME: 'host.local' }),
  {
    ENV_HOSTNAME: 'dev.my-company.com',
    ENV_MY_URL: 'http://host.local',
  },
);

// expandVariables: a value read with the file's own variables (EMPTY_VAR, TEST_VAR) and
// nothing in the environment.
function expand(input: string): Parsed {
  try {
    const defined = new Map([
      ['EMPTY_VAR', ''],
      ['TEST_VAR', 'Test Value'],
    ]);
    parseDotenv(`V=${input}`, {
      file: '.env',
      lookup: () => undefined,
      findings: new Findings(),
      defined,
    });
    return { ok: true, vars: { V: defined.get('V')! } };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, message: e.problems[0]!.message };
    throw e;
  }
}
for (const [test, input, expected] of [
  ['TestExpandIfEmptyOrUnset', 'RESULT=${UNSET_VAR:-Default Value}', 'RESULT=Default Value'],
  ['TestExpandIfEmptyOrUnset', 'RESULT=${EMPTY_VAR:-Default Value}', 'RESULT=Default Value'],
  ['TestExpandIfEmptyOrUnset', 'RESULT=${TEST_VAR:-Default Value}', 'RESULT=Test Value'],
  ['TestExpandIfUnset', 'RESULT=${UNSET_VAR-Default Value}', 'RESULT=Default Value'],
  ['TestExpandIfUnset', 'RESULT=${EMPTY_VAR-Default Value}', 'RESULT='],
  ['TestExpandIfUnset', 'RESULT=${TEST_VAR-Default Value}', 'RESULT=Test Value'],
  ['TestErrorIfEmptyOrUnset', 'RESULT=${UNSET_VAR:?Test error}', null],
  ['TestErrorIfEmptyOrUnset', 'RESULT=${EMPTY_VAR:?Test error}', null],
  ['TestErrorIfEmptyOrUnset', 'RESULT=${TEST_VAR:?Default Value}', 'RESULT=Test Value'],
  ['TestErrorIfUnset', 'RESULT=${UNSET_VAR?Test error}', null],
  ['TestErrorIfUnset', 'RESULT=${EMPTY_VAR?Test error}', 'RESULT='],
  ['TestErrorIfUnset', 'RESULT=${TEST_VAR?Default Value}', 'RESULT=Test Value'],
] as const) {
  expansion.add(test, input, () => {
    const r = expand(input);
    if (expected === null)
      return r.ok ? 'accepted' : same(r.message.endsWith(': Test error'), true);
    return r.ok ? same(r.vars.V, expected) : `refused: ${r.message}`;
  });
}

export const dotenvCases = [...godotenv.cases, ...expansion.cases];
