import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../support/model.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'),
);
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

describe('the JSON report', () => {
  it('matches schemas/report.schema.json', () => {
    const report = JSON.parse(JSON.stringify(evaluateYaml(seedText(), SEED_MANIFEST)));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('matches the schema for a report with compose services, figure sources and limits', () => {
    const report = JSON.parse(
      JSON.stringify(
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
    expect(report.scenarios[0].hosts[0].services[0].sources.memoryLimit).toMatchObject({
      file: 'examples/compose/docker-compose.yml',
    });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is rejected by the schema when a figure is missing, so the test above can fail', () => {
    const report = JSON.parse(JSON.stringify(evaluateYaml(seedText(), SEED_MANIFEST)));
    delete report.scenarios[0].hosts[0].resources.memory.headroom;
    expect(validate(report)).toBe(false);
  });
});
