/**
 * The fuzzer's judge must be able to fail: each check below is shown a run that breaks it,
 * and a run of the real CLI that keeps it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { ReportJson } from '../../src/report/json.js';
import type { Report } from '../../src/model/results.js';
import { brokenInvariant } from './invariants.mjs';
import { judgeRun, type Run } from './oracle.mjs';
import { reproducerScript, type FuzzCase } from './reproducer.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(inject('distDir'), 'cli', 'index.js');
const SEED = 'examples/seed/capacity.yml';

function seedReport(): string {
  return execFileSync(
    process.execPath,
    [CLI, 'check', SEED, '--format', 'json', '--fail-on', 'never'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
}

const ok: Run = { status: 0, stdout: '', stderr: '', ms: 10, peakMb: 90, peakMbBefore: 90 };
const judge = (run: Partial<Run>, report: string | null = null, argv = ['check', 'capacity.yml']) =>
  judgeRun({ run: { ...ok, ...run }, report, root: '/nowhere/case-1', argv, inputs: [] }).map(
    (f) => f.class,
  );

describe('the fuzzer judges a run', () => {
  it('passes a real report of the seed example', () => {
    const report = seedReport();
    expect(
      judge({ status: 0, stdout: report }, report, [
        'check',
        SEED,
        '--format',
        'json',
        '--fail-on',
        'never',
      ]),
    ).toEqual([]);
  });

  it('fails exit status 3, an uncaught exception and a stack trace', () => {
    expect(judge({ status: 3, stderr: 'internal error: h[d].push is not a function\n' })).toEqual([
      'exit 3: … is not a function',
    ]);
    expect(
      judge({
        status: 1,
        stderr: 'TypeError: x is undefined\n    at main (file:///dist/cli/index.js:1:200)\n',
      }),
    ).toContain('a stack trace was printed');
  });

  it('fails a hang, a crash, a slow run, a memory peak and a blow-up', () => {
    expect(judge({ crashed: 'hang', status: null })).toEqual(['hang']);
    expect(judge({ crashed: 'the process ended (SIGABRT)', status: null })).toEqual([
      'crash: the process ended (SIGABRT)',
    ]);
    expect(judge({ ms: 60_000 })).toEqual(['slow: over 8 s']);
    expect(judge({ stdoutBytes: 50 * 1024 * 1024 })).toEqual([
      'output: over a megabyte plus a thousand times the input printed',
    ]);
    expect(judge({ peakMbBefore: 100, peakMb: 900 })).toEqual(['memory: over 768 MB at its peak']);
    // A peak an earlier case reached is not this case's.
    expect(judge({ peakMbBefore: 900, peakMb: 900 })).toEqual([]);
  });

  it('fails messages that name no file, point at column 0, or leak', () => {
    expect(judge({ status: 2, stderr: 'error: : the total demand is too large\n' })).toContain(
      'message: an error names no file',
    );
    expect(judge({ status: 2, stderr: 'error: capacity.yml:1:0: expected a number\n' })).toContain(
      'message: line or column 0',
    );
    expect(
      judge({ status: 2, stderr: 'error: /nowhere/case-1/ws/x.yml: cannot write\n' }),
    ).toContain('leak: an absolute path was printed');
    expect(judge({ status: 0, stdout: 'cost: Infinity CNY\n' })).toContain(
      'message: "Infinity" printed',
    );
  });

  it('fails a report that breaks the schema, an invariant, or the exit status', () => {
    const argv = ['check', SEED, '--fail-on', 'never', '--output', 'report.json'];
    const good = JSON.parse(seedReport());
    const noColumn = structuredClone(good);
    noColumn.scenarios[1].findings[0].column = 0;
    expect(judge({ status: 0 }, JSON.stringify(noColumn), argv)[0]).toMatch(/^report: schema: /);
    const flipped = structuredClone(good);
    flipped.scenarios[1].hosts[0].resources.memory.verdict = 'pass';
    expect(judge({ status: 0 }, JSON.stringify(flipped), argv)).toContain(
      'report: invariant: verdict from the thresholds',
    );
    expect(judge({ status: 0 }, JSON.stringify(good), ['check', SEED])).toEqual([
      'exit status: 0 for a fail report',
    ]);
  });
});

describe('the model invariants', () => {
  const good = (): Report => JSON.parse(seedReport());

  it('hold on the seed example', () => {
    expect(brokenInvariant(good())).toBeNull();
  });

  const memory = (r: Report, scenario: number) => r.scenarios[scenario]!.hosts[0]!.resources.memory;
  it.each<[string, (r: Report) => void]>([
    ['available = capacity - used - reserve', (r) => void (memory(r, 0).available! += 1)],
    ['headroom = available - demand (worst)', (r) => void (memory(r, 0).headroom!.worst -= 1)],
    ['overall verdict = worst of the required scenarios', (r) => void (r.verdict = 'pass')],
    [
      'a phased resource is reported at its peak',
      (r) => void r.scenarios[1]!.phases.at(-1)!.hosts[0]!.resources.memory.headroom!.worst--,
    ],
    [
      'demand = the sum of the services placed',
      (r) => {
        const json = r as unknown as ReportJson;
        json.services[json.scenarios[0]!.hosts[0]!.services[0]!]!.memory!.worst += 1;
      },
    ],
    [
      "every service a host names is in the report's services",
      (r) => void (r as unknown as ReportJson).scenarios[0]!.hosts[0]!.services.push(999),
    ],
  ])('catch a report where %s does not hold', (name, tamper) => {
    const r = good();
    tamper(r);
    expect(brokenInvariant(r)?.invariant).toBe(name);
  });
});

describe('a reproducer', () => {
  it('rebuilds the case and runs the bundled CLI on it', () => {
    const c: FuzzCase = {
      project: 'test',
      files: {
        'ws/capacity.yml':
          'version: 1\nhosts:\n  h: { memory: 1GB }\nservices:\n  a: { memory: 2GB }\n',
        'ws/odd.yml': { base64: Buffer.from('a\r\nb\u0000').toString('base64') },
        'secret.yml': 'x\n',
      },
      special: [{ kind: 'symlink', path: 'ws/link.yml', target: 'capacity.yml' }],
      git: null,
      cwd: 'ws',
      argv: ['check', 'link.yml', '--output', '../out/report.json'],
      env: { TAG: "it's" },
      report: 'out/report.json',
    };
    const script = reproducerScript(c, { failureClass: 'example', seed: 1, index: 2 });
    const dir = mkdtempSync(join(tmpdir(), 'headroom-repro-'));
    symlinkSync(inject('distDir'), join(dir, 'dist'));
    const out = execFileSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' });
    expect(out).toMatch(/^headroom: FAIL {2}link\.yml/);
    expect(out).toMatch(/exit status: 1\n$/);
    expect(JSON.parse(readFileSync(join(dir, '.fuzz/case/out/report.json'), 'utf8')).verdict).toBe(
      'fail',
    );
    expect(readFileSync(join(dir, '.fuzz/case/ws/odd.yml'))).toEqual(Buffer.from('a\r\nb\u0000'));
  });
});
