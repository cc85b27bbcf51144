/**
 * A stand-in for the Docker Engine API on a unix socket, written from the Engine API
 * reference: GET /_ping (with its API-Version header), /v{version}/containers/json and
 * /v{version}/containers/{id}/stats, with the engine's own answers for a version it does not
 * serve and a container it does not know. Answers come from test/fixtures/engine (the
 * documented shapes, cgroup v1 and v2). It can be told to fail per path: any status and
 * body, text that is not JSON, a dropped connection, or no answer at all. It records every
 * request.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/engine/', import.meta.url));

export function engineFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

export type EngineFault =
  | { status: number; body?: unknown }
  | { text: string }
  | 'drop'
  | 'hang'
  /** Answers, but with one byte a second: alive, and far too slow. */
  | 'trickle';

export interface FakeEngineOptions {
  /** The newest version it speaks (API-Version on /_ping); default 1.47, Docker 27. */
  apiVersion?: string;
  /** The oldest it accepts; Docker 29 refuses anything before 1.44. Default 1.24. */
  minApiVersion?: string;
  /** The answer to /containers/json; default the fixture's three containers. */
  containers?: unknown;
  /** Container name to its stats answer; a listed container without one is gone (404). */
  stats?: Record<string, unknown>;
  /** Path prefix (without the version) to a fault, such as `/_ping` or `/containers/json`. */
  faults?: Record<string, EngineFault>;
}

function versionNumber(v: string): number {
  const [major, minor] = v.split('.').map(Number);
  return major! * 1000 + minor!;
}

export class FakeEngine {
  readonly socket: string;
  readonly requests: string[] = [];
  private readonly dir: string;
  private readonly server: Server;
  private readonly held: ServerResponse[] = [];

  private constructor(private readonly options: FakeEngineOptions) {
    this.dir = mkdtempSync(join(tmpdir(), 'headroom-engine-'));
    this.socket = join(this.dir, 'docker.sock');
    this.server = createServer((req, res) => this.answer(req.url ?? '/', res));
  }

  static async start(options: FakeEngineOptions = {}): Promise<FakeEngine> {
    const engine = new FakeEngine(options);
    await new Promise<void>((resolve) => engine.server.listen(engine.socket, resolve));
    return engine;
  }

  get dockerHost(): string {
    return `unix://${this.socket}`;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Api-Version': this.options.apiVersion ?? '1.47',
      Ostype: 'linux',
      Server: 'Docker/27.3.1 (linux)',
    });
    res.end(`${text}\n`);
  }

  private fault(path: string, res: ServerResponse): boolean {
    const entry = Object.entries(this.options.faults ?? {}).find(([prefix]) =>
      path.startsWith(prefix),
    );
    if (!entry) return false;
    const fault = entry[1];
    if (fault === 'drop') {
      res.socket?.destroy();
    } else if (fault === 'hang') {
      this.held.push(res);
    } else if (fault === 'trickle') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 1000);
      res.on('close', () => clearInterval(timer));
      this.held.push(res);
    } else if ('text' in fault) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(fault.text);
    } else {
      this.json(res, fault.status, fault.body ?? { message: 'Internal Server Error' });
    }
    return true;
  }

  private answer(url: string, res: ServerResponse): void {
    this.requests.push(url);
    const [pathname] = url.split('?');
    const m = /^\/v(\d+\.\d+)(\/.*)$/.exec(pathname!);
    const path = m ? m[2]! : pathname!;
    if (this.fault(path, res)) return;
    if (path === '/_ping') {
      res.writeHead(200, {
        'Api-Version': this.options.apiVersion ?? '1.47',
        'Builder-Version': '2',
        'Cache-Control': 'no-cache, no-store, must-revalidate',
        'Docker-Experimental': 'false',
        Ostype: 'linux',
        Pragma: 'no-cache',
        Server: 'Docker/27.3.1 (linux)',
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end('OK');
      return;
    }
    if (m) {
      const asked = versionNumber(m[1]!);
      const max = this.options.apiVersion ?? '1.47';
      const min = this.options.minApiVersion ?? '1.24';
      if (asked < versionNumber(min)) {
        this.json(res, 400, {
          message: `client version ${m[1]} is too old. Minimum supported API version is ${min}, please upgrade your client to a newer version`,
        });
        return;
      }
      if (asked > versionNumber(max)) {
        this.json(res, 400, {
          message: `client version ${m[1]} is too new. Maximum supported API version is ${max}`,
        });
        return;
      }
    }
    if (path === '/containers/json') {
      this.json(res, 200, this.options.containers ?? engineFixture('containers.json'));
      return;
    }
    const stats = /^\/containers\/([^/]+)\/stats$/.exec(path);
    if (stats) {
      const id = decodeURIComponent(stats[1]!);
      const listed = (this.options.containers ?? engineFixture('containers.json')) as Array<{
        Id: string;
        Names: string[];
      }>;
      const c = Array.isArray(listed) ? listed.find((x) => x.Id === id) : undefined;
      const answer = c ? this.options.stats?.[c.Names[0]!.slice(1)] : undefined;
      if (answer === undefined) {
        this.json(res, 404, { message: `No such container: ${id}` });
        return;
      }
      this.json(res, 200, answer);
      return;
    }
    this.json(res, 404, { message: 'page not found' });
  }
}

/** The stats of the fixture's three containers on a cgroup v2 engine. */
export function v2Stats(): Record<string, unknown> {
  return {
    'shop-web-1': engineFixture('stats-v2-shop-web-1.json'),
    'shop-db-1': engineFixture('stats-v2-shop-db-1.json'),
    portainer: engineFixture('stats-v2-portainer.json'),
  };
}
