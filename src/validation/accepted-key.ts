/**
 * "Did you mean" for a validator built without ajv's verbose errors, whose errors do not
 * carry the properties of the schema that refused a key (verbose errors would add 50 kB to
 * the compose validator loaded at every start). Instead the validator is asked: of the
 * names the schema declares anywhere, those close to the unknown key are put in its place,
 * nearest first, and the first one the validator no longer refuses there is the suggestion.
 * Only the path down to that mapping is copied; the document itself is not changed.
 */
import type { ErrorObject } from 'ajv';
import { closeWords } from '../shared/did-you-mean.js';
import {
  pointerSegments,
  unknownKeyOf,
  type KeySuggester,
  type SchemaValidator,
} from './schema-errors.js';

/** How many times one document may be validated again to find suggestions. */
const MAX_TRIES = 60;

export function acceptedKeySuggester(
  validate: SchemaValidator,
  data: unknown,
  names: readonly string[],
): KeySuggester {
  let tries = MAX_TRIES;
  let original: readonly ErrorObject[] | undefined;
  return (e, key) => {
    // Under a oneOf, several forms may refuse a key; a name is accepted when fewer do.
    const refusals = (errors: readonly ErrorObject[], name: string): number =>
      errors.filter((x) => x.instancePath === e.instancePath && unknownKeyOf(x) === name).length;
    const at = pointerSegments(e.instancePath);
    for (const name of closeWords(key, names)) {
      if (name === key) continue;
      if (tries <= 0) return undefined;
      const probe = renamed(data, at, key, name);
      if (probe === undefined) return undefined;
      if (original === undefined) {
        tries--;
        validate(data);
        original = validate.errors ?? [];
      }
      tries--;
      if (validate(probe) || refusals(validate.errors ?? [], name) < refusals(original, key)) {
        return name;
      }
    }
    return undefined;
  };
}

/** `data` with the key `from` of the mapping at `at` renamed `to`, sharing everything else. */
function renamed(data: unknown, at: readonly string[], from: string, to: string): unknown {
  if (at.length === 0) {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
    if (!Object.hasOwn(data, from)) return undefined;
    const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) };
    copy[to] = copy[from];
    delete copy[from];
    return copy;
  }
  const [head, ...rest] = at as [string, ...string[]];
  if (Array.isArray(data)) {
    const i = Number(head);
    if (!Number.isInteger(i) || i < 0 || i >= data.length) return undefined;
    const inner = renamed(data[i], rest, from, to);
    if (inner === undefined) return undefined;
    const copy = data.slice();
    copy[i] = inner;
    return copy;
  }
  if (data === null || typeof data !== 'object' || !Object.hasOwn(data, head)) return undefined;
  const inner = renamed((data as Record<string, unknown>)[head], rest, from, to);
  return inner === undefined ? undefined : { ...(data as Record<string, unknown>), [head]: inner };
}
