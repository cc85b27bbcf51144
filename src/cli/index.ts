#!/usr/bin/env node
import { hostname } from 'node:os';
import { runCli } from './main.js';

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
