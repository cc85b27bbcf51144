// A case is described by a recipe: plain data saying which project to start from, which
// edits to make to its files, what to do to the file system and which command line to run.
// Choices are small numbers taken modulo what is there, so a recipe stays meaningful while
// fast-check shrinks it.
import fc from 'fast-check';
import {
  interpolation,
  name,
  numberText,
  plainName,
  saneValue,
  snippet,
  value as anyValue,
} from './values.mjs';

/** Most edits keep the files usable, so most cases reach the model; the rest are hostile. */
const value = fc.oneof({ weight: 3, arbitrary: saneValue }, { weight: 2, arbitrary: anyValue });

const at = fc.nat({ max: 1_000_000 });

const edit = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set'), file: at, slot: at, value }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('ref'), file: at, slot: at, ref: at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete'), file: at, slot: at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename'), file: at, slot: at, name }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename-all'), ref: at, name }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('copy'), file: at, slot: at, name: plainName }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('copy'), file: at, slot: at, name }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('multiply'),
      file: at,
      slot: at,
      times: fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 1, max: 20 }) },
        { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('retype'),
      file: at,
      slot: at,
      shape: fc.constantFrom('null', 'list', 'map', 'empty', 'number', 'nested'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('graft'), file: at, slot: at, from: at, fromSlot: at }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap'), file: at, slot: at, with: at }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('text'), file: at, line: at, snippet }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('drop-line', 'dup-line', 'indent', 'dedent'),
      file: at,
      line: at,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('token'), file: at, token: at, text: numberText }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('env-chain', 'extends-chain'),
      at,
      length: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) },
        { weight: 1, arbitrary: fc.integer({ min: 1000, max: 7000 }) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('env-line'),
      variable: at,
      value: fc.oneof(
        numberText.map((n) => `${n}m`),
        interpolation,
        fc.constantFrom('', '"', "'x"),
      ),
    }),
  },
);

/** Edits that keep a manifest valid more often than not: new figures, names, entries. */
const gentleEdit = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('tweak'),
      file: at,
      slot: at,
      factor: fc.constantFrom(0, 0.5, 0.9, 1, 1.1, 2, 3, 10, 100, 1000, 1_000_000),
      unit: at,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('set'), file: at, slot: at, value: saneValue }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('ref'), file: at, slot: at, ref: at }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('copy'), file: at, slot: at, name: plainName }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete'), file: at, slot: at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename-all'), ref: at, name }) },
);

/** What happens to the files on disk, after the edits. */
const fsOp = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('missing'), file: at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dir'), file: at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('empty'), file: at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('symlink-out'), file: at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('symlink-in'), file: at, to: at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('symlink-loop'), file: at }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('symlink-chain'),
      file: at,
      length: fc.integer({ min: 1, max: 45 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('symlink-git'), file: at }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('bom', 'crlf', 'cr', 'bad-utf8', 'nul', 'utf16'),
      file: at,
      at,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('fifo'), file: at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('oversize'), file: at }) },
);

/** A command line a user would type: it must not be what stops the case. */
const plainCli = fc.record({
  command: fc.oneof(
    { weight: 14, arbitrary: fc.constant('check') },
    { weight: 3, arbitrary: fc.constant('diff') },
    { weight: 2, arbitrary: fc.constant('base') },
  ),
  format: fc.constantFrom('text', 'markdown', 'json'),
  failOn: fc.constantFrom(null, null, 'fail', 'warn', 'never', 'regression'),
  scenarios: fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(at, { minLength: 1, maxLength: 2 }) },
  ),
  /** Where the JSON report goes: the fuzzer's own file, read back and checked. */
  output: fc.constant('report'),
  /** Run from the workspace, from a folder inside it, or name the manifest another way. */
  where: fc.constantFrom('root', 'root', 'root', 'sub', 'dot-slash', 'absolute'),
  extra: fc.constant(null),
});

const hostileCli = fc.record({
  command: fc.constantFrom('check', 'diff', 'base'),
  format: fc.constantFrom('text', 'markdown', 'json', 'yaml', ''),
  failOn: fc.constantFrom(null, 'fail', 'warn', 'never', 'regression', 'sometimes'),
  scenarios: fc.array(fc.oneof(at, fc.constantFrom('nope', '', ',', 'a,,b')), { maxLength: 2 }),
  output: fc.constantFrom('report', 'none', 'folder', 'missing'),
  where: fc.constantFrom('root', 'sub', 'dot-slash', 'absolute', 'folder'),
  extra: fc.constantFrom(null, '--nope', '-x', 'extra.yml', '--format', '--', '--help', '-v'),
});

const cli = fc.oneof({ weight: 9, arbitrary: plainCli }, { weight: 1, arbitrary: hostileCli });

const env = fc.array(
  fc.record({
    variable: at,
    value: fc.oneof(
      numberText.map((n) => `${n}m`),
      numberText,
      interpolation,
      fc.constantFrom('', ' ', '1g', '0', '-1', '${OTHER}', 'x'.repeat(500)),
    ),
  }),
  { maxLength: 3 },
);

export const recipe = fc.record({
  project: at,
  edits: fc.oneof(
    { weight: 1, arbitrary: fc.array(gentleEdit, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(edit, { maxLength: 4 }) },
  ),
  fs: fc.oneof(
    { weight: 9, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fsOp, { minLength: 1, maxLength: 2 }) },
  ),
  cli,
  env,
});
