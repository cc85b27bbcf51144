// One worker of the pool: runs the bundled CLI's own entry point (dist/cli/index.js) once
// per case, inside this process, as `node dist/cli/index.js ARGS` would run it: the same
// argv, working directory and environment, stdout and stderr captured, the exit status read
// from process.exitCode. The entry is imported afresh for every case (a new module
// instance); the chunks it shares stay loaded, which is what makes thousands of cases fast.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const entry = pathToFileURL(process.argv[2]).href;
/** Output beyond this is counted, not kept: a run that prints more is a blow-up. */
const KEEP = 16 * 1024 * 1024;
const realStdout = process.stdout.write.bind(process.stdout);
const realStderr = process.stderr.write.bind(process.stderr);
let runs = 0;

async function run(job) {
  const saved = { argv: process.argv, env: process.env, cwd: process.cwd() };
  const out = { text: '', bytes: 0 };
  const err = { text: '', bytes: 0 };
  const capture = (sink) => (chunk, encoding, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    sink.bytes += Buffer.byteLength(text);
    if (sink.text.length < KEEP) sink.text += text;
    if (typeof encoding === 'function') encoding();
    else if (typeof callback === 'function') callback();
    return true;
  };
  const listeners = process.stdout.listeners('error');
  let thrown = null;
  // The process's peak resident memory only grows: when a case raises it, the case is what
  // used that much (the pool replaces a worker whose peak got high, for a fresh baseline).
  const peakBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  try {
    process.argv = [process.execPath, process.argv[2], ...job.argv];
    process.env = { ...job.env };
    process.chdir(job.cwd);
    process.exitCode = undefined;
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    await import(`${entry}?case=${runs++}`);
  } catch (e) {
    // Node would print this and exit 1: an exception the CLI did not catch.
    thrown = e instanceof Error ? (e.stack ?? String(e)) : String(e);
  } finally {
    process.stdout.write = realStdout;
    process.stderr.write = realStderr;
    for (const l of process.stdout.listeners('error'))
      if (!listeners.includes(l)) process.stdout.off('error', l);
    process.argv = saved.argv;
    process.env = saved.env;
    process.chdir(saved.cwd);
  }
  const ms = performance.now() - started;
  const status = thrown !== null ? 1 : (process.exitCode ?? 0);
  process.exitCode = undefined;
  if (thrown !== null) err.text += `${thrown}\n`;
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
process.send({ ready: true });
