// What the fuzzer mutates: the examples, the fuzzing seeds and any YAML or .env fixture
// under test/, read once and grouped into projects (a manifest with the files it names).
// A compose file found without a manifest becomes a project too, with a manifest that
// places its services on one large host.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

const TEXT = /\.(ya?ml)$|(^|[/\\])\.env$|\.env$/;
const MAX_FILE = 512 * 1024;
const SKIP = new Set(['node_modules', '.git', 'golden', 'support']);

function walk(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP.has(e.name)) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile() && TEXT.test(e.name) && statSync(full).size <= MAX_FILE) out.push(full);
  }
  return out;
}

function parse(text) {
  try {
    return load(text, { schema: CORE_SCHEMA.withTags(mergeTag) });
  } catch {
    return undefined;
  }
}

function isManifest(data) {
  return data !== null && typeof data === 'object' && 'hosts' in data && 'version' in data;
}

function isCompose(data) {
  return data !== null && typeof data === 'object' && 'services' in data && !('hosts' in data);
}

/** A manifest for a compose file found on its own: every service on one roomy host. */
function manifestFor(composePath) {
  return [
    'version: 1',
    'hosts:',
    '  big: { cpus: 64, memory: 256GB, disk: 2TB, cost: { monthly: 400, currency: USD } }',
    '  small: { cpus: 2, memory: 2GB, disk: 40GB }',
    'compose:',
    `  - ${JSON.stringify(composePath)}`,
    'scenarios:',
    '  everything: { host: big }',
    '  squeezed: { host: small, required: false }',
    '',
  ].join('\n');
}

/**
 * Projects to mutate, in a fixed order (the same seed must give the same cases on every
 * machine). Each is `{ name, files: { path: text }, manifest }`, paths relative to the
 * project's folder.
 */
export function loadCorpus(root) {
  const projects = [];
  const seen = new Set();
  const folders = [
    join(root, 'examples'),
    join(root, 'test', 'fuzz', 'seeds'),
    // Fixtures anywhere else under test/ (real public compose files, for instance).
    join(root, 'test'),
  ];
  for (const base of folders) {
    for (const full of walk(base)) {
      if (seen.has(full)) continue;
      const dir = join(full, '..');
      const rel = relative(root, full).split(sep).join('/');
      const text = readFileSync(full, 'utf8');
      const data = TEXT.test(full) && /\.ya?ml$/.test(full) ? parse(text) : undefined;
      if (isManifest(data)) {
        // The manifest's folder is its project: every YAML and .env file in it and below.
        const files = {};
        for (const f of walk(dir)) {
          files[relative(dir, f).split(sep).join('/')] = readFileSync(f, 'utf8');
          seen.add(f);
        }
        projects.push({ name: rel, files, manifest: relative(dir, full).split(sep).join('/') });
      }
    }
  }
  // Compose files that no manifest took, each a project of its own.
  for (const full of walk(join(root, 'test'))) {
    if (seen.has(full) || !/\.ya?ml$/.test(full)) continue;
    const data = parse(readFileSync(full, 'utf8'));
    if (!isCompose(data)) continue;
    const name = relative(root, full).split(sep).join('/');
    const files = { 'stack/compose.yml': readFileSync(full, 'utf8') };
    const env = join(full, '..', '.env');
    try {
      files['stack/.env'] = readFileSync(env, 'utf8');
    } catch {
      // no .env beside it
    }
    files['capacity.yml'] = manifestFor('stack/compose.yml');
    projects.push({ name, files, manifest: 'capacity.yml' });
  }
  if (projects.length === 0) throw new Error('the fuzzing corpus is empty');
  return projects;
}
