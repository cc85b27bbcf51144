/**
 * Variables that repeat each other double at every line: a few hundred bytes of `.env` or
 * compose file would expand to gigabytes. Interpolation is capped per file, and the value
 * that crosses the cap is refused where it is written, quickly and without quoting it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ExpansionBudget, MAX_EXPANDED, substitute } from '../../src/compose/template.js';

const MANIFEST = 'version: 1\nhosts:\n  h: { memory: 1GB }\ncompose: [c.yml]\n';

function check(
  files: Record<string, string>,
  env: Record<string, string> = {},
): { status: number; out: string; err: string; ms: number } {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-expansion-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  let out = '';
  let err = '';
  const started = performance.now();
  const status = main(['check'], {
    cwd: dir,
    env,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { status, out, err, ms: performance.now() - started };
}

/** `V0` holds 16 characters; every later line holds the one before it twice. */
function doublingEnvFile(lines: number): string {
  const out = ['V0=xxxxxxxxxxxxxxxx'];
  for (let i = 1; i <= lines; i++) out.push(`V${i}=\${V${i - 1}}\${V${i - 1}}`);
  return `${out.join('\n')}\n`;
}

describe('the size interpolation may produce', () => {
  it('refuses an env file whose variables double each other, at the line that crosses the cap', () => {
    // V0 to V19 produce 16 * (2^20 - 1) characters, 16 short of the cap; V20 alone would be
    // 16 MiB more.
    const r = check({
      'capacity.yml': MANIFEST,
      'c.yml': 'services:\n  a: { image: x }\n',
      '.env': doublingEnvFile(25),
    });
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'error: .env:21:1: the value of V20: its variables expand it past 16 MiB, the most interpolation may produce from one file\n',
    );
    expect(r.out).toBe('');
    expect(r.ms).toBeLessThan(5_000);
  });

  it('counts every value of the file, so many lines that each stay under the cap are stopped too', () => {
    // A to A18 produce 16 MiB less 16 characters, each line under the cap; the first copy
    // of A18 (8 MiB more) takes the file past it.
    const lines = ['A=xxxxxxxxxxxxxxxx'];
    let name = 'A';
    for (let i = 0; i < 19; i++) {
      lines.push(`A${i}=\${${name}}\${${name}}`);
      name = `A${i}`;
    }
    for (let i = 0; i < 4; i++) lines.push(`COPY${i}=\${${name}}`);
    const r = check({
      'capacity.yml': MANIFEST,
      'c.yml': 'services:\n  a: { image: x }\n',
      '.env': `${lines.join('\n')}\n`,
    });
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^error: \.env:21:1: the value of COPY0: its variables expand/);
  });

  it('refuses a compose value that repeats a large variable past the cap, at the value', () => {
    const big = 'y'.repeat(1024 * 1024);
    const r = check(
      {
        'capacity.yml': MANIFEST,
        'c.yml': `services:\n  a:\n    image: x\n    command: "${'${BIG}'.repeat(17)}"\n`,
      },
      { BIG: big },
    );
    expect(r.status).toBe(2);
    expect(r.err).toBe(
      'error: c.yml:4:14: cannot interpolate services.a.command: its variables expand it past 16 MiB, the most interpolation may produce from one file (at /services/a/command)\n',
    );
    expect(r.err).not.toContain('yyyy');
    expect(r.ms).toBeLessThan(5_000);
  });

  it('still reads a file whose variables expand to a few megabytes', () => {
    const r = check(
      {
        'capacity.yml': MANIFEST,
        'c.yml':
          'services:\n  a:\n    image: x\n    mem_limit: ${MEM}\n    command: "${BIG}${BIG}"\n',
        '.env': 'MEM=256m\n',
      },
      { BIG: 'z'.repeat(3 * 1024 * 1024) },
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('substitution within a budget', () => {
  it('spends what each value produces, and refuses the one that does not fit in what is left', () => {
    const budget = new ExpansionBudget(10);
    const lookup = (n: string): string | undefined => (n === 'A' ? 'aaaa' : undefined);
    expect(substitute('$A$A', lookup, budget)).toEqual({ ok: true, value: 'aaaaaaaa', unset: [] });
    expect(budget.remaining).toBe(2);
    expect(substitute('${A}', lookup, budget)).toMatchObject({ ok: false, kind: 'too-large' });
    // Refused values spend nothing: a shorter one still fits.
    expect(substitute('ab', lookup, budget)).toEqual({ ok: true, value: 'ab', unset: [] });
  });

  it('stops a value growing past the cap before it is built in full', () => {
    const lookup = (): string => 'x'.repeat(1024 * 1024);
    const started = performance.now();
    const r = substitute('$A'.repeat(100_000), lookup, new ExpansionBudget());
    expect(r).toMatchObject({ ok: false, kind: 'too-large' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(MAX_EXPANDED).toBe(16 * 1024 * 1024);
  });
});
