/**
 * What a report shows must not hide what the figures say: a name that only looks like
 * another, or a shortfall rounded away to zero.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatCores, formatPct } from '../../src/units/format.js';

function check(manifest: string, format: string): { status: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-display-'));
  writeFileSync(join(dir, 'capacity.yml'), manifest);
  let out = '';
  const status = main(['check', '--format', format], {
    cwd: dir,
    env: {},
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
  });
  return { status, out };
}

describe('names that only look like another', () => {
  const invisible: Array<[string, string]> = [
    ['\u{E0001}', 'a tag character'],
    ['\u{E0100}', 'a variation selector beyond the 16-bit range'],
    ['\u{1D173}', 'a musical formatting character'],
    ['\u3164', 'a Hangul filler'],
    ['\u00a0', 'a no-break space'],
  ];
  it.each(invisible)('shows %j (%s) in every format', (char) => {
    const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const manifest = `version: 1\nhosts:\n  "prod${char}": { memory: 4GB, cpus: 2 }\nservices:\n  a: { memory: 1GB, cpus: 1 }\n`;
    for (const format of ['text', 'markdown']) {
      const r = check(manifest, format);
      expect(r.status).toBe(0);
      expect(r.out).toContain(`prod<U+${code}>`);
      expect(r.out).not.toContain(`prod${char}`);
    }
  });

  it('leaves letters of any script and combining accents alone', () => {
    const r = check(
      'version: 1\nhosts:\n  "服务器-é": { memory: 4GB, cpus: 2 }\nservices:\n  a: { memory: 1GB, cpus: 1 }\n',
      'text',
    );
    expect(r.out).toContain('服务器-é');
    expect(r.out).not.toContain('<U+');
  });
});

describe('a shortfall too small to round', () => {
  it('keeps its sign and its size on a failing CPU row', () => {
    const r = check(
      'version: 1\nhosts:\n  h: { memory: 4GB, cpus: 2 }\nservices:\n  a: { memory: 1GB, cpus: "2.001" }\n',
      'text',
    );
    expect(r.status).toBe(1);
    const row = r.out.split('\n').find((l) => /FAIL\s+h\s+CPU/.test(l));
    expect(row).toMatch(/-0\.001 cores \(-0\.1%\)/);
  });

  it('is never printed as zero, and zero is never printed as minus zero', () => {
    expect(formatCores(-0.000000001)).toBe('-0.000000001');
    expect(formatCores(-0.004)).toBe('-0.004');
    expect(formatCores(0.004)).toBe('0.004');
    expect(formatCores(-0)).toBe('0');
    expect(formatPct(-0.01)).toBe('-0.01%');
    expect(formatPct(-0.04)).toBe('-0.04%');
    expect(formatPct(-0)).toBe('0.0%');
    expect(formatPct(0)).toBe('0.0%');
  });
});
