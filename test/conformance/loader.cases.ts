/**
 * compose-go's loader, cli and override tests: whole projects, as a manifest's compose
 * entry reads them. The upstream testdata files are stored unchanged under
 * test/conformance/compose-go and read from the same relative paths.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Findings } from '../../src/compose/located.js';
import { toPlain } from '../../src/compose/node.js';
import { loadEntry } from '../../src/compose/read-projects.js';
import { readPorts } from '../../src/compose/ports.js';
import { enforceUnicity } from '../../src/compose/unicity.js';
import { parseComposeFile } from '../../src/compose/parse-file.js';
import { InputError } from '../../src/shared/errors.js';
import { parseManifest } from '../../src/manifest/parse.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { readCompose } from '../compose/helpers.js';
import { ROOT } from '../support/action-run.js';
import { UPSTREAM, fromFile, same } from './harness.js';

const STORED = join(ROOT, 'test/conformance/compose-go');

/** Every stored upstream file, by its path in the compose-go repository. */
const UPSTREAM_FILES: Record<string, string> = (() => {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(STORED, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(STORED);
  return out;
})();

type Loaded =
  | { ok: true; name: string; plain: Record<string, unknown>; services: Record<string, Svc> }
  | { ok: false; message: string };
type Svc = Record<string, unknown>;

/**
 * Loads a compose entry over the upstream files plus `files`, as a manifest at the
 * repository root lists it (`entry` is the YAML under `compose:`).
 */
function load(
  entry: string,
  files: Record<string, string> = {},
  env: Record<string, string> = {},
): Loaded {
  const manifestText = `version: 1\nhosts:\n  h: { memory: 1GB }\ncompose:\n${entry}\n`;
  try {
    const manifest = parseManifest(manifestText, 'capacity.yml');
    const reader = memoryReader({ ...UPSTREAM_FILES, ...files });
    const loaded = loadEntry(manifest.compose[0]!, 'capacity.yml', { reader, env }, new Findings());
    // What the project holds in the end also passes compose-go's consistency check.
    readCompose({ ...UPSTREAM_FILES, ...files }, entry, env);
    const plain = toPlain(loaded.root) as Record<string, unknown>;
    return {
      ok: true,
      name: loaded.name,
      plain,
      services: (plain.services ?? {}) as Record<string, Svc>,
    };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, message: e.problems[0]!.message };
    throw e;
  }
}

/** A case that loads and inspects the project; a refusal is a difference. */
function loads(
  file: ReturnType<typeof fromFile>,
  test: string,
  name: string,
  run: () => Loaded,
  check: (l: Extract<Loaded, { ok: true }>) => string | undefined,
  differs?: string,
) {
  file.add(
    test,
    name,
    () => {
      const l = run();
      return l.ok ? check(l) : `refused: ${l.message}`;
    },
    differs,
  );
}

/** A case where upstream refuses the project. */
function refuses(file: ReturnType<typeof fromFile>, test: string, name: string, run: () => Loaded) {
  file.add(test, name, () => (run().ok ? 'accepted' : undefined));
}

/** The host ports of a service, as compose-go's Ports would hold them. */
function ports(svc: Svc | undefined): Array<{ target: number; published?: string }> {
  const [doc] = parseComposeFile(`ports: ${JSON.stringify(svc?.ports ?? [])}\n`, 'x.yml');
  return readPorts(doc!.root.entries.get('ports')).map((b) => ({
    target: b.target,
    ...(b.published !== undefined ? { published: b.published } : {}),
  }));
}

// ---------------------------------------------------------------- loader/extends_test.go
const extendsTest = fromFile(`${UPSTREAM.composeGo} loader/extends_test.go`);
/** An inline file beside compose-go's loader tests, which name testdata/ relative to them. */
const inline = (
  yaml: string,
  more: Record<string, string> = {},
  env: Record<string, string> = {},
) => load('  - loader/inline.yaml', { 'loader/inline.yaml': yaml, ...more }, env);

