// Builds what GitHub and npm users run, with @vercel/ncc: dist/index.js (the action) and
// dist/cli/index.js (the CLI), one minified bundle per entry point, each with its source
// map. `node scripts/package.mjs [folder]` builds into another folder (the end-to-end tests
// build into a temporary one, so they never write over the tracked dist/).
//
// The maps cover headroom's own TypeScript only: a stack trace shows src/ files and lines,
// while frames in bundled packages and in the generated validators point into the bundle.
// Full maps (every package, with its sources inlined) would put dist/ past 3 MB, which is
// more than the whole of the code.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode } from '@jridgewell/sourcemap-codec';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ncc = join(dirname(require.resolve('@vercel/ncc/package.json')), 'dist', 'ncc', 'cli.js');
const out = resolve(process.argv[2] ?? join(root, 'dist'));

const ENTRIES = [
  { entry: 'src/index.ts', dir: out },
  { entry: 'src/cli/index.ts', dir: join(out, 'cli') },
];

rmSync(out, { recursive: true, force: true });
const packages = new Map();
for (const { entry, dir } of ENTRIES) {
  // Type-checking is `npm run typecheck`; src/tsconfig.json tells ncc to emit ES modules.
  execFileSync(
    process.execPath,
    [ncc, 'build', entry, '-o', dir, '--minify', '--source-map', '--transpile-only', '--quiet'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js.map'))) {
    const path = join(dir, file);
    const map = JSON.parse(readFileSync(path, 'utf8'));
    // ncc names sources `../` + their path from the project root, wherever the map is.
    map.sources = map.sources.map((source) => {
      const file = join(root, source.replace(/^\.\.\//, ''));
      if (!existsSync(file)) return source;
      notePackage(file);
      return relative(dir, file).split(sep).join('/');
    });
    // ncc puts the CLI's `#!` line above the code after mapping it: one more line to skip.
    const code = readFileSync(join(dir, file.replace(/\.map$/, '')), 'utf8');
    if (code.startsWith('#!')) map.mappings = `;${map.mappings}`;
    writeFileSync(path, JSON.stringify(ownSourcesOnly(map)));
  }
}
chmodSync(join(out, 'cli', 'index.js'), 0o755);
writeFileSync(join(out, 'licenses.txt'), licenses());

/** The map with only the segments that lead into src/ (not src/generated/), without sources inlined. */
function ownSourcesOnly(map) {
  const own = map.sources.map((s) => !s.includes('node_modules') && !s.includes('/generated/'));
  const mappings = decode(map.mappings).map((line) =>
    // Four fields: the segment's column, source, line and column; no names.
    line.filter((seg) => seg.length >= 4 && own[seg[1]]).map((seg) => seg.slice(0, 4)),
  );
  return {
    version: 3,
    file: map.file,
    sources: map.sources,
    names: [],
    mappings: encode(mappings),
  };
}

/** Remembers the package a bundled source file belongs to, for the licence list. */
function notePackage(file) {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return;
  const nameParts = parts[at + 1].startsWith('@')
    ? parts.slice(at + 1, at + 3)
    : parts.slice(at + 1, at + 2);
  const dir = [...parts.slice(0, at + 1), ...nameParts].join('/');
  if (packages.has(dir) || !existsSync(join(dir, 'package.json'))) return;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const text = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE', 'LICENSE-MIT']
    .map((f) => join(dir, f))
    .find(existsSync);
  packages.set(dir, {
    name: pkg.name,
    version: pkg.version,
    license: pkg.license ?? 'see the package',
    text: text ? readFileSync(text, 'utf8').trim() : '',
  });
}

/** The licence of every package with code in the bundles, for redistribution. */
function licenses() {
  const seen = new Set();
  return [...packages.values(), ...vendoredData()]
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
    .filter((p) => !seen.has(`${p.name}@${p.version}`) && seen.add(`${p.name}@${p.version}`))
    .map((p) => `${p.name} ${p.version}\n${p.license}\n${p.text}\n`)
    .join('\n');
}

/**
 * The data stored under schemas/vendor (the Compose Specification schema) is compiled into
 * the validators, so its notice and licence travel with the bundles too.
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
      const source = read('SOURCE');
      return {
        name: `${d.name} (schemas/vendor/${d.name}, compiled into the schema validators)`,
        version: /^\s+tag:\s+(\S+)/m.exec(source)?.[1] ?? '',
        license: /^License: (\S+)/m.exec(source)?.[1] ?? 'see its SOURCE',
        text: [read('NOTICE'), read('LICENSE')].filter(Boolean).join('\n\n'),
      };
    });
}
