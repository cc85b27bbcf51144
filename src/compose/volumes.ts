/**
 * The short volume syntax (`SOURCE:TARGET[:OPTIONS]`), checked the way compose-go's
 * ParseVolume reads it, so a spec compose refuses is refused here too, and one that an unset
 * variable broke (`${DOCKER_SOCKET}:/var/run/docker.sock` read as `:/var/run/docker.sock`)
 * names that variable. headroom needs nothing else from volumes.
 */
import { ProblemList } from '../shared/errors.js';
import { problemAt } from './located.js';
import type { CNode, MapNode } from './node.js';
import { withUnset, type UnsetNotes } from './unset.js';

/** Why compose-go's ParseVolume refuses a spec, or undefined when it reads it. */
export function volumeSpecError(spec: string): string | undefined {
  if (spec.length === 0) return 'the spec is empty';
  if (spec.length <= 2) return undefined;
  const chars = [...spec];
  let buffer: string[] = [];
  let source = '';
  let target = '';
  let depth = 0;
  for (let i = 0; i <= chars.length; i++) {
    const c = chars[i];
    // Colons inside a ${...} left in the spec do not separate sections.
    if (c === '$' && chars[i + 1] === '{') {
      depth++;
      buffer.push(c);
      continue;
    }
    if (c === '}' && depth > 0) {
      depth--;
      buffer.push(c);
      continue;
    }
    const windowsDrive = c === ':' && buffer.length === 1 && /\p{L}/u.test(buffer[0]!);
    if (windowsDrive || !((c === ':' || c === undefined) && depth === 0)) {
      buffer.push(c!);
      continue;
    }
    const section = buffer.join('');
    buffer = [];
    if (section === '') return 'a section between colons is empty';
    if (source === '' && c === undefined) target = section;
    else if (source === '') source = section;
    else if (target === '') target = section;
    else if (c === ':') return 'it has too many colons';
  }
  return undefined;
}

export function checkVolumes(name: string, service: MapNode, unsetNotes?: UnsetNotes): void {
  const list = service.entries.get('volumes');
  if (list?.kind !== 'seq') return;
  const problems = new ProblemList();
  list.items.forEach((item: CNode) => {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') return;
    const reason = volumeSpecError(item.value);
    if (reason === undefined) return;
    problems.add(
      problemAt(
        item.src,
        `the volume ${JSON.stringify(item.value.slice(0, 80))} of "${name}" is not one docker compose accepts: ${withUnset(reason, item, unsetNotes)}`,
      ),
    );
  });
  problems.throwIfAny();
}