const EXTENDS = `
name: test-extends
services:
  test1:
    extends:
      file: testdata/extends/base.yaml
      service: base
    hostname: test1

  test2:
    extends:
      file: testdata/extends/base.yaml
      service: base
    hostname: test2

  test3:
    extends:
      file: testdata/extends/base.yaml
      service: another
    hostname: test3
`;
for (const svc of ['test1', 'test2', 'test3']) {
  loads(
    extendsTest,
    'TestExtends',
    `${svc}.hostname`,
    () => inline(EXTENDS),
    (l) => same([l.services[svc]?.hostname, l.services[svc]?.image], [svc, 'base']),
  );
}
loads(
  extendsTest,
  'TestExtendsPort',
  'ports[0].target',
  () =>
    inline(`
name: test-extends-port
services:
  test:
    image: test
    extends: 
      file: testdata/extends/base.yaml
      service: with-port
`),
  (l) => same(ports(l.services.test)[0]?.target, 8000),
);
loads(
  extendsTest,
  'TestExtendsUlimits',
  'ulimits.nproc',
  () =>
    inline(`
name: test-extends
services:
  test:
    extends:
      file: testdata/extends/base.yaml
      service: withUlimits
`),
  (l) => same((l.services.test?.ulimits as Svc)?.nproc, 65535),
);
refuses(extendsTest, 'TestExtendsWihtMissingService', 'extends.test.service is required', () =>
  inline(`
name: test-extends-port
services:
  test:
    image: test
    extends:
      file: testdata/extends/base.yaml
`),
);
loads(
  extendsTest,
  'TestIncludeWithExtends',
  'with-build has a build',
  () => inline('name: test-include-with-extends\ninclude: \n  - testdata/extends/nested.yaml\n'),
  (l) => same(l.services['with-build']?.build !== undefined, true),
);
loads(
  extendsTest,
  'TestExtendsPortOverride',
  // Upstream sets the working directory to the test's folder; an entry's project directory
  // is its first file's folder, so `file` is written relative to that.
  'one port after extending the same file',
  () =>
    load('  - files: [loader/testdata/extends/ports.yaml, loader/inline.yaml]', {
      'loader/inline.yaml':
        'name: test-extends-port\nservices:\n  test:\n    extends:\n      file: ports.yaml\n      service: test\n',
    }),
  (l) => same(ports(l.services.test).length, 1),
);
loads(
  extendsTest,
  'TestLoadExtendsSameFile',
  'out-base and out-service',
  () =>
    load('  - { files: [compose.yaml], project: project }', {
      'compose.yaml':
        '\nservices:\n  out-base:\n    extends:\n      file: sub/compose.yaml\n      service: base\n  out-service:\n    extends:\n      file: sub/compose.yaml\n      service: service\n',
      'sub/compose.yaml':
        '\nservices:\n  base:\n    build:\n      context: ..\n  service:\n    extends: base\n    build:\n      target: target\n',
    }),
  (l) =>
    same(
      [Object.keys(l.services).sort(), (l.services['out-service']?.build as Svc)?.target],
      [['out-base', 'out-service'], 'target'],
    ),
);
for (const [name, base] of [
  ['volumes_from', 'with_volumes_from'],
  ['depends_on', 'with_depends_on'],
  ['shared ipc', 'with_ipc'],
  ['shared network_mode', 'with_network_mode'],
] as const) {
  const yaml = `
name: test-extends_${base}
services:
  bar:
    extends:
      file: ./testdata/extends/depends_on.yaml
      service: ${base}
`;
  refuses(
    extendsTest,
    'TestExtendsWithServiceRef',
    `${name}: "bar" depends on undefined service "zot"`,
    () => inline(yaml),
  );
  loads(
    extendsTest,
    'TestExtendsWithServiceRef',
    `${name}: with a local zot`,
    () => inline(`${yaml}  zot:\n    image: zot\n`),
    () => undefined,
  );
}
loads(
  extendsTest,
  'TestLoadExtendsDependsOn',
  'service_b depends on service_a only',
  () =>
    inline(`
name: extends-depends_on
services:
  service_a:
    image: a
    depends_on:
      - service_c
  
  service_b:
    extends: service_a
    depends_on: !override
      - service_a

  service_c:
    image: c`),
  (l) => same(l.services.service_b?.depends_on, ['service_a']),
);
loads(
  extendsTest,
  'TestExtendsReset',
  'command is reset',
  () =>
    inline(
      'name: test-extends-reset\nservices:\n  test:\n    extends:\n      file: testdata/extends/reset.yaml\n      service: base\n',
    ),
  (l) => same(l.services.test?.command, undefined),
);
loads(
  extendsTest,
  'TestExtendsWithInterpolation',
  'volume source /dev/null',
  () =>
    inline(
      'name: test-extends-with-interpolation\nservices:\n  test:\n    extends: { file: testdata/extends/interpolated.yaml, service: foo }\n',
    ),
  (l) => same(l.services.test?.volumes, ['/dev/null:/tmp/foo:ro']),
);

