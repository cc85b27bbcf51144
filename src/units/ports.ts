/**
 * Host ports as a manifest writes them: `8080`, `"8080/udp"`, `"127.0.0.1:8080"`,
 * `"[::1]:8080/tcp"` or a range `"9000-9009"`.
 */
import type { Protocol } from '../shared/terms.js';
import { clip, type Parsed } from './parse.js';

export interface HostPort {
  port: number;
  /** The last port of a range; absent for one port. */
  last?: number;
  protocol: Protocol;
  hostIp: string;
}

const PORT_RE = /^(?:(\[[0-9A-Fa-f:.]+\]|[0-9.]+):)?(\d{1,5})(?:-(\d{1,5}))?(?:\/([A-Za-z]+))?$/;

export function parseProtocol(text: string | undefined): Protocol | undefined {
  const p = (text ?? 'tcp').toLowerCase();
  return p === 'tcp' || p === 'udp' || p === 'sctp' ? p : undefined;
}

/** One port or one range, kept whole: a range is never expanded port by port. */
export function parsePortSpec(input: string | number): Parsed<HostPort> {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 1 || input > 65535) {
      return { ok: false, reason: 'a port is a whole number from 1 to 65535' };
    }
    return { ok: true, value: { port: input, protocol: 'tcp', hostIp: '' } };
  }
  const m = PORT_RE.exec(input.trim());
  if (!m) {
    return {
      ok: false,
      reason: `"${clip(input)}" is not a port; write 8080, "8080/udp" or "127.0.0.1:8080"`,
    };
  }
  const protocol = parseProtocol(m[4]);
  if (!protocol)
    return { ok: false, reason: `"${clip(m[4]!)}" is not a protocol; use tcp, udp or sctp` };
  const first = Number(m[2]);
  const last = m[3] === undefined ? first : Number(m[3]);
  if (first < 1 || last > 65535 || first > 65535)
    return { ok: false, reason: 'a port is a whole number from 1 to 65535' };
  if (last < first) return { ok: false, reason: `the port range "${clip(input)}" runs backwards` };
  const hostIp = (m[1] ?? '').replace(/^\[|\]$/g, '');
  return {
    ok: true,
    value: { port: first, ...(last > first ? { last } : {}), protocol, hostIp },
  };
}

/** Whether a host address is every address: unset, `0.0.0.0` or `::`. */
export function isWildcardAddress(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::';
}

/** Whether two host addresses can collide: the wildcard overlaps every address. */
export function addressesOverlap(a: string, b: string): boolean {
  return isWildcardAddress(a) || isWildcardAddress(b) || a === b;
}

/** The last port of a port or range. */
export function lastPort(p: { port: number; last?: number }): number {
  return p.last ?? p.port;
}

/** `port 8080` or `ports 9000-9009`, for messages. */
export function portWords(port: number, last: number): string {
  return last > port ? `ports ${port}-${last}` : `port ${port}`;
}
