/**
 * Ports: compose-go's ParsePortConfig and loader tests, and docker/go-connections' port
 * spec parser that compose-go calls for the short syntax.
 */
import { parseComposeFile } from '../../src/compose/parse-file.js';
import { readPorts, type PortBinding } from '../../src/compose/ports.js';
import { InputError } from '../../src/shared/errors.js';
import { readCompose, service } from '../compose/helpers.js';
import { UPSTREAM, fromFile, same } from './harness.js';

const types = fromFile(`${UPSTREAM.composeGo} types/types_test.go`);
const loader = fromFile(`${UPSTREAM.composeGo} loader/tests/ports_test.go`);
const nat = fromFile(`${UPSTREAM.goConnections} nat/nat_test.go`);

interface Binding {
  target: number;
  published?: string;
  hostIp?: string;
  protocol: string;
}

type Read = { ok: true; bindings: Binding[] } | { ok: false; message: string };

/** A `ports` list of short specs, as one service writes it. */
function read(...specs: string[]): Read {
  const [doc] = parseComposeFile(`ports: ${JSON.stringify(specs)}\n`, 'compose.yml');
  try {
    const bindings = readPorts(doc!.root.entries.get('ports')).map((b: PortBinding) => ({
      target: b.target,
      ...(b.published !== undefined ? { published: b.published } : {}),
      ...(b.hostIp !== '' ? { hostIp: b.hostIp } : {}),
      protocol: b.protocol,
    }));
    return { ok: true, bindings };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, message: e.problems[0]!.message };
    throw e;
  }
}

function parses(file: typeof types, test: string, spec: string, expected: Binding[]) {
  file.add(test, spec, () => {
    const r = read(spec);
    return r.ok ? same(r.bindings, expected) : `refused: ${r.message}`;
  });
}

function refuses(file: typeof types, test: string, spec: string) {
  file.add(test, `${JSON.stringify(spec)} is refused`, () =>
    read(spec).ok ? 'accepted' : undefined,
  );
}

const P = 'TestParsePortConfig';
parses(types, P, '80', [{ target: 80, protocol: 'tcp' }]);
parses(types, P, '80:8080', [{ target: 8080, published: '80', protocol: 'tcp' }]);
parses(types, P, '80-90:8080', [{ target: 8080, published: '80-90', protocol: 'tcp' }]);
parses(types, P, '8080:80/tcp', [{ target: 80, published: '8080', protocol: 'tcp' }]);
parses(types, P, '80:8080/udp', [{ target: 8080, published: '80', protocol: 'udp' }]);
parses(types, P, '80-81:8080-8081/tcp', [
  { target: 8080, published: '80', protocol: 'tcp' },
  { target: 8081, published: '81', protocol: 'tcp' },
]);
parses(types, P, '80-82:8080-8082/udp', [
  { target: 8080, published: '80', protocol: 'udp' },
  { target: 8081, published: '81', protocol: 'udp' },
  { target: 8082, published: '82', protocol: 'udp' },
]);
parses(types, P, '80-82:8080/udp', [{ target: 8080, published: '80-82', protocol: 'udp' }]);
parses(types, P, '80-80:8080/tcp', [{ target: 8080, published: '80', protocol: 'tcp' }]);
for (const spec of ['9999999', '80/xyz', 'tcp', 'udp', '']) refuses(types, P, spec);
parses(types, P, '1.1.1.1:80:80', [
  { target: 80, published: '80', hostIp: '1.1.1.1', protocol: 'tcp' },
]);

/** A service's ports as the project holds them once loaded. */
function loaded(ports: string): Read {
  try {
    const r = readCompose({
      'compose.yml': `name: test\nservices:\n  foo:\n    image: alpine\n    ports:\n${ports}`,
    });
    void service(r, 'foo');
    const [doc] = parseComposeFile(`ports:\n${ports}`, 'compose.yml');
    const bindings = readPorts(doc!.root.entries.get('ports')).map((b) => ({
      target: b.target,
      ...(b.published !== undefined ? { published: b.published } : {}),
      protocol: b.protocol,
    }));
    return { ok: true, bindings };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, message: e.problems[0]!.message };
    throw e;
  }
}