// ---------------------------------------------------------------- loader/include_test.go
const includeTest = fromFile(`${UPSTREAM.composeGo} loader/include_test.go`);
loads(
  includeTest,
  'TestLoadIncludeExtendsCombined',
  'testdata/combined/compose.yaml',
  () => load('  - { files: [loader/testdata/combined/compose.yaml], project: test-load-combined }'),
  (l) => same(l.services.service?.build, '.'),
);
loads(
  includeTest,
  'TestLoadWithMultipleInclude',
  'imported.container_name with SOURCE=override',
  () =>
    inline(
      `
name: 'test-multi-include'

include:
  - path: ./testdata/subdir/compose-test-extends-imported.yaml
    env_file: ./testdata/subdir/extra.env
  - path: ./testdata/compose-include.yaml

services:
  foo:
    image: busybox
    depends_on:
      - imported
`,
      {},
      { SOURCE: 'override' },
    ),
  (l) => same(l.services.imported?.container_name, 'override'),
);
loads(
  includeTest,
  'TestLoadWithMultipleIncludeConflict',
  'bar: the local definition merged over the included one',
  () =>
    inline(
      `
name: 'test-multi-include'

include:
  - path: ./testdata/subdir/compose-test-extends-imported.yaml
    env_file: ./testdata/subdir/extra.env
  - path: ./testdata/compose-include.yaml
    env_file: ./testdata/subdir/extra.env


services:
  bar:
    image: busybox
    environment: !override
      - ZOT=QIX
`,
      {},
      { SOURCE: 'override' },
    ),
  (l) => same(l.services.bar, { image: 'busybox', environment: ['ZOT=QIX'] }),
);
loads(
  includeTest,
  'TestNestedIncludeAndExtends',
  'included.image',
  () =>
    load('  - { files: [compose.yml], project: project }', {
      'compose.yml': '\ninclude:\n  - project_directory: .\n    path: dir/included.yaml\n',
      'dir/included.yaml':
        '\nservices:\n  included:\n    extends:\n      file: dir/extended.yaml\n      service: extended\n',
      'dir/extended.yaml': '\nservices:\n  extended:\n    image: alpine\n',
    }),
  (l) => same(l.services.included?.image, 'alpine'),
);

// ---------------------------------------------------------------- loader/reset_test.go
const resetTest = fromFile(`${UPSTREAM.composeGo} loader/reset_test.go`);
const twoFiles = (a: string, b: string) =>
  load('  - files: [a.yml, b.yml]', { 'a.yml': a, 'b.yml': b });
