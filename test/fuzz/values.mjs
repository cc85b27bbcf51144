// The values mutations write: figures with and without units, ranges, tiers, ports,
// interpolation, names that are hard to handle, and plain junk. Each is a fast-check
// arbitrary, so a failing case shrinks toward the simplest value that still fails.
import fc from 'fast-check';

/** Words the oracle looks for in output as signs of a bug; generated text never holds them. */
export const SUSPECT_WORDS = /NaN|Infinity|undefined|\[object Object\]/;

const clean = (arb) => arb.filter((s) => !SUSPECT_WORDS.test(s));

export const numberText = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '0.5',
    '1.5',
    '3.6',
    '10',
    '100',
    '999.9',
    '1000',
    '1024',
    '12.345',
    '0.0001',
    '0.000000001',
    '0.0000000001',
    '00012',
    '1e3',
    '1E-2',
    '.5',
    '5.',
    '1.2.3',
    '9007199254740991',
    '9007199254740992',
    '99999999999999999999999',
    '1.8e306',
    '-1',
    '-0',
    '+5',
    '0x10',
    '0o17',
    '1_000',
    '١٢',
  ),
  fc.nat({ max: 100_000 }).map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map(String),
);

export const unit = fc.constantFrom(
  '',
  'B',
  'kB',
  'KB',
  'MB',
  'GB',
  'TB',
  'PB',
  'EB',
  'KiB',
  'MiB',
  'GiB',
  'TiB',
  'PiB',
  'k',
  'm',
  'g',
  't',
  'p',
  'K',
  'M',
  'G',
  'mb',
  'Mb',
  'gb',
  'b',
  'mib',
  'Gi',
  ' GB',
  '%',
  'cores',
  'bytes',
);

