/**
 * Listening sockets from /proc/net/tcp, tcp6, udp and udp6. Each line gives the local
 * address as hex in the machine's byte order, the socket state and the socket's inode,
 * which /proc/PID/fd links to as `socket:[inode]`.
 */
import { append } from '../shared/lists.js';

export type Endianness = 'LE' | 'BE';

export interface ListeningSocket {
  inode: number;
  /** `0.0.0.0:3306/tcp`, `[::]:5432/tcp`, `127.0.0.1:53/udp` */
  address: string;
}

/** TCP_LISTEN in tcp_states.h. */
const TCP_LISTEN = '0A';
/** TCP_CLOSE: what an unconnected (bound, receiving) UDP socket shows. */
const UDP_UNCONNECTED = '07';

function hexBytes(hex: string, endianness: Endianness): number[] {
  const bytes: number[] = [];
  // The kernel prints each 32-bit word as one hex number, so the bytes of each word are
  // reversed on a little-endian machine.
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    const b = [0, 2, 4, 6].map((i) => parseInt(word.slice(i, i + 2), 16));
    append(bytes, endianness === 'LE' ? b.reverse() : b);
  }
  return bytes;
}

function ipv4(bytes: readonly number[]): string {
  return bytes.join('.');
}

/** IPv6 text in its shortest form (RFC 5952), IPv4-mapped addresses as ::ffff:a.b.c.d. */
function ipv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${ipv4(bytes.slice(12))}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * The listening sockets of one /proc/net file. `protocol` is `tcp` or `udp`; the file's
 * name says whether its addresses are IPv4 or IPv6, and the address's length agrees.
 */
export function parseNetFile(
  text: string,
  protocol: 'tcp' | 'udp',
  endianness: Endianness,
): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  const lines = text.split('\n');
  for (const line of lines.slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [local, remote, state, , , , , , inodeText] = f.slice(1);
    const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(local!);
    if (!m) continue;
    const listening =
      protocol === 'tcp'
        ? state === TCP_LISTEN
        : state === UDP_UNCONNECTED && /^0+:0000$/.test(remote ?? '');
    if (!listening) continue;
    const inode = Number(inodeText);
    if (!Number.isSafeInteger(inode)) continue;
    const bytes = hexBytes(m[1]!, endianness);
    const port = parseInt(m[2]!, 16);
    const host = bytes.length === 4 ? ipv4(bytes) : `[${ipv6(bytes)}]`;
    out.push({ inode, address: `${host}:${port}/${protocol}` });
  }
  return out;
}

/** The inode a /proc/PID/fd link points at when it is a socket (`socket:[12345]`). */
export function socketInode(link: string): number | undefined {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}

/** Addresses sorted by port, then protocol and address, without repeats. */
export function sortAddresses(addresses: Iterable<string>): string[] {
  const key = (a: string): [number, string] => {
    const m = /:(\d+)\/(\w+)$/.exec(a);
    return [m ? Number(m[1]) : 0, a];
  };
  return [...new Set(addresses)].sort((a, b) => {
    const [pa, sa] = key(a);
    const [pb, sb] = key(b);
    return pa - pb || (sa < sb ? -1 : sa > sb ? 1 : 0);
  });
}
