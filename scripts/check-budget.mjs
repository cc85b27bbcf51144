// The size budget of dist/, checked in CI: the whole of dist/ (what every user downloads)
// and what each entry point loads before it does anything (its static imports, followed
// transitively): bytes that must be read and compiled on every run. Byte counts, not
// timings, so the check gives the same answer on a busy machine. `npm run bench` measures
// the time itself.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

export const BUDGET = {
  total: 1_000_000,
  startup: { 'dist/index.js': 520_000, 'dist/cli/index.js': 520_000 },
};

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** An entry point and every module it imports statically, with their sizes. */
export function startupClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // Static imports only: `import ... from "./x.js"` and `import "./x.js"`, not import().
    for (const m of code.matchAll(
      /(?:^|[;}\s])import\s*(?:[^'"();]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g,
    )) {
      visit(resolve(dirname(file), m[1]));
    }
  };
  visit(entry);
  return [...seen].reduce((n, f) => n + statSync(f).size, 0);
}

const total = filesUnder(dist).reduce((n, f) => n + statSync(f).size, 0);
let failed = false;
const report = (label, bytes, limit) => {
  const ok = bytes <= limit;
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'OVER'}  ${label}: ${(bytes / 1000).toFixed(0)} kB of ${(limit / 1000).toFixed(0)} kB`,
  );
};
report('dist/ in all', total, BUDGET.total);
for (const [entry, limit] of Object.entries(BUDGET.startup)) {
  report(`loaded at start by ${entry}`, startupClosure(join(root, entry)), limit);
}
if (failed) {
  console.log(`dist/ is over its budget (see ${relative(root, fileURLToPath(import.meta.url))})`);
  process.exit(1);
}
