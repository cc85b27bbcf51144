/**
 * The bundled action on examples/stack, a pull request that models two compose projects with
 * defaults, project globs, exclude, a one-shot migration and a swarm global service: every
 * figure taken from a default, and every service not counted, says so where people read it.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readActionReport } from '../support/report-schema.js';
import { REPO, ROOT } from '../support/action-run.js';
import { PR, usePullRequest } from '../support/pull-request.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const pr = usePullRequest();

function exampleWorkspace(): string {
  const ws = mkdtempSync(join(tmpdir(), 'headroom-stack-'));
  cpSync(join(ROOT, 'examples/stack'), ws, { recursive: true });
  return ws;
}

describe('examples/stack through the bundled action', () => {
  it('judges the scenarios, marking defaults, one-shot and global services', async () => {
    const run = await pr.onPullRequest(exampleWorkspace());

    // one-host needs 4.85 cores of 4: proxy 0.5, web 1, 2 workers x 0.5, db 0.5, redis 0.5,
    // prometheus 1, grafana 0.25, node-exporter 0.1 (migrate has exited).
    expect(run.status).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    const report = readActionReport(run.outputs.report!).manifests[0]!;
    const oneHost = report.scenarios.find((s) => s.name === 'one-host')!;
    const app1 = oneHost.hosts[0]!;
    expect(app1.resources.cpus).toMatchObject({
      demand: { worst: 4.85 },
      headroom: { worst: -0.85 },
      verdict: 'fail',
      defaulted: ['proxy', 'worker', 'db', 'grafana'],
    });
    // Memory: 128 + 768 + 2 x 512 + 2048 + 256 + 1024 + 256 + 64 = 5568 MiB of 8192 - 512.
    expect(app1.resources.memory).toMatchObject({
      demand: { worst: 5568 * MiB },
      headroom: { worst: 2112 * MiB },
      verdict: 'pass',
    });
    // Disk: db 40 GiB + prometheus 20 GiB + six defaults of 1 GiB (two of them for workers).
    expect(app1.resources.disk.demand.worst).toBe(67 * GiB);
    const migrate = app1.services.find((s) => s.name === 'migrate');
    expect(migrate).toMatchObject({
      oneshot: { reason: 'completion', waitedOnBy: 'web' },
      sources: { oneshot: { file: 'shop/docker-compose.yml', line: 16 } },
    });

    // split: the node exporter runs on both hosts, once each.
    const split = report.scenarios.find((s) => s.name === 'split')!;
    expect(split.hosts.map((h) => [h.host, h.services.map((s) => s.name)])).toEqual([
      ['app-1', ['proxy', 'web', 'worker', 'migrate', 'db', 'redis', 'node-exporter']],
      ['app-2', ['node-exporter', 'prometheus', 'grafana']],
    ]);
    expect(split.verdict).toBe('warn');

    const body = pr.api.comments(REPO, PR)[0]!.body;
    expect(body).toContain(
      '| `one-host` | ❌ fail | CPU on `app-1` | -0.85 cores (-21.3%) · 4 from defaults | — |',
    );
    expect(body).toContain(
      '| `app-1` | CPU | 4 cores | — | 4.85 cores (4 from defaults) | **-0.85 cores (-21.3%)** |',
    );
    expect(body).toContain(
      '| `app-1` | `migrate` (one-shot, not counted: "web" waits for it to complete) | 1 |',
    );
    expect(body).toContain('| `app-2` | `node-exporter` (global: once on each of its hosts) | 1 |');
    expect(body).toContain('| `app-1` | `worker` | 2 | 1 GiB (default) | 1 core (default) |');
  });

  it('judges an optional scenario named in the scenario input by its own verdict', async () => {
    // shop-on-app-2 is optional and fails: 640 MiB and 1.5 cores short on app-2.
    const run = await pr.onPullRequest(exampleWorkspace(), {
      inputs: { scenario: 'shop-on-app-2' },
    });
    expect(run.status).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(Number(run.outputs['min-headroom'])).toBe(-75);
    const body = pr.api.comments(REPO, PR)[0]!.body;
    expect(body).toContain('## ❌ headroom: fail');
    expect(body).toContain('| `app-2` | memory | 4 GiB | 512 MiB |');
    expect(body).toContain('**-640 MiB (-15.6%)**');
  });
});
