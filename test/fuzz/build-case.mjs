// Recipe in, case out: the files of a workspace, what else is on disk around it, the command
// line and the environment. Pure: the same recipe and corpus always give the same case, so
// a case can be replayed and shrunk from its recipe alone.
//
// Layout of a case on disk (see materialize.mjs), `{CASE}` standing for its folder:
//   {CASE}/ws/...            the workspace: the project's files, mutated
//   {CASE}/secret.yml        outside the workspace; its marker must never be printed
//   {CASE}/out/report.json   where --output writes, outside the workspace
import { posix } from 'node:path';
import { CORE_SCHEMA, dump, load, mergeTag } from 'js-yaml';

/** Edits made to the text of a file, after the structural ones. */
const TEXT_OPS = new Set([
  'text',
  'drop-line',
  'dup-line',
  'indent',
  'dedent',
  'token',
  'env-line',
  'env-chain',
  'extends-chain',
]);

/** Printed nowhere, ever: it sits in files outside the workspace and in .git. */
export const SECRET = 'fuzz-secret-7f3a9c';

const pick = (list, n) => (list.length === 0 ? undefined : list[n % list.length]);

function parse(text) {
  try {
    const data = load(text, { schema: CORE_SCHEMA.withTags(mergeTag) });
    return data !== null && typeof data === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Sets an own property, even one called __proto__, without touching any prototype. */
function setOwn(obj, key, val) {
  Object.defineProperty(obj, key, {
    value: val,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Turns a generated value (maps as `{ $map: [[k, v]] }`, to allow any key) into data. */
function realise(v) {
  if (Array.isArray(v)) return v.map(realise);
  if (v !== null && typeof v === 'object' && Array.isArray(v.$map)) {
    const out = {};
    for (const [k, x] of v.$map) setOwn(out, k, realise(x));
    return out;
  }
  return v;
}

function clone(v) {
  if (Array.isArray(v)) return v.map(clone);
  if (v !== null && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v)) setOwn(out, k, clone(v[k]));
    return out;
  }
  return v;
}

/** Every place a value lives in a document, depth first: `{ parent, key }`. */
function slots(root) {
  const out = [];
  const visit = (node) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        visit(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const k of Object.keys(node)) {
        out.push({ parent: node, key: k });
        visit(node[k]);
      }
    }
  };
  visit(root);
  return out;
}

function contains(node, target) {
  if (node === target) return true;
  if (node === null || typeof node !== 'object') return false;
  return Object.keys(node).some((k) => contains(node[k], target));
}

/** Units a figure may be rewritten in: the same quantity, spelled in another family. */
const UNIT_SWAPS = {
  '': ['', 'm'],
  m: ['m', 'M', 'MiB', 'MB', ''],
  g: ['g', 'G', 'GiB', 'GB'],
  k: ['k', 'KiB', 'kB'],
  MB: ['MB', 'MiB', 'm', 'GB'],
  GB: ['GB', 'GiB', 'g', 'TB', 'MB'],
  TB: ['TB', 'TiB', 't', 'GB'],
  MiB: ['MiB', 'MB', 'm', 'GiB'],
  GiB: ['GiB', 'GB', 'g', 'MiB'],
  '%': ['%'],
};

/** The figure a slot holds, scaled and perhaps respelled: most units mutations look like this. */
function tweak(old, op) {
  const scale = (n) => {
    const v = Number(n) * op.factor;
    return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, '');
  };
  if (typeof old === 'number') return Number(scale(old));
  if (typeof old !== 'string') return old;
  const m = /^(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*([A-Za-z%]*)$/.exec(old.trim());
  if (!m) return old;
  const swaps = UNIT_SWAPS[m[3]] ?? [m[3]];
  const unit = swaps[op.unit % swaps.length];
  return m[2] === undefined ? `${scale(m[1])}${unit}` : `${m[1]}-${scale(m[2])}${unit}`;
}

function namedEntries(obj) {
  return Object.values(obj).every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
}

function renameKey(obj, from, to) {
  if (from === to || Object.hasOwn(obj, to)) return;
  const entries = Object.keys(obj).map((k) => [k === from ? to : k, obj[k]]);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) setOwn(obj, k, v);
}

