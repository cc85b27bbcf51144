/**
 * The bundles as built: one per entry point, each with a source map that leads back to
 * headroom's own TypeScript, so a stack trace from a workflow run names src/ files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, distDir } from '../support/action-run.js';

/** Where the source map puts the first occurrence of `text` in the bundle. */
function origin(bundle: string, text: string): { file: string; line: number } {
  const code = readFileSync(bundle, 'utf8');
  const at = code.indexOf(text);
  expect(at).toBeGreaterThan(0);
  const before = code.slice(0, at);
  const line = before.split('\n').length - 1;
  const column = at - before.lastIndexOf('\n') - 1;
  const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
  const entry = map.findEntry(line, column) as { originalSource: string; originalLine: number };
  return { file: resolve(dirname(bundle), entry.originalSource), line: entry.originalLine + 1 };
}

describe('the bundles', () => {
  it.each([
    ['index.js', 'could not be read, so no pull request is known', 'src/main.ts'],
    ['index.js', 'so the comment is not posted', 'src/action/modes/comment-step.ts'],
    ['cli/index.js', 'cannot write the report here', 'src/cli/main.ts'],
    [
      'cli/index.js',
      'nothing caps its memory, so it is counted as 0',
      'src/model/service-findings.ts',
    ],
  ])('%s maps "%s" back to %s', (bundle, text, source) => {
    const { file, line } = origin(join(distDir(), bundle), text);
    expect(file).toBe(join(ROOT, source));
    expect(existsSync(file)).toBe(true);
    // The statement that holds the text starts on that line or shortly before it.
    const lines = readFileSync(file, 'utf8').split('\n');
    const holder = lines.findIndex((l, i) => i >= line - 1 && l.includes(text.slice(0, 20)));
    expect(holder - (line - 1)).toBeGreaterThanOrEqual(0);
    expect(holder - (line - 1)).toBeLessThan(6);
  });
});
