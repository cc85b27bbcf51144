/**
 * Addresses as a host snapshot writes them: a listening socket (`0.0.0.0:3306/tcp`,
 * `[::]:33060/tcp`) and a container's port as `docker ps` shows it
 * (`0.0.0.0:8080->80/tcp`), whose host side is the address the host holds for it. Text that
 * is neither reads as nothing: a snapshot may be written by hand, and an address that
 * cannot be read takes no port.
 */
import { isWildcardAddress, parseProtocol, type HostPort } from './ports.js';

/**
 * Host and port or range: the host IPv4, bracketed IPv6, bare IPv6 as older docker ps wrote
 * it (`:::8080`), or none.
 */
const ADDRESS_RE =
  /^(\[[0-9A-Fa-f:.]*\]|\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*|):(\d{1,5})(?:-(\d{1,5}))?$/;

function hostPort(hostSide: string, protocolText: string | undefined): HostPort | undefined {
  const m = ADDRESS_RE.exec(hostSide.trim());
  const protocol = parseProtocol(protocolText);
  if (!m || !protocol) return undefined;
  const port = Number(m[2]);
  const last = m[3] === undefined ? port : Number(m[3]);
  if (port < 1 || last > 65535 || last < port) return undefined;
  const hostIp = m[1]!.replace(/^\[|\]$/g, '');
  return { port, ...(last > port ? { last } : {}), protocol, hostIp };
}

function splitProtocol(text: string): [string, string | undefined] {
  const slash = text.lastIndexOf('/');
  return slash < 0 ? [text, undefined] : [text.slice(0, slash), text.slice(slash + 1)];
}

/** A listening socket of a unit, or one of `other_ports`. */
export function socketAddress(text: string): HostPort | undefined {
  const [address, protocol] = splitProtocol(text);
  return address.includes('->') ? undefined : hostPort(address, protocol);
}

/**
 * The host side of a container's published port; undefined for a port the container only
 * exposes (`5432/tcp`), which takes nothing on the host.
 */
export function publishedAddress(text: string): HostPort | undefined {
  const [mapping, protocol] = splitProtocol(text);
  const arrow = mapping.indexOf('->');
  return arrow < 0 ? undefined : hostPort(mapping.slice(0, arrow), protocol);
}

/**
 * Whether two addresses are one binding: the same protocol and ports, on the same address
 * or both on every address. A proxy may hold an IPv6 wildcard socket (which takes IPv4
 * too) for a port the engine lists on 0.0.0.0 alone.
 */
export function sameBinding(a: HostPort, b: HostPort): boolean {
  return (
    a.protocol === b.protocol &&
    a.port === b.port &&
    (a.last ?? a.port) === (b.last ?? b.port) &&
    (a.hostIp === b.hostIp || (isWildcardAddress(a.hostIp) && isWildcardAddress(b.hostIp)))
  );
}

/** The host sides of containers' ports, as `docker ps` shows them; exposed-only ports hold none. */
export function publishedBindings(ports: Iterable<string>): HostPort[] {
  const out: HostPort[] = [];
  for (const text of ports) {
    const p = publishedAddress(text);
    if (p) out.push(p);
  }
  return out;
}

/** Whether a listening socket is bound to one of the bindings. */
export function boundToAny(address: string, bindings: readonly HostPort[]): boolean {
  const a = socketAddress(address);
  return a !== undefined && bindings.some((b) => sameBinding(a, b));
}
