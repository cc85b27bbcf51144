import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCheck } from '../../src/check/run-check.js';
import { renderJson } from '../../src/report/json.js';
import { diskReader } from '../../src/workspace/disk-reader.js';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../support/model.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

describe('the JSON report', () => {
  it('matches schemas/report.schema.json', () => {
    const report = JSON.parse(renderJson(evaluateYaml(seedText(), SEED_MANIFEST)));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('matches the schema for a report with compose services, figure sources and limits', () => {
    const report = JSON.parse(
      renderJson(
        evaluateYaml(
          readFileSync(new URL('../../examples/compose/capacity.yml', import.meta.url), 'utf8'),
          'examples/compose/capacity.yml',
          {
            'examples/compose/docker-compose.yml': readFileSync(
              new URL('../../examples/compose/docker-compose.yml', import.meta.url),
              'utf8',
            ),
          },
        ),
      ),
    );
    expect(
      report.services[report.scenarios[0].hosts[0].services[0]].sources.memoryLimit,
    ).toMatchObject({
      file: 'examples/compose/docker-compose.yml',
    });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('matches the schema with defaults, one-shot and global services, unknown resources and checked advice', () => {
    const stack = runCheck({
      manifest: 'examples/stack/capacity.yml',
      reader: diskReader(fileURLToPath(new URL('../../', import.meta.url))),
      env: {},
    });
    const unknown = evaluateYaml(
      'version: 1\nhosts:\n  h: { memory: 1GB, cpus: 1 }\nservices:\n  a: { memory: 2GB, ports: [80] }\n  b: { ports: [80] }\n',
    );
    for (const r of [stack, unknown]) {
      const report = JSON.parse(renderJson(r));
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    }
    const json = JSON.stringify([stack, unknown].map((r) => JSON.parse(renderJson(r))));
    for (const field of [
      '"kind":"defaults"',
      '"oneshot":{',
      '"global":true',
      '"unknown"',
      '"blockedBy":["port-conflict"]',
    ])
      expect(json).toContain(field);
  });

  it('is rejected by the schema when a figure is missing, so the test above can fail', () => {
    const report = JSON.parse(renderJson(evaluateYaml(seedText(), SEED_MANIFEST)));
    delete report.scenarios[0].hosts[0].resources.memory.headroom;
    expect(validate(report)).toBe(false);
  });
});
