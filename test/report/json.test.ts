import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/shared/errors.js';
import { renderJson, reportFromJson, reportToJson } from '../../src/report/json.js';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../support/model.js';

const schema = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validateV2 = ajv.compile(schema('report.schema.json'));
const validateV1 = ajv.compile(schema('report-v1.schema.json'));

const TWO_TIERS = `version: 1
hosts:
  a: { memory: 4GB }
  b: { memory: 4GB }
services:
  web: { memory: { small: 100MB, large: 200MB }, ports: [8080] }
  db: { memory: 1GB }
scenarios:
  small-on-a: { host: a, tier: small }
  small-on-b: { host: b, tier: small }
  large-on-a: { host: a, tier: large }
`;

describe('the JSON report, version 2', () => {
  it('writes each service once per tier and refers to it by index from every host', () => {
    const json = JSON.parse(renderJson(evaluateYaml(TWO_TIERS)));
    expect(json.version).toBe(2);
    // web at small, db, web at large: db reads the same in every tier, so it is one entry.
    expect(json.services.map((s: { name: string }) => s.name)).toEqual(['web', 'db', 'web']);
    expect(json.services[0].memory).toEqual({ best: 100e6, worst: 100e6 });
    expect(json.services[2].memory).toEqual({ best: 200e6, worst: 200e6 });
    expect(
      json.scenarios.map((s: { hosts: Array<{ services: number[] }> }) => s.hosts[0]!.services),
    ).toEqual([
      [0, 1],
      [0, 1],
      [2, 1],
    ]);
    expect(validateV2(json), JSON.stringify(validateV2.errors)).toBe(true);
  });

  it('reads back as the report it was written from', () => {
    const report = evaluateYaml(TWO_TIERS);
    const back = reportFromJson(JSON.parse(renderJson(report)), 'report.json');
    expect(back).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('grows with the services, not with the scenarios that place them', () => {
    const services = Array.from({ length: 200 }, (_, i) => `  s${i}: { memory: 10MB }`).join('\n');
    // Services first, so their lines (their sources) are the same whatever follows.
    const manifest = (scenarios: number) =>
      `version: 1\nservices:\n${services}\nhosts:\n${Array.from({ length: scenarios }, (_, i) => `  h${i}: { memory: 4GB }`).join('\n')}\nscenarios:\n${Array.from({ length: scenarios }, (_, i) => `  on-h${i}: { host: h${i} }`).join('\n')}\n`;
    const size = (n: number) => {
      const json = reportToJson(evaluateYaml(manifest(n)));
      return JSON.stringify(json.services).length;
    };
    expect(size(20)).toBe(size(2));
  });

  it('indents a small report and writes a large one compact', () => {
    expect(renderJson(evaluateYaml(TWO_TIERS))).toMatch(/^\{\n {2}"version": 2,\n/);
    const services = Array.from(
      { length: 3000 },
      (_, i) => `  service-with-a-long-name-${i}: { memory: 10MB, cpus: 0.1, disk: 1GB }`,
    ).join('\n');
    const big = renderJson(
      evaluateYaml(`version: 1\nhosts:\n  h: { memory: 400GB }\nservices:\n${services}\n`),
    );
    expect(big.length).toBeGreaterThan(1_000_000);
    expect(big.split('\n')).toHaveLength(2);
  });
});

describe('a JSON report of version 1, as an earlier run wrote it', () => {
  const v1 = JSON.parse(
    readFileSync(new URL('../fixtures/report-v1-seed.json', import.meta.url), 'utf8'),
  );

  it('matches the version 1 schema, kept for it', () => {
    expect(validateV1(v1), JSON.stringify(validateV1.errors)).toBe(true);
  });

  it('reads as the same report as version 2 of the same check', () => {
    const v2 = JSON.parse(renderJson(evaluateYaml(seedText(), SEED_MANIFEST)));
    // Version 1 did not record where a scenario is written; all else reads the same.
    expect(v2.scenarios[0].source).toEqual({ file: SEED_MANIFEST, line: 61, column: 3 });
    for (const s of v2.scenarios) delete s.source;
    expect(reportFromJson(v1, 'old.json')).toEqual(reportFromJson(v2, 'new.json'));
  });
});

describe('a JSON report whose index names no service', () => {
  it('is refused, saying where and why', () => {
    const json = JSON.parse(renderJson(evaluateYaml(TWO_TIERS)));
    json.scenarios[1].hosts[0].services[1] = 7;
    let error: unknown;
    try {
      reportFromJson(json, 'report.json', '/manifests/0');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toEqual([
      {
        file: 'report.json',
        path: '/manifests/0/scenarios/1/hosts/0/services/1',
        message: "names service 7, but the report's services are numbered 0 to 2",
      },
    ]);
  });
});
