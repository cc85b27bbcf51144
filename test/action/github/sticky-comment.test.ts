/** The sticky comment's decisions, against an in-memory API that can be told to fail. */
import { describe, expect, it } from 'vitest';
import { ApiError, StoodDown } from '../../../src/action/github/api-error.js';
import { MARKER } from '../../../src/action/comment-marker.js';
import {
  CREATE_ATTEMPTS,
  ours,
  upsertComment,
  type CommentApi,
  type IssueComment,
} from '../../../src/action/github/sticky-comment.js';

const BOT = { login: 'github-actions[bot]', bot: true };

class MemoryApi implements CommentApi {
  comments: IssueComment[] = [];
  calls: string[] = [];
  /** Errors to throw from the next create calls; `landed` carries the create out first. */
  createFailures: Array<{ status: number | null; landed?: boolean }> = [];
  updateFailure: number | null = null;
  /** Asked before every create and update, as the GitHub client asks its write guard. */
  guard: () => string | null = () => null;
  /** Runs after every list: another run acting between this one's requests. */
  afterList: () => void = () => {};
  private id = 1;

  constructor(
    private readonly viewerLogin: string | null = null,
    private readonly author = BOT,
  ) {}

  add(body: string, login: string, bot: boolean): IssueComment {
    const c = { id: this.id++, body, login, bot, url: `u${this.id}` };
    this.comments.push(c);
    return c;
  }

  async viewer() {
    return this.viewerLogin;
  }
  async list() {
    this.calls.push('list');
    const listed = this.comments.map((c) => ({ ...c }));
    this.afterList();
    return listed;
  }
  private guarded() {
    const reason = this.guard();
    if (reason !== null) throw new StoodDown(reason);
  }
  async create(body: string) {
    this.guarded();
    this.calls.push('create');
    const failure = this.createFailures.shift();
    if (failure?.landed) this.add(body, this.author.login, this.author.bot);
    if (failure) throw new ApiError('creating', failure.status, 'boom');
    return this.add(body, this.author.login, this.author.bot);
  }
  async update(id: number, body: string) {
    this.guarded();
    this.calls.push(`update ${id}`);
    if (this.updateFailure !== null) throw new ApiError('updating', this.updateFailure, 'gone');
    const c = this.comments.find((x) => x.id === id);
    if (!c) throw new ApiError('updating', 404, 'Not Found');
    c.body = body;
    return c;
  }
  async remove(id: number) {
    this.calls.push(`remove ${id}`);
    this.comments = this.comments.filter((c) => c.id !== id);
  }
}

const body = (s: string) => `${MARKER}\n${s}`;

describe('which comment is ours', () => {
  it('needs the marker and the token’s user as author', () => {
    const api = new MemoryApi('me', { login: 'me', bot: false });
    api.add(body('theirs'), 'someone', false);
    api.add('no marker', 'me', false);
    const mine = api.add(body('mine'), 'me', false);
    expect(ours(api.comments, 'me')).toEqual([mine]);
  });

  it('with an app token (no user), a bot’s, github-actions first, then the oldest', () => {
    const api = new MemoryApi();
    api.add(body('human'), 'someone', false);
    const other = api.add(body('another app'), 'other-app[bot]', true);
    const actions = api.add(body('actions'), 'github-actions[bot]', true);
    expect(ours(api.comments, null)).toEqual([actions, other]);
  });
});

