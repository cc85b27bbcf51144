/**
 * The sticky comment: one comment per pull request, found again by its hidden marker and
 * its author, edited in place, left alone when nothing changed. Written against a small
 * API port so the decisions (which comment, whether to write, what to do after a failure
 * or a race) are tested without HTTP; the GitHub client behind it lives in client.ts.
 *
 * A create is never retried blindly: GitHub can fail a request it has carried out, and a
 * blind retry is how duplicate comments happen. After a failed create the comments are
 * listed again, and only when ours is still missing is it created again.
 *
 * Two runs on the same pull request (two pushes in quick succession) race: both can list
 * before either creates. Two rules settle it.
 * - The older run never writes over the newer: the port's writes are guarded (the caller
 *   passes a guard to the client that reads the pull request's head before every attempt
 *   at creating or editing, retries included, and refuses when it is no longer this run's
 *   commit). The refusal arrives here as StoodDown and ends the run's part quietly.
 * - After creating, the comments are listed again. When another comment of ours by the same
 *   author is older, that one is the comment: it gets this run's body (a guarded write, so
 *   only when this run is the newer one) and the comment just created is deleted. Every run
 *   deletes only the comment it created itself, so the oldest always survives.
 */
import { ApiError, StoodDown } from './api-error.js';
import { hasMarker } from '../comment-marker.js';

export interface IssueComment {
  id: number;
  body: string;
  /** The author's login; null for a deleted account. */
  login: string | null;
  /** Whether the author is a bot (an app, such as the one behind GITHUB_TOKEN). */
  bot: boolean;
  url: string;
}

export interface CommentApi {
  /** The token's user; null when the token is an app's (GITHUB_TOKEN), which has none. */
  viewer(): Promise<string | null>;
  /** Every comment on the pull request, all pages, oldest first. */
  list(): Promise<IssueComment[]>;
  /**
   * Creates a comment; makes one attempt (see above). Throws StoodDown when the write guard
   * refuses, as update does.
   */
  create(body: string): Promise<IssueComment>;
  update(id: number, body: string): Promise<IssueComment>;
  /** Deletes a comment; one that is already gone counts as deleted. Never guarded. */
  remove(id: number): Promise<void>;
}

export type CommentMode = 'update' | 'new';

export type CommentResult =
  | { action: 'created' | 'updated' | 'unchanged'; id: number; url: string }
  /** Nothing of this run's is left on the pull request: a newer run posts instead. */
  | { action: 'stood-down'; reason: string };

/** Attempts at creating a comment, each after looking whether the last one landed. */
export const CREATE_ATTEMPTS = 3;

/** The login GitHub gives the app behind GITHUB_TOKEN. */
const ACTIONS_BOT = 'github-actions[bot]';

function sameBody(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\r\n/g, '\n').trimEnd();
  return norm(a) === norm(b);
}

/**
 * Ours: carries the marker and was written by the token's user, or, for an app token,
 * by a bot (the app's own login cannot be asked for with its token). Anyone may paste the
 * marker into a comment; the author check keeps us from trying to edit theirs.
 */
export function ours(comments: readonly IssueComment[], viewer: string | null): IssueComment[] {
  const mine = comments.filter(
    (c) => hasMarker(c.body) && (viewer !== null ? c.login === viewer : c.bot),
  );
  const rank = (c: IssueComment) => (viewer === null && c.login !== ACTIONS_BOT ? 1 : 0);
  return mine.sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}

const done = (action: 'created' | 'updated' | 'unchanged', c: IssueComment): CommentResult => ({
  action,
  id: c.id,
  url: c.url,
});

export async function upsertComment(
  api: CommentApi,
  body: string,
  mode: CommentMode,
  log: (line: string) => void = () => {},
): Promise<CommentResult> {
  try {
    const viewer = await api.viewer();
    const before = await api.list();
    if (mode === 'update') {
      const existing = ours(before, viewer)[0];
      if (existing) {
        if (sameBody(existing.body, body)) return done('unchanged', existing);
        try {
          return done('updated', await api.update(existing.id, body));
        } catch (e) {
          // Deleted between listing and editing: a new one takes its place.
          if (!(e instanceof ApiError && e.status === 404)) throw e;
          log(`comment ${existing.id} is gone (deleted meanwhile); creating a new one`);
        }
      }
    }
    const known = new Set(before.map((c) => c.id));
    const created = await createLookingAgain(api, body, viewer, known, log);
    return mode === 'update' ? await settle(api, body, viewer, created, log) : created.result;
  } catch (e) {
    if (e instanceof StoodDown) return { action: 'stood-down', reason: e.reason };
    throw e;
  }
}

interface Created {
  comment: IssueComment;
  result: CommentResult;
}

async function createLookingAgain(
  api: CommentApi,
  body: string,
  viewer: string | null,
  known: Set<number>,
  log: (line: string) => void,
): Promise<Created> {
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await api.create(body);
      return { comment: created, result: done('created', created) };
    } catch (e) {
      if (!(e instanceof ApiError && e.transient) || attempt >= CREATE_ATTEMPTS) throw e;
      log(`${e.message}; looking whether the comment was created anyway`);
    }
    // The one we created is new since this run listed, and has exactly our body: a new
    // comment with another body is another run's.
    const landed = ours(await api.list(), viewer).find(
      (c) => !known.has(c.id) && sameBody(c.body, body),
    );
    if (landed) return { comment: landed, result: done('created', landed) };
  }
}

/**
 * After creating: when another run created one too (both listed before either created),
 * the oldest stays and the newer one goes. The run whose comment is not the oldest moves its
 * body there (guarded: only the newer run's body may replace the other's) and deletes its
 * own, whether or not it was allowed to move the body.
 */
async function settle(
  api: CommentApi,
  body: string,
  viewer: string | null,
  created: Created,
  log: (line: string) => void,
): Promise<CommentResult> {
  const mine = created.comment;
  const keeper = ours(await api.list(), viewer).find((c) => c.login === mine.login);
  if (!keeper || keeper.id === mine.id) return created.result;
  log(
    `comment ${keeper.id} was created by another run at the same time; keeping it and deleting the duplicate ${mine.id}`,
  );
  let result: CommentResult;
  try {
    result = sameBody(keeper.body, body)
      ? done('unchanged', keeper)
      : done('updated', await api.update(keeper.id, body));
  } catch (e) {
    if (e instanceof StoodDown) {
      result = { action: 'stood-down', reason: e.reason };
    } else if (e instanceof ApiError && e.status === 404) {
      // The other one is gone in the meantime: ours is the comment after all.
      log(`comment ${keeper.id} is gone meanwhile; keeping ${mine.id}`);
      return created.result;
    } else {
      await api.remove(mine.id).catch(() => {});
      throw e;
    }
  }
  await api.remove(mine.id);
  return result;
}
