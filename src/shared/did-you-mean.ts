/**
 * "Did you mean": the known word closest to a misspelt one, by edit distance, so a typo in a
 * key or a name gets a suggestion instead of a bare "unknown".
 */

/** The candidate closest to `word`, when it is close enough to be the word meant. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return closeWords(word, candidates)[0];
}

/**
 * The candidates close enough to `word` to be the word meant, nearest first (candidates
 * equally near keep their order).
 */
export function closeWords(word: string, candidates: Iterable<string>): string[] {
  // A third of the word may be wrong: "memroy" is memory, "disk" is not "cpus".
  const limit = Math.max(1, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  const near: Array<{ c: string; d: number }> = [];
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d <= limit) near.push({ c, d });
  }
  return near.sort((a, b) => a.d - b.d).map((n) => n.c);
}

/** Levenshtein distance; words far apart in length are not compared (99). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 100 || b.length > 100) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
