/**
 * Lists of any length. A list spread into a call (`push(...items)`, `Math.min(...values)`)
 * puts every element on the stack, and past about 120,000 of them the call throws "Maximum
 * call stack size exceeded": a manifest of many services, findings or ports reaches that.
 * These take the list as one argument instead.
 */

/** Appends every item to `into`, in order; returns `into`. */
export function append<T>(into: T[], items: Iterable<T>): T[] {
  for (const item of items) into.push(item);
  return into;
}

/** The smallest of the values, or `empty` when there are none. */
export function least<E>(values: Iterable<number>, empty: E): number | E {
  let min: number | E = empty;
  let any = false;
  for (const v of values) {
    if (!any || v < (min as number)) min = v;
    any = true;
  }
  return min;
}

/** The largest of the values, or `empty` when there are none. */
export function greatest<E>(values: Iterable<number>, empty: E): number | E {
  let max: number | E = empty;
  let any = false;
  for (const v of values) {
    if (!any || v > (max as number)) max = v;
    any = true;
  }
  return max;
}
