/**
 * compose-go's schema tests, and the loader tests of the attributes its schema knows since
 * the release headroom follows (`pre_start` hooks, `develop.watch[].initial_sync`). The
 * schema tests validate a mapping directly, before interpolation, as upstream's
 * `schema.Validate` does; the loader tests load a whole project through a manifest entry.
 *
 * Not applicable, so not counted: `TestValidateConcurrent` (Go's concurrency), `TestSchema`
 * (that the schema compiles: the build compiles it) and `TestPreStartInheritsServiceImage`
 * (compose-go normalises a hook's image from its service's; headroom reads no hook).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import validateCompose from '../../src/generated/compose-validator.js';
import { InputError } from '../../src/shared/errors.js';
import { checkSchema } from '../../src/validation/schema-errors.js';
import { loadPlain, plainService } from '../compose/helpers.js';
import { ROOT } from '../support/action-run.js';
import { UPSTREAM, fromFile, same } from './harness.js';

const schemaTest = fromFile(`${UPSTREAM.composeGo} schema/schema_test.go`);
const developTest = fromFile(`${UPSTREAM.composeGo} loader/tests/develop_test.go`);
const hooksTest = fromFile(`${UPSTREAM.composeGo} loader/tests/service_hooks_test.go`);
const loaderTest = fromFile(`${UPSTREAM.composeGo} loader/loader_test.go`);

/** The messages headroom gives for a mapping validated directly, as schema.Validate does. */
function validate(config: unknown): string[] {
  const at = () => ({ line: 1, column: 1 });
  return checkSchema(validateCompose, { value: config, locate: at }, { file: 'compose.yml' }).map(
    (p) => `${p.path}: ${p.message}`,
  );
}

/** Upstream's Validate returns no error. */
function valid(test: string, config: unknown, name = 'valid') {
  schemaTest.add(test, name, () => same(validate(config), []));
}

valid('TestValidate', { services: { foo: { image: 'busybox' } } });
schemaTest.add(
  'TestValidateUndefinedTopLevelOption',
  "additional properties 'helicopters' not allowed",
  () =>
    same(validate({ helicopters: { foo: { image: 'busybox' } } }), [
      '/helicopters: unknown key "helicopters"',
    ]),
);
valid('TestValidateAllowsXTopLevelFields', { 'x-extra-stuff': {} });
valid('TestValidateAllowsXFields', {
  services: {
    bar: { 'x-extra-stuff': {} },
    foo: { depends_on: { 'x-dependency': { condition: 'service_started' } } },
  },
  volumes: { bar: { 'x-extra-stuff': {} } },
  networks: { bar: { 'x-extra-stuff': {} } },
  configs: { bar: { 'x-extra-stuff': {} } },
  secrets: { bar: { 'x-extra-stuff': {} } },
});
valid('TestValidateSecretConfigNames', {
  configs: { bar: { name: 'foobar' } },
  secrets: { baz: { name: 'foobaz' } },
});
valid('TestValidatePlacement', {
  services: {
    foo: {
      image: 'busybox',
      deploy: { placement: { preferences: [{ spread: 'node.labels.az' }] } },
    },
  },
});
valid('TestValidateIsolation', {
  services: { foo: { image: 'busybox', isolation: 'some-isolation-value' } },
});
const deploy = (d: unknown) => ({ services: { foo: { image: 'busybox', deploy: d } } });
valid('TestValidateRollbackConfig', deploy({ rollback_config: { parallelism: 1 } }));
valid(
  'TestValidateRollbackConfigWithOrder',
  deploy({ rollback_config: { parallelism: 1, order: 'start-first' } }),
);
valid(
  'TestValidateRollbackConfigWithUpdateConfig',
  deploy({
    update_config: { parallelism: 1, order: 'start-first' },
    rollback_config: { parallelism: 1, order: 'start-first' },
  }),
);
const FULL = {
  parallelism: 1,
  order: 'start-first',
  delay: '10s',
  failure_action: 'pause',
  monitor: '10s',
};
valid(
  'TestValidateRollbackConfigWithUpdateConfigFull',
  deploy({ update_config: FULL, rollback_config: FULL }),
);
valid(
  'TestValidateVariables',
  // Every value a variable: the schema accepts text wherever a number or boolean goes.
  loadYaml(
    readFileSync(join(ROOT, 'test/conformance/compose-go/schema/using-variables.yaml'), 'utf8'),
  ),
  'using-variables.yaml',
);

/** Loads compose.yml holding `yaml` as a project; a refusal is its first message. */
function project(yaml: string): Record<string, unknown> | string {
  try {
    return loadPlain({ 'compose.yml': yaml }, ['compose.yml']).plain;
  } catch (e) {
    if (e instanceof InputError) return e.problems[0]!.message;
    throw e;
  }
}

