// npm run bench: how long headroom takes and how much memory it uses, from a small manifest
// to 10,000 services on 1,000 hosts with 100 scenarios, against bare Node start-up measured
// in the same run. Two shapes: growing manifests with compose projects and phases, and a
// platform team's many plans over one service list (every scenario all services on one
// host, two tiers). Each figure is the median of several runs (the machine is shared and
// noisy); run it twice before trusting a difference. Not a test: nothing here fails. Each
// target ends the output with its measured ratio and whether this run met it; a timing
// target missed gets a CPU profile of one more run, its heaviest functions mapped back to
// src/ through dist/'s source maps.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { SourceMap } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, generateOneHost, oneHostSizes, sizes } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rss = join(root, 'scripts', 'bench', 'rss.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 7);
const quick = process.argv.includes('--quick');
const cli = join(root, 'dist', 'cli', 'index.js');
const action = join(root, 'dist', 'index.js');

if (!existsSync(cli)) {
  console.error('dist/ is missing: run npm run package first');
  process.exit(2);
}

/**
 * One run. Timed runs start node exactly as the runner does; the preload that reports peak
 * memory costs a few milliseconds of its own, so it goes only into a separate run, which
 * also keeps what the run printed (`out`, to measure the report's size).
 */
function measure(args, env, cwd, { withRss = false, out, node = [] } = {}) {
  const fd = out ? openSync(out, 'w') : 'ignore';
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...node, ...(withRss ? ['--import', rss] : []), ...args], {
    cwd,
    env,
    stdio: ['ignore', fd, 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (out) closeSync(fd);
  const kb = Number(String(r.output[3] ?? '').trim() || 0);
  if (r.status !== 0 && r.status !== 1) {
    throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  }
  return { ms, mb: kb / 1024, bytes: out ? statSync(out).size : 0 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The median time of n runs, and the peak memory and output size of one more. */
function repeat(n, run) {
  const xs = Array.from({ length: n }, () => run({}).ms);
  const last = run({ withRss: true, out: join(work, 'out') });
  return { ms: median(xs), mb: last.mb, bytes: last.bytes, run };
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

/**
 * Where the code a profile names was written: a src/ file and line, through the source map.
 * dist/'s maps cover headroom's own sources only, so a position far from any mapped one is
 * in a bundled package (js-yaml, ajv, the toolkit), named by its function where it has one.
 */
function mapper() {
  const maps = new Map();
  return (url, line, column, name) => {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (!maps.has(file)) {
      let map = null;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        // No map (Node's own code): the bundle position is shown.
      }
      maps.set(file, map);
    }
    const map = maps.get(file);
    if (!map) return `${relative(root, file) || '(node)'}:${line + 1}`;
    const entry = map.findEntry(line, column);
    const near =
      entry?.originalSource &&
      entry.generatedLine === line &&
      column - entry.generatedColumn < 200 &&
      !/^\.\.\/(webpack|external)/.test(entry.originalSource);
    if (near)
      return `${entry.originalSource.replace(/^.*?(src\/)/, '$1')}:${entry.originalLine + 1}`;
    return `a bundled package${name ? ` (${name})` : ''}`;
  };
}

/** The heaviest functions of one more run, by time spent in themselves. */
function profile(row) {
  const dir = mkdtempSync(join(work, 'prof-'));
  row.run({ node: ['--cpu-prof', '--cpu-prof-dir', dir] });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const where = mapper();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const { callFrame: f } = byId.get(p.samples[i]);
    const key =
      f.url && !f.url.startsWith('node:')
        ? where(f.url, f.lineNumber, f.columnNumber, f.functionName)
        : f.functionName || f.url || '(program)';
    self.set(key, (self.get(key) ?? 0) + p.timeDeltas[i]);
    total += p.timeDeltas[i];
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return top.map(([k, us]) => `      ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

const work = mkdtempSync(join(tmpdir(), 'headroom-bench-'));
const hasAction = existsSync(action);
const rows = [];
const load = [loadavg()[0]];
try {
  const bare = repeat(runs, (o) => measure(['-e', '0'], cleanEnv, root, o));
  // The example, end to end, through the action entry point with no network, and the CLI.
  if (hasAction) {
    const scratch = mkdtempSync(join(work, 'example-'));
    rows.push({
      label: 'example (action)',
      ...repeat(runs, (o) =>
        measure([action], actionEnv(root, 'examples/seed/capacity.yml', scratch), root, o),
      ),
    });
  }
  rows.push({
    label: 'example (cli)',
    ...repeat(runs, (o) =>
      measure([cli, 'check', 'examples/seed/capacity.yml', '--format', 'json'], cleanEnv, root, o),
    ),
  });

  for (const size of quick ? sizes().slice(0, 2) : sizes()) {
    const dir = join(work, `s${size.services}`);
    mkdirSync(dir, { recursive: true });
    const manifest = relative(dir, generate(dir, size));
    const n = size.services >= 10000 ? Math.max(3, Math.ceil(runs / 2)) : runs;
    const what = `${size.services} services / ${size.hosts} hosts / ${size.scenarios} scenarios`;
    rows.push({
      label: `${what} (cli json)`,
      size,
      kind: 'cli',
      ...repeat(n, (o) => measure([cli, 'check', manifest, '--format', 'json'], cleanEnv, dir, o)),
    });
    if (hasAction) {
      const scratch = mkdtempSync(join(work, 'act-'));
      rows.push({
        label: `${what} (action)`,
        size,
        kind: 'action',
        ...repeat(n, (o) => measure([action], actionEnv(dir, manifest, scratch), dir, o)),
      });
    }
  }

  for (const size of quick ? [] : oneHostSizes()) {
    const dir = join(work, `one-host-${size.services}`);
    const manifest = relative(dir, generateOneHost(dir, size));
    const n = size.services >= 10000 ? Math.max(3, Math.ceil(runs / 2)) : runs;
    const what = `one host each: ${size.services} services / ${size.hosts} hosts / ${size.scenarios} scenarios`;
    for (const format of ['text', 'json']) {
      rows.push({
        label: `${what} (cli ${format})`,
        size,
        kind: `one-host ${format}`,
        ...repeat(n, (o) =>
          measure([cli, 'check', manifest, '--format', format], cleanEnv, dir, o),
        ),
      });
    }
  }
  load.push(loadavg()[0]);

  const distBytes = (dir) =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .reduce((n, e) => n + statSync(join(e.parentPath ?? e.path, e.name)).size, 0);

  console.log(
    `headroom benchmark: node ${process.version}, ${runs} runs per row (3+ for the largest), medians; ${cpus().length} cores, load average ${load[0].toFixed(1)} at the start and ${load[1].toFixed(1)} at the end\n`,
  );
  console.log(`bare node -e 0: ${bare.ms.toFixed(0)} ms, ${bare.mb.toFixed(0)} MB\n`);
  const w = rows.reduce((n, r) => Math.max(n, r.label.length), 0);
  console.log(
    `${'run'.padEnd(w)}  ${'wall ms'.padStart(8)}  ${'x node'.padStart(7)}  ${'peak MB'.padStart(8)}  ${'output'.padStart(9)}  growth`,
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
    const out =
      r.bytes >= 1e6 ? `${(r.bytes / 1e6).toFixed(1)} MB` : `${(r.bytes / 1e3).toFixed(0)} kB`;
    console.log(
      `${r.label.padEnd(w)}  ${r.ms.toFixed(0).padStart(8)}  ${(r.ms / bare.ms).toFixed(2).padStart(7)}  ${r.mb.toFixed(0).padStart(8)}  ${out.padStart(9)}  ${growth}`,
    );
  }
  const dist = distBytes(join(root, 'dist'));
  console.log(`\ndist/: ${(dist / 1000).toFixed(0)} kB`);
  if (!hasAction) console.log('(dist/index.js is not built: the action rows are missing)');

  // The targets, each with its verdict for this run; a missed timing target shows its profile.
  const find = (label) => rows.find((r) => r.label.startsWith(label));
  const x = (r) => r.ms / bare.ms;
  const missed = [];
  const check = (ok, text, row) => {
    console.log(`${ok ? 'met ' : 'MISS'}  ${text}`);
    if (!ok && row) missed.push({ text, row });
  };
  console.log('\ntargets:');
  for (const label of ['example (cli)', 'example (action)']) {
    const r = find(label);
    if (r) check(x(r) <= 2.5, `${label} within 2.5x of bare node: ${x(r).toFixed(2)}x`, r);
  }
  const big = (kind) => rows.find((r) => r.kind === kind && r.size.services === 10000);
  const small = (kind) => rows.find((r) => r.kind === kind && r.size.services === 1000);
  const text = big('one-host text');
  const json = big('one-host json');
  if (text && json) {
    check(
      x(text) <= 25,
      `one host each, 10,000 services, text within 25x: ${x(text).toFixed(1)}x`,
      text,
    );
    check(
      x(json) <= 60,
      `one host each, 10,000 services, JSON within 60x: ${x(json).toFixed(1)}x`,
      json,
    );
    const start = small('one-host text');
    const grew = (text.ms - bare.ms) / (start.ms - bare.ms);
    check(
      grew <= 12,
      `one host each, 1,000 to 10,000 services, at most 12x above start-up: ${grew.toFixed(1)}x`,
      text,
    );
    check(json.mb < 512, `peak memory of that JSON run under 512 MB: ${json.mb.toFixed(0)} MB`);
    check(text.bytes < 2e6, `its text report under 2 MB: ${(text.bytes / 1e6).toFixed(2)} MB`);
    check(json.bytes < 64e6, `its JSON report under 64 MB: ${(json.bytes / 1e6).toFixed(1)} MB`);
  }
  for (const r of rows.filter((r) => r.kind === 'cli' && r.size.services === 10000)) {
    check(
      r.ms < 1000 && r.mb < 256,
      `${r.label}: under 1 s and 256 MB: ${r.ms.toFixed(0)} ms, ${r.mb.toFixed(0)} MB`,
    );
  }
  let worst = 0;
  for (const kind of ['cli', 'action']) {
    const series = rows.filter((r) => r.kind === kind);
    for (let i = 1; i < series.length; i++)
      worst = Math.max(worst, series[i].ms / series[i - 1].ms);
  }
  check(
    worst <= 12,
    `close to linear, at most 12x the time for 10x the services: worst ${worst.toFixed(1)}x`,
  );
  check(dist < 3_000_000, `dist/ under 3 MB: ${(dist / 1000).toFixed(0)} kB`);

  for (const { text, row } of missed) {
    console.log(
      `\nmissed: ${text}\n  where one more run of ${row.label} spends its time (docs/performance.md says why):`,
    );
    for (const line of profile(row)) console.log(line);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
