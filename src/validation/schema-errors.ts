/**
 * Turns ajv's errors into located problems in plain words: file:line:column, the JSON
 * path, and what to do. One bad value produces one message, not the dozen ajv reports
 * for every branch of an if/then/else it tried.
 */
import type { ErrorObject } from 'ajv';
import type { Problem } from '../shared/errors.js';
import type { PathSegment } from '../shared/terms.js';
import type { YamlDocument } from '../yaml/load.js';
import { closest } from '../shared/did-you-mean.js';
import { patternWords } from './pattern-words.js';

export type SchemaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Splits ajv's `/a/b~1c` instance path into segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly PathSegment[]): string {
  return '/' + segments.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Keys that write a range (`{ min: 200MB, max: 300MB }`), so never tier names. */
const RANGE_ENDS: readonly unknown[] = ['min', 'max'];

function describeType(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  // YAML's .inf and .nan: numbers to JavaScript, but no JSON (so no compose) number. Named as
  // YAML writes them, sign included, so the user finds what to change.
  if (typeof value === 'number' && Number.isNaN(value)) return '.nan, which is not a number';
  if (typeof value === 'number' && !Number.isFinite(value))
    return `${value < 0 ? '-' : ''}.inf, an infinite number`;
  return `a ${typeof value}`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

function typeWords(t: unknown): string {
  const list = (Array.isArray(t) ? t : String(t).split(',')).map(
    (x) => TYPE_WORDS[String(x)] ?? String(x),
  );
  return list.length > 2
    ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`
    : list.join(' or ');
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let cur = root;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.hasOwn(cur, s) ? (cur as Record<string, unknown>)[s] : undefined;
  }
  return cur;
}

function quote(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 60)}…` : flat);
}

/** A key the schema does not allow, named by an additionalProperties or unevaluatedProperties error. */
export function unknownKeyOf(e: ErrorObject): string | undefined {
  const p = e.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown };
  if (e.keyword === 'additionalProperties') return String(p.additionalProperty);
  if (e.keyword === 'unevaluatedProperties') return String(p.unevaluatedProperty);
  return undefined;
}

/**
 * The keywords whose errors are worded here in their own terms. An error of any other
 * keyword is still located and gets a general wording; a test lists every keyword the
 * schemas use, so a schema update that brings a new one is noticed.
 */
export const WORDED_KEYWORDS: ReadonlySet<string> = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'required',
  'dependentRequired',
  'dependencies',
  'type',
  'enum',
  'const',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'items',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'minProperties',
  'maxProperties',
  'uniqueItems',
  'pattern',
  'format',
  'propertyNames',
  'not',
  'oneOf',
  'anyOf',
  'if',
  'false schema',
]);

function message(e: ErrorObject, data: unknown, suggest: KeySuggester): string {
  const value = valueAt(data, pointerSegments(e.instancePath));
  const limit = (e.params as { limit?: number }).limit;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = unknownKeyOf(e)!;
      const hint = suggest(e, key);
      return `unknown key ${quote(key)}${hint ? `; did you mean "${hint}"?` : ''}`;
    }
    case 'required':
      return `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'dependentRequired':
    case 'dependencies': {
      const p = e.params as { property: string; missingProperty: string };
      return `missing key "${p.missingProperty}", required when "${p.property}" is set`;
    }
    case 'type':
      return `expected ${typeWords((e.params as { type: unknown }).type)}, found ${describeType(value)}`;
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
    }
    case 'const':
      return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `must be ${e.keyword === 'minimum' ? 'at least' : 'more than'} ${limit}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `must be ${e.keyword === 'maximum' ? 'at most' : 'less than'} ${limit}`;
    case 'multipleOf':
      return `must be a multiple of ${(e.params as { multipleOf: number }).multipleOf}`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minItems':
      return `must list at least ${limit} item(s)`;
    case 'maxItems':
    case 'items':
    case 'additionalItems':
      return `must list at most ${limit} item(s)`;
    case 'unevaluatedItems':
      return `must list at most ${(e.params as { len: number }).len} item(s)`;
    case 'contains': {
      const p = e.params as { minContains: number; maxContains?: number };
      return p.maxContains === undefined
        ? `must list at least ${p.minContains} item(s) of the required form`
        : `must list between ${p.minContains} and ${p.maxContains} item(s) of the required form`;
    }
    case 'minProperties':
      return `must have at least ${limit} entr${limit === 1 ? 'y' : 'ies'}`;
    case 'maxProperties':
      return `must have at most ${limit} entr${limit === 1 ? 'y' : 'ies'}`;
    case 'uniqueItems':
      return 'must not list the same item twice';
    case 'pattern': {
      const words = patternWords((e.params as { pattern: string }).pattern);
      return typeof value === 'string'
        ? `${quote(value)} is not allowed here: ${words}`
        : `has a form that is not allowed here: ${words}`;
    }
    case 'format':
      return typeof value === 'string'
        ? `${quote(value)} is not a valid ${(e.params as { format: string }).format}`
        : `is not a valid ${(e.params as { format: string }).format}`;
    case 'propertyNames': {
      const name = (e.params as { propertyName?: string }).propertyName;
      return name !== undefined
        ? `the name ${quote(name)} is not allowed`
        : 'has a name that is not allowed';
    }
    case 'not':
      return RANGE_ENDS.includes(value)
        ? `${quote(String(value))} cannot name a tier: "min" and "max" are the ends of a range`
        : 'has a value that is not allowed here';
    case 'false schema':
      return 'has a value that is not allowed here';
    case 'oneOf':
    case 'anyOf':
    case 'if':
      return `does not match any of the allowed forms`;
    default:
      // A keyword not worded above: still located, in plain words, naming the rule.
      return `is not valid here (the schema's "${e.keyword}" rule refuses it)`;
  }
}