describe('posting', () => {
  it('creates when there is none', async () => {
    const api = new MemoryApi();
    const r = await upsertComment(api, body('x'), 'update');
    expect(r.action).toBe('created');
    // The second list looks for a twin another run created at the same time.
    expect(api.calls).toEqual(['list', 'create', 'list']);
  });

  it('updates ours in place, the oldest when there are two', async () => {
    const api = new MemoryApi();
    const first = api.add(body('old'), BOT.login, true);
    api.add(body('duplicate'), BOT.login, true);
    const r = await upsertComment(api, body('new'), 'update');
    expect(r).toMatchObject({ action: 'updated', id: first.id });
    expect(api.calls).toEqual(['list', `update ${first.id}`]);
  });

  it('writes nothing when the body is the same (line endings and trailing space aside)', async () => {
    const api = new MemoryApi();
    api.add(body('same\r\nbody\n\n'), BOT.login, true);
    const r = await upsertComment(api, body('same\nbody'), 'update');
    expect(r.action).toBe('unchanged');
    expect(api.calls).toEqual(['list']);
  });

  it('creates a new one every time in mode new', async () => {
    const api = new MemoryApi();
    api.add(body('old'), BOT.login, true);
    const r = await upsertComment(api, body('new'), 'new');
    expect(r.action).toBe('created');
    expect(api.comments).toHaveLength(2);
  });

  it('after a failed create, looks again and creates only when ours is still missing', async () => {
    const api = new MemoryApi();
    api.createFailures = [{ status: 500 }];
    const r = await upsertComment(api, body('x'), 'update');
    expect(r.action).toBe('created');
    expect(api.calls).toEqual(['list', 'create', 'list', 'create', 'list']);
    expect(api.comments).toHaveLength(1);
  });

  it('after a create that landed but failed, finds it and does not create again', async () => {
    const api = new MemoryApi();
    api.createFailures = [{ status: null, landed: true }];
    const logged: string[] = [];
    const r = await upsertComment(api, body('x'), 'update', (l) => logged.push(l));
    expect(r).toMatchObject({ action: 'created', id: api.comments[0]!.id });
    expect(api.calls).toEqual(['list', 'create', 'list', 'list']);
    expect(api.comments).toHaveLength(1);
    expect(logged[0]).toContain('looking whether the comment was created anyway');
  });

  it('in mode new, a landed create is told from older comments of ours', async () => {
    const api = new MemoryApi();
    api.add(body('x'), BOT.login, true);
    api.createFailures = [{ status: 502, landed: true }];
    await upsertComment(api, body('x'), 'new');
    expect(api.comments).toHaveLength(2);
    expect(api.calls).toEqual(['list', 'create', 'list']);
  });

  it('gives up after a bounded number of attempts', async () => {
    const api = new MemoryApi();
    api.createFailures = Array.from({ length: CREATE_ATTEMPTS }, () => ({ status: 503 }));
    await expect(upsertComment(api, body('x'), 'update')).rejects.toMatchObject({ status: 503 });
    expect(api.calls.filter((c) => c === 'create')).toHaveLength(CREATE_ATTEMPTS);
    expect(api.comments).toHaveLength(0);
  });

  it('does not retry a create GitHub refused (4xx)', async () => {
    const api = new MemoryApi();
    api.createFailures = [{ status: 403 }];
    await expect(upsertComment(api, body('x'), 'update')).rejects.toMatchObject({ status: 403 });
    expect(api.calls).toEqual(['list', 'create']);
  });

  it('creates once when ours was deleted between listing and updating', async () => {
    const api = new MemoryApi();
    api.add(body('old'), BOT.login, true);
    api.afterList = () => {
      api.comments = [];
      api.afterList = () => {};
    };
    const r = await upsertComment(api, body('new'), 'update');
    expect(r.action).toBe('created');
    expect(api.calls).toEqual(['list', 'update 1', 'create', 'list']);
    expect(api.comments.map((c) => c.body)).toEqual([body('new')]);
  });

  it('passes other update failures on', async () => {
    const api = new MemoryApi();
    api.add(body('old'), BOT.login, true);
    api.updateFailure = 403;
    await expect(upsertComment(api, body('new'), 'update')).rejects.toMatchObject({ status: 403 });
  });
});

