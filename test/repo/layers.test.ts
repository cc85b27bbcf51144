// The architecture's arrows (eslint.layers.js) hold, and the lint rule that keeps them
// refuses an import that points outward. Each probe lints a real source file with one
// import added, as a change under review would.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS, layersConfig } from '../../eslint.layers.js';

const ROOT = join(import.meta.dirname, '..', '..');

function linter(): ESLint {
  return new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
      ...layersConfig,
    ],
  });
}

async function layerErrors(file: string, extra: string): Promise<string[]> {
  const text = readFileSync(join(ROOT, file), 'utf8') + extra;
  const [result] = await linter().lintText(text, { filePath: join(ROOT, file) });
  // Only this rule is loaded: directives naming other rules are not this test's concern.
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'import-x/no-restricted-paths' || m.fatal)
    .map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [join(dir, e.name), ...folders(join(dir, e.name))]);
}

describe('the layers of src/', () => {
  it('give every folder of src/ a row, so a new folder has to be placed', () => {
    const rows = Object.keys(LAYERS);
    const unplaced = folders(join(ROOT, 'src'))
      .map((d) => relative(join(ROOT, 'src'), d).split('\\').join('/'))
      .filter((d) => !rows.some((r) => d === r || d.startsWith(`${r}/`)));
    expect(unplaced).toEqual([]);
  });

  it('name only rows that exist', () => {
    const rows = new Set(Object.keys(LAYERS));
    const unknown = Object.values(LAYERS)
      .flat()
      .filter((r) => !rows.has(r));
    expect(unknown).toEqual([]);
  });

  it.each([
    ['src/model/evaluate.ts', '../report/json.js'],
    ['src/model/evaluate.ts', '../manifest/parse.js'],
    ['src/model/build.ts', '../compose/read-projects.js'],
    ['src/model/build.ts', '../workspace/paths.js'],
    ['src/model/snapshots.ts', '../snapshot/read.js'],
    ['src/model/advice.ts', '../action/comment-marker.js'],
    ['src/model/advice.ts', '../cli/args.js'],
    ['src/model/advice.ts', '../yaml/load.js'],
    ['src/units/ports.ts', '../model/types.js'],
    ['src/shared/errors.ts', '../units/parse.js'],
    ['src/report/json.ts', '../compose/read-projects.js'],
    ['src/snapshot/read.ts', './collect/engine.js'],
    ['src/check/run-check.ts', '../cli/args.js'],
    ['src/cli/args.ts', '../main.js'],
    ['src/action/render/annotations.ts', '../github/client.js'],
    ['src/action/github/client.ts', '../modes/check.js'],
  ])('refuse %s importing %s', async (file, target) => {
    // An import that leads nowhere is not judged: the probe must name a real file.
    expect(existsSync(join(ROOT, dirname(file), target.replace(/\.js$/, '.ts')))).toBe(true);
    const errors = await layerErrors(file, `\nimport '${target}';\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^import-x\/no-restricted-paths: .*may import only/);
  });

  it.each([
    ['src/report/json.ts', '../model/evaluate.js'],
    ['src/compose/read-projects.ts', '../model/build.js'],
    ['src/cli/main.ts', '../snapshot/collect/engine.js'],
    ['src/main.ts', './action/modes/check.js'],
  ])('let %s import %s, which points inward', async (file, target) => {
    expect(await layerErrors(file, `\nimport '${target}';\n`)).toEqual([]);
  });
});
