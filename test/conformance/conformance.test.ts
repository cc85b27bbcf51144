/**
 * Runs every conformance case and states the agreement rate with compose-go.
 * See harness.ts for what a case is; docs/compose.md lists the deliberate differences.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPOSE_GO_VERSION } from '../../src/compose/upstream.js';
import { ROOT } from '../support/action-run.js';
import { caseKey, type Case } from './harness.js';
import { dotenvCases } from './dotenv.cases.js';
import { interpolationCases } from './interpolation.cases.js';
import { loaderCases } from './loader.cases.js';
import { mergeCases } from './merge.cases.js';
import { portCases } from './ports.cases.js';
import { schemaCases } from './schema.cases.js';
import { sizeCases } from './sizes.cases.js';
import { templateCases } from './template.cases.js';

const ALL: readonly Case[] = [
  ...templateCases,
  ...interpolationCases,
  ...dotenvCases,
  ...sizeCases,
  ...portCases,
  ...loaderCases,
  ...mergeCases,
  ...schemaCases,
];

const bySource = new Map<string, Case[]>();
for (const c of ALL) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);

for (const [source, cases] of bySource) {
  describe(source, () => {
    it.each(cases.map((c) => [caseKey(c), c] as const))('%s', (_key, c) => {
      const difference = c.run();
      if (c.differs) {
        // Still different, as documented; when this fails, upstream and headroom agree now.
        expect(difference, `no longer differs: ${c.differs}`).toBeDefined();
      } else {
        expect(difference).toBeUndefined();
      }
    });
  });
}

describe(`agreement with compose-go ${COMPOSE_GO_VERSION}`, () => {
  it('is at least 99% of the applicable upstream cases, every difference documented', () => {
    const agreeing = ALL.filter((c) => c.run() === undefined).length;
    const rate = agreeing / ALL.length;
    console.log(
      `conformance: ${agreeing} of ${ALL.length} upstream cases agree (${(rate * 100).toFixed(1)}%)`,
    );
    expect(ALL.length).toBeGreaterThan(300);
    expect(rate).toBeGreaterThanOrEqual(0.99);
    const docs = readFileSync(`${ROOT}docs/compose.md`, 'utf8');
    const undocumented = ALL.filter((c) => c.differs && !docs.includes(caseKey(c))).map(caseKey);
    expect(undocumented).toEqual([]);
  });
});
