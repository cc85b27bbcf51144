// npm run fuzz: mutates the examples, the fuzzing seeds and the test fixtures, runs the
// bundled CLI on every case, and checks each run (oracle.mjs). Prints one minimal
// reproducer per distinct failure. Exits 1 when a failure is not in KNOWN.md.
//
//   npm run fuzz                           5,000 cases, a fresh seed (printed)
//   npm run fuzz -- --cases 500 --seed 7   a given number of cases and seed
//   npm run fuzz -- --seed 7 --replay 123  one case again, shown in full
//
// Options: --workers N (default 2), --repeat-every N (run every Nth case twice and compare,
// default 4), --cold-every N (run every Nth case in a fresh process too, default 50),
// --shrink-seconds N (time to shrink each failure, default 60), --strict (known failures
// count), --keep (leave the cases on disk), --quiet.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { buildCase } from './build-case.mjs';
import { loadCorpus } from './corpus.mjs';
import { knownClasses } from './known.mjs';
import { cleanUp, materialize, resolveArgv } from './materialize.mjs';
import { BOUNDS, judgeRun } from './oracle.mjs';
import { Pool, runCold } from './pool.mjs';
import { recipe } from './recipe.mjs';
import { minimizeCase, reproducerScript } from './reproducer.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'index.js');
/** The bundle under test is copied first: a rebuild of dist/ during a run changes nothing. */
let cli = CLI;

function baseEnv() {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };
}

function reportPath(argv, cwdAbs, root) {
  const i = argv.lastIndexOf('--output');
  if (i < 0 || i + 1 >= argv.length) return null;
  const target = resolve(cwdAbs, argv[i + 1]);
  return target === join(root, 'out', 'report.json') ? target : null;
}

function inputTexts(c) {
  return [
    ...Object.values(c.files).map((f) =>
      typeof f === 'string' ? f : Buffer.from(f.base64, 'base64').toString('latin1'),
    ),
    ...Object.values(c.env),
    ...c.argv,
  ];
}

/** Runs a built case once (or twice, or also in a fresh process) and judges it. */
async function runCase(c, ctx, { repeat = false, cold = false } = {}) {
  const root = materialize(c, ctx.scratch);
  try {
    const argv = resolveArgv(c, root);
    const cwd = join(root, c.cwd);
    const env = { ...baseEnv(), ...c.env };
    const out = reportPath(argv, cwd, root);
    const once = async () => {
      if (out) rmSync(out, { force: true });
      const run = await ctx.pool.run(argv, cwd, env, ctx.hardMs);
      const report = out === null ? null : existsSync(out) ? readFileSync(out, 'utf8') : undefined;
      return { run, report };
    };
    const first = await once();
    let failures = judgeRun({ ...first, root, argv, inputs: inputTexts(c) });
    // A slow run on a shared machine is tried once more before it counts.
    if (failures.some((f) => f.class.startsWith('slow'))) {
      const again = await once();
      if (again.run.ms <= BOUNDS.slowMs)
        failures = failures.filter((f) => !f.class.startsWith('slow'));
    }
    if (repeat && !first.run.crashed) {
      const second = await once();
      for (const key of ['status', 'stdout', 'stderr']) {
        if (second.run[key] !== first.run[key]) {
          failures.push({ class: `nondeterministic: ${key} differs between two runs`, detail: '' });
          break;
        }
      }
      if (second.report !== first.report)
        failures.push({
          class: 'nondeterministic: the JSON report differs between two runs',
          detail: '',
        });
    }
    if (cold && !first.run.crashed) {
      if (out) rmSync(out, { force: true });
      const fresh = await runCold(cli, argv, cwd, env);
      for (const key of ['status', 'stdout', 'stderr']) {
        if (fresh[key] !== first.run[key]) {
          failures.push({
            class: `harness: ${key} differs between a worker and a fresh process`,
            detail: `worker: ${String(first.run[key]).slice(0, 300)}\nfresh: ${String(fresh[key]).slice(0, 300)}`,
          });
          break;
        }
      }
    }
    return { failures, run: first.run, report: first.report };
  } finally {
    if (!ctx.keep) cleanUp(root);
  }
}

