import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { ManifestOutcome } from '../../../src/action/report/check-manifests.js';
import { contextFrom } from '../../../src/action/inputs/context.js';
import { eventFrom } from '../../support/event-context.js';
import { buildActionReport, renderActionReport } from '../../../src/action/report/action-report.js';
import { parseActionReport } from '../../../src/action/report/parse-action-report.js';
import { runComparedCheck } from '../../../src/check/compare-check.js';
import { InputError } from '../../../src/shared/errors.js';
import { memoryReader } from '../../../src/workspace/reader.js';
import { pullRequestEvent } from '../../support/action-run.js';
import { INVALID_MANIFEST, passingManifest } from '../../support/manifests.js';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../../support/model.js';

const schema = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../schemas/${name}`, import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, allowUnionTypes: true })
  .addSchema(schema('report.schema.json'))
  .addSchema(schema('report-v1.schema.json'))
  .compile(schema('action-report.schema.json'));

const event = pullRequestEvent({ number: 7 });
const context = contextFrom(
  eventFrom({ GITHUB_EVENT_NAME: event.name, GITHUB_REPOSITORY: 'acme/platform' }, event.payload),
);
const outcomes = (): ManifestOutcome[] => [
  { kind: 'report', manifest: SEED_MANIFEST, report: evaluateYaml(seedText(), SEED_MANIFEST) },
  { kind: 'report', manifest: 'eu.yml', report: evaluateYaml(passingManifest(), 'eu.yml') },
];

function problemOf(text: string): string {
  try {
    parseActionReport(text, 'report.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems[0]!.message;
  }
  throw new Error('expected the report to be refused');
}

describe('the action report', () => {
  it('combines the manifests: worst verdict, smallest headroom, the run it is for', () => {
    const r = buildActionReport(outcomes(), context);
    expect(r).toMatchObject({
      version: 1,
      tool: { name: 'headroom', version: '0.1.0' },
      verdict: 'fail',
      minHeadroomPct: -9.72,
      errors: [],
      context: {
        event: 'pull_request',
        repository: 'acme/platform',
        pullRequest: 7,
        headSha: 'a'.repeat(40),
        baseSha: 'b'.repeat(40),
      },
    });
    expect(r.manifests.map((m) => m.manifest)).toEqual([SEED_MANIFEST, 'eu.yml']);
  });

  it('is invalid when any manifest could not be checked', () => {
    const r = buildActionReport(
      [
        ...outcomes(),
        {
          kind: 'invalid',
          manifest: 'x.yml',
          problems: [{ file: 'x.yml', message: 'bad' }],
          omitted: 0,
        },
      ],
      context,
    );
    expect(r.verdict).toBe('invalid');
    expect(r.errors).toEqual([
      { manifest: 'x.yml', problems: [{ file: 'x.yml', message: 'bad' }], omitted: 0 },
    ]);
  });

  it('matches schemas/action-report.schema.json (which embeds report.schema.json)', () => {
    const data = JSON.parse(renderActionReport(buildActionReport(outcomes(), context)));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    data.context.headSha = 'not a sha';
    expect(validate(data)).toBe(false);
  });

  it('with comparisons (ok, missing, invalid base) and how the base was read, still matches', () => {
    const compared = (base: string | null, manifest: string): ManifestOutcome => ({
      kind: 'report',
      manifest,
      report: runComparedCheck(
        { manifest, reader: memoryReader({ [manifest]: seedText() }), env: {} },
        { ref: 'main (bbbbbbb)', reader: memoryReader(base === null ? {} : { [manifest]: base }) },
      ),
    });
    const r = buildActionReport(
      [
        compared(seedText().replace('600MB', '900MB'), 'a.yml'),
        compared(null, 'b.yml'),
        compared(INVALID_MANIFEST, 'c.yml'),
      ],
      context,
      { status: 'compared', ref: 'main (bbbbbbb)', via: 'api' },
    );
    expect(r.manifests.map((m) => m.base?.status)).toEqual(['ok', 'missing', 'invalid']);
    expect(r.manifests[0]!.changes!.resources.length).toBeGreaterThan(0);
    const data = JSON.parse(renderActionReport(r));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    // The precompiled validator a post-report run uses agrees.
    expect(parseActionReport(renderActionReport(r), 'report.json')).toEqual(r);

    const unavailable = { status: 'unavailable', ref: 'main (bbbbbbb)', reason: 'no token' };
    expect(validate({ ...data, comparison: unavailable })).toBe(true);
    expect(validate({ ...data, comparison: { ...unavailable, via: 'git' } })).toBe(false);
    data.manifests[0].base.report.scenarios[0].hosts[0].resources.memory.delta = { headroom: 1 };
    expect(validate(data)).toBe(false);
  });

  it('reads back as written', () => {
    const r = buildActionReport(outcomes(), context);
    expect(parseActionReport(renderActionReport(r), 'report.json')).toEqual(r);
  });
});

describe('reading a report back, from a source that may be hostile', () => {
  const text = () => renderActionReport(buildActionReport(outcomes(), context));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edited as free JSON
  const edit = (change: (r: any) => void) => {
    const data = JSON.parse(text());
    change(data);
    return JSON.stringify(data);
  };

  it('refuses what is not JSON, without quoting it', () => {
    const message = problemOf('{"token": "ghp_secret", oops}');
    expect(message).toMatch(/^this is not a JSON report \(invalid JSON at character \d+\)$/);
  });

  it('refuses a figure of the wrong type, which the renderer would print unescaped', () => {
    expect(problemOf(edit((r) => (r.manifests[0].services[0].replicas = '<img>')))).toContain(
      '/manifests/0/services/0/replicas must be integer',
    );
  });

  it('refuses unknown fields, other versions and other tools', () => {
    expect(problemOf(edit((r) => (r.extra = 1)))).toContain('must NOT have additional properties');
    expect(problemOf(edit((r) => (r.version = 2)))).toContain('/version must be equal to constant');
    expect(problemOf(edit((r) => (r.tool.name = 'other')))).toContain('/tool/name');
  });

  it('computes verdict and headroom again instead of believing them', () => {
    const r = parseActionReport(
      edit((x) => {
        x.verdict = 'pass';
        x.minHeadroomPct = 99;
      }),
      'report.json',
    );
    expect(r.verdict).toBe('fail');
    expect(r.minHeadroomPct).toBe(-9.72);
  });
});

describe('a report an earlier run wrote', () => {
  const v1Report = () =>
    JSON.parse(
      readFileSync(new URL('../../fixtures/report-v1-seed.json', import.meta.url), 'utf8'),
    );

  it('is read when its manifests are reports of version 1, each host listing its services', () => {
    const written = JSON.parse(renderActionReport(buildActionReport(outcomes(), context)));
    written.manifests[0] = v1Report();
    const r = parseActionReport(JSON.stringify(written), 'report.json');
    const now = parseActionReport(
      renderActionReport(buildActionReport(outcomes(), context)),
      'report.json',
    ).manifests[0]!;
    // Version 1 did not record where a scenario is written; all else reads the same.
    for (const s of now.scenarios) delete s.source;
    expect(r.manifests[0]).toEqual(now);
    expect(r.verdict).toBe('fail');
  });

  it('is refused when a host names a service the report does not list, saying where', () => {
    const written = JSON.parse(renderActionReport(buildActionReport(outcomes(), context)));
    written.manifests[1].scenarios[0].hosts[0].services.push(999);
    expect(problemOf(JSON.stringify(written))).toMatch(
      /^names service 999, but the report's services are numbered 0 to \d+$/,
    );
  });
});
