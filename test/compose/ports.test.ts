import { describe, expect, it } from 'vitest';
import { parseComposeFile } from '../../src/compose/parse-file.js';
import { childMap, toPlain } from '../../src/compose/node.js';
import { hostPorts, readPorts } from '../../src/compose/ports.js';
import { enforceUnicity } from '../../src/compose/unicity.js';
import { inputError, readCompose, service } from './helpers.js';

/** The normalised bindings of a `ports:` list written in YAML flow style. */
function bindings(list: string): Array<Record<string, unknown>> {
  const [doc] = parseComposeFile(`ports: ${list}\n`, 'compose.yml');
  return readPorts(doc!.root.entries.get('ports')).map(({ src: _src, ...b }) => b);
}

describe('port syntax', () => {
  it.each([
    // [ports list, normalised bindings]
    ['["80"]', [{ target: 80, hostIp: '', protocol: 'tcp' }]],
    ['[80]', [{ target: 80, hostIp: '', protocol: 'tcp' }]],
    ['["8080:80"]', [{ target: 80, published: '8080', hostIp: '', protocol: 'tcp' }]],
    ['["8080:80/udp"]', [{ target: 80, published: '8080', hostIp: '', protocol: 'udp' }]],
    ['["8080:80/UDP"]', [{ target: 80, published: '8080', hostIp: '', protocol: 'udp' }]],
    ['["8080:80/sctp"]', [{ target: 80, published: '8080', hostIp: '', protocol: 'sctp' }]],
    ['["80/"]', [{ target: 80, hostIp: '', protocol: 'tcp' }]],
    [
      '["127.0.0.1:8080:80"]',
      [{ target: 80, published: '8080', hostIp: '127.0.0.1', protocol: 'tcp' }],
    ],
    ['["127.0.0.1::80"]', [{ target: 80, hostIp: '127.0.0.1', protocol: 'tcp' }]],
    ['["[::1]:8080:80"]', [{ target: 80, published: '8080', hostIp: '::1', protocol: 'tcp' }]],
    ['["::1:8080:80"]', [{ target: 80, published: '8080', hostIp: '::1', protocol: 'tcp' }]],
    [
      '["[fe80::1]:53:53/udp"]',
      [{ target: 53, published: '53', hostIp: 'fe80::1', protocol: 'udp' }],
    ],
    // ranges pair up port by port
    [
      '["8000-8001:80-81"]',
      [
        { target: 80, published: '8000', hostIp: '', protocol: 'tcp' },
        { target: 81, published: '8001', hostIp: '', protocol: 'tcp' },
      ],
    ],
    [
      '["9000-9001"]',
      [
        { target: 9000, hostIp: '', protocol: 'tcp' },
        { target: 9001, hostIp: '', protocol: 'tcp' },
      ],
    ],
    // a host range for one container port is Docker's to choose from
    ['["8000-8010:80"]', [{ target: 80, published: '8000-8010', hostIp: '', protocol: 'tcp' }]],
    // the long syntax, `published` kept as written
    [
      '[{target: 80, published: 8080}]',
      [{ target: 80, published: '8080', hostIp: '', protocol: 'tcp' }],
    ],
    [
      '[{target: 80, published: "8080", host_ip: 10.0.0.2, protocol: UDP, mode: host}]',
      [{ target: 80, published: '8080', hostIp: '10.0.0.2', protocol: 'udp' }],
    ],
    ['[{target: 80}]', [{ target: 80, hostIp: '', protocol: 'tcp' }]],
    ['[{target: 80, published: ""}]', [{ target: 80, hostIp: '', protocol: 'tcp' }]],
    [
      '[{target: 80, published: 8000-8005}]',
      [{ target: 80, published: '8000-8005', hostIp: '', protocol: 'tcp' }],
    ],
    // one binding written twice is kept once, in both syntaxes
    ['["8080:80", "8080:80"]', [{ target: 80, published: '8080', hostIp: '', protocol: 'tcp' }]],
    [
      '["8080:80", {target: 80, published: "8080"}]',
      [{ target: 80, published: '8080', hostIp: '', protocol: 'tcp' }],
    ],
    [
      '["0.0.0.0:8080:80", "8080:80"]',
      [{ target: 80, published: '8080', hostIp: '', protocol: 'tcp' }],
    ],
  ])('%s', (list, expected) => {
    expect(bindings(list)).toEqual(expected);
  });

  it.each([
    ['["8080:80/icmp"]', 'unknown protocol "icmp" in a port; use tcp, udp or sctp'],
    ['[{target: 80, protocol: quic}]', 'unknown protocol "quic" in a port; use tcp, udp or sctp'],
    ['["abc:80"]', '"abc" is not a valid host port; a port is a number from 0 to 65535'],
    ['["70000:80"]', '"70000" is not a valid host port; a port is a number from 0 to 65535'],
    ['["80-79"]', 'the container port range "80-79" runs backwards'],
    [
      '["80-81-82"]',
      '"80-81-82" is not a valid container port; a port is a number from 0 to 65535',
    ],
    [
      '["8000-8002:80-81"]',
      'the container ports 80-81 and host ports 8000-8002 are ranges of different lengths',
    ],
    ['["1.2.3.999:80:80"]', '"1.2.3.999" is not an IP address'],
    ['["[::1:80:80"]', '"[::1" is not an IP address'],
    ['["8080:"]', '"8080:" names no container port'],
    [
      '[{published: 8080}]',
      'a port in the long syntax needs `target`, a port number from 0 to 65535',
    ],
    [
      '[{target: 80, published: "http"}]',
      '"http" is not a valid published port; a port is a number from 0 to 65535',
    ],
    ['[true]', 'a port is written as "8080:80", as 80, or as a mapping with `target`'],
    ['["0-65535", "0-65535", "1-2"]', 'these ports expand to more than 131072 bindings; refused'],
  ])('%s is refused', (list, message) => {
    const e = inputError(() => bindings(list));
    expect(e.problems[0]!.message).toBe(message);
    expect(e.problems[0]!.line).toBe(1);
  });
});

