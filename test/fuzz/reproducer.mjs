/* global structuredClone */
// A failing case made small, then written out as a shell script that rebuilds it and runs
// the CLI: run it from the repository root, after `npm run package`.
//
// Small comes in two steps. fast-check shrinks the recipe (fewer edits, simpler values, a
// plainer command line), replaying the failing case from its seed and index. Then lines,
// files, variables and options are dropped from the case itself for as long as it fails
// the same way: entries of each YAML file first (a whole service at a time, then its
// parts), then lines.
import { CORE_SCHEMA, dump, load, mergeTag } from 'js-yaml';

const TEXT_SAFE = /^[^\0\r]*$/;
const VALUE_OPTIONS = new Set(['--format', '--fail-on', '--scenario', '--output', '--base']);

/** Drops parts of `c` while `stillFails(candidate)` holds; at most `budget` tries. */
export async function minimizeCase(c, stillFails, budget = 200) {
  let best = structuredClone(c);
  let tries = 0;
  const attempt = async (candidate) => {
    if (tries >= budget) return false;
    tries++;
    if (await stillFails(candidate)) {
      best = candidate;
      return true;
    }
    return false;
  };

  // Whole files first (never the one the command names), and again at the end, when what
  // named them may be gone.
  const dropFiles = async () => {
    for (const path of Object.keys(best.files)) {
      if (best.argv.some((a) => path.endsWith(a.replace(/^\.\.?\//, '')))) continue;
      const candidate = structuredClone(best);
      delete candidate.files[path];
      await attempt(candidate);
    }
  };
  await dropFiles();
  // Options, and anything after the command's own arguments.
  const positional = best.argv[0] === 'diff' ? 3 : 2;
  for (let i = best.argv.length - 1; i >= positional; i--) {
    if (i >= best.argv.length) continue;
    const takesValue = VALUE_OPTIONS.has(best.argv[i]) && i + 1 < best.argv.length;
    if (i > positional && VALUE_OPTIONS.has(best.argv[i - 1])) continue;
    const candidate = structuredClone(best);
    candidate.argv.splice(i, takesValue ? 2 : 1);
    await attempt(candidate);
  }
  for (const name of Object.keys(best.env)) {
    const candidate = structuredClone(best);
    delete candidate.env[name];
    await attempt(candidate);
  }
  // Entries of every YAML file, shallowest first, as long as the file reads back the same.
  for (const path of Object.keys(best.files)) {
    const text = best.files[path];
    if (typeof text !== 'string' || !/\.ya?ml$/.test(path)) continue;
    let doc;
    try {
      doc = load(text, { schema: CORE_SCHEMA.withTags(mergeTag) });
    } catch {
      continue;
    }
    if (doc === null || typeof doc !== 'object') continue;
    const write = (d) => {
      const candidate = structuredClone(best);
      candidate.files[path] = dump(d, { lineWidth: -1, noRefs: true });
      return candidate;
    };
    if (!(await attempt(write(doc)))) continue;
    for (let i = 0; tries < budget;) {
      const list = entries(doc);
      if (i >= list.length) break;
      const trial = structuredClone(doc);
      const { parent, key } = entries(trial)[i];
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
      if (await attempt(write(trial))) doc = trial;
      else i++;
    }
  }
  // Lines of every text file, in halving chunks.
  for (const path of Object.keys(best.files)) {
    if (typeof best.files[path] !== 'string') continue;
    let chunk = Math.max(1, Math.floor(best.files[path].split('\n').length / 2));
    while (chunk >= 1 && tries < budget) {
      let i = 0;
      while (i < best.files[path].split('\n').length && tries < budget) {
        const lines = best.files[path].split('\n');
        const candidate = structuredClone(best);
        candidate.files[path] = [...lines.slice(0, i), ...lines.slice(i + chunk)].join('\n');
        if (!(await attempt(candidate))) i += chunk;
      }
      chunk = Math.floor(chunk / 2);
    }
  }
  await dropFiles();
  return best;
}

/** Every entry of a document, shallowest first, so a whole subtree is tried before its parts. */
function entries(root) {
  const out = [];
  let level = [root];
  while (level.length > 0) {
    const next = [];
    for (const node of level) {
      if (node === null || typeof node !== 'object') continue;
      for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
        out.push({ parent: node, key });
        next.push(node[key]);
      }
    }
    level = next;
  }
  return out;
}

function quote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

function writeFile(lines, path, spec) {
  const target = `"$case/${path}"`;
  lines.push(`mkdir -p "$(dirname ${target})"`);
  if (
    typeof spec === 'string' &&
    spec !== '' &&
    TEXT_SAFE.test(spec) &&
    !spec.includes('HEADROOM_EOF')
  ) {
    const body = spec.endsWith('\n') ? spec.slice(0, -1) : spec;
    lines.push(`cat > ${target} <<'HEADROOM_EOF'`, body, 'HEADROOM_EOF');
    // The here-document ends with a line break the file does not have.
    if (!spec.endsWith('\n')) lines.push(`truncate -s -1 ${target}`);
  } else if (spec === '') {
    lines.push(`: > ${target}`);
  } else {
    const b64 =
      typeof spec === 'string' ? Buffer.from(spec, 'utf8').toString('base64') : spec.base64;
    lines.push(`printf %s ${quote(b64)} | base64 -d > ${target}`);
  }
}

/** A shell script that rebuilds the case under .fuzz/case and runs the bundled CLI on it. */
export function reproducerScript(c, { failureClass, seed, index }) {
  const lines = [
    '#!/bin/sh',
    `# ${failureClass}`,
    `# Found as case ${index} of seed ${seed} (npm run fuzz -- --seed ${seed} --replay ${index}).`,
    '# Run from the repository root after npm run package.',
    'root=$(pwd)',
    'case="$root/.fuzz/case"',
    'rm -rf "$case" && mkdir -p "$case/ws" "$case/out"',
  ];
  if (c.git) {
    for (const [path, spec] of Object.entries(c.git.base)) writeFile(lines, path, spec);
    lines.push(
      '(cd "$case/ws" && git init -q && git add -A && git -c user.name=fuzz -c user.email=fuzz@example.com commit -qm base)',
    );
    for (const path of Object.keys(c.git.base))
      if (!(path in c.files)) lines.push(`rm -f "$case/${path}"`);
  }
  for (const [path, spec] of Object.entries(c.files)) writeFile(lines, path, spec);
  for (const s of c.special) {
    lines.push(`rm -rf "$case/${s.path}"`, `mkdir -p "$(dirname "$case/${s.path}")"`);
    if (s.kind === 'dir') lines.push(`mkdir -p "$case/${s.path}"`);
    if (s.kind === 'symlink') lines.push(`ln -s ${quote(s.target)} "$case/${s.path}"`);
    if (s.kind === 'fifo') lines.push(`mkfifo "$case/${s.path}"`);
  }
  const env = Object.entries(c.env).map(([k, v]) => `${k}=${quote(v)}`);
  const argv = c.argv.map((a) =>
    a.includes('{CASE}') ? `"${a.replaceAll('{CASE}', '$case')}"` : quote(a),
  );
  lines.push(
    `cd "$case/${c.cwd}" && env -i PATH="$PATH" ${env.join(' ')} node "$root/dist/cli/index.js" ${argv.join(' ')}`,
    'echo "exit status: $?"',
  );
  return `${lines.join('\n')}\n`;
}
