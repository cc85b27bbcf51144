// Precompiles the JSON schemas into validator modules (ajv standalone code), so no schema
// is compiled when the action starts. Run by `npm run generate`, before tests and builds.
//
// `npm run all` type-checks, tests and packages, and each of those generates first so that
// it also works alone: the validators are written again only when something they are made
// from (this script, the schemas, ajv's version) changed since they were last written, or
// with --force.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src', 'generated');
mkdirSync(out, { recursive: true });

const targets = [
  {
    name: 'capacity',
    schema: join(root, 'schemas', 'capacity.schema.json'),
    // Messages come from src/validation/schema-errors.ts, which words every keyword these
    // schemas use; ajv's own English would only add bytes to the start-up bundle.
    options: {
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
      verbose: true,
      messages: false,
    },
  },
  {
    // Written by headroom itself, and it accepts unknown keys: no suggestions to make, so
    // no need for the schema in each error (verbose), which would double its code.
    name: 'snapshot',
    schema: join(root, 'schemas', 'snapshot.schema.json'),
    options: { strict: true, allowUnionTypes: true, inlineRefs: false, messages: false },
  },
  {
    // The Compose Specification's schema as compose-go embeds it, stored unchanged with its
    // source (schemas/vendor/compose-go/SOURCE). It is a draft 2020-12 schema.
    name: 'compose',
    schema: join(root, 'schemas', 'vendor', 'compose-go', 'schema', 'compose-spec.json'),
    dialect: '2020-12',
    options: {
      strict: true,
      // One subschema of the stored file states additionalProperties without type: object,
      // which strictTypes refuses; every other strict check holds, so a keyword ajv does not
      // know stops the build instead of being silently ignored.
      strictTypes: false,
      allowUnionTypes: true,
      // compose-go registers a duration format but, as draft 2020-12 allows, does not assert
      // formats.
      validateFormats: false,
      inlineRefs: false,
      messages: false,
    },
    // Without ajv's verbose errors (50 kB more at start-up) an error does not carry the
    // schema's properties; this list lets "did you mean" find a known key (src/compose/validate.ts).
    exportPropertyNames: true,
  },
  {
    // What the action writes and a post-report run reads back, possibly from a fork: it
    // embeds the report schema by reference.
    name: 'action-report',
    schema: join(root, 'schemas', 'action-report.schema.json'),
    refs: [
      join(root, 'schemas', 'report.schema.json'),
      // A post-report run may read a report an earlier version of headroom wrote.
      join(root, 'schemas', 'report-v1.schema.json'),
    ],
    options: { strict: true, allowUnionTypes: true },
  },
];

const stamp = join(out, '.made-from.sha256');
const digest = inputsDigest();
const outputs = targets.flatMap((t) => [`${t.name}-validator.js`, `${t.name}-validator.d.ts`]);
if (
  !process.argv.includes('--force') &&
  existsSync(stamp) &&
  readFileSync(stamp, 'utf8') === digest &&
  outputs.every((f) => existsSync(join(out, f)))
) {
  console.log(`validators in ${out} are current`);
  process.exit(0);
}

// Loaded only when there is something to generate: ajv takes a while to load.
const { Ajv } = await import('ajv');
const { Ajv2020 } = await import('ajv/dist/2020.js');
const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');

