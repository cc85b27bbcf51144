import { describe, expect, it } from 'vitest';
import { inputError, readCompose } from './helpers.js';

describe('what compose-go refuses in a loaded project', () => {
  it.each([
    [
      'a service with neither image nor build',
      'services:\n  web:\n    mem_limit: 1g\n',
      { line: 2, column: 3 },
      '"web" has neither an image nor a build context, so compose cannot create it',
    ],
    [
      'a dependency on a service the project does not define',
      'services:\n  web:\n    image: x\n    depends_on: [db]\n',
      { line: 4, column: 18 },
      '"web" depends on "db", which the project does not define',
    ],
    [
      'the long form of depends_on, too',
      'services:\n  web:\n    image: x\n    depends_on:\n      db: { condition: service_healthy }\n',
      { line: 5, column: 7 },
      '"web" depends on "db", which the project does not define',
    ],
    [
      'an undeclared network',
      'services:\n  web:\n    image: x\n    networks: [front]\n',
      { line: 4, column: 16 },
      '"web" uses the network "front", which the project does not define under networks',
    ],
    [
      'network_mode and networks together',
      'services:\n  web:\n    image: x\n    network_mode: host\n    networks: [default]\n',
      { line: 4, column: 19 },
      '"web" sets both network_mode and networks, which compose refuses',
    ],
    [
      "another service's network, undefined",
      'services:\n  web:\n    image: x\n    network_mode: "service:vpn"\n',
      { line: 4, column: 19 },
      '"web" shares the network_mode of "vpn", which the project does not define',
    ],
    [
      'an undeclared named volume',
      'services:\n  db:\n    image: x\n    volumes: ["data:/var/lib/data", "./conf:/etc/conf"]\n',
      { line: 4, column: 15 },
      '"db" mounts the volume "data", which the project does not define under volumes',
    ],
    [
      'an undeclared secret',
      'services:\n  db:\n    image: x\n    secrets: [db_password]\n',
      { line: 4, column: 15 },
      '"db" uses the secret "db_password", which the project does not define under secrets',
    ],
    [
      'a healthcheck test that is not CMD, CMD-SHELL or NONE',
      'services:\n  db:\n    image: x\n    healthcheck:\n      test: [pg_isready]\n',
      { line: 5, column: 14 },
      'a healthcheck test list must start with "CMD", "CMD-SHELL" or "NONE"',
    ],
    [
      'services waiting on each other in a circle',
      'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n',
      { line: 7, column: 17 },
      'depends_on goes round in a circle: "a" waits for "b" waits for "a"',
    ],
  ])('refuses %s, at the reference', (_what, text, at, message) => {
    const e = inputError(() => readCompose({ 'compose.yml': text }));
    expect(e.problems).toEqual([expect.objectContaining({ file: 'compose.yml', ...at, message })]);
  });

  it('accepts what the project defines, and a dependency on a service a profile leaves out', () => {
    const r = readCompose({
      'compose.yml': `
services:
  web:
    image: x
    depends_on: [db, debug]
    networks: [front, default]
    volumes: [data:/data, ./src:/src, /abs:/abs]
    secrets: [key]
    healthcheck: { test: [CMD, "true"] }
  db: { image: x }
  debug: { image: x, profiles: [dev] }
networks: { front: {} }
volumes: { data: {} }
secrets: { key: { file: ./key.txt } }
`,
    });
    expect(r.services.map((s) => s.name)).toEqual(['web', 'db', 'debug']);
  });
});
