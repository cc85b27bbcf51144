import type { Finding, Level, Source } from '../shared/terms.js';

/** A finding of the model, located where the manifest or compose file wrote its cause. */
export function finding(level: Level, code: string, message: string, at?: Source): Finding {
  return {
    level,
    code,
    message,
    ...(at ? { file: at.file, line: at.line, column: at.column } : {}),
  };
}
