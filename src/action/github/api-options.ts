/**
 * The options a run connects to GitHub with, made from its settings the one way for every
 * caller (reading the base, posting the comment). Apart from client.ts, which loads
 * @actions/github, and with it the event payload, only when a run connects.
 */
import type { ApiOptions } from './client.js';

/** What of the settings a connection needs (see Settings). */
export interface ApiSettings {
  token: string;
  apiUrl: string;
  retryBaseMs: number;
  apiDeadlineMs: number;
}

export function apiOptions(
  settings: ApiSettings,
  repository: string,
  log: (line: string) => void,
): ApiOptions {
  return {
    token: settings.token,
    apiUrl: settings.apiUrl,
    repository,
    retryBaseMs: settings.retryBaseMs,
    deadlineMs: settings.apiDeadlineMs,
    log,
  };
}
