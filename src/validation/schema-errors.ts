/**
 * Turns ajv's errors into located problems in plain words: file:line:column, the JSON
 * path, and what to do. One bad value produces one message, not the dozen ajv reports
 * for every branch of an if/then/else it tried.
 */
import type { ErrorObject } from 'ajv';
import type { Problem } from '../errors.js';
import type { PathSegment, YamlDocument } from '../yaml/load.js';
import { closest } from './did-you-mean.js';
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
  // YAML's .nan and .inf are numbers to JavaScript but not to the schema, which wants finite ones.
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

function message(
  e: ErrorObject,
  data: unknown,
  parentSchemaKeys: (e: ErrorObject) => string[],
): string {
  const value = valueAt(data, pointerSegments(e.instancePath));
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const hint = closest(key, parentSchemaKeys(e));
      return `unknown key ${quote(key)}${hint ? `; did you mean "${hint}"?` : ''}`;
    }
    case 'required':
      return `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`;
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
      return `must be ${e.keyword === 'minimum' ? 'at least' : 'more than'} ${(e.params as { limit: number }).limit}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `must be ${e.keyword === 'maximum' ? 'at most' : 'less than'} ${(e.params as { limit: number }).limit}`;
    case 'minLength':
      return (e.params as { limit: number }).limit === 1
        ? 'must not be empty'
        : `must be at least ${(e.params as { limit: number }).limit} characters long`;
    case 'maxLength':
      return `must be at most ${(e.params as { limit: number }).limit} characters long`;
    case 'minItems':
      return `must list at least ${(e.params as { limit: number }).limit} item(s)`;
    case 'maxItems':
      return `must list at most ${(e.params as { limit: number }).limit} item(s)`;
    case 'minProperties':
      return `must have at least ${(e.params as { limit: number }).limit} entr${(e.params as { limit: number }).limit === 1 ? 'y' : 'ies'}`;
    case 'uniqueItems':
      return 'must not list the same item twice';
    case 'pattern': {
      const words = patternWords((e.params as { pattern: string }).pattern);
      return typeof value === 'string'
        ? `${quote(value)} is not allowed here: ${words}`
        : `has a form that is not allowed here: ${words}`;
    }
    case 'propertyNames': {
      const name = (e.params as { propertyName?: string }).propertyName;
      return name !== undefined
        ? `the name ${quote(name)} is not allowed`
        : 'has a name that is not allowed';
    }
    case 'not':
      return RANGE_ENDS.includes(value as string)
        ? `${quote(String(value))} cannot name a tier: "min" and "max" are the ends of a range`
        : 'has a value that is not allowed here';
    case 'oneOf':
    case 'anyOf':
      return `does not match any of the allowed forms`;
    default:
      return e.message ?? 'is not valid';
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

/**
 * Picks the errors worth showing: drops the summary errors of branches (`if`, `anyOf`,
 * `oneOf`) when a more precise error about the same or a deeper value exists, and
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
  for (const e of errors) {
    if (e.keyword === 'if') continue;
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

export interface SchemaCheckOptions {
  file: string;
  /** Known keys for a mapping at a given path, for "did you mean" on unknown keys. */
  knownKeys?: (e: ErrorObject) => string[];
}

/** Runs a precompiled validator and returns located problems (empty when valid). */
export function checkSchema(
  validate: SchemaValidator,
  doc: Pick<YamlDocument, 'value' | 'locate'>,
  options: SchemaCheckOptions,
): Problem[] {
  if (validate(doc.value)) return [];
  const knownKeys =
    options.knownKeys ??
    ((e: ErrorObject) =>
      Object.keys((e.parentSchema as { properties?: object })?.properties ?? {}));
  return select(validate.errors ?? []).map((e) => {
    const segments = pointerSegments(e.instancePath);
    let pos;
    let path = e.instancePath || '/';
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      pos = doc.locate([...segments, key], true);
      path = toPointer([...segments, key]);
    } else if (e.propertyName !== undefined) {
      pos = doc.locate([...segments, e.propertyName], true);
      path = toPointer([...segments, e.propertyName]);
    } else {
      pos = doc.locate(segments);
    }
    const msg =
      e.propertyName !== undefined && e.keyword !== 'propertyNames'
        ? nameMessage(e, e.propertyName)
        : message(e, doc.value, knownKeys);
    return { file: options.file, line: pos.line, column: pos.column, path, message: msg };
  });
}
