/**
 * A service's `ports`, in the short syntax `[IP:][HOST[-RANGE]:]CONTAINER[-RANGE][/PROTO]`
 * (IPv6 addresses in brackets) and the long syntax (`target`, `published`, `host_ip`,
 * `protocol`, `mode`), normalised as compose-go does with Docker's port parser:
 *  - container and host ranges of the same length pair up port by port;
 *  - a host range against a single container port is left to Docker, which picks a free
 *    port in it when the container starts, so no one host port can be named for it;
 *  - the protocol is lower-cased and must be tcp, udp or sctp;
 *  - `published` is kept as text, as written; an empty or `0` one asks for a random port;
 *  - after merging, entries that normalise to the same binding are kept once (the later
 *    one wins), like compose-go's `EnforceUnicity`.
 * Only published ports take a host port, so only they reach the port-conflict check.
 */
import { isIP } from 'node:net';
import type { Protocol, Source } from '../shared/terms.js';
import type { PublishedPort } from '../model/types.js';
import { InputError } from '../shared/errors.js';
import { failAt } from './located.js';
import type { CNode } from './node.js';
import { unsetCause, unsetIn, type UnsetNotes } from './unset.js';

export interface PortBinding {
  target: number;
  /** The host port or range as written; undefined when none is published. */
  published?: string;
  hostIp: string;
  protocol: Protocol;
  src: Source;
  /**
   * Unset variables that left the host port empty (`${PORT}:80` read as `:80`): Docker then
   * picks a random port, where the file meant a fixed one.
   */
  emptiedBy?: readonly string[];
}

function protocolOf(text: string, src: Source): Protocol {
  const p = text.toLowerCase();
  if (p === 'tcp' || p === 'udp' || p === 'sctp') return p;
  return failAt(src, `unknown protocol "${text}" in a port; use tcp, udp or sctp`);
}

function checkIp(ip: string, src: Source): string {
  // Go's net.ParseIP, which Docker uses, takes no IPv6 zone.
  if (ip !== '' && (isIP(ip) === 0 || ip.includes('%'))) {
    failAt(src, `"${ip}" is not an IP address`);
  }
  return ip;
}

/** Docker's `ParsePortRange`: `8080` or `8000-8010`, decimal, 0 to 65535. */
function portRange(text: string, what: string, src: Source): [number, number] {
  const parts = text.split('-');
  const ok = parts.length <= 2 && parts.every((p) => /^\d{1,5}$/.test(p) && Number(p) <= 65535);
  if (!ok) failAt(src, `"${text}" is not a valid ${what}; a port is a number from 0 to 65535`);
  const start = Number(parts[0]);
  const end = Number(parts[1] ?? parts[0]);
  if (end < start) failAt(src, `the ${what} range "${text}" runs backwards`);
  return [start, end];
}

function shortSyntax(raw: string, src: Source): PortBinding[] {
  const parts = raw.split(':');
  const n = parts.length;
  const container = parts[n - 1]!;
  const host = n >= 2 ? parts[n - 2]! : '';
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';

  const slash = container.split('/');
  const containerPort = slash[0]!;
  const protocol = protocolOf(slash.length > 1 && slash[1] !== '' ? slash[1]! : 'tcp', src);
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) failAt(src, `"${ip}" is not an IP address`);
    ip = ip.slice(1, -1);
  }
  checkIp(ip, src);
  if (containerPort === '') failAt(src, `"${raw}" names no container port`);

  const [start, end] = portRange(containerPort, 'container port', src);
  let hostStart = 0;
  let hostEnd = 0;
  if (host !== '') {
    [hostStart, hostEnd] = portRange(host, 'host port', src);
    if (end - start !== hostEnd - hostStart && end !== start) {
      failAt(
        src,
        `the container ports ${containerPort} and host ports ${host} are ranges of different lengths`,
      );
    }
  }
  const count = end - start + 1;
  const out: PortBinding[] = [];
  for (let i = 0; i < count; i++) {
    let published: string | undefined;
    if (host !== '') {
      published = String(hostStart + i);
      if (count === 1 && hostStart !== hostEnd) published += `-${hostEnd}`;
    }
    out.push({
      target: start + i,
      hostIp: ip,
      protocol,
      src,
      ...(published !== undefined ? { published } : {}),
    });
  }
  return out;
}

