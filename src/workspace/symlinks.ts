/**
 * Why a path's symbolic links could not be followed. The system gives one answer (ELOOP)
 * for two different things: links that lead back to themselves, and a chain longer than it
 * is willing to follow. Only walking the links tells them apart, and the user needs to know
 * which one to fix.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { isAbsolute, join, parse, sep } from 'node:path';

/** How many links Linux follows in one path before it gives up with ELOOP. */
export const MAX_SYMLINKS = 40;

/** A walk this long without a repeat is a chain, whatever the system's own limit is. */
const WALK_LIMIT = 10_000;

export type LinkTrouble = { kind: 'loop' } | { kind: 'chain'; links: number };

/** Follows the links of an absolute path one by one, to say whether they loop. */
export function explainLinks(path: string): LinkTrouble {
  const root = parse(path).root;
  let current = root;
  let pending = path.slice(root.length).split(sep).filter(Boolean);
  const seen = new Set<string>();
  let links = 0;
  while (pending.length > 0 && links < WALK_LIMIT) {
    const [name, ...rest] = pending as [string, ...string[]];
    const candidate = join(current, name);
    let isLink = false;
    try {
      isLink = lstatSync(candidate).isSymbolicLink();
    } catch {
      break;
    }
    if (!isLink) {
      current = candidate;
      pending = rest;
      continue;
    }
    // The same link reached with the same path still to walk can only go round again.
    const state = `${candidate}\u0000${rest.join(sep)}`;
    if (seen.has(state)) return { kind: 'loop' };
    seen.add(state);
    links++;
    const target = readlinkSync(candidate);
    if (isAbsolute(target)) current = parse(target).root;
    pending = [...target.split(sep).filter(Boolean), ...rest];
  }
  return { kind: 'chain', links };
}

/** The reason a path with too many links is refused, in words. */
export function linkTroubleReason(path: string): string {
  const trouble = explainLinks(path);
  return trouble.kind === 'loop'
    ? 'its symbolic links form a loop'
    : `it goes through ${trouble.links} symbolic links, more than the ${MAX_SYMLINKS} that are followed`;
}