function reshape(shape, old) {
  switch (shape) {
    case 'null':
      return null;
    case 'list':
      return [old];
    case 'map':
      return { value: old };
    case 'empty':
      return '';
    case 'number':
      return 0;
    default: {
      // Deeper than the YAML reader allows.
      let v = old;
      for (let i = 0; i < 120; i++) v = [v];
      return v;
    }
  }
}

/** Renames a name everywhere it is written: as a key and as a value, in every file. */
function renameEverywhere(node, from, to) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      if (v === from) node[i] = to;
      else renameEverywhere(v, from, to);
    });
  } else if (node !== null && typeof node === 'object') {
    if (Object.hasOwn(node, from) && !Object.hasOwn(node, to)) renameKey(node, from, to);
    for (const k of Object.keys(node)) {
      if (node[k] === from) setOwn(node, k, to);
      else renameEverywhere(node[k], from, to);
    }
  }
}

/** Names written anywhere in a project: hosts, services, scenarios, tiers, variables. */
function namePool(docs) {
  const names = new Set();
  for (const d of docs) for (const s of slots(d)) if (typeof s.key === 'string') names.add(s.key);
  return [...names].sort();
}

function variablePool(texts) {
  const vars = new Set(['VAR', 'A', 'B', 'OTHER']);
  for (const t of texts)
    for (const m of t.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) vars.add(m[1]);
  return [...vars].sort();
}

const isLeaf = (v) => v === null || typeof v !== 'object';

function structural(op, doc, ctx) {
  const all = slots(doc);
  // A value replaces a value: structure changes are what retype, delete and graft are for.
  // Names are what rename and multiply are for: hosts, services, scenarios, tiers.
  const named = all.filter((x) => !Array.isArray(x.parent) && namedEntries(x.parent));
  const candidates =
    op.op === 'set' || op.op === 'ref' || op.op === 'tweak'
      ? all.filter((x) => isLeaf(x.parent[x.key]))
      : op.op === 'multiply' || (op.op === 'rename' && op.slot % 4 !== 0)
        ? named
        : all;
  const s = pick(candidates.length > 0 ? candidates : all, op.slot);
  if (!s) return;
  const { parent, key } = s;
  switch (op.op) {
    case 'set':
      setOwn(parent, key, realise(op.value));
      break;
    case 'ref':
      setOwn(parent, key, pick(ctx.names, op.ref) ?? 'nothing');
      break;
    case 'tweak':
      setOwn(parent, key, tweak(parent[key], op));
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
      break;
    case 'rename':
      if (!Array.isArray(parent)) renameKey(parent, key, op.name);
      break;
    case 'copy':
      // Another entry like this one: a list item, or a named entry (a host, a service, a
      // scenario) in a mapping of named entries.
      if (Array.isArray(parent)) parent.push(clone(parent[key]));
      else if (!Object.hasOwn(parent, op.name) && namedEntries(parent))
        setOwn(parent, op.name, clone(parent[key]));
      break;
    case 'multiply':
      // Many more of one entry: what a large project looks like, and where slow code shows.
      if (Array.isArray(parent)) {
        for (let i = 0; i < op.times; i++) parent.push(clone(parent[key]));
      } else if (namedEntries(parent)) {
        for (let i = 0; i < op.times; i++) {
          const copy = `${key}-${i + 1}`;
          if (!Object.hasOwn(parent, copy)) setOwn(parent, copy, clone(parent[key]));
        }
      }
      break;
    case 'retype':
      setOwn(parent, key, reshape(op.shape, parent[key]));
      break;
    case 'graft': {
      const donor = pick(ctx.donors(op.from), op.fromSlot);
      if (donor) setOwn(parent, key, clone(donor));
      break;
    }
    case 'swap': {
      const other = pick(all, op.with);
      if (!other || other === s) break;
      const a = parent[key];
      const b = other.parent[other.key];
      if (contains(a, b) || contains(b, a)) break;
      setOwn(parent, key, b);
      setOwn(other.parent, other.key, a);
      break;
    }
  }
}