for (const [test, ports, expected] of [
  [
    'TestPortsShortSyntax',
    '      - "80:8080"\n      - "90:8090/udp"\n      - 8600\n',
    [
      { target: 8080, published: '80', protocol: 'tcp' },
      { target: 8090, published: '90', protocol: 'udp' },
      { target: 8600, protocol: 'tcp' },
    ],
  ],
  [
    'TestPortsLongSyntax',
    '      - target: 80\n        published: 8080\n        protocol: tcp\n        mode: host\n',
    [{ target: 80, published: '8080', protocol: 'tcp' }],
  ],
  [
    'TestPortsRange',
    '      - "80-82:8080-8082"\n',
    [
      { target: 8080, published: '80', protocol: 'tcp' },
      { target: 8081, published: '81', protocol: 'tcp' },
      { target: 8082, published: '82', protocol: 'tcp' },
    ],
  ],
  [
    'TestNamedPort',
    '      - name: http\n        published: 8080\n        target: 80\n',
    [{ target: 80, published: '8080', protocol: 'tcp' }],
  ],
  [
    'TestAppProtocol',
    '      - published: 8080\n        target: 80\n        protocol: tcp\n        app_protocol: http\n',
    [{ target: 80, published: '8080', protocol: 'tcp' }],
  ],
] as const) {
  loader.add(test, ports.trim().split('\n')[0]!.trim(), () => {
    const r = loaded(ports);
    return r.ok ? same(r.bindings, expected) : `refused: ${r.message}`;
  });
}

parses(nat, 'TestParsePortSpecFull', '0.0.0.0:1234-1235:3333-3334/tcp', [
  { target: 3333, published: '1234', hostIp: '0.0.0.0', protocol: 'tcp' },
  { target: 3334, published: '1235', hostIp: '0.0.0.0', protocol: 'tcp' },
]);
parses(nat, 'TestPartPortSpecIPV6', '[2001:4860:0:2001::68]::333', [
  { target: 333, hostIp: '2001:4860:0:2001::68', protocol: 'tcp' },
]);
parses(nat, 'TestPartPortSpecIPV6WithHostPort', '[::1]:80:80', [
  { target: 80, published: '80', hostIp: '::1', protocol: 'tcp' },
]);

