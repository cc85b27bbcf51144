/**
 * Reading kernel files (/proc, /sys/fs/cgroup) without throwing: each read says what it got
 * or why not, since a process that exits mid-walk or a file the user may not read is
 * ordinary here, not an error.
 */
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';

export type Read<T> = { ok: true; value: T } | { ok: false; code: string };

function attempt<T>(fn: () => T): Read<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, code: (e as NodeJS.ErrnoException).code ?? 'EIO' };
  }
}

export const readText = (path: string): Read<string> => attempt(() => readFileSync(path, 'utf8'));

/** The text, or undefined for any failure. */
export function textOrUndefined(path: string): string | undefined {
  const r = readText(path);
  return r.ok ? r.value : undefined;
}

export const listDir = (path: string): Read<string[]> => attempt(() => readdirSync(path));

/** Sub-directories only. */
export function listSubdirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

export const readLink = (path: string): Read<string> => attempt(() => readlinkSync(path));

export const exists = (path: string): boolean => existsSync(path);

/** Whether an error code means "not allowed" rather than "not there". */
export function denied(code: string): boolean {
  return code === 'EACCES' || code === 'EPERM';
}
