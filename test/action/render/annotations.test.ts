import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS, annotationsFor } from '../../../src/action/render/annotations.js';
import type { ManifestOutcome } from '../../../src/action/report/check-manifests.js';
import { contextFrom } from '../../../src/action/inputs/context.js';
import { eventFrom } from '../../support/event-context.js';
import { buildActionReport } from '../../../src/action/report/action-report.js';
import { hostileManifest } from '../../support/manifests.js';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../../support/model.js';
import { runCheck } from '../../../src/check/run-check.js';
import { memoryReader } from '../../../src/workspace/reader.js';

const push = contextFrom(eventFrom({ GITHUB_EVENT_NAME: 'push' }, null));
const report = (outcomes: ManifestOutcome[]) => buildActionReport(outcomes, push);
const seed = (): ManifestOutcome => ({
  kind: 'report',
  manifest: SEED_MANIFEST,
  report: evaluateYaml(seedText(), SEED_MANIFEST),
});

describe('annotations', () => {
  it('for the seed: the required scenarios’ failing and warning resources, at each scenario', () => {
    expect(annotationsFor(report([seed()]))).toEqual([
      {
        level: 'error',
        title: 'headroom: fail',
        message:
          'scenario "standard": memory on "tencent-lh" does not fit: headroom -350 MB (-9.7%) in the worst case',
        file: SEED_MANIFEST,
        line: 65,
        col: 3,
      },
      {
        level: 'warning',
        title: 'headroom: warn',
        message:
          'scenario "minimal": memory on "tencent-lh" fits with little room: headroom 330 MB (9.2%) in the worst case',
        file: SEED_MANIFEST,
        line: 61,
        col: 3,
      },
    ]);
  });

  it('for an optional scenario the run names: its failing resources too, as its verdict counts', () => {
    const onlyAliyun = runCheck({
      manifest: SEED_MANIFEST,
      reader: memoryReader({ [SEED_MANIFEST]: seedText() }),
      env: {},
      scenarios: ['aliyun'],
    });
    const r = report([{ kind: 'report', manifest: SEED_MANIFEST, report: onlyAliyun }]);
    expect(r.verdict).toBe('fail');
    expect(annotationsFor(r)).toEqual([]);
    expect(annotationsFor(r, ['aliyun'])).toEqual([
      {
        level: 'error',
        title: 'headroom: fail',
        message:
          'scenario "aliyun": memory on "aliyun-ecs" does not fit: headroom -1.7 GB (-94.4%) in the worst case',
        file: SEED_MANIFEST,
        line: 81,
        col: 3,
      },
      {
        level: 'warning',
        title: 'headroom: warn',
        message:
          'scenario "aliyun": CPU on "aliyun-ecs" fits with little room: headroom 0 cores (0.0%) in the worst case',
        file: SEED_MANIFEST,
        line: 81,
        col: 3,
      },
    ]);
  });

  it('annotate warning findings once each, with line and column', () => {
    const r = report([
      { kind: 'report', manifest: 'capacity.yml', report: evaluateYaml(hostileManifest()) },
    ]);
    const found = annotationsFor(r);
    expect(found).toHaveLength(4);
    expect(found[0]).toMatchObject({
      level: 'warning',
      title: 'headroom: unestimated',
      file: 'capacity.yml',
      line: 8,
      col: 3,
    });
  });

  it('annotate every problem of an invalid manifest, and say how many were not listed', () => {
    const found = annotationsFor(
      report([
        {
          kind: 'invalid',
          manifest: 'capacity.yml',
          problems: [
            { file: 'capacity.yml', line: 5, column: 13, path: '/hosts/a/memory', message: 'bad' },
          ],
          omitted: 3,
        },
      ]),
    );
    expect(found).toEqual([
      {
        level: 'error',
        title: 'headroom: invalid input',
        message: 'bad (at /hosts/a/memory)',
        file: 'capacity.yml',
        line: 5,
        col: 13,
      },
      {
        level: 'error',
        title: 'headroom: invalid input',
        message: '3 more problem(s) in capacity.yml are not listed',
        file: 'capacity.yml',
      },
    ]);
  });

  it('clip a long JSON path, as the CLI does', () => {
    const [first] = annotationsFor(
      report([
        {
          kind: 'invalid',
          manifest: 'a.yml',
          problems: [{ file: 'a.yml', path: `/${'k'.repeat(5000)}`, message: 'bad' }],
          omitted: 0,
        },
      ]),
    );
    expect(first!.message).toBe(`bad (at /${'k'.repeat(199)}…)`);
  });

  it('are capped, errors first, with a note saying how many more there are', () => {
    const problems = Array.from({ length: 30 }, (_, i) => ({
      file: 'a.yml',
      line: i + 1,
      message: `p${i}`,
    }));
    const found = annotationsFor(
      report([
        seed(),
        { kind: 'invalid', manifest: 'a.yml', problems, omitted: 0 },
        {
          kind: 'invalid',
          manifest: 'b.yml',
          problems: problems.map((p) => ({ ...p, file: 'b.yml' })),
          omitted: 0,
        },
      ]),
    );
    expect(found).toHaveLength(MAX_ANNOTATIONS);
    expect(found.slice(0, -1).every((a) => a.level === 'error')).toBe(true);
    expect(found.at(-1)).toMatchObject({
      level: 'notice',
      message: '13 more annotation(s) are not shown; the job summary has the full report',
    });
  });
});
