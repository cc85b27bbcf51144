// What every run must do, whatever the input: exit 0, 1 or 2 (never 3, never anything
// else), print no stack trace, finish in bounded time and memory, write a JSON report that
// matches schemas/report.schema.json and keeps the model's invariants, say where every
// problem is, and leak nothing from outside the workspace. Each failure gets a class: a
// short text that is the same for every case failing the same way, so a thousand cases
// with one bug are one entry.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { brokenInvariant } from './invariants.mjs';
import { SECRET } from './build-case.mjs';
import { SUSPECT_WORDS } from './values.mjs';

export const BOUNDS = {
  /** A case slower than this (measured in the worker, on a busy machine) is too slow. */
  slowMs: 8_000,
  /** Resident memory a case may take at its peak (Node itself is about 60 MB of it). */
  peakMb: 768,
  /**
   * What one run may print, stdout and stderr together: a report grows with the project, so
   * the bound does too; a few services printing megabytes is a blow-up.
   */
  outputBytes: (inputBytes) => 1024 * 1024 + 1000 * inputBytes,
};

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'),
);
const validateReport = new Ajv({ allErrors: false, allowUnionTypes: true }).compile(schema);

const STACK =
  /\n\s+at (?:[^\n]*\((?:file|node):[^\n]*:\d+:\d+\)|(?:file|node):[^\n]*:\d+:\d+|[^\n]*\(<anonymous>\)|[^\n]*\(native\))/;

/**
 * Numbers, quoted text, paths and the bundle's minified names out of a message, so one bug
 * gives one class however dist/ was built.
 */
export function normalize(text) {
  return text
    .replace(/[\w$.[\]]+ is not (a function|iterable|a constructor|defined)/g, '… is not $1')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/(?:\/[\w.@+-]+)+/g, '/…')
    .replace(/\d+(?:\.\d+)?/g, 'N')
    .slice(0, 160);
}

function exitFor(verdict, failOn, regression) {
  if (failOn === 'never') return 0;
  if (failOn === 'regression' && regression !== undefined) return regression ? 1 : 0;
  if (verdict === 'fail') return 1;
  return verdict === 'warn' && failOn === 'warn' ? 1 : 0;
}

function option(argv, name, fallback) {
  const i = argv.lastIndexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

/**
 * Checks one run of a case. `run` is what the pool returned; `report` the text the CLI wrote
 * to --output (null when none was asked for, undefined when it is missing); `root` the
 * case's folder; `inputs` every input text (to tell words the input carried from ones
 * the output made up). Returns failures: `{ class, detail }`.
 */
export function judgeRun({ run, report, root, argv, inputs }) {
  const failures = [];
  const fail = (cls, detail = '') =>
    failures.push({ class: cls, detail: String(detail).slice(0, 2000) });
  if (run.crashed) {
    fail(run.crashed === 'hang' ? 'hang' : `crash: ${normalize(run.crashed)}`, run.stderr);
    return failures;
  }
  const all = `${run.stdout}\n${run.stderr}`;
  if (run.status === 3) {
    const line = /internal error: ([^\n]*)/.exec(run.stderr)?.[1] ?? run.stderr.split('\n')[0];
    fail(`exit 3: ${normalize(line)}`, run.stderr);
  } else if (![0, 1, 2].includes(run.status)) {
    const first =
      run.stderr.split('\n').find((l) => /Error|error/.test(l)) ?? run.stderr.split('\n')[0];
    fail(`exit ${run.status}: ${normalize(first ?? '')}`, run.stderr);
  }
  if (STACK.test(all)) fail('a stack trace was printed', all.slice(0, 2000));
  if (run.ms > BOUNDS.slowMs)
    fail(`slow: over ${BOUNDS.slowMs / 1000} s`, `${Math.round(run.ms)} ms`);
  if (run.peakMb > BOUNDS.peakMb && run.peakMb > run.peakMbBefore)
    fail(`memory: over ${BOUNDS.peakMb} MB at its peak`, `${Math.round(run.peakMb)} MB`);
  const printed = (run.stdoutBytes ?? run.stdout.length) + (run.stderrBytes ?? run.stderr.length);
  const inputBytes = inputs.reduce((n, t) => n + t.length, 0);
  if (printed > BOUNDS.outputBytes(inputBytes))
    fail(
      'output: over a megabyte plus a thousand times the input printed',
      `${printed} bytes from ${inputBytes} bytes of input`,
    );

  // Messages.
  if (all.includes(SECRET))
    fail('leak: a file outside the workspace or in .git was printed', all.slice(0, 1000));
  if (!argv.some((a) => a.startsWith('/')) && all.includes(root))
    fail('leak: an absolute path was printed', all.slice(0, 1000));
  const suspect = SUSPECT_WORDS.exec(all);
  if (suspect && !inputs.some((t) => t.includes(suspect[0])))
    fail(
      `message: "${suspect[0]}" printed`,
      all.slice(Math.max(0, suspect.index - 300), suspect.index + 300),
    );
  if (/^error: :|^error: *$/m.test(run.stderr)) fail('message: an error names no file', run.stderr);
  if (/\.(?:ya?ml|env|json):(?:0:\d+|\d+:0)\b|:0:0\b/.test(all))
    fail('message: line or column 0', all.slice(0, 1000));
  if (run.status === 2 && !/^error: \S/m.test(run.stderr))
    fail('message: exit 2 without an error line', run.stderr);
  if (run.status === 2 && run.stdout !== '')
    fail('message: a report printed although the input was refused', run.stdout.slice(0, 500));
  if ((run.status === 0 || run.status === 1) && /^error: /m.test(run.stderr))
    fail('message: an error printed on a run that finished', run.stderr);

  // The JSON report. Help and the version are printed instead of a check.
  if (run.status !== 0 && run.status !== 1) return failures;
  if (argv.some((a) => ['-h', '--help', '-v', '--version'].includes(a))) return failures;
  if (report === undefined) {
    fail('report: not written although the run finished');
    return failures;
  }
  if (report === null) return failures;
  let data;
  try {
    data = JSON.parse(report);
  } catch (e) {
    fail('report: not JSON', e.message);
    return failures;
  }
  if (option(argv, '--format', 'text') === 'json' && run.stdout !== report)
    fail('report: --output differs from the printed JSON');
  if (!validateReport(data)) {
    const e = validateReport.errors[0];
    const path = e.instancePath
      .replace(/\/\d+/g, '/N')
      .replace(/\/(hosts|services|scenarios|resources)\/[^/]+/g, '/$1/…');
    fail(
      `report: schema: ${path} ${e.keyword} (${e.message})`,
      JSON.stringify(validateReport.errors.slice(0, 3)),
    );
  }
  const named = argv.some(
    (a, i) => argv[i - 1] === '--scenario' && a.split(',').some((s) => s.trim() !== ''),
  );
  const broken = brokenInvariant(data, { named });
  if (broken) fail(`report: invariant: ${broken.invariant}`, broken.where);
  const expected = exitFor(
    data.verdict,
    option(argv, '--fail-on', 'fail'),
    data.changes?.regression,
  );
  if (data.verdict in { pass: 1, warn: 1, fail: 1 } && run.status !== expected)
    fail(`exit status: ${run.status} for a ${data.verdict} report`, argv.join(' '));
  return failures;
}
