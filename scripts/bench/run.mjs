// npm run bench: how long headroom takes and how much memory it uses, from a small manifest
// to 10,000 services on 1,000 hosts with 100 scenarios, against bare Node start-up measured
// in the same run. Each figure is the median of several runs (the machine is shared and
// noisy); run it twice before trusting a difference. Not a test: nothing here fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, sizes } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rss = join(root, 'scripts', 'bench', 'rss.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const quick = process.argv.includes('--quick');

if (!existsSync(join(root, 'dist', 'cli', 'index.js'))) {
  console.error('dist/ is missing: run npm run package first');
  process.exit(2);
}

// Timed runs start node exactly as the runner does; the preload that reports peak memory
// costs a few milliseconds of its own, so it goes only into a separate run.
function measure(args, env, cwd, withRss = false) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, withRss ? ['--import', rss, ...args] : args, {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const kb = Number(String(r.output[3] ?? '').trim() || 0);
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  }
  return { ms, mb: kb / 1024 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function repeat(n, fn) {
  const xs = Array.from({ length: n }, () => fn(false));
  return { ms: median(xs.map((x) => x.ms)), mb: fn(true).mb };
}

const cleanEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

function actionEnv(workspace, manifest, scratch) {
  return {
    ...cleanEnv,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'example/headroom-bench',
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    RUNNER_TEMP: scratch,
    INPUT_MANIFEST: manifest,
    INPUT_COMMENT: 'off',
    'INPUT_FAIL-ON': 'never',
    'INPUT_GITHUB-TOKEN': '',
  };
}

const work = mkdtempSync(join(tmpdir(), 'headroom-bench-'));
const hasAction = existsSync(join(root, 'dist', 'index.js'));
const rows = [];
try {
  const bare = repeat(runs, (m) => measure(['-e', '0'], cleanEnv, root, m));
  // The example, end to end, through the action entry point with no network.
  if (hasAction) {
    const scratch = mkdtempSync(join(work, 'example-'));
    const ex = repeat(runs, (m) =>
      measure(
        [join(root, 'dist', 'index.js')],
        actionEnv(root, 'examples/seed/capacity.yml', scratch),
        root,
        m,
      ),
    );
    rows.push({ label: 'example (action)', ...ex });
  }
  const ex = repeat(runs, (m) =>
    measure(
      [
        join(root, 'dist', 'cli', 'index.js'),
        'check',
        'examples/seed/capacity.yml',
        '--format',
        'json',
      ],
      cleanEnv,
      root,
      m,
    ),
  );
  rows.push({ label: 'example (cli)', ...ex });

  for (const size of quick ? sizes().slice(0, 2) : sizes()) {
    const dir = join(work, `s${size.services}`);
    mkdirSync(dir, { recursive: true });
    const manifest = relative(dir, generate(dir, size));
    const n = size.services >= 10000 ? Math.max(3, Math.ceil(runs / 2)) : runs;
    const cli = repeat(n, (m) =>
      measure(
        [join(root, 'dist', 'cli', 'index.js'), 'check', manifest, '--format', 'json'],
        cleanEnv,
        dir,
        m,
      ),
    );
    rows.push({
      label: `${size.services} services / ${size.hosts} hosts / ${size.scenarios} scenarios (cli)`,
      size,
      ...cli,
      kind: 'cli',
    });
    if (hasAction) {
      const scratch = mkdtempSync(join(work, 'act-'));
      const act = repeat(n, (m) =>
        measure([join(root, 'dist', 'index.js')], actionEnv(dir, manifest, scratch), dir, m),
      );
      rows.push({
        label: `${size.services} services / ${size.hosts} hosts / ${size.scenarios} scenarios (action)`,
        size,
        ...act,
        kind: 'action',
      });
    }
  }

  const distBytes = (dir) =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .reduce((n, e) => n + statSync(join(e.parentPath ?? e.path, e.name)).size, 0);

  console.log(
    `headroom benchmark: node ${process.version}, ${runs} runs per row (3+ for the largest), medians\n`,
  );
  console.log(`bare node -e 0: ${bare.ms.toFixed(0)} ms, ${bare.mb.toFixed(0)} MB\n`);
  const w = Math.max(...rows.map((r) => r.label.length));
  console.log(
    `${'run'.padEnd(w)}  ${'wall ms'.padStart(8)}  ${'x node'.padStart(7)}  ${'peak MB'.padStart(8)}  growth`,
  );
  const last = {};
  for (const r of rows) {
    let growth = '';
    if (r.kind) {
      const prev = last[r.kind];
      if (prev)
        growth = `${(r.ms / prev.ms).toFixed(1)}x time for ${(r.size.services / prev.size.services).toFixed(0)}x services`;
      last[r.kind] = r;
    }
    console.log(
      `${r.label.padEnd(w)}  ${r.ms.toFixed(0).padStart(8)}  ${(r.ms / bare.ms).toFixed(2).padStart(7)}  ${r.mb.toFixed(0).padStart(8)}  ${growth}`,
    );
  }
  const dist = distBytes(join(root, 'dist'));
  console.log(`\ndist/: ${(dist / 1000).toFixed(0)} kB`);
  if (!hasAction) console.log('(dist/index.js is not built: the action rows are missing)');

  // The targets, each with its verdict for this run.
  const find = (label) => rows.find((r) => r.label.startsWith(label));
  const largest = rows.filter((r) => r.size?.services === 10000);
  const growth = [];
  for (const kind of ['cli', 'action']) {
    const series = rows.filter((r) => r.kind === kind);
    for (let i = 1; i < series.length; i++) growth.push(series[i].ms / series[i - 1].ms);
  }
  const check = (ok, text) => console.log(`${ok ? 'met ' : 'MISS'}  ${text}`);
  console.log('\ntargets:');
  const example = find('example (action)') ?? find('example (cli)');
  check(
    example.ms / bare.ms <= 2.5,
    `the example end to end within 2.5x of bare node: ${(example.ms / bare.ms).toFixed(2)}x`,
  );
  for (const r of largest) {
    check(
      r.ms < 1000 && r.mb < 256,
      `${r.label}: under 1 s and 256 MB: ${r.ms.toFixed(0)} ms, ${r.mb.toFixed(0)} MB`,
    );
  }
  check(
    Math.max(...growth) <= 12,
    `close to linear, at most 12x the time for 10x the services: worst ${Math.max(...growth).toFixed(1)}x`,
  );
  check(dist < 3_000_000, `dist/ under 3 MB: ${(dist / 1000).toFixed(0)} kB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