describe('another run at the same time', () => {
  const OLD = 'a'.repeat(7);

  it('a new comment with another body is another run’s, not our create that landed', async () => {
    const api = new MemoryApi();
    api.createFailures = [{ status: 502 }];
    // Another run creates its comment while ours fails.
    api.afterList = () => {
      if (api.calls.length === 3) api.add(body('theirs'), BOT.login, true);
    };
    const r = await upsertComment(api, body('mine'), 'update');
    // Ours is created after all; the other run's, being older, keeps its place and gets
    // our body, and ours goes.
    expect(api.calls).toEqual(['list', 'create', 'list', 'create', 'list', 'update 1', 'remove 2']);
    expect(api.comments.map((c) => [c.id, c.body])).toEqual([[1, body('mine')]]);
    expect(r).toMatchObject({ action: 'updated', id: 1 });
  });

  it('when both created, the newer run moves its body into the older comment and deletes its own', async () => {
    const api = new MemoryApi();
    // Both listed before either created: the other run's create lands first.
    api.afterList = () => {
      if (api.calls.length === 1) api.add(body('older run'), BOT.login, true);
    };
    const logged: string[] = [];
    const r = await upsertComment(api, body('newer run'), 'update', (l) => logged.push(l));
    expect(api.calls).toEqual(['list', 'create', 'list', 'update 1', 'remove 2']);
    expect(api.comments.map((c) => [c.id, c.body])).toEqual([[1, body('newer run')]]);
    expect(r).toMatchObject({ action: 'updated', id: 1 });
    expect(logged.join('\n')).toContain('keeping it and deleting the duplicate 2');
  });

  it('when both created, the older run leaves the newer one’s comment alone and deletes its own', async () => {
    const api = new MemoryApi();
    api.afterList = () => {
      if (api.calls.length === 1) api.add(body('newer run'), BOT.login, true);
    };
    // The pull request has moved on by the time this run settles.
    api.guard = () => (api.calls.includes('create') ? `moved on from ${OLD}` : null);
    const r = await upsertComment(api, body('older run'), 'update');
    expect(api.calls).toEqual(['list', 'create', 'list', 'remove 2']);
    expect(api.comments.map((c) => [c.id, c.body])).toEqual([[1, body('newer run')]]);
    expect(r).toEqual({ action: 'stood-down', reason: `moved on from ${OLD}` });
  });

  it('the oldest of ours stays: a run whose comment is the oldest does nothing more', async () => {
    const api = new MemoryApi();
    // The other run creates right after this one.
    const create = api.create.bind(api);
    api.create = async (text) => {
      const mine = await create(text);
      api.add(body('other'), BOT.login, true);
      return mine;
    };
    const r = await upsertComment(api, body('mine'), 'update');
    expect(r).toMatchObject({ action: 'created', id: 1 });
    expect(api.calls).toEqual(['list', 'create', 'list']);
    // The other run deletes its own twin when it settles.
    expect(api.comments).toHaveLength(2);
  });

  it('a twin by another author is not a duplicate of ours', async () => {
    const api = new MemoryApi();
    api.afterList = () => {
      if (api.calls.length === 1) api.add(body('another app'), 'other-app[bot]', true);
    };
    const r = await upsertComment(api, body('mine'), 'update');
    expect(r).toMatchObject({ action: 'created', id: 2 });
    expect(api.calls).toEqual(['list', 'create', 'list']);
  });

  it('when the older comment is deleted while settling, ours stays', async () => {
    const api = new MemoryApi();
    api.afterList = () => {
      if (api.calls.length === 1) api.add(body('other'), BOT.login, true);
      if (api.calls.length === 3) api.comments = api.comments.filter((c) => c.id !== 1);
    };
    const r = await upsertComment(api, body('mine'), 'update');
    expect(r).toMatchObject({ action: 'created', id: 2 });
    expect(api.calls).toEqual(['list', 'create', 'list', 'update 1']);
    expect(api.comments.map((c) => c.id)).toEqual([2]);
  });

  it('an older run never writes: a refusing guard leaves the comment as it is', async () => {
    const api = new MemoryApi();
    api.add(body('newer run'), BOT.login, true);
    api.guard = () => 'moved on';
    expect(await upsertComment(api, body('older run'), 'update')).toEqual({
      action: 'stood-down',
      reason: 'moved on',
    });
    expect(api.calls).toEqual(['list']);
    expect(api.comments.map((c) => c.body)).toEqual([body('newer run')]);

    const empty = new MemoryApi();
    empty.guard = () => 'moved on';
    expect((await upsertComment(empty, body('x'), 'update')).action).toBe('stood-down');
    expect(empty.comments).toEqual([]);
  });

  it('mode new never settles duplicates: every run’s comment is wanted', async () => {
    const api = new MemoryApi();
    api.add(body('earlier'), BOT.login, true);
    await upsertComment(api, body('now'), 'new');
    expect(api.calls).toEqual(['list', 'create']);
    expect(api.comments).toHaveLength(2);
  });
});

describe('ApiError', () => {
  it('says what failed and how, and never carries a request', () => {
    const e = new ApiError('creating a comment on #7', 403, 'Resource not accessible');
    expect(e.message).toBe('creating a comment on #7 failed: HTTP 403: Resource not accessible');
    expect(new ApiError('listing', null, 'socket hang up').message).toBe(
      'listing failed: no response: socket hang up',
    );
    expect(Object.keys(e).sort()).toEqual(['detail', 'failure', 'name', 'operation', 'status']);
    expect([
      e.transient,
      new ApiError('x', 502, '').transient,
      new ApiError('x', null, '').transient,
      new ApiError('x', null, '', 'deadline').transient,
      new ApiError('x', 502, '').unsent().transient,
    ]).toEqual([false, true, true, false, false]);
  });
});
