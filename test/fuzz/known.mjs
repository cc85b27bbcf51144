// Failure classes already reported and left for another change, read from KNOWN.md (each
// under a `### ` heading holding the class in backticks). A known class is listed but does
// not fail a run; one that no longer occurs is pointed out so its entry can go.
import { readFileSync } from 'node:fs';

export function knownClasses() {
  let text = '';
  try {
    text = readFileSync(new URL('./KNOWN.md', import.meta.url), 'utf8');
  } catch {
    return new Set();
  }
  return new Set([...text.matchAll(/^### `(.+)`\s*$/gm)].map((m) => m[1]));
}
