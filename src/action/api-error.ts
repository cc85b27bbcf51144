/**
 * A failed GitHub API call, reduced to what the action decides on: the HTTP status (null
 * when no response came back at all) and GitHub's own message. The token and the request
 * are deliberately not kept, so printing one of these can never leak a credential.
 */
export class ApiError extends Error {
  readonly status: number | null;
  /** What was being done, for messages: "listing comments on #12". */
  readonly operation: string;

  constructor(operation: string, status: number | null, message: string) {
    super(
      `${operation} failed: ${status === null ? 'no response' : `HTTP ${status}`}${message ? `: ${message}` : ''}`,
    );
    this.name = 'ApiError';
    this.status = status;
    this.operation = operation;
  }

  /** Worth another try: no response, or the server's own failure. */
  get transient(): boolean {
    return this.status === null || this.status >= 500;
  }
}
