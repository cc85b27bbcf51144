/**
 * The cgroup files headroom reads, from their text: memory.stat, memory.current,
 * memory.max (v2), memory.usage_in_bytes and memory.limit_in_bytes (v1), and
 * /proc/PID/cgroup. Formats as the kernel documents them (cgroup-v2.rst, cgroup-v1/memory.rst).
 */

/** `key value` lines, as in memory.stat. */
export function parseFlatKeyed(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s*$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** A file holding one number, such as memory.current; undefined when it holds anything else. */
export function parseCount(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * A memory limit: v2 writes `max` when there is none, v1 a huge number (the page counter's
 * maximum, 9223372036854771712 on 4 KiB pages). Anything at or above the machine's memory
 * limits nothing.
 */
export function parseMemoryLimit(text: string, machineTotal: number): number | undefined {
  const t = text.trim();
  if (t === 'max' || !/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 && n < machineTotal ? n : undefined;
}

/**
 * Memory in use without the page cache the kernel can take back at once, as `docker stats`
 * counts it: v2 memory.current - inactive_file; v1 memory.usage_in_bytes - total_inactive_file
 * (the hierarchical figure, since usage_in_bytes includes child cgroups).
 */
export function memoryUsage(
  version: 1 | 2,
  usage: number,
  stat: ReadonlyMap<string, number>,
): number {
  const inactive = version === 2 ? stat.get('inactive_file') : stat.get('total_inactive_file');
  return inactive !== undefined && inactive < usage ? usage - inactive : usage;
}

export interface ProcCgroup {
  /** The v2 (unified) path, from the `0::/path` line. */
  unified?: string;
  /** v1 paths by controller name (`memory`, `cpu`, `name=systemd`). */
  controllers: Map<string, string>;
}

/** /proc/PID/cgroup: `hierarchy-ID:controller-list:cgroup-path` lines. */
export function parseProcCgroup(text: string): ProcCgroup {
  const out: ProcCgroup = { controllers: new Map() };
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') {
      out.unified = m[3]!;
      continue;
    }
    for (const c of m[2]!.split(',')) if (c) out.controllers.set(c, m[3]!);
  }
  return out;
}

/**
 * The systemd service a cgroup path belongs to: the first `*.service` segment below
 * `/system.slice`, so a process in a service's sub-cgroup still counts for the service.
 * Undefined for scopes (containers, sessions) and anything outside system.slice.
 */
export function serviceOfPath(path: string): string | undefined {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'system.slice') return undefined;
  for (const p of parts.slice(1)) {
    if (p.endsWith('.service')) return p;
    if (!p.endsWith('.slice')) return undefined;
  }
  return undefined;
}

/** The cgroup path systemd put a process in: v2's unified path, else v1's name=systemd one. */
export function systemdPath(cg: ProcCgroup): string | undefined {
  return cg.controllers.get('name=systemd') ?? cg.unified;
}
