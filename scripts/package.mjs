// Builds the bundles GitHub and npm users run: dist/index.js (the action) and
// dist/cli/index.js (the CLI), each one minified file with its dependencies inside.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });

const entries = [
  { src: 'src/index.ts', out: 'dist' },
  { src: 'src/cli/index.ts', out: 'dist/cli' },
];
for (const e of entries) {
  if (!existsSync(join(root, e.src))) continue;
  execFileSync(
    process.execPath,
    [ncc, 'build', e.src, '-o', e.out, '-m', '-q', '--license', 'licenses.txt'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