function textual(op, text) {
  const lines = text.split('\n');
  switch (op.op) {
    case 'text': {
      const i = op.line % (lines.length + 1);
      const line = lines[i] ?? '';
      const indent = /^\s*/.exec(line)[0];
      if (op.line % 2 === 0) lines.splice(i, 0, `${indent}${op.snippet}`);
      else lines[i] = `${line}${op.snippet}`;
      return lines.join('\n');
    }
    case 'drop-line':
      lines.splice(op.line % lines.length, 1);
      return lines.join('\n');
    case 'dup-line': {
      const i = op.line % lines.length;
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'indent':
      lines[op.line % lines.length] = `  ${lines[op.line % lines.length]}`;
      return lines.join('\n');
    case 'dedent': {
      const i = op.line % lines.length;
      lines[i] = lines[i].replace(/^ {1,2}/, '');
      return lines.join('\n');
    }
    case 'token': {
      const tokens = [...text.matchAll(/\d+(?:\.\d+)?/g)];
      const t = pick(tokens, op.token);
      if (!t) return text;
      return text.slice(0, t.index) + op.text + text.slice(t.index + t[0].length);
    }
    default:
      return text;
  }
}

function encode(text, op) {
  const bytes = Buffer.from(text, 'utf8');
  const at = bytes.length === 0 ? 0 : op.at % (bytes.length + 1);
  switch (op.op) {
    case 'bom':
      return `\ufeff${text}`;
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'cr':
      return text.replace(/\n/g, '\r');
    case 'nul':
      return {
        base64: Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from([0]),
          bytes.subarray(at),
        ]).toString('base64'),
      };
    case 'bad-utf8':
      return {
        base64: Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from([0xff, 0xc3]),
          bytes.subarray(at),
        ]).toString('base64'),
      };
    case 'utf16':
      return {
        base64: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]).toString(
          'base64',
        ),
      };
    default:
      return text;
  }
}

function relativeFrom(from, to) {
  return posix.relative(from, to) || '.';
}

/**
 * The case for a recipe. `projects` is the corpus (corpus.mjs). The result is plain JSON:
 * `{ project, files, special, git, cwd, argv, env }`, paths under `ws/` unless said
 * otherwise, `{CASE}` for the case's folder.
 */
