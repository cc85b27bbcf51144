/**
 * `headroom snapshot`: collects the snapshot, writes it to --out or prints it, and says on
 * standard error what was left out. Errors propagate to the CLI's one error handler.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { collectSnapshot } from '../snapshot/collect/index.js';
import { plainText } from '../snapshot/engine-answers.js';
import { renderSnapshot } from '../snapshot/render.js';
import type { Snapshot } from '../model/snapshot-facts.js';
import { formatBytes } from '../units/format.js';
import { terminal } from '../report/escape.js';
import { VERSION } from '../shared/version.js';
import type { SnapshotCommand } from './args.js';
import type { CliIo } from './main.js';

/** Below this many containers the wait is short and a progress line would only flicker. */
const PROGRESS_FROM = 8;

function summary(s: Snapshot, out: string): string {
  const disks = Object.entries(s.disk)
    .map(([p, d]) => `${p} ${formatBytes(d.used)} of ${formatBytes(d.total)}`)
    .join(', ');
  return (
    `wrote ${out}: ${s.host}, ${s.cpus} CPUs, memory ${formatBytes(s.memory.used)} used of ` +
    `${formatBytes(s.memory.total)}, disk ${disks}, ${s.units.length} systemd service(s), ` +
    `${s.containers.length} container(s)\n`
  );
}

export async function runSnapshot(cmd: SnapshotCommand, io: CliIo): Promise<number> {
  const progress = io.stderrIsTTY
    ? (done: number, total: number, name: string): void => {
        if (total < PROGRESS_FROM) return;
        io.stderr(`\r\x1b[Kmeasuring containers: ${done}/${total} ${terminal(name)}`);
        if (done === total) io.stderr('\r\x1b[K');
      }
    : undefined;
  const timeout = Number(io.env.HEADROOM_ENGINE_TIMEOUT_MS);
  const snapshot = await collectSnapshot({
    host: cmd.host ?? (plainText(io.hostname?.() ?? '', 253) || 'localhost'),
    now: io.now?.() ?? new Date(),
    roots: { proc: resolve(io.cwd, cmd.proc), cgroup: resolve(io.cwd, cmd.cgroup) },
    disks: cmd.disks,
    cwd: io.cwd,
    env: io.env,
    writtenBy: `headroom ${VERSION}`,
    ...(Number.isInteger(timeout) && timeout > 0 ? { engineTimeoutMs: timeout } : {}),
    ...(progress ? { onProgress: progress } : {}),
  });
  const text = renderSnapshot(snapshot, cmd.format);
  if (cmd.out === undefined) {
    io.stdout(text);
  } else {
    const path = resolve(io.cwd, cmd.out);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      const why =
        code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'ENOTDIR' || code === 'EEXIST'
              ? 'a part of its path is a file'
              : code;
      throw new UsageError(`--out ${cmd.out}: cannot write the snapshot there (${why})`);
    }
    io.stderr(summary(snapshot, cmd.out));
  }
  for (const note of snapshot.notes ?? []) io.stderr(`note: ${terminal(note)}\n`);
  return 0;
}