function longSyntax(node: Extract<CNode, { kind: 'map' }>): PortBinding {
  const field = (k: string): CNode | undefined => node.entries.get(k);
  const target = field('target');
  if (
    target?.kind !== 'scalar' ||
    typeof target.value !== 'number' ||
    !Number.isInteger(target.value) ||
    target.value < 0 ||
    target.value > 65535
  ) {
    return failAt(
      target?.src ?? node.src,
      'a port in the long syntax needs `target`, a port number from 0 to 65535',
    );
  }
  const text = (k: string): string | undefined => {
    const f = field(k);
    if (f === undefined || (f.kind === 'scalar' && f.value === null)) return undefined;
    if (f.kind !== 'scalar' || (typeof f.value !== 'string' && typeof f.value !== 'number')) {
      failAt(f.src, `\`${k}\` must be text or a number`);
    }
    return String(f.value);
  };
  const published = text('published');
  if (published !== undefined && published !== '') {
    portRange(published, 'published port', field('published')!.src);
  }
  const hostIp = text('host_ip') ?? '';
  checkIp(hostIp, field('host_ip')?.src ?? node.src);
  return {
    target: target.value,
    hostIp,
    protocol: protocolOf(text('protocol') ?? 'tcp', field('protocol')?.src ?? node.src),
    src: node.src,
    ...(published !== undefined && published !== '' ? { published } : {}),
  };
}

function readPortEntry(node: CNode): PortBinding[] {
  if (node.kind === 'map') {
    const b = longSyntax(node);
    const emptied = unsetIn(node.entries.get('published'));
    return [emptied.length > 0 && b.published === undefined ? { ...b, emptiedBy: emptied } : b];
  }
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const bindings = shortSyntax(node.value, node.src);
    const emptied = unsetIn(node);
    // `[IP:]HOST:CONTAINER` with nothing where the host port goes.
    const parts = node.value.split(':');
    const hostEmpty = parts.length >= 2 && parts[parts.length - 2] === '';
    return emptied.length > 0 && hostEmpty
      ? bindings.map((b) => ({ ...b, emptiedBy: emptied }))
      : bindings;
  }
  if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isInteger(node.value)) {
    return shortSyntax(String(node.value), node.src);
  }
  return failAt(node.src, 'a port is written as "8080:80", as 80, or as a mapping with `target`');
}

/** A port entry, refused naming the unset variables that made it unusable. */
function readPortEntryExplained(node: CNode, unsetNotes: UnsetNotes | undefined): PortBinding[] {
  try {
    return readPortEntry(node);
  } catch (e) {
    const names = node.kind === 'map' ? [...node.entries.values()].flatMap(unsetIn) : unsetIn(node);
    if (!(e instanceof InputError) || names.length === 0) throw e;
    const why = unsetCause(names, node.src.file, unsetNotes);
    throw new InputError(e.problems.map((p) => ({ ...p, message: `${p.message} ${why}` })));
  }
}

/** More bindings than one service could ever hold are refused rather than expanded. */
const MAX_BINDINGS = 2 * 65536;

/** All bindings of a `ports` list, each normalised binding once, the later one winning. */
export function readPorts(list: CNode | undefined, unsetNotes?: UnsetNotes): PortBinding[] {
  if (!list || (list.kind === 'scalar' && list.value === null)) return [];
  if (list.kind !== 'seq') return failAt(list.src, '`ports` must be a list');
  const byKey = new Map<string, PortBinding>();
  let expanded = 0;
  for (const item of list.items) {
    const entry = readPortEntryExplained(item, unsetNotes);
    expanded += entry.length;
    if (expanded > MAX_BINDINGS) {
      failAt(item.src, `these ports expand to more than ${MAX_BINDINGS} bindings; refused`);
    }
    for (const b of entry) {
      byKey.set(`${b.hostIp || '0.0.0.0'}:${b.published ?? ''}:${b.target}/${b.protocol}`, b);
    }
  }
  return [...byKey.values()];
}

export interface HostPorts {
  published: PublishedPort[];
  /** Bindings whose host port Docker picks from a range at start-up. */
  dynamic: PortBinding[];
}

export function hostPorts(bindings: readonly PortBinding[]): HostPorts {
  const out: HostPorts = { published: [], dynamic: [] };
  for (const b of bindings) {
    if (b.published === undefined) continue;
    const [start, end] = b.published.split('-').map(Number) as [number, number | undefined];
    if (end !== undefined && end !== start) {
      out.dynamic.push(b);
      continue;
    }
    // Port 0 asks Docker for a random free port.
    if (start === 0) continue;
    // A range written as one entry (`"9000-9009:9000-9009"`) pairs up port by port; it is
    // published, and checked for clashes, as the one range it was written as.
    const prev = out.published[out.published.length - 1];
    if (
      prev &&
      prev.source === b.src &&
      prev.protocol === b.protocol &&
      prev.hostIp === b.hostIp &&
      (prev.last ?? prev.port) + 1 === start
    ) {
      prev.last = start;
      continue;
    }
    out.published.push({ port: start, protocol: b.protocol, hostIp: b.hostIp, source: b.src });
  }
  return out;
}
