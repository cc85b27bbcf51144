/**
 * Containers through the Docker Engine API on its unix socket, with Node's own HTTP client
 * (no docker CLI): GET /_ping to agree on an API version, /containers/json for the running
 * containers, /containers/{id}/stats for each one's memory. An engine that cannot be
 * reached is not an error: the snapshot then says why in one note and lists no containers.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import {
  EngineAnswerError,
  containerFacts,
  engineMessage,
  negotiateVersion,
  readContainerList,
  readMemoryStats,
  type ListedContainer,
  type MeasuredMemory,
} from '../engine-answers.js';
import type { ContainerFacts } from '../../model/snapshot-facts.js';

export const DEFAULT_SOCKET = '/var/run/docker.sock';
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Stats requests in flight at once: enough to be quick, few enough not to load the engine. */
const PARALLEL = 4;
const MAX_LIST_BYTES = 64 * 1024 * 1024;
const MAX_STATS_BYTES = 4 * 1024 * 1024;

/** Where the engine is: DOCKER_HOST when it names a unix socket, else the default socket. */
export function engineSocket(
  env: Readonly<Record<string, string | undefined>>,
): { socket: string } | { note: string } {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { socket: DEFAULT_SOCKET };
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

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

class RequestFailure extends Error {
  constructor(
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}

function get(socket: string, path: string, timeoutMs: number, maxBytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    // agent: false: one connection per request, closed after it, so nothing keeps the
    // process alive once the snapshot is written.
    const req = request({ socketPath: socket, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy();
          finish(() => reject(new RequestFailure('TOO_LARGE')));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () =>
        finish(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        ),
      );
      res.on('error', (e: NodeJS.ErrnoException) =>
        finish(() => reject(new RequestFailure(e.code ?? 'ECONNRESET'))),
      );
      res.on('aborted', () => finish(() => reject(new RequestFailure('ECONNRESET'))));
    });
    const timer = setTimeout(() => {
      finish(() => reject(new RequestFailure('TIMEOUT')));
      req.destroy();
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) =>
      finish(() => reject(new RequestFailure(e.code ?? 'EIO'))),
    );
    req.end();
  });
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Why the engine could not be reached, in words. */
function unreachable(e: unknown, socket: string, timeoutMs: number): string {
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

function httpProblem(what: string, a: Answer): string {
  let message: string | undefined;
  try {
    message = engineMessage(JSON.parse(a.body));
  } catch {
    message = undefined;
  }
  const clipped = message && message.length > 200 ? `${message.slice(0, 200)}…` : message;
  return `the Docker engine answered ${what} with HTTP ${a.status}${clipped ? ` (${clipped})` : ''}`;
}

function json(what: string, a: Answer): unknown {
  try {
    return JSON.parse(a.body);
  } catch {
    throw new EngineAnswerError(`the Docker engine's answer to ${what} is not JSON`);
  }
}

export interface ContainersResult {
  containers: ContainerFacts[];
  notes: string[];
}

export interface EngineOptions {
  socket: string;
  timeoutMs?: number;
  /** The machine's memory: the engine gives it as the limit of a container without one. */
  machineMemory: number;
  /** Called as each container has been measured. */
  onProgress?: (done: number, total: number, name: string) => void;
}

type Measured =
  | { kind: 'ok'; memory: MeasuredMemory }
  | { kind: 'gone' }
  | { kind: 'failed'; reason: string }
  | { kind: 'skipped' };

export async function collectContainers(options: EngineOptions): Promise<ContainersResult> {
  const { socket, machineMemory } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const none = (why: string): ContainersResult => ({
    containers: [],
    notes: [`containers not listed: ${why}`],
  });

  let version: string;
  try {
    const ping = await get(socket, '/_ping', timeoutMs, 64 * 1024);
    if (ping.status !== 200) return none(httpProblem('GET /_ping', ping));
    const header = ping.headers['api-version'];
    version = negotiateVersion(Array.isArray(header) ? header[0] : header);
  } catch (e) {
    return none(unreachable(e, socket, timeoutMs));
  }

  let listed: ListedContainer[];
  try {
    const list = await get(socket, `/v${version}/containers/json`, timeoutMs, MAX_LIST_BYTES);
    if (list.status !== 200) return none(httpProblem('GET /containers/json', list));
    listed = readContainerList(json('GET /containers/json', list));
  } catch (e) {
    if (e instanceof EngineAnswerError) return none(e.message);
    return none(unreachable(e, socket, timeoutMs));
  }
  listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // A hung engine would otherwise cost a timeout per container: after the first, the rest
  // are listed without their memory.
  let hung = false;
  let done = 0;
  const measure = async (c: ListedContainer): Promise<Measured> => {
    if (hung) return { kind: 'skipped' };
    const what = `GET /containers/${c.name}/stats`;
    try {
      const a = await get(
        socket,
        `/v${version}/containers/${encodeURIComponent(c.id)}/stats?stream=false&one-shot=true`,
        timeoutMs,
        MAX_STATS_BYTES,
      );
      if (a.status === 404) return { kind: 'gone' };
      if (a.status !== 200) return { kind: 'failed', reason: httpProblem(what, a) };
      const memory = readMemoryStats(json(what, a), machineMemory);
      return memory ? { kind: 'ok', memory } : { kind: 'gone' };
    } catch (e) {
      if (e instanceof EngineAnswerError) return { kind: 'failed', reason: e.message };
      if (e instanceof RequestFailure && e.code === 'TIMEOUT') hung = true;
      return { kind: 'failed', reason: unreachable(e, socket, timeoutMs) };
    } finally {
      options.onProgress?.(++done, listed.length, c.name);
    }
  };

  const results = new Array<Measured>(listed.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < listed.length) {
      const i = next++;
      results[i] = await measure(listed[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, listed.length) }, worker));

  const notes: string[] = [];
  const containers: ContainerFacts[] = [];
  const gone: string[] = [];
  const skipped: string[] = [];
  listed.forEach((c, i) => {
    const r = results[i]!;
    if (r.kind === 'gone') {
      gone.push(c.name);
      return;
    }
    if (r.kind === 'failed')
      notes.push(`the memory of container ${c.name} was not measured: ${r.reason}`);
    if (r.kind === 'skipped') skipped.push(c.name);
    containers.push(containerFacts(c, r.kind === 'ok' ? r.memory : null));
  });
  if (gone.length > 0) {
    notes.push(
      `${gone.length} container(s) stopped between listing and measuring, and are left out: ${gone.join(', ')}`,
    );
  }
  if (skipped.length > 0) {
    notes.push(
      `after the engine stopped answering, ${skipped.length} more container(s) were listed without their memory: ${skipped.join(', ')}`,
    );
  }
  return { containers, notes };
}
