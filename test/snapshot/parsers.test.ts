import { describe, expect, it } from 'vitest';
import {
  memoryUsage,
  parseMemoryLimit,
  parseProcCgroup,
  serviceOfPath,
  systemdPath,
} from '../../src/snapshot/cgroup-files.js';
import {
  allowedCpus,
  countCpuList,
  parseCfsQuota,
  parseCpuMax,
  statCpus,
} from '../../src/snapshot/cpus.js';
import { diskFacts, memoryFacts } from '../../src/snapshot/host-facts.js';
import { parseMeminfo } from '../../src/snapshot/meminfo.js';
import { parseNetFile, socketInode, sortAddresses } from '../../src/snapshot/net-sockets.js';

describe('/proc/meminfo', () => {
  it('reads MemTotal and MemAvailable in KiB', () => {
    const text =
      'MemTotal:        3774212 kB\nMemFree:  310488 kB\nMemAvailable:    2192376 kB\nHugePages_Total:       0\n';
    expect(parseMeminfo(text)).toEqual({ total: 3774212 * 1024, available: 2192376 * 1024 });
  });

  it('falls back to free + buffers + cached on kernels without MemAvailable', () => {
    const text = 'MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\n';
    expect(parseMeminfo(text)).toEqual({ total: 1024000, available: 420 * 1024 });
  });

  it('says why when the text is not a meminfo', () => {
    expect(parseMeminfo('hello')).toEqual({ error: 'it has no MemTotal line' });
    expect(parseMeminfo('MemTotal: 1000 kB\n')).toEqual({
      error: 'it has neither MemAvailable nor MemFree',
    });
  });
});

describe('CPUs', () => {
  it('counts kernel CPU lists', () => {
    expect(countCpuList('0-3')).toBe(4);
    expect(countCpuList('0-3,8,10-11')).toBe(7);
    expect(countCpuList('5')).toBe(1);
    expect(countCpuList('')).toBeUndefined();
    expect(countCpuList('3-1')).toBeUndefined();
    expect(countCpuList('a-b')).toBeUndefined();
  });

  it('reads the affinity from a status file, and the CPU lines of /proc/stat', () => {
    expect(allowedCpus('Name:\tnode\nCpus_allowed:\tff\nCpus_allowed_list:\t0-7\n')).toBe(8);
    expect(allowedCpus('Name:\tnode\n')).toBeUndefined();
    expect(statCpus('cpu  1 2 3\ncpu0 1 2 3\ncpu1 1 2 3\nintr 5\n')).toBe(2);
  });

  it('turns cgroup quotas into cores', () => {
    expect(parseCpuMax('max 100000\n')).toBeUndefined();
    expect(parseCpuMax('150000 100000\n')).toBe(1.5);
    expect(parseCpuMax('50000 100000')).toBe(0.5);
    expect(parseCfsQuota('-1\n', '100000\n')).toBeUndefined();
    expect(parseCfsQuota('200000\n', '100000\n')).toBe(2);
  });
});

describe('cgroup files', () => {
  it('treats max and v1 page-counter maximums as no limit', () => {
    expect(parseMemoryLimit('max\n', 8e9)).toBeUndefined();
    expect(parseMemoryLimit('9223372036854771712\n', 8e9)).toBeUndefined();
    expect(parseMemoryLimit('2147483648\n', 8e9)).toBe(2147483648);
    // A limit above the machine's memory limits nothing.
    expect(parseMemoryLimit('17179869184\n', 8e9)).toBeUndefined();
  });

  it('leaves the inactive page cache out of usage, as docker stats does', () => {
    const v2 = new Map([
      ['inactive_file', 16777216],
      ['total_inactive_file', 1],
    ]);
    expect(memoryUsage(2, 268435456, v2)).toBe(251658240);
    const v1 = new Map([
      ['inactive_file', 1],
      ['total_inactive_file', 31457280],
    ]);
    expect(memoryUsage(1, 283115520, v1)).toBe(251658240);
    // More cache than usage (a moment's race between two reads) leaves the usage whole.
    expect(memoryUsage(2, 100, new Map([['inactive_file', 200]]))).toBe(100);
  });

  it('reads /proc/PID/cgroup on v2, v1 and hybrid systems', () => {
    expect(parseProcCgroup('0::/system.slice/mysql.service\n').unified).toBe(
      '/system.slice/mysql.service',
    );
    const v1 = parseProcCgroup(
      '11:memory:/system.slice/a.service\n4:cpu,cpuacct:/system.slice/a.service\n1:name=systemd:/system.slice/a.service\n0::/system.slice/a.service\n',
    );
    expect(v1.controllers.get('memory')).toBe('/system.slice/a.service');
    expect(v1.controllers.get('cpuacct')).toBe('/system.slice/a.service');
    expect(systemdPath(v1)).toBe('/system.slice/a.service');
  });

  it('finds the service a cgroup path belongs to', () => {
    expect(serviceOfPath('/system.slice/mysql.service')).toBe('mysql.service');
    expect(serviceOfPath('/system.slice/system-postgresql.slice/postgresql@14-main.service')).toBe(
      'postgresql@14-main.service',
    );
    expect(serviceOfPath('/system.slice/docker.service/sub')).toBe('docker.service');
    expect(serviceOfPath('/system.slice/docker-3f1c.scope')).toBeUndefined();
    expect(serviceOfPath('/user.slice/user-1000.slice/session-3.scope')).toBeUndefined();
    expect(serviceOfPath('/init.scope')).toBeUndefined();
  });
});