loads(
  resetTest,
  'TestResetRemove',
  'networks.test is removed',
  () =>
    twoFiles(
      'name: test-reset\nnetworks:\n  test:\n    name: test\n    external: true\n',
      'networks:\n  test: !reset {}\n',
    ),
  (l) => same(Object.hasOwn((l.plain.networks ?? {}) as object, 'test'), false),
);
loads(
  resetTest,
  'TestOverrideReplace',
  'networks.test is replaced',
  () =>
    twoFiles(
      'name: test-override\nnetworks:\n  test:\n    name: test\n    external: true\n',
      'networks:\n  test: !override {}\n',
    ),
  (l) => same((l.plain.networks as Svc).test, {}),
);
for (const [name, yaml] of [
  ['simple_alias_no_cycle', 'name: test\nservices:\n  a: &a\n    image: alpine\n  a2: *a\n'],
  [
    'simple_alias_reversed_no_cycle',
    'name: test\nservices:\n  a2: &a\n    image: alpine\n  a: *a\n',
  ],
  [
    'nested_merge_no_cycle',
    'name: test\nx-templates:\n  x-gluetun: &gluetun\n    environment: &gluetun_env\n      a: b\n  x-gluetun-pia: &gluetun_pia\n    <<: *gluetun\n  x-gluetun-env-pia: &gluetun_env_pia\n    <<: *gluetun_env\n  vp0:\n    <<: *gluetun_pia\n    environment:\n      <<: *gluetun_env_pia\n',
  ],
  [
    'multiple_services_common_config',
    'name: test\nx-common:\n  &common\n  restart: unless-stopped\n\nservices:\n  backend:\n    <<: *common\n    image: alpine:latest\n\n  backend-static:\n    <<: *common\n    image: alpine:latest\n\n  backend-worker:\n    <<: *common\n    image: alpine:latest\n',
  ],
  [
    'dotted_service_names_prefix_no_cycle',
    'name: test\nservices:\n  test.unit: &shared\n    image: alpine\n  test: *shared\n  test.other: *shared\n',
  ],
] as const) {
  loads(
    resetTest,
    'TestResetCycle',
    name,
    () => load('  - compose.yml', { 'compose.yml': yaml }),
    () => undefined,
  );
}
refuses(resetTest, 'TestResetCycle', 'direct_self_reference_cycle', () =>
  load('  - compose.yml', {
    'compose.yml':
      'name: test\nx-healthcheck: &healthcheck\n  egress-service:\n    <<: *healthcheck\n',
  }),
);

// ---------------------------------------------------------------- loader/loader_test.go
const loaderTest = fromFile(`${UPSTREAM.composeGo} loader/loader_test.go`);
for (const [name, yaml] of [
  ['non-string key at top level: 123', '\n123:\n  foo:\n    image: busybox\n'],
  [
    'non-string key in services: 123',
    '\nservices:\n  foo:\n    image: busybox\n  123:\n    image: busybox\n',
  ],
  [
    'non-string key in networks.default.ipam.config[0]: 123',
    '\nservices:\n  foo:\n    image: busybox\nnetworks:\n  default:\n    ipam:\n      config:\n        - 123: oh dear\n',
  ],
  [
    'non-string key in services.dict-env.environment: 1',
    '\nservices:\n  dict-env:\n    image: busybox\n    environment:\n      1: FOO\n',
  ],
] as const) {
  refuses(loaderTest, 'TestNonStringKeys', name, () =>
    load('  - compose.yml', { 'compose.yml': yaml }),
  );
}
refuses(loaderTest, 'TestV1Unsupported', 'foo at the top level', () =>
  load('  - compose.yml', { 'compose.yml': '\nfoo:\n  image: busybox\n' }),
);
refuses(loaderTest, 'TestInvalidTopLevelObjectType', 'a list at the top level', () =>
  load('  - compose.yml', { 'compose.yml': '- foo\n- bar\n' }),
);
loads(
  loaderTest,
  'TestInterpolateInt',
  'scale: ${FOO_SCALE} with FOO_SCALE=2',
  () =>
    load(
      '  - compose.yml',
      {
        'compose.yml':
          '\nname: interpolate-int\nservices:\n  foo:\n    image: foo\n    scale: ${FOO_SCALE}\n',
      },
      { FOO_SCALE: '2' },
    ),
  (l) => same(l.services.foo?.scale, 2),
);
loads(
  loaderTest,
  'TestProjectNameInterpolation',
  'project name simple interpolation',
  () =>
    load('  - compose.yml', {
      'compose.yml':
        '\nname: interpolated\nservices:\n  web:\n    image: web\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n',
    }),
  (l) => same(l.services.web?.container_name, 'interpolated-web'),
);
for (const [svc, expected] of [
  ['web', 'overrided-web'],
  ['db', 'overrided-db'],
  ['proxy', 'overrided-proxy'],
] as const) {
  loads(
    loaderTest,
    'TestProjectNameInterpolation',
    `project name interpolation with override: ${svc}`,
    () =>
      load('  - files: [1.yml, 2.yml, 3.yml]', {
        '1.yml':
          '\nname: interpolated\nservices:\n  web:\n    image: web\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n',
        '2.yml':
          '\nname: overrided\nservices:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME}-db\n',
        '3.yml':
          '\nservices:\n  proxy:\n    image: proxy\n    container_name: ${COMPOSE_PROJECT_NAME}-proxy\n',
      }),
    (l) => same(l.services[svc]?.container_name, expected),
  );
}
loads(
  loaderTest,
  'TestProjectNameInterpolation',
  'project name override',
  () =>
    load('  - { files: [compose.yml], project: interpolated }', {
      'compose.yml':
        '\nname: another_name\nservices:\n  web:\n    image: web\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n',
    }),
  (l) => same(l.services.web?.container_name, 'interpolated-web'),
);
loads(
  loaderTest,
  'TestLoadExtendsOverrideCommand',
  'command replaced whole',
  () =>
    load('  - compose.yml', {
      'compose.yml':
        'name: extends-override\nservices:\n  base:\n    image: x\n    command: [a, b]\n  ext:\n    extends: base\n    command: [c]\n',
    }),
  (l) => same(l.services.ext?.command, ['c']),
);

