/**
 * A failed GitHub API call, reduced to what the action decides on: the HTTP status (null
 * when no response came back at all), GitHub's own message, and why it failed when that
 * changes the advice (a rate limit, the run's deadline, a body GitHub found too long). The
 * token and the request are deliberately not kept, so printing one of these can never leak
 * a credential.
 */
export type ApiFailure =
  | 'rate-limit'
  | 'deadline'
  | 'too-long'
  /** The check before a write (see StoodDown) failed, so the write was never sent. */
  | 'unsent';

export class ApiError extends Error {
  readonly status: number | null;
  /** What was being done, for messages: "listing comments on #12". */
  readonly operation: string;
  /** GitHub's message, or what went wrong on the way. */
  readonly detail: string;
  readonly failure: ApiFailure | null;

  constructor(
    operation: string,
    status: number | null,
    message: string,
    failure: ApiFailure | null = null,
  ) {
    super(
      `${operation} failed: ${status === null ? 'no response' : `HTTP ${status}`}${message ? `: ${message}` : ''}`,
    );
    this.name = 'ApiError';
    this.status = status;
    this.operation = operation;
    this.detail = message;
    this.failure = failure;
  }

  /** The same failure, marked as having kept a write from being sent. */
  unsent(): ApiError {
    return new ApiError(this.operation, this.status, this.detail, this.failure ?? 'unsent');
  }

  /**
   * Worth another try: no response, or the server's own failure; never past the deadline,
   * and never a write that was not sent (its check was already retried).
   */
  get transient(): boolean {
    return (
      this.failure !== 'deadline' &&
      this.failure !== 'unsent' &&
      (this.status === null || this.status >= 500)
    );
  }
}

/**
 * Not a failure: a write was about to be made and the run found it should not make it (the
 * pull request has moved on to a newer commit, whose run posts instead). Thrown by the
 * client before any attempt at creating or editing a comment, retries included.
 */
export class StoodDown extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'StoodDown';
  }
}
