/**
 * A stand-in for the GitHub REST API on 127.0.0.1, for running the bundled action end to
 * end. It keeps pull request comments (with the authors, pagination and Link headers,
 * permissions and the 65,536-character body limit GitHub has), answers the few endpoints
 * the action uses, records every request, and can be told to fail: a status with headers
 * and a body, a dropped connection, a delay, no answer at all, a request carried out and
 * then answered with an error, or any change to its state from a hook between requests.
 * Hooks may also hold a request back until another has been answered (`answered`), which
 * is how tests force the interleavings of two runs racing on one pull request; each run
 * then has its own token, as each workflow run on GitHub does. Commits given to it are
 * served through the contents, blob and commit endpoints as GitHub serves them (files
 * inline up to 1 MB, larger ones through their blob; links to a file followed, others
 * described).
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** GitHub's answer to a comment body over its limit. */
export const BODY_TOO_LONG = {
  status: 422,
  body: {
    message: 'Validation Failed',
    errors: [
      {
        resource: 'IssueComment',
        code: 'custom',
        field: 'body',
        message: 'body is too long (maximum is 65536 characters)',
      },
    ],
  },
};

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined. */
  body: unknown;
  /** What the server answered: a status, or null when the connection was dropped. */
  status: number | null;
}

export interface FakeUser {
  login: string;
  type: 'Bot' | 'User';
}

export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface FakePull {
  headSha: string;
  baseSha: string;
  headRepository: string;
  headBranch: string;
}

/** A file at a commit: its text, a symbolic link, or a submodule. */
export type FakeEntry = string | { symlink: string } | { submodule: string };

/** GitHub answers the contents of files up to this size inline. */
const INLINE_LIMIT = 1024 * 1024;

export interface Fault {
  method?: string;
  /** Matches the request path (without query). */
  path?: RegExp;
  /** Answer with this status (and body and headers). */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Drop the connection without an answer. */
  reset?: boolean;
  /** Never answer (until the server closes): an API that hangs. */
  hang?: boolean;
  /** Carry the request out and start the answer, then drop the connection half-way through. */
  partial?: boolean;
  /** Wait this long before answering (or before the fault). */
  delayMs?: number;
  /** Carry the request out first, then answer with the fault: the lost-response case. */
  afterEffect?: boolean;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

/** The app behind GITHUB_TOKEN, as GitHub shows it on comments. */
export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };
export const TOKEN = 'ghs_fakeTokenForTests0123456789';

export interface FakeGitHubOptions {
  /** The token the server accepts (more with acceptToken); anything else is answered 401. */
  token?: string;
  /**
   * Who the token belongs to. The default is the app behind GITHUB_TOKEN: GET /user is
   * 403 for it, as on GitHub.
   */
  actor?: FakeUser;
  /** Whether the token may write (false: a fork's read-only token). */
  canWrite?: boolean;
}

/** How the body limit counts: GitHub says characters; `bytes` stands for a stricter count. */
export type BodyMeasure = 'characters' | 'bytes';

type Hook = (req: RecordedRequest, server: FakeGitHub) => void | Promise<void>;

export class FakeGitHub {
  /** Every request, in the order they arrived. */
  readonly requests: RecordedRequest[] = [];
  /** The requests in the order they were answered (or dropped): held ones come late. */
  readonly answers: RecordedRequest[] = [];
  url = '';
  readonly tokens = new Set<string>();
  actor: FakeUser;
  canWrite: boolean;
  bodyMeasure: BodyMeasure = 'characters';
  /** Set when a hold of `answered` ran out of time: the interleaving a test wanted did not happen. */
  holdTimedOut = false;
  private waiters: Array<{ test: (r: RecordedRequest) => boolean; resolve: () => void }> = [];
  /** Requests answered or dropped so far. */
  private readonly done = new Set<RecordedRequest>();
  private readonly server: Server;
  private readonly issues = new Map<string, FakeComment[]>();
  private readonly pulls = new Map<string, FakePull>();
  private readonly commits = new Map<string, Record<string, FakeEntry>>();
  private readonly faults: Array<Fault & { left: number }> = [];
  private readonly hooks: Hook[] = [];
  private nextId = 1000;
  private clock = Date.UTC(2026, 0, 1);

