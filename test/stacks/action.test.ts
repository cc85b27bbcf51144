/**
 * Real stacks through the bundled action, as a workflow runs it on a checkout: the files as
 * the repositories commit them, read by dist/index.js under Node 24.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readActionReport } from '../support/report-schema.js';
import { makeWorkspace, runAction, ROOT } from '../support/action-run.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

let api: FakeGitHub;
beforeEach(async () => {
  api = await startFakeGitHub();
});
afterEach(async () => {
  await api.close();
});

/** A checkout holding one stack folder's files at its root. */
function checkout(stack: string): string {
  const dir = join(ROOT, 'test/stacks', stack);
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return makeWorkspace(files);
}

describe('real stacks through the bundled action', () => {
  it('reads Sentry self-hosted, 57 services, where js-yaml alone stops at a flow sequence', async () => {
    const run = await runAction({ workspace: checkout('sentry'), api });
    expect(run.status).toBe(0);
    expect(run.outputs.verdict).toBe('warn');
    const services = readActionReport(run.outputs.report!).manifests[0]!.scenarios[0]!.hosts.flatMap(
      (h) => h.services,
    );
    expect(services).toHaveLength(57);
    expect(run.annotations.some((a) => a.name === 'error')).toBe(false);
  });

  it('reads Supabase with the env_file its manifest names', async () => {
    const run = await runAction({ workspace: checkout('supabase'), api });
    expect(run.status).toBe(0);
    const report = readActionReport(run.outputs.report!);
    const kong = report.manifests[0]!.scenarios[0]!.hosts[0]!.services.find((s) => s.name === 'kong')!;
    expect(kong.ports.map((p) => p.port)).toEqual([8000, 8443]);
  });
});
