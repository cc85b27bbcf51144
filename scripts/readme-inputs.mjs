// The README's block of inputs and outputs, generated from action.yml between two markers
// (as actions/checkout does), so it cannot say something action.yml does not.
//   node scripts/readme-inputs.mjs          rewrites the block in README.md
//   node scripts/readme-inputs.mjs --check  exits 1 when the block is not what action.yml gives
// Optional paths after the flags: the README and the action.yml to use.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- inputs and outputs: generated from action.yml by scripts/readme-inputs.mjs -->';
const END = '<!-- end of the generated inputs and outputs -->';

const args = process.argv.slice(2);
const check = args[0] === '--check';
const [readmePath = join(root, 'README.md'), actionPath = join(root, 'action.yml')] = check
  ? args.slice(1)
  : args;

/** A description folded to lines of at most `width` characters, each a YAML comment. */
function comment(text, indent, width = 88) {
  const lines = [];
  let line = '';
  for (const word of String(text).trim().split(/\s+/)) {
    if (line && indent.length + 2 + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}# ${l}`);
}

function block(action) {
  const out = ['```yaml', '- uses: OWNER/headroom@v1', '  with:'];
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    out.push(...comment(input.description, '    '));
    const fallback = String(input.default ?? '');
    if (fallback !== '') out.push(`    # Default: ${fallback}`);
    out.push(`    ${name}: ''`, '');
  }
  out.pop();
  out.push('```', '', '| Output | Value |', '| --- | --- |');
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    out.push(`| \`${name}\` | ${String(output.description).trim().replace(/\|/g, '\\|')} |`);
  }
  return out.join('\n');
}

const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) {
  console.error(`${readmePath}: the markers of the generated block are missing`);
  process.exit(1);
}
const generated = block(load(readFileSync(actionPath, 'utf8')));
const updated = `${readme.slice(0, start + START.length)}\n${generated}\n${readme.slice(end)}`;
if (check) {
  if (updated !== readme) {
    console.error(
      `${readmePath}: the inputs and outputs block is not what action.yml gives; run node scripts/readme-inputs.mjs`,
    );
    process.exit(1);
  }
  console.log('README: the inputs and outputs block matches action.yml');
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  console.log(`${readmePath}: inputs and outputs block updated`);
}
