/**
 * Lists longer than a call's arguments can be: past about 120,000 items, a list spread into a
 * call throws "Maximum call stack size exceeded", which the command line would report as a
 * bug in headroom. Each input here makes such a list and must come out as a report.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { memoryReader } from '../../src/workspace/reader.js';
import { runCheck } from '../../src/check/run-check.js';

const MANY = 130_000;

function check(files: Record<string, string>) {
  return runCheck({ manifest: 'capacity.yml', reader: memoryReader(files), env: {} });
}

describe(`${MANY.toLocaleString('en-US')} items in one list`, () => {
  it('services without figures: one unestimated finding each, in every rendering', () => {
    const services = Array.from({ length: MANY }, (_, i) => `  s${i}: { replicas: 1 }`);
    const report = check({
      'capacity.yml': `version: 1\nhosts:\n  h: { memory: 1GB }\nservices:\n${services.join('\n')}\n`,
    });
    const findings = report.scenarios[0]!.findings;
    expect(findings.filter((f) => f.code === 'unestimated')).toHaveLength(MANY);
    expect(report.scenarios[0]!.hosts[0]!.resources.memory.verdict).toBe('unknown');
    expect(renderText(report)).toContain(`... and ${MANY - 3} more unestimated findings`);
    expect(renderMarkdown(report)).toContain(`Findings in <code>default</code> (${MANY + 1})`);
    expect(JSON.parse(renderJson(report)).services).toHaveLength(MANY);
  });

  it('port clashes of services on one port: counted, the first listed', () => {
    // 520 services on port 80: 134,940 pairs.
    const services = Array.from({ length: 520 }, (_, i) => `  s${i}: { memory: 1MB, ports: [80] }`);
    const report = check({
      'capacity.yml': `version: 1\nhosts:\n  h: { memory: 1GB }\nservices:\n${services.join('\n')}\n`,
    });
    const last = report.scenarios[0]!.findings.at(-1)!;
    expect(last.message).toMatch(/^there are 134,940 port clashes in all/);
    expect(renderText(report)).toContain('FAIL  scenario default');
  });

  it('a compose value naming that many unset variables, through the command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-long-'));
    const value = Array.from({ length: MANY }, (_, i) => `\${V${i}}`).join('');
    writeFileSync(
      join(dir, 'capacity.yml'),
      'version: 1\nhosts:\n  h: { memory: 1GB }\ncompose: [compose.yml]\n',
    );
    writeFileSync(
      join(dir, 'compose.yml'),
      `services:\n  a:\n    image: a\n    mem_limit: 1m\n    environment:\n      LONG: "${value}"\n`,
    );
    let stderr = '';
    let stdout = '';
    const status = main(['check', 'capacity.yml', '--format', 'json'], {
      cwd: dir,
      env: {},
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    expect(stderr).not.toContain('internal error');
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.findings.length).toBeGreaterThan(0);
  });
});