function parseOptions(argv) {
  const o = {
    cases: 5000,
    seed: undefined,
    workers: Math.min(2, availableParallelism()),
    repeatEvery: 4,
    coldEvery: 50,
    shrinkSeconds: 60,
    strict: false,
    keep: false,
    quiet: false,
    replay: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} takes a whole number`);
      return v;
    };
    if (a === '--cases') o.cases = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--workers') o.workers = Math.max(1, num());
    else if (a === '--repeat-every') o.repeatEvery = num();
    else if (a === '--cold-every') o.coldEvery = num();
    else if (a === '--shrink-seconds') o.shrinkSeconds = num();
    else if (a === '--replay') o.replay = num();
    else if (a === '--strict') o.strict = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--quiet') o.quiet = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Shrinks one failure to a small case that fails the same way. */
async function shrink(failureClass, index, runCtx) {
  // Shrinking a hang waits for every try to time out: a shorter limit still tells them apart.
  const heavy = /^(hang|crash|slow|memory|output)/.test(failureClass);
  const ctx = {
    ...runCtx,
    hardMs: failureClass === 'hang' ? 8_000 : undefined,
    // Every try of a heavy case takes seconds: give it more time to get small.
    shrinkSeconds: runCtx.shrinkSeconds * (heavy ? 3 : 1),
  };
  const sameClass = async (c) => {
    try {
      const { failures } = await runCase(c, ctx, {
        repeat: failureClass.startsWith('nondeterministic'),
      });
      return failures.some((f) => f.class === failureClass);
    } catch {
      return false;
    }
  };
  let smallest = buildCase(ctx.recipes[index], ctx.projects);
  const deadline = Date.now() + ctx.shrinkSeconds * 1000;
  if (ctx.shrinkSeconds > 0) {
    const result = await fc.check(
      fc.asyncProperty(recipe, async (r) => !(await sameClass(buildCase(r, ctx.projects)))),
      {
        seed: ctx.seed,
        path: String(index),
        interruptAfterTimeLimit: Math.max(1000, ctx.shrinkSeconds * 400),
        markInterruptAsFailure: false,
      },
    );
    if (result.failed && result.counterexample)
      smallest = buildCase(result.counterexample[0], ctx.projects);
  }
  const budget = Date.now() < deadline ? 500 : 0;
  return minimizeCase(
    smallest,
    (c) => (Date.now() < deadline ? sameClass(c) : Promise.resolve(false)),
    budget,
  );
}

/**
 * Runs the fuzzer. Returns `{ seed, cases, seconds, classes }`, each class with its count,
 * the first case that showed it, a detail, whether KNOWN.md lists it, and a reproducer.
 */
export async function fuzz(options = {}) {
  const o = { ...parseOptions([]), ...options };
  if (!existsSync(join(o.dist ?? join(ROOT, 'dist'), 'cli', 'index.js')))
    throw new Error('dist/cli/index.js is missing: run npm run package first');
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const log = o.quiet ? () => {} : (line) => process.stdout.write(`${line}\n`);
  const projects = loadCorpus(ROOT);
  const count = o.replay !== undefined ? o.replay + 1 : o.cases;
  const recipes = fc.sample(recipe, { seed, numRuns: count });
  const scratch = mkdtempSync(join(tmpdir(), 'headroom-fuzz-'));
  cpSync(o.dist ?? join(ROOT, 'dist'), join(scratch, 'dist'), { recursive: true });
  cli = join(scratch, 'dist', 'cli', 'index.js');
  const pool = new Pool(cli, o.workers);
  const ctx = {
    pool,
    scratch,
    keep: o.keep,
    projects,
    recipes,
    seed,
    shrinkSeconds: o.shrinkSeconds,
  };
  const started = Date.now();
  const classes = new Map();
  /** How the runs ended, to see that cases reach the model and not only the parsers. */
  const statuses = new Map();
  try {
    if (o.replay !== undefined) {
      const c = buildCase(recipes[o.replay], projects);
      const { failures, run, report } = await runCase(c, ctx, { repeat: true, cold: true });
      log(JSON.stringify({ recipe: recipes[o.replay], case: c }, null, 2));
      log(
        `exit status ${run.status} in ${Math.round(run.ms)} ms\n--- stdout\n${run.stdout.slice(0, 20_000)}\n--- stderr\n${run.stderr.slice(0, 20_000)}`,
      );
      if (report) log(`--- report: ${report.length} characters`);
      for (const f of failures) log(`FAILURE ${f.class}\n${f.detail}`);
      return {
        seed,
        cases: 1,
        seconds: (Date.now() - started) / 1000,
        classes: new Map(
          failures.map((f) => [f.class, { count: 1, first: o.replay, detail: f.detail }]),
        ),
      };
    }
    log(
      `fuzzing ${count} cases from ${projects.length} projects, seed ${seed}, ${o.workers} workers`,
    );
    let next = 0;
    let done = 0;
    const inFlight = o.workers * 2;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const c = buildCase(recipes[i], projects);
        const { failures, run } = await runCase(c, ctx, {
          repeat: o.repeatEvery > 0 && i % o.repeatEvery === 0,
          cold: o.coldEvery > 0 && i % o.coldEvery === 0,
        });
        const status = run.crashed ? 'crashed' : `exit ${run.status}`;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        for (const f of failures) {
          const entry = classes.get(f.class);
          if (!entry) classes.set(f.class, { count: 1, first: i, detail: f.detail });
          else {
            entry.count++;
            if (i < entry.first) Object.assign(entry, { first: i, detail: f.detail });
          }
        }
        done++;
        if (done % 500 === 0)
          log(
            `  ${done} cases, ${classes.size} failure classes, ${Math.round((Date.now() - started) / 1000)} s`,
          );
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = (Date.now() - started) / 1000;
    log(`${count} cases in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(1)} a second)`);
    log(
      `  ${[...statuses.entries()]
        .sort()
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}`,
    );

    const known = knownClasses();
    const sorted = [...classes.entries()].sort((a, b) => a[1].first - b[1].first);
    for (const [cls, entry] of sorted) {
      entry.known = known.has(cls);
      if (entry.known && !o.strict) continue;
      const small = await shrink(cls, entry.first, ctx);
      entry.reproducer = reproducerScript(small, { failureClass: cls, seed, index: entry.first });
    }
    const outDir = join(ROOT, '.fuzz');
    for (const [cls, entry] of sorted) {
      log(
        `\n${entry.known ? 'KNOWN' : 'FAILURE'} ${cls}\n  ${entry.count} case(s), first: --seed ${seed} --replay ${entry.first}`,
      );
      if (entry.detail) log(`  ${entry.detail.split('\n').slice(0, 6).join('\n  ')}`);
      if (entry.reproducer) {
        mkdirSync(outDir, { recursive: true });
        const file = join(outDir, `repro-${entry.first}.sh`);
        writeFileSync(file, entry.reproducer);
        log(
          `  reproducer (also in .fuzz/repro-${entry.first}.sh):\n${entry.reproducer.replace(/^/gm, '    ')}`,
        );
      }
    }
    const unseen = [...known].filter((k) => !classes.has(k));
    if (unseen.length > 0 && count >= 2000)
      log(
        `\nlisted in KNOWN.md but not seen in this run (fixed?): ${unseen.map((k) => `\n  ${k}`).join('')}`,
      );
    return { seed, cases: count, seconds, classes, statuses };
  } finally {
    pool.close();
    if (!o.keep) rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  const result = await fuzz(options);
  const failing = [...result.classes.values()].filter((e) => options.strict || !e.known);
  process.stdout.write(
    `\n${result.cases} cases, ${result.classes.size} failure class(es), ${failing.length} not known\n`,
  );
  process.exitCode = failing.length > 0 ? 1 : 0;
}