describe('host ports', () => {
  it('publishes single host ports only, naming where each was written', () => {
    const r = readCompose({
      'compose.yml': [
        'services:',
        '  web:',
        '    image: x',
        '    ports:',
        '      - "80"',
        '      - "127.0.0.1:8080:80"',
        '      - "0:81"',
        '      - "9000-9010:82"',
        '      - target: 53',
        '        published: 5353',
        '        protocol: udp',
        '',
      ].join('\n'),
    });
    expect(service(r, 'web').ports).toEqual([
      {
        port: 8080,
        protocol: 'tcp',
        hostIp: '127.0.0.1',
        source: { file: 'compose.yml', line: 6, column: 9, path: '/services/web/ports/1' },
      },
      {
        port: 5353,
        protocol: 'udp',
        hostIp: '',
        source: { file: 'compose.yml', line: 9, column: 9, path: '/services/web/ports/4' },
      },
    ]);
    expect(r.findings).toEqual([
      expect.objectContaining({ level: 'info', code: 'dynamic-port', line: 8 }),
    ]);
  });

  it('reads a target written as text, as compose-go casts it', () => {
    const r = readCompose({
      'compose.yml':
        'services:\n  web:\n    image: x\n    ports: [{target: "80", published: "${PORT:-8080}"}]\n',
    });
    expect(service(r, 'web').ports.map((p) => p.port)).toEqual([8080]);
  });

  it('reads a range published in the long syntax as one port when it is one port', () => {
    const [doc] = parseComposeFile('ports: [{target: 80, published: "8080-8080"}]\n', 'c.yml');
    const ports = hostPorts(readPorts(doc!.root.entries.get('ports')));
    expect(ports.published.map((p) => p.port)).toEqual([8080]);
    expect(ports.dynamic).toEqual([]);
  });
});

describe('repeated list entries, removed before the schema check as compose-go does', () => {
  it('reads a port written twice in one file as one binding instead of refusing the file', () => {
    const r = readCompose({
      'compose.yml':
        'services:\n  web:\n    image: x\n    ports: ["8080:80", "8080:80", "9090:90"]\n    cap_add: [NET_ADMIN, NET_ADMIN]\n    environment: [A=1, A=2]\n',
    });
    expect(service(r, 'web').ports.map((p) => p.port)).toEqual([8080, 9090]);
    expect(r.findings).toEqual([]);
  });

  it('keeps the later of two entries with the same key, in the earlier one’s place', () => {
    const [doc] = parseComposeFile(
      'services:\n  web:\n    environment: [A=1, B=2, A=3]\n    volumes: [".:/app", "data:/data", "src:/app"]\n',
      'compose.yml',
    );
    const root = enforceUnicity(doc!.root);
    const web = childMap(childMap(root, 'services'), 'web');
    expect(toPlain(web!)).toEqual({
      environment: ['A=3', 'B=2'],
      volumes: ['src:/app', 'data:/data'],
    });
  });
});
