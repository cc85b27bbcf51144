/**
 * A problem's JSON path as the action shows it, clipped like the CLI's (src/shared/errors.ts): a
 * 200,000-character key must not become a 200,000-character annotation or comment line.
 */
const MAX_PATH = 200;

export function clipPath(path: string): string {
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}
