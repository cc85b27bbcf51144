/**
 * Compose's two YAML tags. `!reset` removes what earlier files (or the base of `extends`)
 * set at that place; `!override` replaces it instead of merging into it. The loader turns
 * a tagged value into a `Tagged` wrapper so the document reader can see where tags were.
 */
import {
  NOT_RESOLVED,
  boolCoreTag,
  defineMappingTag,
  defineScalarTag,
  defineSequenceTag,
  floatCoreTag,
  intCoreTag,
  nullCoreTag,
  type TagDefinition,
} from 'js-yaml';

type ComposeTag = 'reset' | 'override';

export class Tagged {
  constructor(
    readonly tag: ComposeTag,
    readonly value: unknown,
  ) {}
}

/** A tagged scalar keeps the type it would have had untagged: `!override 3` is a number. */
function coreScalar(text: string): unknown {
  for (const t of [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag]) {
    const v: unknown = t.resolve(text, false, t.tagName);
    if (v !== NOT_RESOLVED) return v;
  }
  return text;
}

function tagsFor(tag: ComposeTag): TagDefinition[] {
  const name = `!${tag}`;
  return [
    defineScalarTag<Tagged>(name, {
      resolve: (text) => new Tagged(tag, coreScalar(text)),
      identify: () => false,
    }),
    defineSequenceTag<unknown[], Tagged>(name, {
      create: () => [],
      addItem: (carrier, item) => {
        carrier.push(item);
      },
      finalize: (carrier) => new Tagged(tag, carrier),
      identify: () => false,
    }),
    defineMappingTag<Map<string, unknown>, Tagged>(name, {
      create: () => new Map(),
      addPair: (carrier, key, value) => {
        carrier.set(String(key), value);
        return '';
      },
      has: (carrier, key) => carrier.has(String(key)),
      keys: (result) => Object.keys(result.value as object),
      get: (result, key) => (result.value as Record<string, unknown>)[String(key)],
      finalize: (carrier) => new Tagged(tag, Object.fromEntries(carrier)),
      identify: () => false,
    }),
  ];
}

export const COMPOSE_TAGS: readonly TagDefinition[] = [...tagsFor('reset'), ...tagsFor('override')];