/** A case that loads the project and compares what `pick` takes from it. */
function loads(
  file: ReturnType<typeof fromFile>,
  test: string,
  name: string,
  yaml: string,
  pick: (plain: Record<string, unknown>) => unknown,
  expected: unknown,
) {
  file.add(test, name, () => {
    const p = project(yaml);
    return typeof p === 'string' ? `refused: ${p}` : same(pick(p), expected);
  });
}

const watch = (plain: Record<string, unknown>, service: string) =>
  (plainService(plain, service).develop as { watch: unknown[] }).watch;

// ------------------------------------------------------------ loader/tests/develop_test.go
const DEVELOP_WATCH = `
name: test
services:
  web:
    image: app
    build: ./app
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app/src
          ignore:
            - node_modules/
          initial_sync: true
        - path: ./requirements.txt
          action: rebuild
        - path: ./config.yml
          action: sync+restart
          target: /app/config.yml
`;
loads(developTest, 'TestDevelopWatch', 'watch[0]', DEVELOP_WATCH, (p) => watch(p, 'web')[0], {
  path: './src',
  action: 'sync',
  target: '/app/src',
  ignore: ['node_modules/'],
  initial_sync: true,
});
loads(
  developTest,
  'TestDevelopWatch',
  'watch[1] and watch[2]',
  DEVELOP_WATCH,
  (p) => watch(p, 'web').slice(1),
  [
    { path: './requirements.txt', action: 'rebuild' },
    { path: './config.yml', action: 'sync+restart', target: '/app/config.yml' },
  ],
);
developTest.add(
  'TestDevelopMissingAction',
  "services.web.develop.watch.0 missing property 'action'",
  () =>
    same(
      project(
        'name: test\nservices:\n  web:\n    image: app\n    build: ./app\n    develop:\n      watch:\n        - path: ./src\n          target: /app/src\n',
      ),
      'missing required key "action"',
    ),
);

// ------------------------------------------------------ loader/tests/service_hooks_test.go
const HOOKS = `
name: test
services:
  test:
    image: alpine
    pre_start:
      - command: ["./manage.py", "migrate"]
        user: root
        working_dir: /app
        environment:
          - FOO=BAR
      - image: busybox
        command: sh -c 'chown -R 1000:1000 /data'
        privileged: true
        per_replica: true
      - image: migrator:latest
    post_start:
      - command: echo start
        user: root
        privileged: true
        working_dir: /
        environment:
          - FOO=BAR
    pre_stop:
      - command: echo stop
        user: root
        working_dir: /
        environment:
          FOO: BAR
`;
loads(hooksTest, 'TestServiceHooks', 'PreStart', HOOKS, (p) => plainService(p, 'test').pre_start, [
  {
    command: ['./manage.py', 'migrate'],
    user: 'root',
    working_dir: '/app',
    environment: ['FOO=BAR'],
  },
  {
    image: 'busybox',
    command: "sh -c 'chown -R 1000:1000 /data'",
    privileged: true,
    per_replica: true,
  },
  { image: 'migrator:latest' },
]);
loads(
  hooksTest,
  'TestServiceHooks',
  'PostStart and PreStop',
  HOOKS,
  (p) => [plainService(p, 'test').post_start, plainService(p, 'test').pre_stop],
  [
    [
      {
        command: 'echo start',
        user: 'root',
        privileged: true,
        working_dir: '/',
        environment: ['FOO=BAR'],
      },
    ],
    [{ command: 'echo stop', user: 'root', working_dir: '/', environment: { FOO: 'BAR' } }],
  ],
);

// ----------------------------------------------------------------- loader/loader_test.go
const DEVELOP_CONFIG = `
name: load-develop
services:
  frontend:
    image: example/webapp
    build: ./webapp
    develop:
      watch:
        # sync static content
        - path: ./webapp/html
          action: sync
          initial_sync: true
          target: /var/www
          ignore:
            - node_modules/

  backend:
    image: example/backend
    build: ./backend
    develop:
      watch:
        # rebuild image and recreate service
        - path: ./backend/src
          action: rebuild
  proxy:
    image: example/proxy
    build: ./proxy
    develop:
      watch:
        # rebuild image and recreate service
        - path: ./proxy/proxy.conf
          action: sync+restart
          target: /etc/nginx/proxy.conf
`;
for (const [service, expected] of [
  [
    'frontend',
    {
      path: './webapp/html',
      action: 'sync',
      initial_sync: true,
      target: '/var/www',
      ignore: ['node_modules/'],
    },
  ],
  ['backend', { path: './backend/src', action: 'rebuild' }],
  [
    'proxy',
    { path: './proxy/proxy.conf', action: 'sync+restart', target: '/etc/nginx/proxy.conf' },
  ],
] as const) {
  loads(
    loaderTest,
    'TestLoadDevelopConfig',
    `${service}.develop`,
    DEVELOP_CONFIG,
    (p) => watch(p, service),
    [expected],
  );
}

export const schemaCases = [
  ...schemaTest.cases,
  ...developTest.cases,
  ...hooksTest.cases,
  ...loaderTest.cases,
];