// ---------------------------------------------------------------- cli/options_test.go
const optionsTest = fromFile(`${UPSTREAM.composeGo} cli/options_test.go`);
const SIMPLE = '  - { files: [cli/testdata/simple/compose.yaml]';
const named = (test: string, name: string, entry: string, expected: string, env = {}) =>
  loads(
    optionsTest,
    test,
    name,
    () => load(entry, {}, env),
    (l) => same(l.name, expected),
  );
named('TestProjectName', 'by name', `${SIMPLE}, project: my_project }`, 'my_project');
named(
  'TestProjectName',
  'by name start with number',
  `${SIMPLE}, project: 42my_project_num }`,
  '42my_project_num',
);
named(
  'TestProjectName',
  'by name start with number, from COMPOSE_PROJECT_NAME',
  `${SIMPLE} }`,
  '42my_project_env',
  {
    COMPOSE_PROJECT_NAME: '42my_project_env',
  },
);
named('TestProjectName', 'by name empty', `${SIMPLE} }`, 'simple');
for (const bad of ['-my_project', '_my_project', 'www.my.project', 'MY_PROJECT']) {
  refuses(optionsTest, 'TestProjectName', `invalid project name "${bad}"`, () =>
    load(`${SIMPLE}, project: ${JSON.stringify(bad)} }`),
  );
  refuses(
    optionsTest,
    'TestProjectName',
    `invalid project name "${bad}" from COMPOSE_PROJECT_NAME`,
    () => load(`${SIMPLE} }`, {}, { COMPOSE_PROJECT_NAME: bad }),
  );
}
named('TestProjectName', 'by compose file parent dir', `${SIMPLE} }`, 'simple');
named(
  'TestProjectName',
  'by compose file parent dir special',
  '  - "cli/testdata/UNNORMALIZED PATH/compose.yaml"',
  'unnormalizedpath',
);
named('TestProjectName', 'by COMPOSE_PROJECT_NAME', `${SIMPLE} }`, 'my_project_from_env', {
  COMPOSE_PROJECT_NAME: 'my_project_from_env',
});
named('TestProjectName', 'by .env', '  - dir: cli/testdata/env-file', 'my_project_from_dot_env');
named(
  'TestProjectName',
  'by name in compose.yaml with variable',
  '  - cli/testdata/simple/compose-name.yaml',
  'test-expected-test',
  {
    TEST: 'expected',
  },
);
loads(
  optionsTest,
  'TestProjectFromSetOfFiles',
  'simple.image',
  () =>
    load(
      '  - { files: [cli/testdata/simple/compose.yaml, cli/testdata/simple/compose-with-overrides.yaml], project: my_project }',
    ),
  (l) => same(l.services.simple?.image, 'haproxy'),
);
loads(
  optionsTest,
  'TestProjectWithDotEnv',
  'simple.ports[0].published',
  () =>
    load('  - { files: [cli/testdata/simple/compose-with-variables.yaml], project: my_project }'),
  (l) => same(ports(l.services.simple)[0]?.published, '8000'),
);
loads(
  optionsTest,
  'TestProjectWithDiscardEnvFile',
  'simple.ports[0].published',
  () => load('  - cli/testdata/env-file/compose-with-env-file.yaml'),
  (l) => same(ports(l.services.simple)[0]?.published, '8000'),
);
loads(
  optionsTest,
  'TestProjectWithMultipleEnvFile',
  'simple.ports[0].published',
  () =>
    load(
      '  - { files: [cli/testdata/env-file/compose-with-env-files.yaml], env_file: [cli/testdata/env-file/.env, cli/testdata/env-file/override.env] }',
    ),
  (l) => same(ports(l.services.simple)[0]?.published, '9000'),
);
// TestProjectNameFromWorkingDir loads without the folder's .env (no WithDotEnv), which
// docker compose always reads; it is not a vector for what compose does.
for (const [name, dotEnv, osEnv, expected] of [
  ['no value set in environment', 'FOO=foo\nBAR=${FOO}', {}, { FOO: 'foo', BAR: 'foo' }],
  [
    'conflict with value set in environment',
    'FOO=foo\nBAR=${FOO}',
    { FOO: 'zot' },
    { FOO: 'zot', BAR: 'zot' },
  ],
] as const) {
  loads(
    optionsTest,
    'TestEnvVariablePrecedence',
    name,
    () =>
      load(
        '  - dir: wd',
        {
          'wd/.env': dotEnv,
          'wd/compose.yaml':
            'services:\n  s:\n    image: x\n    labels: { foo: "${FOO}", bar: "${BAR}" }\n',
        },
        osEnv,
      ),
    (l) => same((l.services.s?.labels as Svc) ?? {}, { foo: expected.FOO, bar: expected.BAR }),
  );
}

