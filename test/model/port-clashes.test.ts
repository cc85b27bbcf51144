import { describe, expect, it } from 'vitest';
import { MAX_PORT_CONFLICTS } from '../../src/model/port-findings.js';
import { renderJson } from '../../src/report/json.js';
import { evaluateYaml, scenario } from '../support/model.js';

const clashes = (yaml: string, files: Record<string, string> = {}) =>
  scenario(evaluateYaml(yaml, 'capacity.yml', files), 'default').findings.filter(
    (f) => f.code === 'port-conflict',
  );

const manifest = (ports: string[]) =>
  `version: 1\nhosts:\n  h: { memory: 10GB }\nservices:\n${ports.map((p, i) => `  s${i}: { memory: 1MB, ports: [${p}] }`).join('\n')}\n`;

describe('published port ranges', () => {
  it('two services publishing "1-65535" are one clash naming the range, not 65,535', () => {
    const found = clashes(manifest(['"1-65535"', '"1-65535"']));
    expect(found).toEqual([
      expect.objectContaining({
        level: 'fail',
        message: '"s0" and "s1" both publish tcp ports 1-65535 on host "h"',
        line: 6,
      }),
    ]);
  });

  it('three services publishing "1-65535" are three clashes, one per pair', () => {
    expect(
      clashes(manifest(['"1-65535"', '"1-65535"', '"1-65535"'])).map((f) => f.message),
    ).toEqual([
      '"s0" and "s1" both publish tcp ports 1-65535 on host "h"',
      '"s0" and "s2" both publish tcp ports 1-65535 on host "h"',
      '"s1" and "s2" both publish tcp ports 1-65535 on host "h"',
    ]);
  });

  it('names only the ports two ranges share', () => {
    expect(clashes(manifest(['"8000-8100"', '"8050-8200"'])).map((f) => f.message)).toEqual([
      '"s0" and "s1" both publish tcp ports 8050-8100 on host "h"',
    ]);
    expect(clashes(manifest(['"8000-8100"', '8100'])).map((f) => f.message)).toEqual([
      '"s0" and "s1" both publish tcp port 8100 on host "h"',
    ]);
    expect(clashes(manifest(['"8000-8099"', '"8100-8199"']))).toEqual([]);
  });

  it('keeps ranges on other addresses and protocols apart, and a wildcard meets every address', () => {
    expect(clashes(manifest(['"127.0.0.1:1-65535"', '"10.0.0.1:1-65535"']))).toEqual([]);
    expect(clashes(manifest(['"1-65535/udp"', '"1-65535/tcp"']))).toEqual([]);
    expect(
      clashes(manifest(['"127.0.0.1:80-90"', '"10.0.0.1:85"', '"0.0.0.0:90-95"'])).map(
        (f) => f.message,
      ),
    ).toEqual(['"s0" and "s2" both publish tcp port 90 on host "h"']);
  });

  it('reads a compose range published as one range, and a clash with it as one finding', () => {
    const found = clashes('version: 1\nhosts:\n  h: { memory: 10GB }\ncompose: [compose.yml]\n', {
      'compose.yml':
        'services:\n  a: { image: a, mem_limit: 1m, ports: ["1-65535:1-65535"] }\n  b: { image: b, mem_limit: 1m, ports: ["1-65535:1-65535/tcp"] }\n',
    });
    expect(found.map((f) => f.message)).toEqual([
      '"a" and "b" both publish tcp ports 1-65535 on host "h"',
    ]);
  });

  it('says a replicated service publishing a range can bind it once', () => {
    const found = clashes(
      'version: 1\nhosts:\n  h: { memory: 10GB }\nservices:\n  a: { memory: 1MB, replicas: 3, ports: ["9000-9009"] }\n',
    );
    expect(found.map((f) => f.message)).toEqual([
      '"a" publishes tcp ports 9000-9009 with 3 replicas on host "h"; only one replica can bind them',
    ]);
  });

  it('shows a range as a range in the JSON report', () => {
    const json = JSON.parse(renderJson(evaluateYaml(manifest(['"9000-9009"']))));
    expect(json.services[0].ports).toEqual([
      { port: 9000, last: 9009, protocol: 'tcp', hostIp: '' },
    ]);
  });
});

describe('more clashes than are worth listing', () => {
  it('lists the first ones and counts every clash', () => {
    // 600 services on one port: 600 x 599 / 2 = 179,700 pairs.
    const found = clashes(manifest(Array.from({ length: 600 }, () => '80')));
    expect(found).toHaveLength(MAX_PORT_CONFLICTS + 1);
    expect(found[0]!.message).toBe('"s0" and "s1" both publish tcp port 80 on host "h"');
    expect(found.at(-1)).toMatchObject({
      level: 'fail',
      message: `there are 179,700 port clashes in all in scenario "default"; only the first ${MAX_PORT_CONFLICTS} are listed`,
      file: 'capacity.yml',
    });
  });

  it('counts clashes across addresses exactly: a wildcard meets every address, others only their own', () => {
    // 300 on 127.0.0.1, 300 on 10.0.0.1, 10 on every address:
    // 2 x (300 x 299 / 2) + 10 x 600 + 10 x 9 / 2 = 89,700 + 6,000 + 45 = 95,745.
    const ports = [
      ...Array.from({ length: 300 }, () => '"127.0.0.1:80"'),
      ...Array.from({ length: 300 }, () => '"10.0.0.1:80"'),
      ...Array.from({ length: 10 }, () => '80'),
    ];
    const found = clashes(manifest(ports));
    expect(found.at(-1)!.message).toBe(
      `there are 95,745 port clashes in all in scenario "default"; only the first ${MAX_PORT_CONFLICTS} are listed`,
    );
  });
});
