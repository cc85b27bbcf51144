/**
 * A snapshot as the file that is committed: YAML laid out for reading (one line per disk,
 * a block per service) with a header saying what it is, or JSON for programs.
 */
import { dump } from 'js-yaml';
import type { Snapshot } from '../model/snapshot-facts.js';

export type SnapshotFormat = 'yaml' | 'json';

/** Keys in the order the contract lists them, then the additions. */
const ORDER: ReadonlyArray<keyof Snapshot> = [
  'version',
  'host',
  'taken',
  'cpus',
  'memory',
  'disk',
  'units',
  'containers',
  'other_ports',
  'cgroup',
  'notes',
  'written_by',
];

/**
 * Each top-level key is dumped on its own so each gets the layout that reads best: lists of
 * services one block per entry with their figures on one line, disks one line each.
 */
const FLOW_LEVEL: Partial<Record<keyof Snapshot, number>> = {
  disk: 2,
  units: 3,
  containers: 3,
  cgroup: -1,
  memory: -1,
};

export function renderSnapshot(s: Snapshot, format: SnapshotFormat): string {
  if (format === 'json') return `${JSON.stringify(ordered(s), null, 2)}\n`;
  const head = [
    `# headroom snapshot of ${s.host.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}, taken ${s.taken}.`,
    '# What this server has and what runs on it; a capacity manifest may name this file as a',
    "# host's `snapshot:`. Memory and disk in bytes.",
  ];
  const body = ORDER.filter((k) => s[k] !== undefined).map((k) =>
    dump({ [k]: s[k] }, { flowLevel: FLOW_LEVEL[k] ?? -1, lineWidth: -1, noRefs: true }),
  );
  return `${head.join('\n')}\n${body.join('')}`;
}

function ordered(s: Snapshot): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ORDER) if (s[k] !== undefined) out[k] = s[k];
  return out;
}
