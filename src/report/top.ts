/**
 * The first `k` items of a list in the order `compare` gives, without sorting the whole
 * list: a report of ten thousand services shows its largest few, scenario after scenario.
 * The result is what sorting the whole list and taking its first `k` would give (ties keep
 * the list's order, as a stable sort does).
 */
export function firstBy<T>(items: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    if (top.length === k && compare(item, top[k - 1]!) >= 0) continue;
    // After the last element that comes before or ties with it: ties keep their order.
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(item, top[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}
