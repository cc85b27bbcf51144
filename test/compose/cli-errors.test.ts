import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const MANIFEST = 'version: 1\nhosts:\n  box: { memory: 4GB }\ncompose:\n  - compose.yml\n';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs `headroom check capacity.yml` in a folder holding `files`. */
function run(files: Record<string, string>): { status: number; stderr: string } {
  dir = mkdtempSync(join(tmpdir(), 'headroom-compose-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  let stderr = '';
  const status = main(['check', 'capacity.yml'], {
    cwd: dir,
    env: {},
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
  });
  return { status, stderr };
}

describe('bad compose input through the command line', () => {
  it.each([
    [
      'an invalid template',
      'services:\n  web:\n    image: "app:${TAG"\n',
      'error: compose.yml:3:12: cannot interpolate services.web.image: "app:${TAG" is not a valid variable template; write a literal $ as $$ (at /services/web/image)',
    ],
    [
      'a required variable',
      'services:\n  web:\n    image: "app:${TAG:?set TAG to the release}"\n',
      'error: compose.yml:3:12: cannot interpolate services.web.image: the variable "TAG" is required but not set: set TAG to the release (at /services/web/image)',
    ],
    [
      'an unknown protocol',
      'services:\n  web:\n    image: app\n    ports: ["8080:80/icmp"]\n',
      'error: compose.yml:4:13: unknown protocol "icmp" in a port; use tcp, udp or sctp (at /services/web/ports/0)',
    ],
    [
      'scale and deploy.replicas that disagree',
      'services:\n  web:\n    image: app\n    scale: 2\n    deploy:\n      replicas: 3\n',
      'error: compose.yml:4:12: "web" sets scale: 2 and deploy.replicas: 3 (line 6); compose refuses two different values, so keep one (at /services/web/scale)',
    ],
    [
      'an extends cycle',
      'services:\n  a: { image: x, extends: b }\n  b: { image: x, extends: a }\n',
      'error: compose.yml:2:27: `extends` goes round in a circle: "a" (compose.yml) extends "b" (compose.yml) extends "a" (compose.yml) (at /services/a/extends)',
    ],
    [
      'a schema violation',
      'services:\n  web:\n    image: app\n    mem_limit: [1g]\n',
      'error: compose.yml:4:16: expected a number or text, found a list (at /services/web/mem_limit)',
    ],
  ])('%s exits with 2 and a located message', (_what, compose, message) => {
    const r = run({ 'capacity.yml': MANIFEST, 'compose.yml': compose });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([message]);
  });

  it.each([
    ['inf', '"inf" is an infinite number; write a finite number'],
    ['-Infinity', '"-Infinity" is an infinite number; write a finite number'],
    ['NaN', '"NaN" is not a number; write a number'],
    ['1e400', '"1e400" is too large for a number'],
    ['constructor', '"constructor" is not a number'],
  ])('a CPU count of %s is refused quoted as it was written', (written, reason) => {
    const r = run({
      'capacity.yml': MANIFEST,
      'compose.yml': `services:\n  web:\n    image: app\n    cpus: ${written}\n`,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `error: compose.yml:4:11: services.web.cpus: ${reason} (at /services/web/cpus)\n`,
    );
  });

  it('a missing compose file exits with 2, naming the manifest line that lists it', () => {
    const r = run({ 'capacity.yml': MANIFEST });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'error: capacity.yml:5:5: cannot read "compose.yml": the file does not exist (at /compose/0)\n',
    );
  });
});