for (const t of targets) {
  const schema = withoutAnnotations(JSON.parse(readFileSync(t.schema, 'utf8')));
  const Dialect = t.dialect === '2020-12' ? Ajv2020 : Ajv;
  const ajv = new Dialect({
    allErrors: true,
    ...t.options,
    code: { source: true, esm: true, lines: false },
  });
  for (const ref of t.refs ?? [])
    ajv.addSchema(withoutAnnotations(JSON.parse(readFileSync(ref, 'utf8'))));
  const validate = ajv.compile(schema);
  const raw = standaloneCode.default
    ? standaloneCode.default(ajv, validate)
    : standaloneCode(ajv, validate);
  let code = hoistRequires(t.options.messages === false ? withoutSchemaPaths(raw) : raw);
  let types = `import type { ValidateFunction } from 'ajv';\ndeclare const validate: ValidateFunction;\nexport default validate;\n`;
  if (t.exportPropertyNames) {
    code += `\nexport const propertyNames = ${JSON.stringify(propertyNamesOf(schema))};\n`;
    types += `/** Every property name the schema declares, anywhere in it. */\nexport declare const propertyNames: readonly string[];\n`;
  }
  writeFileSync(
    join(out, `${t.name}-validator.js`),
    `// Generated by scripts/generate-validators.mjs from ${relative(root, t.schema)}. Do not edit.\n${code}`,
  );
  writeFileSync(join(out, `${t.name}-validator.d.ts`), types);
}
// Written last: a run cut short leaves no stamp, so the next one generates again.
writeFileSync(stamp, digest);
console.log(`validators written to ${out}`);

/** A digest of everything the validators are made from. */
function inputsDigest() {
  const hash = createHash('sha256');
  const files = [
    fileURLToPath(import.meta.url),
    ...targets.flatMap((t) => [t.schema, ...(t.refs ?? [])]),
  ];
  for (const file of files)
    hash
      .update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  hash.update(`ajv ${createRequire(import.meta.url)('ajv/package.json').version}`);
  return hash.digest('hex');
}

// Every error ajv can report is written into the code with its schemaPath
// ("#/properties/services/..."): a third of the compose validator's bytes, and nothing in
// headroom reads it (messages are worded from keyword, params and instancePath). ajv has no
// option to leave it out, so validators built without messages, the ones loaded at start,
// drop it here; errors then have no schemaPath.
function withoutSchemaPaths(code) {
  // A JSON string literal: a quote inside one is escaped, so `schemaPath:"` starts a property.
  const out = code.replace(/,schemaPath:"(?:[^"\\]|\\.)*"/g, '');
  if (/schemaPath\s*:/.test(out)) throw new Error('a schemaPath the generator does not recognise');
  return out;
}

// ajv's ESM output still calls require() for its runtime helpers; an ES module has no
// require, so each call becomes an import at the top of the module.
function hoistRequires(code) {
  const imports = new Map();
  const body = code.replace(/require\("([^"]+)"\)/g, (_, spec) => {
    if (!imports.has(spec)) imports.set(spec, `__ajv_rt${imports.size}`);
    return imports.get(spec);
  });
  // The helpers are CommonJS with an `exports.default`; Node hands the whole exports object
  // to `default` while bundlers unwrap it, so accept either shape.
  const head = [...imports]
    .map(
      ([spec, id]) =>
        `import * as ${id}_ns from ${JSON.stringify(spec + '.js')};\n` +
        `const ${id} = { default: ${id}_ns.default?.default ?? ${id}_ns.default };`,
    )
    .join('\n');
  return `${head}\n${body}`;
}

/** The names under every `properties` of a schema, sorted, each once. */
function propertyNamesOf(schema) {
  const names = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
        Object.keys(value).forEach((name) => names.add(name));
      }
      // enum and const hold data, not subschemas.
      if (key !== 'enum' && key !== 'const' && key !== 'default') visit(value);
    }
  };
  visit(schema);
  return [...names].sort();
}

// The generated code carries its schema along; titles, descriptions and examples are for
// editors and readers, never for validating, and were a third of the validators' bytes.
function withoutAnnotations(node) {
  if (Array.isArray(node)) return node.map(withoutAnnotations);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (['description', 'title', 'examples', '$comment'].includes(key) && typeof value !== 'object')
      continue;
    if (['examples'].includes(key)) continue;
    // Maps whose keys are names (a property may well be called "description"): keep every
    // key, strip inside the schemas they name.
    if (['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'].includes(key)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, withoutAnnotations(v)]),
      );
      continue;
    }
    out[key] = withoutAnnotations(value);
  }
  return out;
}