export const figure = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(numberText, unit).map(([n, u]) => `${n}${u}`) },
  {
    weight: 2,
    arbitrary: fc.tuple(numberText, numberText, unit).map(([a, b, u]) => `${a}-${b}${u}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(numberText, unit, numberText, unit)
      .map(([a, u, b, v]) => `${a}${u} - ${b}${v}`),
  },
  { weight: 1, arbitrary: fc.tuple(numberText).map(([n]) => `${n}%`) },
  { weight: 1, arbitrary: fc.tuple(numberText).map(([n]) => `${n}m`) },
);

export const rawNumber = fc.oneof(
  fc.integer({ min: -10, max: 100_000 }),
  fc.constantFrom(
    0,
    -0,
    0.1,
    0.3,
    1.5,
    2 ** 53 - 1,
    2 ** 53 + 2,
    1e21,
    1.8e306,
    5e-324,
    1e-7,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.double({ noDefaultInfinity: true, noNaN: true, min: -1e9, max: 1e12 }),
);

/** Names that have broken programs before: prototype keys, invisible and unusual text. */
export const hostileName = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'prod\u{E0001}',
  'prod\u200b',
  'pro\u202ed',
  'a b',
  'a:b',
  'a|b',
  '<b>x</b>',
  '@team',
  '`x`',
  '#1',
  '::set-output',
  '%0A',
  'a\tb',
  '日本語',
  'é',
  '-a',
  '.a',
  'min',
  'max',
  'default',
  'initial',
  '*',
  'a/b',
  '../x',
  '.git',
  'x'.repeat(101),
  '0',
  'true',
  'null',
  '',
);

export const plainName = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

export const name = fc.oneof(
  { weight: 3, arbitrary: plainName },
  { weight: 2, arbitrary: hostileName },
  { weight: 1, arbitrary: clean(fc.string({ maxLength: 12 })) },
);

export const port = fc.oneof(
  fc.integer({ min: -1, max: 70_000 }),
  fc.constantFrom(
    '80',
    '80/udp',
    '80/sctp',
    '80/tcp',
    '127.0.0.1:80',
    '[::1]:80',
    '0.0.0.0:8080:80',
    '8000-8010',
    '8000-8010:8000-8010',
    '1-65535',
    '65535-1',
    '80:80',
    ':80',
    '80:',
    '999999',
    '${PORT:-80}:80',
  ),
);

export const interpolation = fc.constantFrom(
  '${VAR}',
  '${VAR:-512m}',
  '${VAR-1g}',
  '${VAR:?VAR is required}',
  '${VAR?}',
  '${VAR:+256m}',
  '$VAR',
  '$$VAR',
  '${UNSET_VARIABLE}',
  '${A:-${B:-${C:-1g}}}',
  '${',
  '${}',
  '${VAR:-}',
  '$',
);

export const junk = clean(
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  ),
);

const leaf = fc.oneof(
  { weight: 6, arbitrary: figure },
  { weight: 3, arbitrary: rawNumber },
  { weight: 2, arbitrary: name },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, '', ' ', '~', 'yes', 'NO') },
  { weight: 1, arbitrary: interpolation },
  { weight: 1, arbitrary: port },
  { weight: 1, arbitrary: junk },
);

/** A value to put anywhere: a leaf, a tier map, a range map, or a small list or mapping. */
export const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 8, arbitrary: leaf },
    {
      weight: 2,
      arbitrary: fc
        .uniqueArray(fc.tuple(name, tie('value')), {
          maxLength: 4,
          selector: ([k]) => k,
        })
        .map((entries) => ({ $map: entries })),
    },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc.record({ min: figure, max: figure }).map((r) => ({
        $map: [
          ['min', r.min],
          ['max', r.max],
        ],
      })),
    },
  ),
})).value;

/** Text pasted into a file as it is: YAML syntax most programs never see. */
export const snippet = fc.constantFrom(
  '&a ',
  '*a',
  '<<: *a',
  '<<: [*a, *b]',
  'x: &a { memory: 1GB }',
  'y: *a',
  '\t',
  '  ',
  '---',
  '...',
  '%YAML 1.2',
  '? [a, b]\n: c',
  '!!binary aGk=',
  '!!str',
  '!!int 12',
  '!!float .inf',
  '!!set { a, b }',
  '!!omap [ a: 1 ]',
  '!reset',
  '!override',
  '!custom x',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  ': ',
  '- ',
  '|',
  '>-',
  '\ufeff',
  '\r',
  '\u0000',
  '\u202e',
  '\u{E0001}',
  'key: value',
  'memory: .nan',
  'cpus: .inf',
  'memory: -.inf',
  'replicas: 10000',
  'replicas: 1e9',
  'ports: ["1-65535"]',
  'extends: { service: x }',
  'extends: { file: missing.yml, service: x }',
  'include: [missing.yml]',
  'profiles: ["*"]',
  'x'.repeat(2000),
  '${VAR}',
  '${VAR:?boom}',
);

/** Figures that are right as written, so a case gets past validation into the model. */
const saneNumber = fc.oneof(
  fc.integer({ min: 0, max: 4000 }).map(String),
  fc.integer({ min: 1, max: 999 }).map((n) => `${n / 10}`),
);
const sizeUnit = fc.constantFrom('MB', 'GB', 'MiB', 'GiB', 'm', 'g', 'kB', 'TB');
export const saneFigure = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(saneNumber, sizeUnit).map(([n, u]) => `${n}${u}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), sizeUnit)
      .map(([a, b, u]) => `${Math.min(a, b)}-${Math.max(a, b)}${u}`),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 64 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4000 }).map((n) => `${n}m`) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 65535 }) },
);

export const saneValue = fc.oneof(
  { weight: 6, arbitrary: saneFigure },
  {
    weight: 1,
    arbitrary: fc
      .uniqueArray(fc.tuple(plainName, saneFigure), {
        minLength: 1,
        maxLength: 3,
        selector: ([k]) => k,
      })
      .map((entries) => ({ $map: entries })),
  },
  { weight: 1, arbitrary: fc.array(plainName, { maxLength: 3 }) },
);
