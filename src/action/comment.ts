/**
 * The sticky comment: one comment per pull request, found again by its hidden marker and
 * its author, edited in place, left alone when nothing changed. Written against a small
 * API port so the decisions (which comment, whether to write, what to do after a failure)
 * are tested without HTTP; the GitHub client behind it lives in github-api.ts.
 *
 * A create is never retried blindly: GitHub can fail a request it has carried out, and a
 * blind retry is how duplicate comments happen. After a failed create the comments are
 * listed again, and only when ours is still missing is it created again.
 */
import { ApiError } from './api-error.js';
import { hasMarker } from './comment-body.js';

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
  /** Creates a comment; makes one attempt (see above). */
  create(body: string): Promise<IssueComment>;
  update(id: number, body: string): Promise<IssueComment>;
}

export type CommentMode = 'update' | 'new';

export interface CommentResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

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

export async function upsertComment(
  api: CommentApi,
  body: string,
  mode: CommentMode,
  log: (line: string) => void = () => {},
): Promise<CommentResult> {
  const viewer = await api.viewer();
  const before = await api.list();
  if (mode === 'update') {
    const existing = ours(before, viewer)[0];
    if (existing) {
      if (sameBody(existing.body, body)) {
        return { action: 'unchanged', id: existing.id, url: existing.url };
      }
      try {
        const updated = await api.update(existing.id, body);
        return { action: 'updated', id: updated.id, url: updated.url };
      } catch (e) {
        // Deleted between listing and editing: a new one takes its place.
        if (!(e instanceof ApiError && e.status === 404)) throw e;
        log(`comment ${existing.id} is gone (deleted meanwhile); creating a new one`);
      }
    }
  }
  return createLookingAgain(api, body, viewer, new Set(before.map((c) => c.id)), log);
}

async function createLookingAgain(
  api: CommentApi,
  body: string,
  viewer: string | null,
  known: Set<number>,
  log: (line: string) => void,
): Promise<CommentResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await api.create(body);
      return { action: 'created', id: created.id, url: created.url };
    } catch (e) {
      if (!(e instanceof ApiError && e.transient) || attempt >= CREATE_ATTEMPTS) throw e;
      log(`${e.message}; looking whether the comment was created anyway`);
    }
    // Only a comment that was not there before this run counts as the one we created.
    const landed = ours(await api.list(), viewer).find((c) => !known.has(c.id));
    if (landed) {
      if (sameBody(landed.body, body)) return { action: 'created', id: landed.id, url: landed.url };
      const updated = await api.update(landed.id, body);
      return { action: 'created', id: updated.id, url: updated.url };
    }
  }
}
