// Builds what GitHub and npm users run: dist/index.js (the action) and dist/cli/index.js
// (the CLI), minified ES modules that share their code through dist/chunks/. Parts only
// some runs need (the GitHub client, the report poster, globbing) are chunks of their own,
// loaded on first use.
//
// esbuild rather than ncc: ncc bundles one entry point at a time, so the action and the CLI
// each carried a full copy of the engine and the schema validators, which put dist/ over its
// size budget; esbuild splits the shared code into chunks both entry points import.
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts', 'src/cli/index.ts'],
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  // CommonJS dependencies inside an ES module bundle still call require() for Node's own
  // modules; give every chunk one.
  banner: {
    js: "import { createRequire as __headroomRequire } from 'node:module'; const require = __headroomRequire(import.meta.url);",
  },
});

chmodSync(join(out, 'cli', 'index.js'), 0o755);
// The repository's package.json already says "type": "module"; this keeps dist/ runnable
// when it is copied on its own.
writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
writeFileSync(join(out, 'licenses.txt'), licenses(result.metafile));

/** The licence of every package with code in the bundle, for redistribution. */
function licenses(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const parts = input.split(/[\\/]/);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const nameParts = parts[at + 1].startsWith('@')
      ? parts.slice(at + 1, at + 3)
      : parts.slice(at + 1, at + 2);
    const dir = join(root, ...parts.slice(0, at + 1), ...nameParts);
    if (packages.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE']
      .map((f) => join(dir, f))
      .find(existsSync);
    packages.set(dir, {
      name: pkg.name,
      license: pkg.license ?? 'see the package',
      text: file ? readFileSync(file, 'utf8').trim() : '',
    });
  }
  return [...packages.values(), ...vendoredData()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => `${p.name}\n${p.license}\n${p.text}\n`)
    .join('\n');
}

/**
 * The data stored under schemas/vendor (the Compose Specification schema) is compiled into
 * the validators, so its notice and licence travel with the bundle too.
 */
function vendoredData() {
  const vendor = join(root, 'schemas', 'vendor');
  return readdirSync(vendor, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const read = (f) =>
        existsSync(join(vendor, d.name, f))
          ? readFileSync(join(vendor, d.name, f), 'utf8').trim()
          : '';
      return {
        name: `${d.name} (schemas/vendor/${d.name}, compiled into the schema validators)`,
        license: /^License: (\S+)/m.exec(read('SOURCE'))?.[1] ?? 'see its SOURCE',
        text: [read('NOTICE'), read('LICENSE')].filter(Boolean).join('\n\n'),
      };
    });
}