export function buildCase(recipe, projects) {
  const project = pick(projects, recipe.project);
  const original = project.files;
  const paths = Object.keys(original).sort();
  const texts = { ...original };
  const docs = {};
  const yamlPaths = paths.filter((p) => /\.ya?ml$/.test(p));
  for (const p of yamlPaths) {
    const d = parse(original[p]);
    if (d) docs[p] = d;
  }
  const parsed = Object.keys(docs).sort();
  const ctx = {
    names: namePool(Object.values(docs)),
    donors: (n) => {
      const other = pick(projects, n);
      const list = [];
      for (const p of Object.keys(other.files).sort()) {
        const d = /\.ya?ml$/.test(p) ? parse(other.files[p]) : undefined;
        if (d) for (const s of slots(d)) list.push(s.parent[s.key]);
      }
      return list;
    },
  };
  const variables = variablePool(Object.values(original));
  const touched = new Set();

  // Structure first, on the parsed documents; then text, on what they dump to.
  for (const op of recipe.edits) {
    if (TEXT_OPS.has(op.op)) continue;
    if (op.op === 'rename-all') {
      const from = pick(ctx.names, op.ref);
      if (from === undefined) continue;
      for (const p of parsed) {
        renameEverywhere(docs[p], from, op.name);
        touched.add(p);
      }
      continue;
    }
    const p = pick(parsed, op.file);
    if (!p) continue;
    structural(op, docs[p], ctx);
    touched.add(p);
  }
  for (const p of touched) texts[p] = dump(docs[p], { lineWidth: -1, noRefs: true });
  for (const op of recipe.edits) {
    if (op.op === 'env-chain') {
      // Each variable twice the one before: a few hundred bytes that expand without end.
      const envFiles = paths.filter((p) => /(^|\/)\.env$|\.env$/.test(p));
      const target = pick(envFiles, op.at) ?? '.env';
      const lines = ['FUZZ_V0=xxxxxxxxxxxxxxxx'];
      for (let i = 1; i <= op.length; i++)
        lines.push(`FUZZ_V${i}=\${FUZZ_V${i - 1}}\${FUZZ_V${i - 1}}`);
      const compose = yamlPaths.filter(
        (p) => /services:/.test(texts[p]) && !/^version: 1$/m.test(texts[p]),
      );
      const file = pick(compose, op.at);
      if (file) texts[file] = `${texts[file]}\nx-fuzz-chain: "\${FUZZ_V${op.length}}"\n`;
      texts[target] = `${texts[target] ?? ''}\n${lines.join('\n')}\n`;
      continue;
    }
    if (op.op === 'extends-chain') {
      // A long chain of services, each extending the one before.
      const compose = yamlPaths.filter(
        (p) => /^services:/m.test(texts[p]) && !/^version: 1$/m.test(texts[p]),
      );
      const file = pick(compose, op.at);
      if (!file) continue;
      const chain = [
        'x-fuzz-chain-end: 1',
        'services:',
        '  fuzz-link-0: { image: x, mem_limit: 16m }',
      ];
      for (let i = 1; i <= op.length; i++)
        chain.push(`  fuzz-link-${i}: { extends: { service: fuzz-link-${i - 1} } }`);
      texts[file] = texts[file].replace(/^services:\s*$/m, chain.slice(1).join('\n'));
      continue;
    }
    if (op.op === 'env-line') {
      const envFiles = paths.filter((p) => /(^|\/)\.env$|\.env$/.test(p));
      const target = pick(envFiles, op.variable) ?? '.env';
      const line = `${pick(variables, op.variable)}=${op.value}`;
      texts[target] =
        `${texts[target] ?? ''}${texts[target]?.endsWith('\n') === false ? '\n' : ''}${line}\n`;
      continue;
    }
    if (!['text', 'drop-line', 'dup-line', 'indent', 'dedent', 'token'].includes(op.op)) continue;
    const p = pick(paths, op.file);
    texts[p] = textual(op, texts[p]);
  }

  const files = {};
  for (const [p, t] of Object.entries(texts)) files[`ws/${p}`] = t;
  files['secret.yml'] = `services:\n  ${SECRET}: { image: x, mem_limit: 1g }\n`;
  const special = [];
  const manifest = project.manifest;
  const caseFiles = Object.keys(texts).sort();

  for (const op of recipe.fs) {
    const p = pick(caseFiles, op.file);
    const key = `ws/${p}`;
    if (files[key] === undefined) continue;
    switch (op.op) {
      case 'missing':
        delete files[key];
        break;
      case 'dir':
        delete files[key];
        special.push({ kind: 'dir', path: key });
        break;
      case 'empty':
        files[key] = '';
        break;
      case 'symlink-out':
        delete files[key];
        special.push({
          kind: 'symlink',
          path: key,
          target: relativeFrom(posix.dirname(key), 'secret.yml'),
        });
        break;
      case 'symlink-in': {
        const to = pick(
          caseFiles.filter((q) => q !== p),
          op.to,
        );
        if (!to) break;
        delete files[key];
        special.push({
          kind: 'symlink',
          path: key,
          target: relativeFrom(posix.dirname(key), `ws/${to}`),
        });
        break;
      }
      case 'symlink-loop':
        delete files[key];
        special.push({ kind: 'symlink', path: key, target: `${posix.basename(key)}.loop` });
        special.push({ kind: 'symlink', path: `${key}.loop`, target: posix.basename(key) });
        break;
      case 'symlink-chain': {
        const text = files[key];
        delete files[key];
        files[`${key}.0`] = text;
        for (let i = 1; i < op.length; i++)
          special.push({
            kind: 'symlink',
            path: `${key}.${i}`,
            target: `${posix.basename(key)}.${i - 1}`,
          });
        special.push({
          kind: 'symlink',
          path: key,
          target: `${posix.basename(key)}.${op.length - 1}`,
        });
        break;
      }
      case 'symlink-git':
        files['ws/.git/config'] = `[core]\n\t# ${SECRET}\n`;
        delete files[key];
        special.push({
          kind: 'symlink',
          path: key,
          target: relativeFrom(posix.dirname(key), 'ws/.git/config'),
        });
        break;
      case 'fifo':
        delete files[key];
        special.push({ kind: 'fifo', path: key });
        break;
      case 'oversize': {
        if (typeof files[key] !== 'string') break;
        const pad = 5 * 1024 * 1024 + 1 - Buffer.byteLength(files[key]);
        files[key] = `${files[key]}\n#${'x'.repeat(Math.max(0, pad - 2))}`;
        break;
      }
      default:
        if (typeof files[key] === 'string') files[key] = encode(files[key], op);
    }
  }

  // The command line.
  const c = recipe.cli;
  const manifestDir = posix.dirname(manifest);
  let cwd = 'ws';
  let manifestArg = manifest;
  switch (c.where) {
    case 'sub':
      cwd = 'ws/fuzz-sub';
      special.push({ kind: 'dir', path: cwd });
      manifestArg = `../${manifest}`;
      break;
    case 'dot-slash':
      manifestArg = `./${manifest}`;
      break;
    case 'absolute':
      manifestArg = `{CASE}/ws/${manifest}`;
      break;
    case 'folder':
      manifestArg = manifestDir === '.' ? '.' : `${manifestDir}/`;
      break;
  }
  const argv = [];
  let git = null;
  if (c.command === 'diff') {
    const base = posix.join(manifestDir, 'fuzz-base.yml');
    files[`ws/${base}`] = original[manifest];
    argv.push('diff', posix.join(posix.dirname(manifestArg), 'fuzz-base.yml'), manifestArg);
  } else {
    argv.push('check', manifestArg);
    if (c.command === 'base') {
      git = { base: Object.fromEntries(paths.map((p) => [`ws/${p}`, original[p]])) };
      argv.push('--base', 'HEAD');
    }
  }
  argv.push('--format', c.format);
  if (c.failOn !== null) argv.push('--fail-on', c.failOn);
  const scenarioNames = Object.keys(docs[manifest]?.scenarios ?? {}).sort();
  for (const s of c.scenarios)
    argv.push('--scenario', typeof s === 'number' ? (pick(scenarioNames, s) ?? 'default') : s);
  const out = relativeFrom(cwd, 'out/report.json');
  if (c.output === 'report') argv.push('--output', out);
  if (c.output === 'folder') argv.push('--output', relativeFrom(cwd, 'out'));
  if (c.output === 'missing') argv.push('--output', relativeFrom(cwd, 'nowhere/report.json'));
  if (c.extra !== null) argv.push(c.extra);

  const env = {};
  for (const e of recipe.env) env[pick(variables, e.variable)] = e.value;

  return {
    project: project.name,
    files,
    special,
    git,
    cwd,
    argv,
    env,
    report: c.output === 'report' ? 'out/report.json' : null,
  };
}
