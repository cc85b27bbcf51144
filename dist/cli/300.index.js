export const id = 300;
export const ids = [300];
export const modules = {

/***/ 300:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSnapshot: () => (/* binding */ runSnapshot)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(382);
;// CONCATENATED MODULE: ./src/model/snapshot-facts.ts
const SNAPSHOT_VERSION = 1;

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(67);
;// CONCATENATED MODULE: ./src/snapshot/engine-answers.ts
/** The newest API version whose answers this reader was written against. */
const CLIENT_API_VERSION = '1.51';
/** Docker 20.10's version, spoken when the engine does not say which it speaks. */
const FALLBACK_API_VERSION = '1.41';
function versionParts(v) {
    const m = /^(\d+)\.(\d+)$/.exec(v.trim());
    return m ? [Number(m[1]), Number(m[2])] : undefined;
}
/**
 * The version to put in every path: the engine's own (its /_ping `API-Version` header) when
 * it is older than ours, else ours, as the docker CLI negotiates. Docker 29 refuses versions
 * older than 1.44, so a fixed old version would not do.
 */
function negotiateVersion(engine) {
    const theirs = engine === undefined ? undefined : versionParts(engine);
    if (!theirs)
        return FALLBACK_API_VERSION;
    const ours = versionParts(CLIENT_API_VERSION);
    const older = theirs[0] < ours[0] || (theirs[0] === ours[0] && theirs[1] < ours[1]);
    return older ? `${theirs[0]}.${theirs[1]}` : CLIENT_API_VERSION;
}
function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
}
/**
 * Text from the engine as the snapshot can hold it: no control characters, and clipped, so
 * whatever a container is called the file reads back.
 */
function plainText(text, max) {
    const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
    return flat.length > max ? flat.slice(0, max) : flat;
}
function label(labels, key) {
    if (!isObject(labels))
        return null;
    const v = labels[key];
    return typeof v === 'string' && v !== '' ? plainText(v, 256) : null;
}
/** As `docker ps` shows ports: `0.0.0.0:8080->80/tcp`, `[::]:8080->80/tcp`, or `80/tcp` unpublished. */
function portText(p) {
    if (!isObject(p) || typeof p.PrivatePort !== 'number')
        return undefined;
    const type = typeof p.Type === 'string' ? plainText(p.Type, 8) : 'tcp';
    if (typeof p.PublicPort !== 'number' || p.PublicPort === 0)
        return `${p.PrivatePort}/${type}`;
    const ip = typeof p.IP === 'string' && p.IP !== '' ? plainText(p.IP, 64) : '0.0.0.0';
    const host = ip.includes(':') ? `[${ip}]` : ip;
    return `${host}:${p.PublicPort}->${p.PrivatePort}/${type}`;
}
/**
 * GET /containers/json: an array of containers with `Id`, `Names` (each with a leading
 * slash), `Labels` and `Ports`. Throws a reason in plain words when the answer is not that.
 */
