#!/usr/bin/env node
import { hostname } from 'node:os';
import { runCli } from './main.js';

/**
 * A program that runs many command lines in one process (the fuzzer's workers) sets this
 * symbol on globalThis before importing the bundle, and calls `runCli` itself: the bundle
 * is then loaded once instead of once per command line. Nothing else sets it.
 */
const EMBEDDED = Symbol.for('headroom.cli.embedded');

export { runCli };

if (!(globalThis as Record<symbol, unknown>)[EMBEDDED]) {
  // A reader that stops early (`headroom check | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

  void runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
    now: () => new Date(),
    hostname,
  }).then((status) => {
    process.exitCode = status;
  });
}
