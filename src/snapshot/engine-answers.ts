/**
 * The Docker Engine API's answers, as plain data: which API version to speak, the running
 * containers (GET /containers/json) and each one's memory (GET /containers/{id}/stats).
 * Shapes as the Engine API reference documents them; anything else is refused with a reason.
 */
import type { ContainerFacts } from '../model/snapshot-facts.js';

/** The newest API version whose answers this reader was written against. */
export const CLIENT_API_VERSION = '1.51';
/** Docker 20.10's version, spoken when the engine does not say which it speaks. */
export const FALLBACK_API_VERSION = '1.41';

function versionParts(v: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * The version to put in every path: the engine's own (its /_ping `API-Version` header) when
 * it is older than ours, else ours, as the docker CLI negotiates. Docker 29 refuses versions
 * older than 1.44, so a fixed old version would not do.
 */
export function negotiateVersion(engine: string | undefined): string {
  const theirs = engine === undefined ? undefined : versionParts(engine);
  if (!theirs) return FALLBACK_API_VERSION;
  const ours = versionParts(CLIENT_API_VERSION)!;
  const older = theirs[0] < ours[0] || (theirs[0] === ours[0] && theirs[1] < ours[1]);
  return older ? `${theirs[0]}.${theirs[1]}` : CLIENT_API_VERSION;
}

export interface ListedContainer {
  id: string;
  name: string;
  image?: string;
  project: string | null;
  service: string | null;
  ports: string[];
}

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Text from the engine as the snapshot can hold it: no control characters, and clipped, so
 * whatever a container is called the file reads back.
 */
export function plainText(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return flat.length > max ? flat.slice(0, max) : flat;
}

function label(labels: unknown, key: string): string | null {
  if (!isObject(labels)) return null;
  const v = labels[key];
  return typeof v === 'string' && v !== '' ? plainText(v, 256) : null;
}

/** As `docker ps` shows ports: `0.0.0.0:8080->80/tcp`, `[::]:8080->80/tcp`, or `80/tcp` unpublished. */
function portText(p: unknown): string | undefined {
  if (!isObject(p) || typeof p.PrivatePort !== 'number') return undefined;
  const type = typeof p.Type === 'string' ? plainText(p.Type, 8) : 'tcp';
  if (typeof p.PublicPort !== 'number' || p.PublicPort === 0) return `${p.PrivatePort}/${type}`;
  const ip = typeof p.IP === 'string' && p.IP !== '' ? plainText(p.IP, 64) : '0.0.0.0';
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `${host}:${p.PublicPort}->${p.PrivatePort}/${type}`;
}

/**
 * GET /containers/json: an array of containers with `Id`, `Names` (each with a leading
 * slash), `Labels` and `Ports`. Throws a reason in plain words when the answer is not that.
 */
export function readContainerList(body: unknown): ListedContainer[] {
  if (!Array.isArray(body)) {
    throw new EngineAnswerError('the list of containers is not a JSON array');
  }
  return body.map((c, i) => {
    if (!isObject(c) || typeof c.Id !== 'string' || c.Id === '') {
      throw new EngineAnswerError(`container ${i + 1} of the list has no Id`);
    }
    const names = Array.isArray(c.Names) ? c.Names.filter((n) => typeof n === 'string') : [];
    // Links give a container extra names with two slashes (`/web/db`); its own has one.
    const own = names.find((n) => n.lastIndexOf('/') === 0) ?? names[0];
    const name =
      plainText(own ? own.replace(/^\//, '') : c.Id.slice(0, 12), 256) || c.Id.slice(0, 12);
    const ports = Array.isArray(c.Ports)
      ? [...new Set(c.Ports.map(portText).filter((p): p is string => p !== undefined))]
      : [];
    return {
      id: c.Id,
      name,
      ...(typeof c.Image === 'string' ? { image: plainText(c.Image, 1000) } : {}),
      project: label(c.Labels, 'com.docker.compose.project'),
      service: label(c.Labels, 'com.docker.compose.service'),
      ports,
    };
  });
}

export interface MeasuredMemory {
  usage: number;
  /** Null when the container has no limit of its own. */
  limit: number | null;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

/**
 * GET /containers/{id}/stats?stream=false: memory as `docker stats` counts it, usage minus
 * the inactive page cache: `total_inactive_file` on cgroup v1, `inactive_file` on v2,
 * `cache` on engines older than both. The engine reports the machine's memory as the limit
 * of a container without one, so a limit at or above `machineMemory` is no limit.
 * Undefined when the container is no longer running (the engine answers with empty stats).
 */
export function readMemoryStats(body: unknown, machineMemory: number): MeasuredMemory | undefined {
  if (!isObject(body)) throw new EngineAnswerError('the statistics are not a JSON object');
  const mem = body.memory_stats;
  if (mem === undefined || (isObject(mem) && Object.keys(mem).length === 0)) return undefined;
  if (!isObject(mem)) throw new EngineAnswerError('memory_stats is not an object');
  const usage = count(mem.usage);
  if (usage === undefined) throw new EngineAnswerError('memory_stats.usage is not a byte count');
  const stats = isObject(mem.stats) ? mem.stats : {};
  // In docker's order: the first of these below the usage is the cache to leave out.
  const cache = ['total_inactive_file', 'inactive_file', 'cache']
    .map((k) => count(stats[k]))
    .find((v) => v !== undefined && v < usage);
  const limit = count(mem.limit);
  return {
    usage: cache !== undefined ? usage - cache : usage,
    limit: limit !== undefined && limit > 0 && limit < machineMemory ? limit : null,
  };
}

/** The engine's own words from an error answer (`{"message": "..."}`), if it gave any. */
export function engineMessage(body: unknown): string | undefined {
  return isObject(body) && typeof body.message === 'string' && body.message.trim() !== ''
    ? body.message.trim()
    : undefined;
}

/** An answer from the engine that does not have the documented shape. */
export class EngineAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineAnswerError';
  }
}

export function containerFacts(c: ListedContainer, memory: MeasuredMemory | null): ContainerFacts {
  return {
    name: c.name,
    id: plainText(c.id.slice(0, 12), 12),
    ...(c.image !== undefined ? { image: c.image } : {}),
    project: c.project,
    service: c.service,
    memory: memory ?? { usage: null, limit: null },
    ports: c.ports,
  };
}
