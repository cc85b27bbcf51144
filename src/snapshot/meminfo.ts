/** /proc/meminfo text to the machine's memory, in bytes. */

export interface Meminfo {
  total: number;
  /** MemAvailable: what can be given to new work without swapping, page cache included. */
  available: number;
}

/**
 * Reads MemTotal and MemAvailable (the kernel writes them in kB, which are KiB). Kernels
 * before 3.14 have no MemAvailable; free + buffers + cached is what `free` showed then.
 * Returns a reason instead when the text does not say how much memory there is.
 */
export function parseMeminfo(text: string): Meminfo | { error: string } {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m) fields.set(m[1]!, Number(m[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1));
  }
  const total = fields.get('MemTotal');
  if (total === undefined || total <= 0 || !Number.isSafeInteger(total)) {
    return { error: 'it has no MemTotal line' };
  }
  let available = fields.get('MemAvailable');
  if (available === undefined) {
    const free = fields.get('MemFree');
    if (free === undefined) return { error: 'it has neither MemAvailable nor MemFree' };
    available = free + (fields.get('Buffers') ?? 0) + (fields.get('Cached') ?? 0);
  }
  return { total, available: Math.min(available, total) };
}
