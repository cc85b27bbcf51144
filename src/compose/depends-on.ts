/**
 * Services that others wait on to finish: `depends_on: { init: { condition:
 * service_completed_successfully } }` makes `init` a container that runs to completion (a
 * migration, a setup job) rather than steady load. The short syntax (a list) only waits for
 * a start, so it says nothing about that.
 */
import type { Source } from '../shared/terms.js';
import { childMap, isMap, type MapNode } from './node.js';

export interface CompletionWait {
  /** The service that waits. */
  waiter: string;
  /** Where its `condition: service_completed_successfully` is written. */
  src: Source;
}

/** For each service some other service waits on to complete: the first such waiter. */
export function completionWaits(services: MapNode | undefined): Map<string, CompletionWait> {
  const out = new Map<string, CompletionWait>();
  for (const [waiter, node] of services?.entries ?? []) {
    if (!isMap(node)) continue;
    for (const [target, dep] of childMap(node, 'depends_on')?.entries ?? []) {
      if (!isMap(dep)) continue;
      const condition = dep.entries.get('condition');
      if (
        condition?.kind === 'scalar' &&
        condition.value === 'service_completed_successfully' &&
        !out.has(target)
      ) {
        out.set(target, { waiter, src: condition.src });
      }
    }
  }
  return out;
}
