// Which folder of src/ may import which: the architecture's arrows, checked by ESLint on
// every build (docs/architecture.md draws them). Each row is a folder and the folders its
// files may import besides their own; anything else in src/ is refused. A sub-folder with a
// row of its own is judged by that row only, and is reachable only by rows that name it.
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// What every reader of the user's files may use.
const READER_TOOLS = ['shared', 'units', 'model', 'yaml', 'validation', 'generated'];

export const LAYERS = {
  // The words every layer shares, typed errors, list helpers, the version: the bottom.
  shared: [],
  // Sizes, cores, ports.
  units: ['shared'],
  // The capacity model: plain data in, plain data out; it knows nothing of who reads its
  // input or renders its result.
  model: ['shared', 'units'],
  // YAML with positions, and schema errors in plain words: the readers' tools.
  yaml: ['shared'],
  validation: ['shared', 'yaml'],
  // Schema validators compiled at build time.
  generated: [],
  // How files are read (disk, a git commit, memory): the readers are handed one.
  workspace: ['shared'],
  // Readers: the user's text to the model's input.
  manifest: [...READER_TOOLS, 'workspace'],
  compose: [...READER_TOOLS, 'workspace'],
  snapshot: READER_TOOLS,
  // `headroom snapshot`'s shell: reads the machine, writes through the snapshot's renderer.
  'snapshot/collect': ['shared', 'units', 'model', 'snapshot'],
  // Renderers: the model's result to JSON, Markdown and text.
  report: ['shared', 'units', 'model'],
  // One check, from a manifest to a report, over whatever file reader it is given.
  check: [...READER_TOOLS, 'workspace', 'manifest', 'compose', 'snapshot', 'report'],
  // The command line's shell.
  cli: [
    ...READER_TOOLS,
    'workspace',
    'manifest',
    'compose',
    'snapshot',
    'snapshot/collect',
    'report',
    'check',
  ],
  // Files directly in src/action: what every part of the action shares.
  action: ['shared', 'report'],
  // The action's parts that turn data into data.
  'action/inputs': [
    'shared',
    'units',
    'model',
    'workspace',
    'compose',
    'report',
    'check',
    'action',
  ],
  'action/report': [...READER_TOOLS, 'workspace', 'report', 'check', 'action'],
  'action/render': ['shared', 'units', 'model', 'report', 'check', 'action', 'action/report'],
  // The action's parts that talk to the runner and to GitHub.
  'action/runner': ['shared', 'report', 'action'],
  'action/github': ['shared', 'action', 'action/github/plugins'],
  'action/github/plugins': ['shared', 'action', 'action/github'],
  'action/base': ['shared', 'model', 'workspace', 'manifest', 'compose', 'action', 'action/github'],
  // The two runs of the action, which put the parts together.
  'action/modes': [
    ...READER_TOOLS,
    'workspace',
    'report',
    'check',
    'action',
    'action/inputs',
    'action/github',
    'action/base',
    'action/render',
    'action/report',
    'action/runner',
  ],
};

const ROWS = Object.keys(LAYERS);
// The action's entry point (src/main.ts, src/index.ts) sits above every row.
const ENTRY = ['./src/main.ts', './src/index.ts'];

function hasOwnRow(child, parent) {
  return child.startsWith(`${parent}/`);
}

/** The folders a file in `row` may not import: every other row, less those it names. */
function forbiddenFor(row) {
  const allowed = new Set([row, ...LAYERS[row]]);
  return ROWS.filter((other) => !allowed.has(other));
}

function zone(row) {
  const nested = ROWS.some((other) => hasOwnRow(other, row));
  const allowed =
    LAYERS[row].length > 0 ? LAYERS[row].map((a) => `src/${a}`).join(', ') : 'nothing else';
  return {
    // A folder with sub-rows owns only the files directly in it.
    target: nested ? `./src/${row}/*.ts` : `./src/${row}/**/*`,
    from: [...forbiddenFor(row).map((other) => `./src/${other}`), ...ENTRY],
    message: `src/${row} may import only ${allowed} (the layers: docs/architecture.md).`,
  };
}

export const layersConfig = [
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: ROWS.map(zone) }],
    },
  },
];
