import { describe, expect, it } from 'vitest';
import { readComposeProjects } from '../../src/compose/read-projects.js';
import type { WithheldReason } from '../../src/compose/unset.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { inputError, manifestText, MANIFEST, readCompose, service } from './helpers.js';

const web = (lines: string): string => `services:\n  web:\n    image: x\n${lines}`;

/** Reads `compose.yml` with some variables withheld, as the action does. */
function readWithheld(
  text: string,
  withheld: Record<string, WithheldReason>,
  entry = '  - compose.yml',
) {
  const manifest = parseManifest(manifestText(entry), MANIFEST);
  return readComposeProjects(manifest, {
    reader: memoryReader({ 'compose.yml': text, 'deploy.env': 'PG_PASS=example' }),
    env: {},
    withheld,
  });
}

describe('a value an unset variable leaves unusable is refused naming the variable', () => {
  it.each([
    [
      'a memory limit',
      web('    mem_limit: ${MEM_LIMIT}\n'),
      { line: 4, column: 16 },
      'the memory limit of "web": the size is empty; Docker needs a size such as "512m" (the variable "MEM_LIMIT" is not set, so an empty string took its place)',
    ],
    [
      'a CPU limit built from a variable',
      web('    deploy: { resources: { limits: { cpus: "${CPUS}x" } } }\n'),
      { line: 4, column: 44 },
      'the CPU limit of "web": "x" is not a number of CPUs; write it as 0.5 or "1.5" (the variable "CPUS" is not set, so an empty string took its place)',
    ],
    [
      'a replica count',
      web('    scale: ${REPLICAS}\n'),
      { line: 4, column: 12 },
      'services.web.scale: "" is not a whole number (the variable "REPLICAS" is not set, so an empty string took its place)',
    ],
    [
      'a port whose container part is a variable',
      web('    ports: ["8080:${APP_PORT}"]\n'),
      { line: 4, column: 13 },
      '"8080:" names no container port (the variable "APP_PORT" is not set, so an empty string took its place)',
    ],
    [
      'a volume whose source is a variable',
      web('    volumes:\n      - ${DOCKER_SOCKET_LOCATION}:/var/run/docker.sock:ro,z\n'),
      { line: 5, column: 9 },
      'the volume ":/var/run/docker.sock:ro,z" of "web" is not one docker compose accepts: a section between colons is empty (the variable "DOCKER_SOCKET_LOCATION" is not set, so an empty string took its place)',
    ],
    [
      'a value the schema refuses once empty',
      web('    pull_policy: ${PULL}\n'),
      { line: 4, column: 18 },
      expect.stringMatching(
        /^"" is not allowed here: a pull policy is always, never, .* \(the variable "PULL" is not set, so an empty string took its place\)$/,
      ),
    ],
  ])('%s', (_what, text, at, message) => {
    const e = inputError(() => readCompose({ 'compose.yml': text }));
    expect(e.problems).toEqual([expect.objectContaining({ file: 'compose.yml', ...at, message })]);
  });

  it('refuses volumes compose refuses, variables or not', () => {
    const e = inputError(() =>
      readCompose({
        'compose.yml': web(
          '    volumes: ["./d:/data:ro:x", "./data:/data:ro", "C:\\\\x:/x", "a:b:c:d"]\n',
        ),
      }),
    );
    expect(e.problems.map((p) => p.message)).toEqual([
      'the volume "./d:/data:ro:x" of "web" is not one docker compose accepts: it has too many colons',
    ]);
  });
});

describe('a host port an unset variable leaves empty', () => {
  it.each([
    [
      'the short syntax',
      '    ports:\n      - ${KONG_HTTP_PORT}:8000/tcp\n',
      'KONG_HTTP_PORT',
      5,
      9,
    ],
    ['an address and no port', '    ports: ["127.0.0.1:${PORT}:80"]\n', 'PORT', 4, 13],
    [
      'the long syntax',
      '    ports:\n      - target: 80\n        published: ${WEB_PORT}\n',
      'WEB_PORT',
      5,
      9,
    ],
  ])(
    'is not dropped silently: %s warns that Docker would pick a random port',
    (_w, lines, name, line, column) => {
      const r = readCompose({ 'compose.yml': web(lines) });
      expect(service(r, 'web').ports).toEqual([]);
      const warned = r.findings.filter((f) => f.code === 'unset-port');
      expect(warned).toEqual([
        expect.objectContaining({
          level: 'warn',
          file: 'compose.yml',
          line,
          column,
          message: expect.stringContaining(
            `is empty because the variable "${name}" is not set, so docker compose would publish it on a random free port`,
          ),
        }),
      ]);
    },
  );

  it('stays quiet for a port published on a random host port on purpose', () => {
    const r = readCompose({ 'compose.yml': web('    ports: ["80", ":8080"]\n') });
    expect(r.findings).toEqual([]);
  });
});

describe('a variable the action withheld', () => {
  it('is named as withheld, with the way to pin it, in the warning its absence causes', () => {
    const r = readWithheld(
      web('    environment:\n      DB_URL: postgres://app:${PG_PASS}@db/app\n'),
      {
        PG_PASS: 'credential',
      },
    );
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'unset-variable',
        line: 5,
        column: 30,
        message:
          'the variable "PG_PASS" is withheld from compose interpolation because its name looks like a credential; pin the value the check should use in the compose entry\'s `env:` or its `env_file:`, so an empty string takes its place',
      }),
    ]);
  });

  it('is named as withheld in the error its absence causes', () => {
    const e = inputError(() =>
      readWithheld(web('    mem_limit: ${GITHUB_MEM}\n'), { GITHUB_MEM: 'runner' }),
    );
    expect(e.problems[0]!.message).toBe(
      'the memory limit of "web": the size is empty; Docker needs a size such as "512m" (the variable "GITHUB_MEM" is withheld from compose interpolation because it is one of the runner’s own variables; pin the value the check should use in the compose entry\'s `env:` or its `env_file:`, so an empty string took its place)',
    );
  });

  it('is not withheld from what the entry pins: its env_file still sets it', () => {
    const r = readWithheld(
      web('    environment:\n      DB_URL: postgres://app:${PG_PASS}@db/app\n'),
      { PG_PASS: 'credential' },
      '  - { files: [compose.yml], env_file: deploy.env }',
    );
    expect(r.findings).toEqual([]);
  });
});