for (const [test, specs, expected] of [
  [
    'TestParsePortSpecs',
    ['1234/tcp', '2345/udp', '3456/sctp'],
    [
      { target: 1234, protocol: 'tcp' },
      { target: 2345, protocol: 'udp' },
      { target: 3456, protocol: 'sctp' },
    ],
  ],
  [
    'TestParsePortSpecs',
    ['1234:1234/tcp', '2345:2345/udp', '3456:3456/sctp'],
    [
      { target: 1234, published: '1234', protocol: 'tcp' },
      { target: 2345, published: '2345', protocol: 'udp' },
      { target: 3456, published: '3456', protocol: 'sctp' },
    ],
  ],
  [
    'TestParsePortSpecs',
    ['0.0.0.0:1234:1234/tcp', '0.0.0.0:2345:2345/udp', '0.0.0.0:3456:3456/sctp'],
    [
      { target: 1234, published: '1234', hostIp: '0.0.0.0', protocol: 'tcp' },
      { target: 2345, published: '2345', hostIp: '0.0.0.0', protocol: 'udp' },
      { target: 3456, published: '3456', hostIp: '0.0.0.0', protocol: 'sctp' },
    ],
  ],
  [
    'TestParsePortSpecsWithRange',
    ['1234-1236/tcp'],
    [1234, 1235, 1236].map((p) => ({ target: p, protocol: 'tcp' })),
  ],
  [
    'TestParsePortSpecsWithRange',
    ['1234-1236:1234-1236/tcp', '2345-2347:2345-2347/udp'],
    [
      ...[1234, 1235, 1236].map((p) => ({ target: p, published: String(p), protocol: 'tcp' })),
      ...[2345, 2346, 2347].map((p) => ({ target: p, published: String(p), protocol: 'udp' })),
    ],
  ],
  [
    'TestParsePortSpecsWithRange',
    ['0.0.0.0:3456-3458:3456-3458/sctp'],
    [3456, 3457, 3458].map((p) => ({
      target: p,
      published: String(p),
      hostIp: '0.0.0.0',
      protocol: 'sctp',
    })),
  ],
  [
    'TestParseNetworkOptsPrivateOnly',
    ['192.168.1.100::80'],
    [{ target: 80, hostIp: '192.168.1.100', protocol: 'tcp' }],
  ],
  [
    'TestParseNetworkOptsPublic',
    ['192.168.1.100:8080:80'],
    [{ target: 80, published: '8080', hostIp: '192.168.1.100', protocol: 'tcp' }],
  ],
  [
    'TestParseNetworkOptsUdp',
    ['192.168.1.100::6000/udp'],
    [{ target: 6000, hostIp: '192.168.1.100', protocol: 'udp' }],
  ],
  [
    'TestParseNetworkOptsSctp',
    ['192.168.1.100::6000/sctp'],
    [{ target: 6000, hostIp: '192.168.1.100', protocol: 'sctp' }],
  ],
] as const) {
  nat.add(test, specs.join(', '), () => {
    const r = read(...specs);
    return r.ok ? same(r.bindings, expected) : `refused: ${r.message}`;
  });
}
refuses(nat, 'TestParsePortSpecs', 'localhost:1234:1234/tcp');
refuses(nat, 'TestParsePortSpecsWithRange', 'localhost:1234-1236:1234-1236/tcp');
refuses(nat, 'TestParseNetworkOptsPublicNoPort', '192.168.1.100');
refuses(nat, 'TestParseNetworkOptsNegativePorts', '192.168.1.100:-1:-1');

// ParsePort and ParsePortRangeToInt, as a container port (`ports: ["1234-1235"]`).
parses(nat, 'TestParsePort', '1234', [{ target: 1234, protocol: 'tcp' }]);
refuses(nat, 'TestParsePort', 'asdf');
refuses(nat, 'TestParsePort', '1asdf');
for (const [range, begin, end] of [
  ['1234', 1234, 1234],
  ['1234-1234', 1234, 1234],
  ['1234-1235', 1234, 1235],
  ['8000-9000', 8000, 9000],
  ['0', 0, 0],
  ['0-0', 0, 0],
] as const) {
  nat.add('TestParsePortRangeToInt', range, () => {
    const r = read(range);
    if (!r.ok) return `refused: ${r.message}`;
    const targets = r.bindings.map((b) => b.target);
    return same(
      [targets[0], targets[targets.length - 1], targets.length],
      [begin, end, end - begin + 1],
    );
  });
}
for (const range of ['asdf', '1asdf', '9000-8000', '9000-', '-8000', '-8000-']) {
  refuses(nat, 'TestParsePortRangeToInt', range);
}

// SplitProtoPort: tcp is the default, an empty protocol is tcp, and no port is no port.
parses(nat, 'TestSplitProtoPort', '1234/tcp', [{ target: 1234, protocol: 'tcp' }]);
parses(nat, 'TestSplitProtoPort', '1234', [{ target: 1234, protocol: 'tcp' }]);
parses(nat, 'TestSplitProtoPort', '1234/', [{ target: 1234, protocol: 'tcp' }]);
refuses(nat, 'TestSplitProtoPort', '/tcp');

export const portCases = [...types.cases, ...loader.cases, ...nat.cases];
