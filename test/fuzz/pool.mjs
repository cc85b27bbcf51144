// A small pool of harness processes (harness.mjs) running cases in parallel. A worker that
// takes longer than the hard limit is killed and the case reported as a hang; one that dies
// (out of memory, a crash) is reported as such and replaced. Workers are replaced after a
// number of cases too, so nothing one case leaves behind can pile up for long.
import { fork, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout, clearTimeout } from 'node:timers';

const HARNESS = fileURLToPath(new URL('./harness.mjs', import.meta.url));

export const LIMITS = {
  /** A case running longer than this is killed: a hang. */
  hardMs: 20_000,
  /** Old-space size of a worker; a case that needs more crashes it: unbounded memory. */
  heapMb: 1024,
  /** Cases a worker runs before it is replaced. */
  recycleAfter: 400,
  /** A worker whose peak memory grew past this is replaced after its case. */
  recycleAboveMb: 512,
};

export class Pool {
  constructor(cli, size) {
    this.cli = cli;
    this.size = size;
    this.workers = [];
    this.queue = [];
    this.nextId = 0;
  }

  spawnWorker() {
    const child = fork(HARNESS, [this.cli], {
      execArgv: [`--max-old-space-size=${LIMITS.heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const w = { child, busy: null, runs: 0, ready: false, stderr: '' };
    child.stderr.on('data', (d) => {
      w.stderr = (w.stderr + d).slice(-4000);
    });
    child.on('message', (m) => {
      if (m.ready) {
        w.ready = true;
        // A bundle imported afresh for every case leaves a copy behind each time.
        w.recycleAfter = m.embedded ? LIMITS.recycleAfter : 40;
        this.pump();
        return;
      }
      const job = w.busy;
      if (!job || job.id !== m.id) return;
      clearTimeout(job.timer);
      w.busy = null;
      w.runs++;
      job.resolve({ ...m.result, worker: child.pid });
      if (w.runs >= w.recycleAfter || m.result.peakMb > LIMITS.recycleAboveMb) this.retire(w);
      this.pump();
    });
    child.on('exit', (code, signal) => {
      this.workers = this.workers.filter((x) => x !== w);
      const job = w.busy;
      if (job) {
        clearTimeout(job.timer);
        job.resolve({
          crashed: job.timedOut ? 'hang' : `the process ended (${signal ?? `exit ${code}`})`,
          status: null,
          stdout: '',
          stderr: w.stderr,
          ms: job.timedOut ? job.hardMs : 0,
        });
      }
      if (!this.closing) this.fill();
      this.pump();
    });
    this.workers.push(w);
    return w;
  }

  retire(w) {
    this.workers = this.workers.filter((x) => x !== w);
    w.child.removeAllListeners('exit');
    w.child.kill();
    if (!this.closing) this.fill();
  }

  fill() {
    while (this.workers.length < this.size) this.spawnWorker();
  }

  pump() {
    for (const w of this.workers) {
      if (!w.ready || w.busy || this.queue.length === 0) continue;
      const job = this.queue.shift();
      w.busy = job;
      job.timer = setTimeout(() => {
        job.timedOut = true;
        w.child.kill('SIGKILL');
      }, job.hardMs);
      w.child.send({ id: job.id, argv: job.argv, cwd: job.cwd, env: job.env });
    }
  }

  /** Runs one case: `{ argv, cwd, env }`. Resolves with what the CLI did. */
  run(argv, cwd, env, hardMs = LIMITS.hardMs) {
    if (this.workers.length === 0) this.fill();
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, argv, cwd, env, hardMs, resolve });
      this.pump();
    });
  }

  close() {
    this.closing = true;
    for (const w of this.workers) {
      w.child.removeAllListeners('exit');
      w.child.kill();
    }
    this.workers = [];
  }
}

/**
 * The same case through a fresh `node dist/cli/index.js`, as a user would run it: to check,
 * now and then, that running the entry point inside a worker changes nothing.
 */
export function runCold(cli, argv, cwd, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...argv], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMITS.hardMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        status: code,
        signal,
        stdout,
        stderr,
        ms: performance.now() - started,
      });
    });
  });
}