  constructor(options: FakeGitHubOptions = {}) {
    this.tokens.add(options.token ?? TOKEN);
    this.actor = options.actor ?? ACTIONS_BOT;
    this.canWrite = options.canWrite ?? true;
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://fake');
        const record: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: raw ? safeJson(raw) : undefined,
          status: null,
        };
        this.requests.push(record);
        void this.handle(record, res);
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Comments on an issue or pull request, oldest first (the live list: edit with care). */
  comments(repo: string, issue: number): FakeComment[] {
    const key = `${repo}#${issue}`;
    let list = this.issues.get(key);
    if (!list) this.issues.set(key, (list = []));
    return list;
  }

  addComment(repo: string, issue: number, body: string, user: FakeUser): FakeComment {
    const now = new Date((this.clock += 1000)).toISOString();
    const id = this.nextId++;
    const comment = {
      id,
      body,
      user,
      created_at: now,
      updated_at: now,
      html_url: `https://github.com/${repo}/pull/${issue}#issuecomment-${id}`,
    };
    this.comments(repo, issue).push(comment);
    return comment;
  }

  setPull(repo: string, issue: number, headSha: string, head: Partial<FakePull> = {}): void {
    this.pulls.set(`${repo}#${issue}`, {
      headSha,
      baseSha: '0'.repeat(40),
      headRepository: 'contributor/platform',
      headBranch: 'feature',
      ...head,
    });
  }

  /** A commit of the repository and its files, by path, for the contents API. */
  setCommit(repo: string, sha: string, files: Record<string, FakeEntry>): void {
    this.commits.set(`${repo}@${sha}`, files);
  }

