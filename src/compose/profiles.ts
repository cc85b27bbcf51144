/**
 * Compose profiles. A service listing `profiles` runs only when one of them is enabled
 * (`*` enables all); a service without profiles always runs. The manifest's compose entry
 * enables profiles like `docker compose --profile`, and without it COMPOSE_PROFILES from
 * the project's variables applies, as in compose. A scenario's own `profiles` override both
 * (the model decides that).
 */
import type { ComposeRef } from '../model/manifest-spec.js';
import type { Env } from './environment.js';
import { failAt } from './located.js';
import type { MapNode } from './node.js';

export function serviceProfiles(service: MapNode): string[] {
  const node = service.entries.get('profiles');
  if (!node || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind !== 'seq') return failAt(node.src, '`profiles` must be a list of names');
  return node.items.map((item) => {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      return failAt(item.src, 'a profile is a name');
    }
    return item.value;
  });
}

export function enabledProfiles(ref: ComposeRef, env: Env): string[] | undefined {
  if (ref.profiles) return [...ref.profiles];
  const fromEnv = env.get('COMPOSE_PROFILES');
  if (fromEnv === undefined) return undefined;
  const list = fromEnv
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return list.length > 0 ? list : undefined;
}