describe('/proc/net', () => {
  const head =
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  const line = (local: string, remote: string, st: string, inode: number): string =>
    `   0: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000   113        0 ${inode} 1 ffff8a3b41a2c000 100 0 0 10 0\n`;

  it('lists listening TCP sockets with their addresses, in the machine byte order', () => {
    const text =
      head +
      line('00000000:0CEA', '00000000:0000', '0A', 21001) +
      line('0100007F:18EB', '00000000:0000', '0A', 22001) +
      line('0100007F:0CEA', '0100007F:B3A2', '01', 21050);
    expect(parseNetFile(text, 'tcp', 'LE')).toEqual([
      { inode: 21001, address: '0.0.0.0:3306/tcp' },
      { inode: 22001, address: '127.0.0.1:6379/tcp' },
    ]);
    // The same bytes written by a big-endian machine.
    expect(
      parseNetFile(head + line('7F000001:18EB', '00000000:0000', '0A', 1), 'tcp', 'BE'),
    ).toEqual([{ inode: 1, address: '127.0.0.1:6379/tcp' }]);
  });

  it('writes IPv6 addresses in their short form', () => {
    const z = '00000000000000000000000000000000:0000';
    const text =
      head +
      line('00000000000000000000000000000000:0050', z, '0A', 1) +
      line('00000000000000000000000001000000:18EB', z, '0A', 2) +
      line('0000000000000000FFFF00000100007F:0035', z, '0A', 3) +
      line('B80D0120000000000000000001000000:01BB', z, '0A', 4);
    expect(parseNetFile(text, 'tcp', 'LE').map((s) => s.address)).toEqual([
      '[::]:80/tcp',
      '[::1]:6379/tcp',
      '[::ffff:127.0.0.1]:53/tcp',
      '[2001:db8::1]:443/tcp',
    ]);
  });

  it('counts only unconnected UDP sockets as listening', () => {
    const text =
      head +
      line('3500007F:0035', '00000000:0000', '07', 26002) +
      line('0100007F:8F5E', '0100007F:8F5E', '01', 24002);
    expect(parseNetFile(text, 'udp', 'LE')).toEqual([
      { inode: 26002, address: '127.0.0.53:53/udp' },
    ]);
  });

  it('skips lines it cannot read rather than guessing', () => {
    expect(parseNetFile(`${head}garbage\n   0: zz:zz 00 0A\n`, 'tcp', 'LE')).toEqual([]);
  });

  it('reads socket links and sorts addresses by port', () => {
    expect(socketInode('socket:[21001]')).toBe(21001);
    expect(socketInode('pipe:[19557]')).toBeUndefined();
    expect(socketInode('/dev/null')).toBeUndefined();
    expect(
      sortAddresses(['[::]:80/tcp', '0.0.0.0:22/tcp', '0.0.0.0:80/tcp', '0.0.0.0:22/tcp']),
    ).toEqual(['0.0.0.0:22/tcp', '0.0.0.0:80/tcp', '[::]:80/tcp']);
  });
});

describe('host facts', () => {
  it('takes used as total minus available', () => {
    expect(memoryFacts({ total: 3864793088, available: 2244993024 })).toEqual({
      total: 3864793088,
      available: 2244993024,
      used: 1619800064,
    });
  });

  it("counts a cgroup's limit and usage when it is below the machine's memory", () => {
    expect(
      memoryFacts(
        { total: 8348598272, available: 6442450944 },
        { limit: 2147483648, usage: 524288000 },
      ),
    ).toEqual({ total: 2147483648, available: 1623195648, used: 524288000 });
    // The cgroup cannot have more available than the machine.
    expect(memoryFacts({ total: 8e9, available: 1e9 }, { limit: 4e9, usage: 1e9 }).available).toBe(
      1e9,
    );
  });

  it('counts disks as df does, the root reserve apart', () => {
    expect(diskFacts({ bsize: 4096, blocks: 1000, bfree: 400, bavail: 350 })).toEqual({
      total: 4096000,
      used: 2457600,
      available: 1433600,
      reserved: 204800,
    });
    expect(diskFacts({ bsize: 4096, blocks: 10, bfree: 5, bavail: 5 })).toEqual({
      total: 40960,
      used: 20480,
      available: 20480,
    });
  });
});
