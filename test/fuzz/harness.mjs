// One worker of the pool: runs the bundled CLI (dist/cli/index.js) on one case after another
// inside this process. The bundle is imported once, with the symbol it documents set, so it
// does not run on this process's own command line but exports `runCli`; each case calls it
// with what the bundle's entry would pass for `node dist/cli/index.js ARGS` run there: the
// argv, the working directory, the environment, stdout and stderr (captured here), the clock
// and the host name. A bundle that does not export `runCli` is imported afresh for every
// case instead, with process.argv, the working directory and the environment set, and its
// exit status read from process.exitCode: slower, the same answers. Either way the pool
// checks now and then that a fresh `node dist/cli/index.js` process answers the same.
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { pathToFileURL } from 'node:url';

const entry = pathToFileURL(process.argv[2]).href;
/** Output beyond this is counted, not kept: a run that prints more is a blow-up. */
const KEEP = 16 * 1024 * 1024;

globalThis[Symbol.for('headroom.cli.embedded')] = true;
const bundle = await import(entry);
const embedded = typeof bundle.runCli === 'function';
delete globalThis[Symbol.for('headroom.cli.embedded')];

let fresh = 0;
/** An error nothing caught while a case ran: node would print it and exit 1. */
let escaped = null;
process.on('unhandledRejection', (e) => {
  escaped ??= e;
});

function sink() {
  const s = { text: '', bytes: 0 };
  s.write = (chunk) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    s.bytes += Buffer.byteLength(text);
    if (s.text.length < KEEP) s.text += text;
    return true;
  };
  return s;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function runEmbedded(job, out, err) {
  // The process's own environment and directory too, as the child processes the CLI starts
  // (git) inherit them.
  const saved = { env: process.env, cwd: process.cwd() };
  try {
    process.env = { ...job.env };
    process.chdir(job.cwd);
    return await bundle.runCli(job.argv, {
      cwd: process.cwd(),
      env: process.env,
      stdout: (t) => out.write(t),
      stderr: (t) => err.write(t),
      stderrIsTTY: false,
      now: () => new Date(),
      hostname,
    });
  } finally {
    process.env = saved.env;
    process.chdir(saved.cwd);
  }
}

async function runFresh(job, out, err) {
  const saved = { argv: process.argv, env: process.env, cwd: process.cwd() };
  const real = { out: process.stdout.write, err: process.stderr.write };
  const listeners = process.stdout.listeners('error');
  try {
    process.argv = [process.execPath, process.argv[2], ...job.argv];
    process.env = { ...job.env };
    process.chdir(job.cwd);
    process.exitCode = undefined;
    process.stdout.write = (chunk, encoding, callback) => {
      out.write(chunk);
      (typeof encoding === 'function' ? encoding : callback)?.();
      return true;
    };
    process.stderr.write = (chunk, encoding, callback) => {
      err.write(chunk);
      (typeof encoding === 'function' ? encoding : callback)?.();
      return true;
    };
    await import(`${entry}?case=${fresh++}`);
    while (process.exitCode === undefined && escaped === null) await tick();
    return process.exitCode ?? 1;
  } finally {
    process.stdout.write = real.out;
    process.stderr.write = real.err;
    for (const l of process.stdout.listeners('error'))
      if (!listeners.includes(l)) process.stdout.off('error', l);
    process.argv = saved.argv;
    process.env = saved.env;
    process.chdir(saved.cwd);
    process.exitCode = undefined;
  }
}

async function run(job) {
  const out = sink();
  const err = sink();
  // The process's peak resident memory only grows: when a case raises it, the case is what
  // used that much (the pool replaces a worker whose peak got high, for a fresh baseline).
  const peakBefore = process.resourceUsage().maxRSS;
  escaped = null;
  let status;
  const started = performance.now();
  try {
    status = await (embedded ? runEmbedded : runFresh)(job, out, err);
    await tick();
  } catch (e) {
    escaped ??= e;
  }
  const ms = performance.now() - started;
  if (escaped !== null) {
    err.write(
      `${escaped instanceof Error ? (escaped.stack ?? String(escaped)) : String(escaped)}\n`,
    );
    status = 1;
  }
  return {
    status: Number(status),
    stdout: out.text,
    stderr: err.text,
    stdoutBytes: out.bytes,
    stderrBytes: err.bytes,
    ms,
    peakMbBefore: peakBefore / 1024,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
}

process.on('message', async (job) => {
  const result = await run(job);
  process.send({ id: job.id, result });
});
process.send({ ready: true, embedded });
