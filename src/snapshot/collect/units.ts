/**
 * systemd services from the cgroup tree, with their memory, and the listening sockets of
 * their processes: /proc/net/{tcp,tcp6,udp,udp6} give each listening socket's inode,
 * /proc/PID/cgroup which service a process is in, /proc/PID/fd which sockets it holds.
 */
import { endianness } from 'node:os';
import {
  memoryUsage,
  parseCount,
  parseFlatKeyed,
  parseProcCgroup,
  serviceOfPath,
  systemdPath,
} from '../cgroup-files.js';
import { parseNetFile, socketInode, sortAddresses, type ListeningSocket } from '../net-sockets.js';
import { plainText } from '../engine-answers.js';
import type { UnitFacts } from '../../model/snapshot-facts.js';
import type { CgroupVersion, Roots } from './host.js';
import {
  denied,
  listDir,
  listSubdirs,
  readLink,
  readText,
  textOrUndefined,
} from './system-files.js';
import { append } from '../../shared/lists.js';

export interface UnitsResult {
  units: UnitFacts[];
  otherPorts: string[];
  notes: string[];
}

/** Slices nest (system.slice/system-postgresql.slice/...); services do not hold services. */
const MAX_SLICE_DEPTH = 4;

/** `*.service` directories under system.slice, as paths relative to it. */
function serviceDirs(sliceDir: string, prefix = '', depth = 0): string[] {
  const out: string[] = [];
  for (const name of listSubdirs(sliceDir)) {
    if (name.endsWith('.service')) out.push(`${prefix}${name}`);
    else if (name.endsWith('.slice') && depth < MAX_SLICE_DEPTH)
      append(out, serviceDirs(`${sliceDir}/${name}`, `${prefix}${name}/`, depth + 1));
  }
  return out;
}

function unitMemory(version: 1 | 2, dir: string): number | null {
  const usage = parseCount(
    textOrUndefined(`${dir}/${version === 2 ? 'memory.current' : 'memory.usage_in_bytes'}`) ?? '',
  );
  if (usage === undefined) return null;
  const stat = parseFlatKeyed(textOrUndefined(`${dir}/memory.stat`) ?? '');
  return memoryUsage(version, usage, stat);
}

function listeningSockets(proc: string): ListeningSocket[] {
  const order = endianness();
  const out: ListeningSocket[] = [];
  for (const [file, protocol] of [
    ['tcp', 'tcp'],
    ['tcp6', 'tcp'],
    ['udp', 'udp'],
    ['udp6', 'udp'],
  ] as const) {
    const text = textOrUndefined(`${proc}/net/${file}`);
    // A machine without IPv6 has no tcp6: nothing listens there.
    if (text !== undefined) append(out, parseNetFile(text, protocol, order));
  }
  return out;
}

export function collectUnits(roots: Roots, version: CgroupVersion): UnitsResult {
  const notes: string[] = [];
  const sockets = listeningSockets(roots.proc);

  // Which services exist, and where their memory is counted.
  let names: string[] = [];
  const memoryDir = new Map<string, string>();
  if (version === 2) {
    names = serviceDirs(`${roots.cgroup}/system.slice`);
    for (const n of names) memoryDir.set(n, `${roots.cgroup}/system.slice/${n}`);
  } else if (version === 1) {
    const fromSystemd = serviceDirs(`${roots.cgroup}/systemd/system.slice`);
    const fromMemory = serviceDirs(`${roots.cgroup}/memory/system.slice`);
    names = [...new Set([...fromSystemd, ...fromMemory])].sort();
    for (const n of fromMemory) memoryDir.set(n, `${roots.cgroup}/memory/system.slice/${n}`);
  }
  if (version === undefined) {
    notes.push(
      `no cgroup tree at ${roots.cgroup}: systemd services are not listed (--cgroup names another)`,
    );
  } else if (names.length === 0) {
    notes.push(
      `no systemd services under ${roots.cgroup}${version === 1 ? '/systemd' : ''}/system.slice: this system does not run systemd, or its services are not visible from here (inside a container?)`,
    );
  }

  // Which service each socket inode belongs to.
  const owner = new Map<number, string>();
  let unreadable = 0;
  const pids = listDir(roots.proc);
  for (const pid of pids.ok ? pids.value : []) {
    if (!/^\d+$/.test(pid)) continue;
    const cg = readText(`${roots.proc}/${pid}/cgroup`);
    if (!cg.ok) continue;
    const path = systemdPath(parseProcCgroup(cg.value));
    const service = path === undefined ? undefined : serviceOfPath(path);
    if (service === undefined) continue;
    const fds = listDir(`${roots.proc}/${pid}/fd`);
    if (!fds.ok) {
      if (denied(fds.code)) unreadable++;
      continue;
    }
    for (const fd of fds.value) {
      const link = readLink(`${roots.proc}/${pid}/fd/${fd}`);
      if (!link.ok) continue;
      const inode = socketInode(link.value);
      if (inode !== undefined && !owner.has(inode)) owner.set(inode, service);
    }
  }

  const portsOf = new Map<string, string[]>();
  const other: string[] = [];
  for (const s of sockets) {
    const unit = owner.get(s.inode);
    if (unit === undefined) other.push(s.address);
    else portsOf.set(unit, [...(portsOf.get(unit) ?? []), s.address]);
  }

  let unmeasured = 0;
  const units: UnitFacts[] = names.map((rel) => {
    const name = plainText(rel.slice(rel.lastIndexOf('/') + 1), 256);
    const dir = memoryDir.get(rel);
    const usage = dir === undefined || version === undefined ? null : unitMemory(version, dir);
    if (usage === null) unmeasured++;
    return { name, memory: { usage }, ports: sortAddresses(portsOf.get(name) ?? []) };
  });
  // Ports of services whose cgroup was not walked (a deeper slice) still show their owner.
  for (const [service, ports] of portsOf) {
    const name = plainText(service, 256);
    if (units.some((u) => u.name === name)) continue;
    units.push({ name, memory: { usage: null }, ports: sortAddresses(ports) });
    unmeasured++;
  }
  units.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  if (unmeasured > 0) {
    notes.push(
      version === 1
        ? `${unmeasured} service(s) have no memory figure: on cgroup v1 systemd measures a service's memory only with MemoryAccounting=yes`
        : `${unmeasured} service(s) have no memory figure: their cgroup's memory files could not be read`,
    );
  }
  if (unreadable > 0) {
    notes.push(
      `the open sockets of ${unreadable} service process(es) could not be read, so ports may be listed under other_ports without their service; run it with sudo to see which service owns each port`,
    );
  }
  return { units, otherPorts: sortAddresses(other), notes };
}