/** An error about a mapping key (a host, service, scenario or tier name). */
function nameMessage(e: ErrorObject, name: string): string {
  const limit = (e.params as { limit?: number }).limit;
  switch (e.keyword) {
    case 'minLength':
      return 'a name cannot be empty';
    case 'maxLength':
      return `the name ${quote(name)} is longer than ${limit} characters`;
    case 'pattern':
      return /[\u0000-\u001f\u007f-\u009f]/.test(name)
        ? `the name ${quote(name)} contains control characters (such as a line break), which names cannot hold`
        : `the name ${quote(name)} has characters that are not allowed here: ${patternWords((e.params as { pattern: string }).pattern)}`;
    case 'not':
    case 'enum':
      return RANGE_ENDS.includes(name)
        ? `the name ${quote(name)} cannot name a tier: "min" and "max" are the ends of a range, as in { min: 200MB, max: 300MB }`
        : `the name ${quote(name)} is reserved here`;
    default:
      return `the name ${quote(name)} is not allowed`;
  }
}

/** Keywords whose errors say nothing of whether the value's type was accepted. */
const TYPE_NEUTRAL = new Set([
  'type',
  'enum',
  'const',
  'not',
  'oneOf',
  'anyOf',
  'if',
  'false schema',
]);

/**
 * Picks the errors worth showing: drops the summary errors of branches (`if`, `anyOf`,
 * `oneOf`) when a more precise error about the same or a deeper value exists, the type
 * errors of the forms a value was not meant in, and
 * property-name errors that are explained by the pattern error ajv also reports.
 */
function select(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const seen = new Set<string>();
  /** Where in `out` the type error about each value is. */
  const types = new Map<string, number>();
  const specificPaths = errors
    .filter((e) => !['if', 'anyOf', 'oneOf', 'propertyNames'].includes(e.keyword))
    .map((e) => e.instancePath);
  const branchPaths = new Set(
    errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  // Errors that only a form accepting the value's type reports (a key, a bound, a pattern).
  const typedPaths = errors.filter((e) => !TYPE_NEUTRAL.has(e.keyword)).map((e) => e.instancePath);
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    // `build: { contxt: . }`: the form that takes text refuses the mapping, the form that
    // takes a mapping refuses the key. The mapping was meant; the key is what is wrong.
    if (
      e.keyword === 'type' &&
      branchPaths.has(e.instancePath) &&
      typedPaths.some((p) => p === e.instancePath || p.startsWith(e.instancePath + '/'))
    ) {
      continue;
    }
    if (
      (e.keyword === 'anyOf' || e.keyword === 'oneOf') &&
      specificPaths.some((p) => p === e.instancePath || p.startsWith(e.instancePath + '/'))
    ) {
      continue;
    }
    if (
      e.keyword === 'propertyNames' &&
      errors.some(
        (o) =>
          o !== e &&
          o.instancePath === e.instancePath &&
          o.keyword !== 'propertyNames' &&
          o.propertyName !== undefined,
      )
    ) {
      continue;
    }
    if (e.keyword === 'type' && e.propertyName === undefined) {
      // Each branch of a oneOf wanting its own type would be one message per branch about
      // the same value: one message lists every type the value may have.
      const earlier = types.get(e.instancePath);
      if (earlier !== undefined) {
        const merged = [...typeList(out[earlier]!.params), ...typeList(e.params)];
        out[earlier] = { ...out[earlier]!, params: { type: [...new Set(merged)] } };
        continue;
      }
      types.set(e.instancePath, out.length);
    }
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}|${e.propertyName ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

function typeList(params: ErrorObject['params']): string[] {
  const t = (params as { type: unknown }).type;
  return Array.isArray(t) ? t.map(String) : String(t).split(',');
}

/** The key meant where `key` is unknown (the error `e` names it), if there is one. */
export type KeySuggester = (e: ErrorObject, key: string) => string | undefined;

export interface SchemaCheckOptions {
  file: string;
  /**
   * "Did you mean" for unknown keys. By default, the closest of the properties of the
   * schema that refused the key, which ajv gives only with its `verbose` option.
   */
  suggestKey?: KeySuggester;
}

/** Runs a precompiled validator and returns located problems (empty when valid). */
export function checkSchema(
  validate: SchemaValidator,
  doc: Pick<YamlDocument, 'value' | 'locate'>,
  options: SchemaCheckOptions,
): Problem[] {
  if (validate(doc.value)) return [];
  // Kept before anything else runs: a suggester may run the validator again.
  const errors = select(validate.errors ?? []);
  const suggest =
    options.suggestKey ??
    ((e: ErrorObject, key: string) =>
      closest(key, Object.keys((e.parentSchema as { properties?: object })?.properties ?? {})));
  return errors.map((e) => {
    const segments = pointerSegments(e.instancePath);
    const unknown = unknownKeyOf(e);
    let pos;
    let path = e.instancePath || '/';
    if (unknown !== undefined) {
      pos = doc.locate([...segments, unknown], true);
      path = toPointer([...segments, unknown]);
    } else if (e.propertyName !== undefined) {
      pos = doc.locate([...segments, e.propertyName], true);
      path = toPointer([...segments, e.propertyName]);
    } else {
      pos = doc.locate(segments);
    }
    const msg =
      e.propertyName !== undefined && e.keyword !== 'propertyNames'
        ? nameMessage(e, e.propertyName)
        : message(e, doc.value, suggest);
    return { file: options.file, line: pos.line, column: pos.column, path, message: msg };
  });
}