  /** Queues a fault for the next matching request(s). */
  fail(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Runs before each request is answered, to change state mid-run. */
  onRequest(hook: Hook): void {
    this.hooks.push(hook);
  }

  /** Accepts another token for the same actor: a second workflow run's. */
  acceptToken(token: string): void {
    this.tokens.add(token);
  }

  /**
   * Resolves once a request that matches has been answered (or dropped), at once if one
   * already has. For holding a request back in a hook: when none comes within the time,
   * it resolves anyway and sets holdTimedOut, so a test fails instead of hanging.
   */
  answered(test: (r: RecordedRequest) => boolean, timeoutMs = 15_000): Promise<void> {
    if (this.requests.some((r) => this.done.has(r) && test(r))) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.holdTimedOut = true;
        this.waiters = this.waiters.filter((w) => w.resolve !== finish);
        resolve();
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ test, resolve: finish });
    });
  }

  private finished(r: RecordedRequest): void {
    this.done.add(r);
    this.answers.push(r);
    const ready = this.waiters.filter((w) => w.test(r));
    this.waiters = this.waiters.filter((w) => !w.test(r));
    for (const w of ready) w.resolve();
  }

  /** Requests that changed something. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  }

  private takeFault(r: RecordedRequest): Fault | null {
    const i = this.faults.findIndex(
      (f) =>
        f.left > 0 &&
        (f.method === undefined || f.method === r.method) &&
        (f.path === undefined || f.path.test(r.path)),
    );
    if (i < 0) return null;
    const f = this.faults[i]!;
    f.left--;
    return f;
  }

  private async handle(r: RecordedRequest, res: ServerResponse): Promise<void> {
    for (const hook of this.hooks) await hook(r, this);
    const fault = this.takeFault(r);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault && !fault.afterEffect && !fault.partial) return this.answerFault(r, res, fault);
    const answer = this.route(r);
    if (fault?.partial) {
      const text = JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(text)),
        ...answer.headers,
      });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      r.status = null;
      // Let the first half go out before the connection drops.
      setTimeout(() => {
        res.socket?.destroy();
        this.finished(r);
      }, 5);
      return;
    }
    if (fault) return this.answerFault(r, res, fault);
    this.send(r, res, answer.status, answer.body, answer.headers);
  }

  private answerFault(r: RecordedRequest, res: ServerResponse, fault: Fault): void {
    if (fault.hang) return;
    if (fault.reset) {
      r.status = null;
      res.socket?.destroy();
      this.finished(r);
      return;
    }
    this.send(
      r,
      res,
      fault.status ?? 500,
      fault.body ?? { message: 'Server Error' },
      fault.headers,
    );
  }

  private send(
    r: RecordedRequest,
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    r.status = status;
    if (status === 204) {
      res.writeHead(status, headers);
      res.end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    }
    this.finished(r);
  }

  private route(r: RecordedRequest): {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
  } {
    const auth = /^token (.+)$/.exec(r.headers.authorization ?? '');
    if (!auth || !this.tokens.has(auth[1]!)) {
      return { status: 401, body: { message: 'Bad credentials' } };
    }
    let m: RegExpExecArray | null;
    if (r.method === 'GET' && r.path === '/user') {
      if (this.actor.type === 'Bot') {
        return { status: 403, body: { message: 'Resource not accessible by integration' } };
      }
      return { status: 200, body: { login: this.actor.login, type: this.actor.type } };
    }
    if ((m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(r.path))) {
      const [repo, issue] = [m[1]!, Number(m[2])];
      if (r.method === 'GET') return this.listComments(r, repo, issue);
      if (r.method === 'POST') {
        if (!this.canWrite) return forbidden();
        const body = (r.body as { body?: unknown } | undefined)?.body;
        const invalid = validateBody(body, this.bodyMeasure);
        if (invalid) return invalid;
        return { status: 201, body: this.addComment(repo, issue, body as string, this.actor) };
      }
    }
    if ((m = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(r.path))) {
      const [repo, id] = [m[1]!, Number(m[2])];
      const list = [...this.issues.entries()]
        .filter(([k]) => k.startsWith(`${repo}#`))
        .map(([, comments]) => comments)
        .find((comments) => comments.some((c) => c.id === id));
      const comment = list?.find((c) => c.id === id);
      if (!list || !comment) return { status: 404, body: { message: 'Not Found' } };
      if (r.method === 'DELETE') {
        if (!this.canWrite || comment.user.login !== this.actor.login) return forbidden();
        list.splice(list.indexOf(comment), 1);
        return { status: 204, body: undefined };
      }
      if (r.method === 'PATCH') {
        if (!this.canWrite || comment.user.login !== this.actor.login) return forbidden();
        const body = (r.body as { body?: unknown } | undefined)?.body;
        const invalid = validateBody(body, this.bodyMeasure);
        if (invalid) return invalid;
        comment.body = body as string;
        comment.updated_at = new Date((this.clock += 1000)).toISOString();
        return { status: 200, body: comment };
      }
    }
    if (r.method === 'GET' && (m = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/.exec(r.path))) {
      const pull = this.pulls.get(`${m[1]}#${m[2]}`);
      if (!pull) return { status: 404, body: { message: 'Not Found' } };
      return {
        status: 200,
        body: {
          number: Number(m[2]),
          head: {
            sha: pull.headSha,
            ref: pull.headBranch,
            repo: { full_name: pull.headRepository },
          },
          base: { sha: pull.baseSha },
        },
      };
    }
    if (r.method === 'GET' && (m = /^\/repos\/([^/]+\/[^/]+)\/contents(?:\/(.*))?$/.exec(r.path))) {
      const path = (m[2] ?? '').split('/').map(decodeURIComponent).join('/');
      return this.contents(m[1]!, path, r.query.get('ref'));
    }
    if (
      r.method === 'GET' &&
      (m = /^\/repos\/([^/]+\/[^/]+)\/git\/blobs\/([0-9a-f]+)$/.exec(r.path))
    ) {
      const text = this.blobs(m[1]!).get(m[2]!);
      if (text === undefined) return { status: 404, body: { message: 'Not Found' } };
      return {
        status: 200,
        body: {
          sha: m[2],
          size: Buffer.byteLength(text),
          encoding: 'base64',
          content: Buffer.from(text).toString('base64'),
        },
      };
    }
    if (
      r.method === 'GET' &&
      (m = /^\/repos\/([^/]+\/[^/]+)\/git\/commits\/([0-9a-f]+)$/.exec(r.path))
    ) {
      if (!this.commits.has(`${m[1]}@${m[2]}`))
        return { status: 404, body: { message: 'Not Found' } };
      return { status: 200, body: { sha: m[2] } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private blobs(repo: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const [key, files] of this.commits) {
      if (!key.startsWith(`${repo}@`)) continue;
      for (const entry of Object.values(files))
        if (typeof entry === 'string') out.set(blobSha(entry), entry);
    }
    return out;
  }

  private contents(
    repo: string,
    path: string,
    ref: string | null,
  ): { status: number; body: unknown } {
    const files = ref === null ? undefined : this.commits.get(`${repo}@${ref}`);
    if (!files) return { status: 404, body: { message: `No commit found for the ref ${ref}` } };
    const fileAnswer = (at: string, text: string) => {
      const size = Buffer.byteLength(text);
      const inline = size <= INLINE_LIMIT;
      return {
        type: 'file',
        name: posix.basename(at),
        path: at,
        sha: blobSha(text),
        size,
        encoding: inline ? 'base64' : 'none',
        content: inline ? Buffer.from(text).toString('base64') : '',
      };
    };
    const entry = files[path];
    if (typeof entry === 'string') return { status: 200, body: fileAnswer(path, entry) };
    if (entry && 'symlink' in entry) {
      const target = posix.normalize(posix.join(posix.dirname(path), entry.symlink));
      const resolved = files[target];
      // GitHub serves the file a link leads to when it is a regular file in the repository.
      if (typeof resolved === 'string') return { status: 200, body: fileAnswer(target, resolved) };
      return {
        status: 200,
        body: { type: 'symlink', name: posix.basename(path), path, target: entry.symlink, size: 0 },
      };
    }
    if (entry && 'submodule' in entry) {
      return {
        status: 200,
        body: {
          type: 'submodule',
          name: posix.basename(path),
          path,
          submodule_git_url: entry.submodule,
        },
      };
    }
    const prefix = path === '' ? '' : `${path}/`;
    const children = [
      ...new Set(
        Object.keys(files)
          .filter((p) => p.startsWith(prefix))
          .map((p) => p.slice(prefix.length).split('/')[0]!),
      ),
    ];
    if (children.length > 0) {
      return {
        status: 200,
        body: children.map((name) => ({ name, path: `${prefix}${name}`, type: 'file' })),
      };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private listComments(
    r: RecordedRequest,
    repo: string,
    issue: number,
  ): { status: number; body: unknown; headers: Record<string, string> } {
    const perPage = Math.min(100, Number(r.query.get('per_page') ?? 30) || 30);
    const page = Math.max(1, Number(r.query.get('page') ?? 1) || 1);
    const all = this.comments(repo, issue);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, rel: string) =>
      `<${this.url}${r.path}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    return {
      status: 200,
      body: all.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }
}

/** The id git gives a file's contents. */
function blobSha(text: string): string {
  const bytes = Buffer.from(text);
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex');
}

function forbidden() {
  return { status: 403, body: { message: 'Resource not accessible by integration' } };
}

/** GitHub's own limit, so a body the action failed to cut is refused as GitHub would. */
function validateBody(body: unknown, measure: BodyMeasure) {
  if (typeof body !== 'string' || body.length === 0) {
    return {
      status: 422,
      body: { message: 'Validation Failed', errors: [{ field: 'body', code: 'missing_field' }] },
    };
  }
  const size = measure === 'bytes' ? Buffer.byteLength(body, 'utf8') : [...body].length;
  if (size > 65_536) return BODY_TOO_LONG;
  return null;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  return new FakeGitHub(options).start();
}