function readContainerList(body) {
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
        const name = plainText(own ? own.replace(/^\//, '') : c.Id.slice(0, 12), 256) || c.Id.slice(0, 12);
        const ports = Array.isArray(c.Ports)
            ? [...new Set(c.Ports.map(portText).filter((p) => p !== undefined))]
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
function count(v) {
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}
/**
 * GET /containers/{id}/stats?stream=false: memory as `docker stats` counts it, usage minus
 * the inactive page cache: `total_inactive_file` on cgroup v1, `inactive_file` on v2,
 * `cache` on engines older than both. The engine reports the machine's memory as the limit
 * of a container without one, so a limit at or above `machineMemory` is no limit.
 * Undefined when the container is no longer running (the engine answers with empty stats).
 */
function readMemoryStats(body, machineMemory) {
    if (!isObject(body))
        throw new EngineAnswerError('the statistics are not a JSON object');
    const mem = body.memory_stats;
    if (mem === undefined || (isObject(mem) && Object.keys(mem).length === 0))
        return undefined;
    if (!isObject(mem))
        throw new EngineAnswerError('memory_stats is not an object');
    const usage = count(mem.usage);
    if (usage === undefined)
        throw new EngineAnswerError('memory_stats.usage is not a byte count');
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
function engineMessage(body) {
    return isObject(body) && typeof body.message === 'string' && body.message.trim() !== ''
        ? body.message.trim()
        : undefined;
}
/** An answer from the engine that does not have the documented shape. */
class EngineAnswerError extends Error {
    constructor(message) {
        super(message);
        this.name = 'EngineAnswerError';
    }
}
function containerFacts(c, memory) {
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

;// CONCATENATED MODULE: ./src/snapshot/collect/engine.ts
/**
 * Containers through the Docker Engine API on its unix socket, with Node's own HTTP client
 * (no docker CLI): GET /_ping to agree on an API version, /containers/json for the running
 * containers, /containers/{id}/stats for each one's memory. An engine that cannot be
 * reached is not an error: the snapshot then says why in one note and lists no containers.
 */


const DEFAULT_SOCKET = '/var/run/docker.sock';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Stats requests in flight at once: enough to be quick, few enough not to load the engine. */
const PARALLEL = 4;
const MAX_LIST_BYTES = 64 * 1024 * 1024;
const MAX_STATS_BYTES = 4 * 1024 * 1024;
/** Where the engine is: DOCKER_HOST when it names a unix socket, else the default socket. */
function engineSocket(env) {
    const host = env.DOCKER_HOST?.trim();
    if (!host)
        return { socket: DEFAULT_SOCKET };
    if (host.startsWith('unix://')) {
        const path = host.slice('unix://'.length);
        return path
            ? { socket: path }
            : { note: 'containers not listed: DOCKER_HOST=unix:// names no socket' };
    }
    return {
        note: `containers not listed: DOCKER_HOST is ${host.replace(/\/\/[^@/]*@/, '//')}, and headroom snapshot reads the engine only through a unix socket; run it on the server itself`,
    };
}
class RequestFailure extends Error {
    code;
    constructor(code, message = code) {
        super(message);
        this.code = code;
    }
}
function get(socket, path, timeoutMs, maxBytes) {
    return new Promise((resolve, reject) => {
        let settled = false;
        const finish = (fn) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            fn();
        };
        // agent: false: one connection per request, closed after it, so nothing keeps the
        // process alive once the snapshot is written.
        const req = (0,external_node_http_.request)({ socketPath: socket, path, method: 'GET', agent: false }, (res) => {
            const chunks = [];
            let size = 0;
            res.on('data', (c) => {
                size += c.length;
                if (size > maxBytes) {
                    req.destroy();
                    finish(() => reject(new RequestFailure('TOO_LARGE')));
                    return;
                }
                chunks.push(c);
            });
            res.on('end', () => finish(() => resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString('utf8'),
            })));
            res.on('error', (e) => finish(() => reject(new RequestFailure(e.code ?? 'ECONNRESET'))));
            res.on('aborted', () => finish(() => reject(new RequestFailure('ECONNRESET'))));
        });
        const timer = setTimeout(() => {
            finish(() => reject(new RequestFailure('TIMEOUT')));
            req.destroy();
        }, timeoutMs);
        req.on('error', (e) => finish(() => reject(new RequestFailure(e.code ?? 'EIO'))));
        req.end();
    });
}
function seconds(ms) {
    return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
/** Why the engine could not be reached, in words. */
function unreachable(e, socket, timeoutMs) {
    const code = e instanceof RequestFailure ? e.code : 'EIO';
    switch (code) {
        case 'ENOENT':
            return `no Docker engine socket at ${socket}`;
        case 'EACCES':
        case 'EPERM':
            return `permission denied on ${socket}; run it as root or as a member of the docker group`;
        case 'ECONNREFUSED':
            return `nothing answers on ${socket} (is the Docker engine running?)`;
        case 'ENOTSOCK':
            return `${socket} is not a socket`;
        case 'TIMEOUT':
            return `the Docker engine at ${socket} did not answer within ${seconds(timeoutMs)}`;
        case 'ECONNRESET':
        case 'EPIPE':
            return `the Docker engine at ${socket} closed the connection before answering`;
        case 'TOO_LARGE':
            return `the Docker engine at ${socket} sent an answer too large to be one`;
        default:
            return `cannot reach the Docker engine at ${socket} (${code})`;
    }
}
function httpProblem(what, a) {
    let message;
    try {
        message = engineMessage(JSON.parse(a.body));
    }
    catch {
        message = undefined;
    }
    const clipped = message && message.length > 200 ? `${message.slice(0, 200)}…` : message;
    return `the Docker engine answered ${what} with HTTP ${a.status}${clipped ? ` (${clipped})` : ''}`;
}
function json(what, a) {
    try {
        return JSON.parse(a.body);
    }
    catch {
        throw new EngineAnswerError(`the Docker engine's answer to ${what} is not JSON`);
    }
}
async function collectContainers(options) {
    const { socket, machineMemory } = options;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const none = (why) => ({
        containers: [],
        notes: [`containers not listed: ${why}`],
    });
    let version;
    try {
        const ping = await get(socket, '/_ping', timeoutMs, 64 * 1024);
        if (ping.status !== 200)
            return none(httpProblem('GET /_ping', ping));
        const header = ping.headers['api-version'];
        version = negotiateVersion(Array.isArray(header) ? header[0] : header);
    }
    catch (e) {
        return none(unreachable(e, socket, timeoutMs));
    }
    let listed;
    try {
        const list = await get(socket, `/v${version}/containers/json`, timeoutMs, MAX_LIST_BYTES);
        if (list.status !== 200)
            return none(httpProblem('GET /containers/json', list));
        listed = readContainerList(json('GET /containers/json', list));
    }
    catch (e) {
        if (e instanceof EngineAnswerError)
            return none(e.message);
        return none(unreachable(e, socket, timeoutMs));
    }
    listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // A hung engine would otherwise cost a timeout per container: after the first, the rest
    // are listed without their memory.
    let hung = false;
    let done = 0;
    const measure = async (c) => {
        if (hung)
            return { kind: 'skipped' };
        const what = `GET /containers/${c.name}/stats`;
        try {
            const a = await get(socket, `/v${version}/containers/${encodeURIComponent(c.id)}/stats?stream=false&one-shot=true`, timeoutMs, MAX_STATS_BYTES);
            if (a.status === 404)
                return { kind: 'gone' };
            if (a.status !== 200)
                return { kind: 'failed', reason: httpProblem(what, a) };
            const memory = readMemoryStats(json(what, a), machineMemory);
            return memory ? { kind: 'ok', memory } : { kind: 'gone' };
        }
        catch (e) {
            if (e instanceof EngineAnswerError)
                return { kind: 'failed', reason: e.message };
            if (e instanceof RequestFailure && e.code === 'TIMEOUT')
                hung = true;
            return { kind: 'failed', reason: unreachable(e, socket, timeoutMs) };
        }
        finally {
            options.onProgress?.(++done, listed.length, c.name);
        }
    };
    const results = new Array(listed.length);
    let next = 0;
    const worker = async () => {
        while (next < listed.length) {
            const i = next++;
            results[i] = await measure(listed[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, listed.length) }, worker));
    const notes = [];
    const containers = [];
    const gone = [];
    const skipped = [];
    listed.forEach((c, i) => {
        const r = results[i];
        if (r.kind === 'gone') {
            gone.push(c.name);
            return;
        }
        if (r.kind === 'failed')
            notes.push(`the memory of container ${c.name} was not measured: ${r.reason}`);
        if (r.kind === 'skipped')
            skipped.push(c.name);
        containers.push(containerFacts(c, r.kind === 'ok' ? r.memory : null));
    });
    if (gone.length > 0) {
        notes.push(`${gone.length} container(s) stopped between listing and measuring, and are left out: ${gone.join(', ')}`);
    }
    if (skipped.length > 0) {
        notes.push(`after the engine stopped answering, ${skipped.length} more container(s) were listed without their memory: ${skipped.join(', ')}`);
    }
    return { containers, notes };
}

;// CONCATENATED MODULE: ./src/snapshot/cgroup-files.ts
/**
 * The cgroup files headroom reads, from their text: memory.stat, memory.current,
 * memory.max (v2), memory.usage_in_bytes and memory.limit_in_bytes (v1), and
 * /proc/PID/cgroup. Formats as the kernel documents them (cgroup-v2.rst, cgroup-v1/memory.rst).
 */
/** `key value` lines, as in memory.stat. */
function parseFlatKeyed(text) {
    const out = new Map();
    for (const line of text.split('\n')) {
        const m = /^(\S+)\s+(\d+)\s*$/.exec(line);
        if (m)
            out.set(m[1], Number(m[2]));
    }
    return out;
}
/** A file holding one number, such as memory.current; undefined when it holds anything else. */
function parseCount(text) {
    const t = text.trim();
    if (!/^\d+$/.test(t))
        return undefined;
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : undefined;
}
/**
 * A memory limit: v2 writes `max` when there is none, v1 a huge number (the page counter's
 * maximum, 9223372036854771712 on 4 KiB pages). Anything at or above the machine's memory
 * limits nothing.
 */
function parseMemoryLimit(text, machineTotal) {
    const t = text.trim();
    if (t === 'max' || !/^\d+$/.test(t))
        return undefined;
    const n = Number(t);
    return n > 0 && n < machineTotal ? n : undefined;
}
/**
 * Memory in use without the page cache the kernel can take back at once, as `docker stats`
 * counts it: v2 memory.current - inactive_file; v1 memory.usage_in_bytes - total_inactive_file
 * (the hierarchical figure, since usage_in_bytes includes child cgroups).
 */
function memoryUsage(version, usage, stat) {
    const inactive = version === 2 ? stat.get('inactive_file') : stat.get('total_inactive_file');
    return inactive !== undefined && inactive < usage ? usage - inactive : usage;
}
/** /proc/PID/cgroup: `hierarchy-ID:controller-list:cgroup-path` lines. */
function parseProcCgroup(text) {
    const out = { controllers: new Map() };
    for (const line of text.split('\n')) {
        const m = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
        if (!m)
            continue;
        if (m[1] === '0' && m[2] === '') {
            out.unified = m[3];
            continue;
        }
        for (const c of m[2].split(','))
            if (c)
                out.controllers.set(c, m[3]);
    }
    return out;
}
/**
 * The systemd service a cgroup path belongs to: the first `*.service` segment below
 * `/system.slice`, so a process in a service's sub-cgroup still counts for the service.
 * Undefined for scopes (containers, sessions) and anything outside system.slice.
 */
function serviceOfPath(path) {
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== 'system.slice')
        return undefined;
    for (const p of parts.slice(1)) {
        if (p.endsWith('.service'))
            return p;
        if (!p.endsWith('.slice'))
            return undefined;
    }
    return undefined;
}
/** The cgroup path systemd put a process in: v2's unified path, else v1's name=systemd one. */
function systemdPath(cg) {
    return cg.controllers.get('name=systemd') ?? cg.unified;
}

;// CONCATENATED MODULE: ./src/snapshot/cpus.ts
/** How many cores a process may use: its CPU affinity, then its cgroup's quota. */
/**
 * Counts the CPUs in a kernel CPU list such as `0-3,8,10-11` (the `Cpus_allowed_list` line
 * of /proc/PID/status). Undefined when the list cannot be read.
 */
function countCpuList(list) {
    const text = list.trim();
    if (text === '')
        return undefined;
    let count = 0;
    for (const part of text.split(',')) {
        const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
        if (!m)
            return undefined;
        const from = Number(m[1]);
        const to = m[2] === undefined ? from : Number(m[2]);
        if (to < from)
            return undefined;
        count += to - from + 1;
    }
    return count;
}
/** The `Cpus_allowed_list` of a /proc/PID/status text. */
function allowedCpus(status) {
    const m = /^Cpus_allowed_list:\s*(.*)$/m.exec(status);
    return m ? countCpuList(m[1]) : undefined;
}
/** CPUs online by /proc/stat's `cpuN` lines, for kernels whose status has no affinity list. */
function statCpus(stat) {
    const n = stat.split('\n').filter((l) => /^cpu\d+\s/.test(l)).length;
    return n > 0 ? n : undefined;
}
/**
 * cgroup v2 `cpu.max` (`max 100000` or `150000 100000`) to cores; undefined when unlimited
 * or unreadable.
 */
function parseCpuMax(text) {
    const m = /^(\S+)\s+(\d+)\s*$/.exec(text.trim());
    if (!m || m[1] === 'max')
        return undefined;
    const quota = Number(m[1]);
    const period = Number(m[2]);
    return quota > 0 && period > 0 ? quota / period : undefined;
}
/** cgroup v1 `cpu.cfs_quota_us` and `cpu.cfs_period_us` to cores; quota -1 means unlimited. */
function parseCfsQuota(quotaText, periodText) {
    const quota = Number(quotaText.trim());
    const period = Number(periodText.trim());
    if (!Number.isFinite(quota) || !Number.isFinite(period))
        return undefined;
    return quota > 0 && period > 0 ? quota / period : undefined;
}
/** Cores rounded to hundredths, the precision a quota is written with in practice. */
function roundCores(cores) {
    return Math.round(cores * 100) / 100;
}

;// CONCATENATED MODULE: ./src/snapshot/host-facts.ts
/**
 * Memory of the machine, or of the cgroup this process runs in when that limits it below the
 * machine's: then the total is the limit and what is available is what the cgroup has left,
 * never more than the machine has.
 */
function memoryFacts(meminfo, cgroup) {
    let total = meminfo.total;
    let available = meminfo.available;
    if (cgroup && cgroup.limit < total) {
        total = cgroup.limit;
        available = Math.min(available, Math.max(0, cgroup.limit - cgroup.usage));
    }
    return { total, available, used: total - available };
}
/**
 * As df counts it: used is what is allocated (blocks - bfree), available what an ordinary
 * process may still write (bavail); the difference between free and available is the
 * file system's reserve for root, recorded apart so the three add up to the total.
 */
function diskFacts(s) {
    const total = s.blocks * s.bsize;
    const used = (s.blocks - s.bfree) * s.bsize;
    const available = s.bavail * s.bsize;
    const reserved = Math.max(0, s.bfree - s.bavail) * s.bsize;
    return { total, used, available, ...(reserved > 0 ? { reserved } : {}) };
}

;// CONCATENATED MODULE: ./src/snapshot/meminfo.ts
/** /proc/meminfo text to the machine's memory, in bytes. */
/**
 * Reads MemTotal and MemAvailable (the kernel writes them in kB, which are KiB). Kernels
 * before 3.14 have no MemAvailable; free + buffers + cached is what `free` showed then.
 * Returns a reason instead when the text does not say how much memory there is.
 */
function parseMeminfo(text) {
    const fields = new Map();
    for (const line of text.split('\n')) {
        const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
        if (m)
            fields.set(m[1], Number(m[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1));
    }
    const total = fields.get('MemTotal');
    if (total === undefined || total <= 0 || !Number.isSafeInteger(total)) {
        return { error: 'it has no MemTotal line' };
    }
    let available = fields.get('MemAvailable');
    if (available === undefined) {
        const free = fields.get('MemFree');
        if (free === undefined)
            return { error: 'it has neither MemAvailable nor MemFree' };
        available = free + (fields.get('Buffers') ?? 0) + (fields.get('Cached') ?? 0);
    }
    return { total, available: Math.min(available, total) };
}

;// CONCATENATED MODULE: ./src/snapshot/collect/system-files.ts
/**
 * Reading kernel files (/proc, /sys/fs/cgroup) without throwing: each read says what it got
 * or why not, since a process that exits mid-walk or a file the user may not read is
 * ordinary here, not an error.
 */

function attempt(fn) {
    try {
        return { ok: true, value: fn() };
    }
    catch (e) {
        return { ok: false, code: e.code ?? 'EIO' };
    }
}
const readText = (path) => attempt(() => (0,external_node_fs_.readFileSync)(path, 'utf8'));
/** The text, or undefined for any failure. */
function textOrUndefined(path) {
    const r = readText(path);
    return r.ok ? r.value : undefined;
}
const listDir = (path) => attempt(() => (0,external_node_fs_.readdirSync)(path));
/** Sub-directories only. */
function listSubdirs(path) {
    try {
        return (0,external_node_fs_.readdirSync)(path, { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => d.name)
            .sort();
    }
    catch {
        return [];
    }
}
const readLink = (path) => attempt(() => (0,external_node_fs_.readlinkSync)(path));
const exists = (path) => (0,external_node_fs_.existsSync)(path);
/** Whether an error code means "not allowed" rather than "not there". */
function denied(code) {
    return code === 'EACCES' || code === 'EPERM';
}

// EXTERNAL MODULE: ./src/units/format.ts
var format = __webpack_require__(676);
;// CONCATENATED MODULE: ./src/snapshot/collect/host.ts
/**
 * The machine itself: CPUs, memory (and the cgroup limits of this process), disks. Reads
 * PROC/meminfo, PROC/self/status, PROC/self/cgroup and the cgroup files under CGROUP.
 */









/** v2 when the root of the tree lists its controllers; v1 when controllers are mounted apart. */
function cgroupVersion(root) {
    if (exists(`${root}/cgroup.controllers`))
        return 2;
    if (exists(`${root}/memory`) || exists(`${root}/systemd`) || exists(`${root}/cpu`))
        return 1;
    return undefined;
}
/** A cgroup path's directories from the tree's root down to it, deepest last. */
function levels(base, path) {
    const parts = path.split('/').filter((p) => p && p !== '..' && p !== '.');
    const dirs = [base];
    for (let i = 1; i <= parts.length; i++)
        dirs.push(`${base}/${parts.slice(0, i).join('/')}`);
    // Inside a cgroup namespace the path names the host's tree, which is not mounted here:
    // only the levels that exist count.
    return dirs.filter(exists);
}
function limitsV2(root, self, machineTotal) {
    const out = {};
    for (const dir of levels(root, self.unified ?? '/')) {
        const max = textOrUndefined(`${dir}/memory.max`);
        const limit = max === undefined ? undefined : parseMemoryLimit(max, machineTotal);
        if (limit !== undefined && (out.memory === undefined || limit < out.memory.limit)) {
            const current = parseCount(textOrUndefined(`${dir}/memory.current`) ?? '') ?? 0;
            const stat = parseFlatKeyed(textOrUndefined(`${dir}/memory.stat`) ?? '');
            out.memory = { limit, usage: memoryUsage(2, current, stat) };
        }
        const cpuMax = textOrUndefined(`${dir}/cpu.max`);
        const cores = cpuMax === undefined ? undefined : parseCpuMax(cpuMax);
        if (cores !== undefined && (out.cpus === undefined || cores < out.cpus))
            out.cpus = cores;
    }
    return out;
}
/** A v1 controller's directory for this process: its path under the mount, else the mount's root. */
function v1Dir(root, mounts, path) {
    for (const m of mounts) {
        const base = `${root}/${m}`;
        if (!exists(base))
            continue;
        const all = levels(base, path ?? '/');
        return all[all.length - 1];
    }
    return undefined;
}
function limitsV1(root, self, machineTotal) {
    const out = {};
    const mem = v1Dir(root, ['memory'], self.controllers.get('memory'));
    if (mem) {
        const stat = parseFlatKeyed(textOrUndefined(`${mem}/memory.stat`) ?? '');
        // hierarchical_memory_limit is the tightest limit of this cgroup and its ancestors.
        const text = stat.get('hierarchical_memory_limit')?.toString() ??
            textOrUndefined(`${mem}/memory.limit_in_bytes`);
        const limit = text === undefined ? undefined : parseMemoryLimit(text, machineTotal);
        if (limit !== undefined) {
            const usage = parseCount(textOrUndefined(`${mem}/memory.usage_in_bytes`) ?? '') ?? 0;
            out.memory = { limit, usage: memoryUsage(1, usage, stat) };
        }
    }
    const cpu = v1Dir(root, ['cpu', 'cpu,cpuacct', 'cpuacct,cpu'], self.controllers.get('cpu'));
    if (cpu) {
        const quota = textOrUndefined(`${cpu}/cpu.cfs_quota_us`);
        const period = textOrUndefined(`${cpu}/cpu.cfs_period_us`);
        if (quota !== undefined && period !== undefined) {
            const cores = parseCfsQuota(quota, period);
            if (cores !== undefined)
                out.cpus = cores;
        }
    }
    return out;
}
function collectHost(roots, version) {
    const notes = [];
    const meminfoPath = `${roots.proc}/meminfo`;
    const meminfoText = readText(meminfoPath);
    if (!meminfoText.ok) {
        throw new errors/* UsageError */.eb(`cannot read ${meminfoPath} (${meminfoText.code}); --proc must name a proc file system`);
    }
    const meminfo = parseMeminfo(meminfoText.value);
    if ('error' in meminfo) {
        throw new errors/* UsageError */.eb(`${meminfoPath} does not say how much memory there is: ${meminfo.error}`);
    }
    const status = textOrUndefined(`${roots.proc}/self/status`);
    const machineCpus = (status === undefined ? undefined : allowedCpus(status)) ??
        statCpus(textOrUndefined(`${roots.proc}/stat`) ?? '');
    if (machineCpus === undefined) {
        throw new errors/* UsageError */.eb(`cannot tell how many CPUs there are from ${roots.proc}/self/status or ${roots.proc}/stat`);
    }
    const self = parseProcCgroup(textOrUndefined(`${roots.proc}/self/cgroup`) ?? '');
    const limits = version === 2
        ? limitsV2(roots.cgroup, self, meminfo.total)
        : version === 1
            ? limitsV1(roots.cgroup, self, meminfo.total)
            : {};
    const cpuLimit = limits.cpus !== undefined && limits.cpus < machineCpus ? limits.cpus : undefined;
    const cpus = cpuLimit !== undefined ? roundCores(cpuLimit) : machineCpus;
    const memory = memoryFacts(meminfo, limits.memory);
    let cgroup;
    if (version !== undefined && (limits.memory || cpuLimit !== undefined)) {
        cgroup = {
            version,
            memory_limit: limits.memory?.limit ?? null,
            cpu_limit: cpuLimit !== undefined ? roundCores(cpuLimit) : null,
        };
        const what = [
            limits.memory
                ? `memory to ${(0,format/* formatBytes */.z3)(limits.memory.limit)} (the machine has ${(0,format/* formatBytes */.z3)(meminfo.total)})`
                : '',
            cpuLimit !== undefined ? `CPU to ${cpus} cores (the machine has ${machineCpus})` : '',
        ].filter(Boolean);
        notes.push(`this process runs in a cgroup that limits ${what.join(' and ')}: the snapshot records the limits, as what services started the same way could use`);
    }
    return { cpus, memory, machineMemory: meminfo.total, ...(cgroup ? { cgroup } : {}), notes };
}
/** statfs of each path; a path that cannot be measured is a mistake on the command line. */
function collectDisks(cwd, paths) {
    const out = {};
    for (const p of paths) {
        const abs = (0,external_node_path_.resolve)(cwd, p);
        try {
            const s = (0,external_node_fs_.statfsSync)(abs);
            out[abs] = diskFacts({ bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail });
        }
        catch (e) {
            const code = e.code ?? 'EIO';
            const why = code === 'ENOENT'
                ? 'no such file or directory'
                : code === 'EACCES'
                    ? 'permission denied'
                    : code;
            throw new errors/* UsageError */.eb(`--disk ${p}: cannot measure its file system (${why})`);
        }
    }
    return out;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
// EXTERNAL MODULE: ./src/shared/lists.ts
var lists = __webpack_require__(192);
;// CONCATENATED MODULE: ./src/snapshot/net-sockets.ts
/**
 * Listening sockets from /proc/net/tcp, tcp6, udp and udp6. Each line gives the local
 * address as hex in the machine's byte order, the socket state and the socket's inode,
 * which /proc/PID/fd links to as `socket:[inode]`.
 */

/** TCP_LISTEN in tcp_states.h. */
const TCP_LISTEN = '0A';
/** TCP_CLOSE: what an unconnected (bound, receiving) UDP socket shows. */
const UDP_UNCONNECTED = '07';
function hexBytes(hex, endianness) {
    const bytes = [];
    // The kernel prints each 32-bit word as one hex number, so the bytes of each word are
    // reversed on a little-endian machine.
    for (let w = 0; w < hex.length; w += 8) {
        const word = hex.slice(w, w + 8);
        const b = [0, 2, 4, 6].map((i) => parseInt(word.slice(i, i + 2), 16));
        (0,lists/* append */.BC)(bytes, endianness === 'LE' ? b.reverse() : b);
    }
    return bytes;
}
function ipv4(bytes) {
    return bytes.join('.');
}
/** IPv6 text in its shortest form (RFC 5952), IPv4-mapped addresses as ::ffff:a.b.c.d. */
function ipv6(bytes) {
    const groups = [];
    for (let i = 0; i < 16; i += 2)
        groups.push((bytes[i] << 8) | bytes[i + 1]);
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
        while (j < 8 && groups[j] === 0)
            j++;
        if (j - i > bestLen && j - i >= 2) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0)
        return hex.join(':');
    return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
/**
 * The listening sockets of one /proc/net file. `protocol` is `tcp` or `udp`; the file's
 * name says whether its addresses are IPv4 or IPv6, and the address's length agrees.
 */
function parseNetFile(text, protocol, endianness) {
    const out = [];
    const lines = text.split('\n');
    for (const line of lines.slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f.length < 10)
            continue;
        const [local, remote, state, , , , , , inodeText] = f.slice(1);
        const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(local);
        if (!m)
            continue;
        const listening = protocol === 'tcp'
            ? state === TCP_LISTEN
            : state === UDP_UNCONNECTED && /^0+:0000$/.test(remote ?? '');
        if (!listening)
            continue;
        const inode = Number(inodeText);
        if (!Number.isSafeInteger(inode))
            continue;
        const bytes = hexBytes(m[1], endianness);
        const port = parseInt(m[2], 16);
        const host = bytes.length === 4 ? ipv4(bytes) : `[${ipv6(bytes)}]`;
        out.push({ inode, address: `${host}:${port}/${protocol}` });
    }
    return out;
}
/** The inode a /proc/PID/fd link points at when it is a socket (`socket:[12345]`). */
function socketInode(link) {
    const m = /^socket:\[(\d+)\]$/.exec(link);
    return m ? Number(m[1]) : undefined;
}
/** Addresses sorted by port, then protocol and address, without repeats. */
function sortAddresses(addresses) {
    const key = (a) => {
        const m = /:(\d+)\/(\w+)$/.exec(a);
        return [m ? Number(m[1]) : 0, a];
    };
    return [...new Set(addresses)].sort((a, b) => {
        const [pa, sa] = key(a);
        const [pb, sb] = key(b);
        return pa - pb || (sa < sb ? -1 : sa > sb ? 1 : 0);
    });
}

;// CONCATENATED MODULE: ./src/snapshot/collect/units.ts
/**
 * systemd services from the cgroup tree, with their memory, and the listening sockets of
 * their processes: /proc/net/{tcp,tcp6,udp,udp6} give each listening socket's inode,
 * /proc/PID/cgroup which service a process is in, /proc/PID/fd which sockets it holds.
 */






/** Slices nest (system.slice/system-postgresql.slice/...); services do not hold services. */
const MAX_SLICE_DEPTH = 4;
/** `*.service` directories under system.slice, as paths relative to it. */
function serviceDirs(sliceDir, prefix = '', depth = 0) {
    const out = [];
    for (const name of listSubdirs(sliceDir)) {
        if (name.endsWith('.service'))
            out.push(`${prefix}${name}`);
        else if (name.endsWith('.slice') && depth < MAX_SLICE_DEPTH)
            (0,lists/* append */.BC)(out, serviceDirs(`${sliceDir}/${name}`, `${prefix}${name}/`, depth + 1));
    }
    return out;
}
function unitMemory(version, dir) {
    const usage = parseCount(textOrUndefined(`${dir}/${version === 2 ? 'memory.current' : 'memory.usage_in_bytes'}`) ?? '');
    if (usage === undefined)
        return null;
    const stat = parseFlatKeyed(textOrUndefined(`${dir}/memory.stat`) ?? '');
    return memoryUsage(version, usage, stat);
}
function listeningSockets(proc) {
    const order = (0,external_node_os_.endianness)();
    const out = [];
    for (const [file, protocol] of [
        ['tcp', 'tcp'],
        ['tcp6', 'tcp'],
        ['udp', 'udp'],
        ['udp6', 'udp'],
    ]) {
        const text = textOrUndefined(`${proc}/net/${file}`);
        // A machine without IPv6 has no tcp6: nothing listens there.
        if (text !== undefined)
            (0,lists/* append */.BC)(out, parseNetFile(text, protocol, order));
    }
    return out;
}
function collectUnits(roots, version) {
    const notes = [];
    const sockets = listeningSockets(roots.proc);
    // Which services exist, and where their memory is counted.
    let names = [];
    const memoryDir = new Map();
    if (version === 2) {
        names = serviceDirs(`${roots.cgroup}/system.slice`);
        for (const n of names)
            memoryDir.set(n, `${roots.cgroup}/system.slice/${n}`);
    }
    else if (version === 1) {
        const fromSystemd = serviceDirs(`${roots.cgroup}/systemd/system.slice`);
        const fromMemory = serviceDirs(`${roots.cgroup}/memory/system.slice`);
        names = [...new Set([...fromSystemd, ...fromMemory])].sort();
        for (const n of fromMemory)
            memoryDir.set(n, `${roots.cgroup}/memory/system.slice/${n}`);
    }
    if (version === undefined) {
        notes.push(`no cgroup tree at ${roots.cgroup}: systemd services are not listed (--cgroup names another)`);
    }
    else if (names.length === 0) {
        notes.push(`no systemd services under ${roots.cgroup}${version === 1 ? '/systemd' : ''}/system.slice: this system does not run systemd, or its services are not visible from here (inside a container?)`);
    }
    // Which service each socket inode belongs to.
    const owner = new Map();
    let unreadable = 0;
    const pids = listDir(roots.proc);
    for (const pid of pids.ok ? pids.value : []) {
        if (!/^\d+$/.test(pid))
            continue;
        const cg = readText(`${roots.proc}/${pid}/cgroup`);
        if (!cg.ok)
            continue;
        const path = systemdPath(parseProcCgroup(cg.value));
        const service = path === undefined ? undefined : serviceOfPath(path);
        if (service === undefined)
            continue;
        const fds = listDir(`${roots.proc}/${pid}/fd`);
        if (!fds.ok) {
            if (denied(fds.code))
                unreadable++;
            continue;
        }
        for (const fd of fds.value) {
            const link = readLink(`${roots.proc}/${pid}/fd/${fd}`);
            if (!link.ok)
                continue;
            const inode = socketInode(link.value);
            if (inode !== undefined && !owner.has(inode))
                owner.set(inode, service);
        }
    }
    const portsOf = new Map();
    const other = [];
    for (const s of sockets) {
        const unit = owner.get(s.inode);
        if (unit === undefined)
            other.push(s.address);
        else
            portsOf.set(unit, [...(portsOf.get(unit) ?? []), s.address]);
    }
    let unmeasured = 0;
    const units = names.map((rel) => {
        const name = plainText(rel.slice(rel.lastIndexOf('/') + 1), 256);
        const dir = memoryDir.get(rel);
        const usage = dir === undefined || version === undefined ? null : unitMemory(version, dir);
        if (usage === null)
            unmeasured++;
        return { name, memory: { usage }, ports: sortAddresses(portsOf.get(name) ?? []) };
    });
    // Ports of services whose cgroup was not walked (a deeper slice) still show their owner.
    for (const [service, ports] of portsOf) {
        const name = plainText(service, 256);
        if (units.some((u) => u.name === name))
            continue;
        units.push({ name, memory: { usage: null }, ports: sortAddresses(ports) });
        unmeasured++;
    }
    units.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (unmeasured > 0) {
        notes.push(version === 1
            ? `${unmeasured} service(s) have no memory figure: on cgroup v1 systemd measures a service's memory only with MemoryAccounting=yes`
            : `${unmeasured} service(s) have no memory figure: their cgroup's memory files could not be read`);
    }
    if (unreadable > 0) {
        notes.push(`the open sockets of ${unreadable} service process(es) could not be read, so ports may be listed under other_ports without their service; run it with sudo to see which service owns each port`);
    }
    return { units, otherPorts: sortAddresses(other), notes };
}

// EXTERNAL MODULE: ./src/units/snapshot-addresses.ts
var snapshot_addresses = __webpack_require__(994);
;// CONCATENATED MODULE: ./src/snapshot/published-ports.ts

function withoutPublishedPorts(units, otherPorts, containers) {
    const bindings = (0,snapshot_addresses/* publishedBindings */.jA)(containers.flatMap((c) => c.ports));
    if (bindings.length === 0)
        return { units: [...units], otherPorts: [...otherPorts] };
    const keep = (address) => !(0,snapshot_addresses/* boundToAny */.Sc)(address, bindings);
    return {
        units: units.map((u) => ({ ...u, ports: u.ports.filter(keep) })),
        otherPorts: otherPorts.filter(keep),
    };
}

;// CONCATENATED MODULE: ./src/snapshot/collect/index.ts
/**
 * `headroom snapshot`'s shell: reads the kernel's files, the disks and the Docker engine,
 * and hands back a snapshot as plain data. Only this folder touches /proc, /sys and the
 * engine's socket; everything it reads is parsed by the pure modules one level up.
 */





/** UTC to the second: `2026-12-01T09:30:00Z`. */
function isoSecond(d) {
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
async function collectSnapshot(o) {
    const version = cgroupVersion(o.roots.cgroup);
    const host = collectHost(o.roots, version);
    const disk = collectDisks(o.cwd, o.disks);
    const units = collectUnits(o.roots, version);
    const where = engineSocket(o.env);
    const engine = 'note' in where
        ? { containers: [], notes: [where.note] }
        : await collectContainers({
            socket: where.socket,
            machineMemory: host.machineMemory,
            ...(o.engineTimeoutMs !== undefined ? { timeoutMs: o.engineTimeoutMs } : {}),
            ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        });
    const notes = [...host.notes, ...units.notes, ...engine.notes];
    const ports = withoutPublishedPorts(units.units, units.otherPorts, engine.containers);
    return {
        version: SNAPSHOT_VERSION,
        host: o.host,
        taken: isoSecond(o.now),
        cpus: host.cpus,
        memory: host.memory,
        disk,
        units: ports.units,
        containers: engine.containers,
        ...(ports.otherPorts.length > 0 ? { other_ports: ports.otherPorts } : {}),
        ...(host.cgroup ? { cgroup: host.cgroup } : {}),
        ...(notes.length > 0 ? { notes } : {}),
        written_by: o.writtenBy,
    };
}

// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(243);
;// CONCATENATED MODULE: ./src/snapshot/render.ts
/**
 * A snapshot as the file that is committed: YAML laid out for reading (one line per disk,
 * a block per service) with a header saying what it is, or JSON for programs.
 */

/** Keys in the order the contract lists them, then the additions. */
const ORDER = [
    'version',
    'host',
    'taken',
    'cpus',
    'memory',
    'disk',
    'units',
    'containers',
    'other_ports',
    'cgroup',
    'notes',
    'written_by',
];
/**
 * Each top-level key is dumped on its own so each gets the layout that reads best: lists of
 * services one block per entry with their figures on one line, disks one line each.
 */
const FLOW_LEVEL = {
    disk: 2,
    units: 3,
    containers: 3,
    cgroup: -1,
    memory: -1,
};
function renderSnapshot(s, format) {
    if (format === 'json')
        return `${JSON.stringify(ordered(s), null, 2)}\n`;
    const head = [
        `# headroom snapshot of ${s.host.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}, taken ${s.taken}.`,
        '# What this server has and what runs on it; a capacity manifest may name this file as a',
        "# host's `snapshot:`. Memory and disk in bytes.",
    ];
    const body = ORDER.filter((k) => s[k] !== undefined).map((k) => (0,js_yaml/* dump */.Bh)({ [k]: s[k] }, { flowLevel: FLOW_LEVEL[k] ?? -1, lineWidth: -1, noRefs: true }));
    return `${head.join('\n')}\n${body.join('')}`;
}
function ordered(s) {
    const out = {};
    for (const k of ORDER)
        if (s[k] !== undefined)
            out[k] = s[k];
    return out;
}

// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(31);
// EXTERNAL MODULE: ./src/shared/version.ts
var version = __webpack_require__(189);
;// CONCATENATED MODULE: ./src/cli/snapshot.ts
/**
 * `headroom snapshot`: collects the snapshot, writes it to --out or prints it, and says on
 * standard error what was left out. Errors propagate to the CLI's one error handler.
 */









/** Below this many containers the wait is short and a progress line would only flicker. */
const PROGRESS_FROM = 8;
function summary(s, out) {
    const disks = Object.entries(s.disk)
        .map(([p, d]) => `${p} ${(0,format/* formatBytes */.z3)(d.used)} of ${(0,format/* formatBytes */.z3)(d.total)}`)
        .join(', ');
    return (`wrote ${out}: ${s.host}, ${s.cpus} CPUs, memory ${(0,format/* formatBytes */.z3)(s.memory.used)} used of ` +
        `${(0,format/* formatBytes */.z3)(s.memory.total)}, disk ${disks}, ${s.units.length} systemd service(s), ` +
        `${s.containers.length} container(s)\n`);
}
async function runSnapshot(cmd, io) {
    const progress = io.stderrIsTTY
        ? (done, total, name) => {
            if (total < PROGRESS_FROM)
                return;
            io.stderr(`\r\x1b[Kmeasuring containers: ${done}/${total} ${(0,report_escape/* terminal */.Fo)(name)}`);
            if (done === total)
                io.stderr('\r\x1b[K');
        }
        : undefined;
    const timeout = Number(io.env.HEADROOM_ENGINE_TIMEOUT_MS);
    const snapshot = await collectSnapshot({
        host: cmd.host ?? (plainText(io.hostname?.() ?? '', 253) || 'localhost'),
        now: io.now?.() ?? new Date(),
        roots: { proc: (0,external_node_path_.resolve)(io.cwd, cmd.proc), cgroup: (0,external_node_path_.resolve)(io.cwd, cmd.cgroup) },
        disks: cmd.disks,
        cwd: io.cwd,
        env: io.env,
        writtenBy: `headroom ${version/* VERSION */.x}`,
        ...(Number.isInteger(timeout) && timeout > 0 ? { engineTimeoutMs: timeout } : {}),
        ...(progress ? { onProgress: progress } : {}),
    });
    const text = renderSnapshot(snapshot, cmd.format);
    if (cmd.out === undefined) {
        io.stdout(text);
    }
    else {
        const path = (0,external_node_path_.resolve)(io.cwd, cmd.out);
        try {
            (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
            (0,external_node_fs_.writeFileSync)(path, text);
        }
        catch (e) {
            const code = e.code ?? 'EIO';
            const why = code === 'EISDIR'
                ? 'it is a folder'
                : code === 'EACCES' || code === 'EPERM'
                    ? 'permission denied'
                    : code === 'ENOTDIR' || code === 'EEXIST'
                        ? 'a part of its path is a file'
                        : code;
            throw new errors/* UsageError */.eb(`--out ${cmd.out}: cannot write the snapshot there (${why})`);
        }
        io.stderr(summary(snapshot, cmd.out));
    }
    for (const note of snapshot.notes ?? [])
        io.stderr(`note: ${(0,report_escape/* terminal */.Fo)(note)}\n`);
    return 0;
}


/***/ })

};

//# sourceMappingURL=300.index.js.map