// ---------------------------------------------------------------- override/uncity_test.go
const uncityTest = fromFile(`${UPSTREAM.composeGo} override/uncity_test.go`);
function unicity(test: string, before: string, after: string) {
  uncityTest.add(test, 'before and after', () => {
    const [a] = parseComposeFile(before, 'a.yml');
    const [b] = parseComposeFile(after, 'b.yml');
    return same(toPlain(enforceUnicity(a!.root)), toPlain(b!.root));
  });
}
unicity(
  'Test_EnvironmentUnicity',
  'services:\n  test:\n    image: foo\n    environment:\n      - FOO=BAR\n      - BAR=QIX\n      - QIX=\n      - ZOT\n      - FOO=ZOT\n      - QIX\n      - ZOT=\n',
  'services:\n  test:\n    image: foo\n    environment:\n      - FOO=ZOT\n      - BAR=QIX\n      - QIX\n      - ZOT=\n',
);
unicity(
  'Test_VolumeUnicity',
  'services:\n  test:\n    image: foo\n    volumes:\n      - .:/foo\n      - foo:/bar\n      - src:/foo\n',
  'services:\n  test:\n    image: foo\n    volumes:\n      - src:/foo\n      - foo:/bar\n',
);
unicity(
  'Test_PortsShortUnicity',
  'services:\n  test:\n    image: foo\n    ports:\n      - "9080:80"\n      - "9081:81"\n      - "9080:80"\n      - "5000"\n      - "6060:6060/udp"\n      - "9080:6060/udp"\n',
  'services:\n  test:\n    image: foo\n    ports:\n      - "9080:80"\n      - "9081:81"\n      - "5000"\n      - "6060:6060/udp"\n      - "9080:6060/udp"\n',
);
unicity(
  'Test_PortsLongtUnicity',
  'services:\n  test:\n    image: foo\n    ports:\n      - target: 80\n        host_ip: 127.0.0.1\n        published: "8080"\n        protocol: tcp\n        mode: host\n      - target: 81\n        published: "8080"\n        protocol: tcp\n      - target: 80\n        host_ip: 127.0.0.2\n        published: "8080"\n        protocol: tcp\n      - target: 81\n        published: "8080"\n        protocol: tcp\n',
  'services:\n  test:\n    image: foo\n    ports:\n      - target: 80\n        host_ip: 127.0.0.1\n        published: "8080"\n        protocol: tcp\n        mode: host\n      - target: 81\n        published: "8080"\n        protocol: tcp\n      - target: 80\n        host_ip: 127.0.0.2\n        published: "8080"\n        protocol: tcp\n',
);

// ---------------------------------------------------------------- loader/tests: figures
const cpuTest = fromFile(`${UPSTREAM.composeGo} loader/tests/cpu_test.go`);
const deployTest = fromFile(`${UPSTREAM.composeGo} loader/tests/deploy_test.go`);
const MiB = 1024 * 1024;

/** The figures headroom reads for service foo, as compose-go's typed fields hold them. */
function figures(
  file: ReturnType<typeof fromFile>,
  test: string,
  yaml: string,
  expected: Record<string, number>,
) {
  for (const [what, value] of Object.entries(expected)) {
    file.add(test, what, () => {
      try {
        const r = readCompose({
          'compose.yml': `name: test\nservices:\n  foo:\n    image: alpine\n${yaml}`,
        });
        const foo = r.services.find((x) => x.name === 'foo')!;
        const memory = foo.memory?.kind === 'figure' ? foo.memory.figure : undefined;
        const cpus = foo.cpus?.kind === 'figure' ? foo.cpus.figure : undefined;
        const actual: Record<string, number | undefined> = {
          'memory limit': memory?.high,
          'memory reservation': memory?.low,
          'CPU limit (nanocores)': cpus?.high,
          'CPU reservation (nanocores)': cpus?.low,
          replicas: foo.replicas,
        };
        return same(actual[what], value);
      } catch (e) {
        if (e instanceof InputError) return `refused: ${e.problems[0]!.message}`;
        throw e;
      }
    });
  }
}
figures(
  cpuTest,
  'TestCPUFields',
  '    cpu_count: 4\n    cpu_percent: 50\n    cpu_shares: 1024\n    cpu_quota: 50000\n    cpu_period: 100000\n    cpu_rt_period: 1000000\n    cpu_rt_runtime: 950000\n    cpus: 1.5\n    cpuset: "0,1"\n',
  {
    'CPU limit (nanocores)': 1.5e9,
  },
);
figures(
  cpuTest,
  'TestMemoryFields',
  '    mem_limit: 512m\n    mem_reservation: 256m\n    mem_swappiness: 60\n    memswap_limit: 1g\n    shm_size: 64m\n',
  {
    'memory limit': 512 * MiB,
    'memory reservation': 256 * MiB,
  },
);
figures(
  deployTest,
  'TestDeployModeReplicas',
  '    deploy:\n      mode: replicated\n      replicas: 6\n      labels: [FOO=BAR]\n      endpoint_mode: dnsrr\n',
  {
    replicas: 6,
  },
);
figures(
  deployTest,
  'TestDeployResources',
  "    deploy:\n      resources:\n        limits:\n          cpus: '0.001'\n          memory: 50M\n        reservations:\n          cpus: '0.0001'\n          memory: 20M\n          generic_resources:\n            - discrete_resource_spec:\n                kind: 'gpu'\n                value: 2\n            - discrete_resource_spec:\n                kind: 'ssd'\n                value: 1\n",
  {
    'CPU limit (nanocores)': 1e6,
    'memory limit': 50 * MiB,
    'CPU reservation (nanocores)': 1e5,
    'memory reservation': 20 * MiB,
  },
);

export const loaderCases = [
  ...cpuTest.cases,
  ...deployTest.cases,
  ...extendsTest.cases,
  ...includeTest.cases,
  ...resetTest.cases,
  ...loaderTest.cases,
  ...optionsTest.cases,
  ...uncityTest.cases,
];
