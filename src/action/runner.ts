/**
 * The action's side of the runner: log lines, annotations, outputs and the job summary.
 * A runner without GITHUB_OUTPUT or GITHUB_STEP_SUMMARY (an old self-hosted one, a local
 * test) gets a warning, once, and the run goes on: neither is worth failing a check for.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { visible } from '../report/escape.js';
import {
  annotationCommand,
  command,
  fileCommandEntry,
  inputVariable,
  type AnnotationLevel,
  type AnnotationProperties,
} from './protocol.js';

export interface Runner {
  /** An input as the runner passed it, trimmed; '' when not set. */
  input(name: string): string;
  info(line: string): void;
  debug(line: string): void;
  annotate(level: AnnotationLevel, message: string, props?: AnnotationProperties): void;
  /**
   * Prints text that carries user-controlled content (names from the manifest) with the
   * runner's command processing switched off, so no line of it can act as a command.
   */
  verbatim(text: string): void;
  /** False when the output could not be written (a warning has been given). */
  setOutput(name: string, value: string): boolean;
  /** Appends Markdown to the job summary; false when it could not be written. */
  appendSummary(markdown: string): boolean;
}

export interface RunnerIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  /** Random tokens for delimiters and stop-commands; tests make them predictable. */
  token?: () => string;
  appendFile?: (path: string, text: string) => void;
}

export function createRunner(io: RunnerIo): Runner {
  const token = io.token ?? (() => randomUUID());
  const append = io.appendFile ?? ((path, text) => appendFileSync(path, text, 'utf8'));
  const line = (text: string) => io.stdout(`${text}\n`);
  const warned = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    line(annotationCommand('warning', message, { title: 'headroom' }));
  };

  const appendTo = (variable: string, what: string, text: string): boolean => {
    const path = io.env[variable];
    if (!path) {
      warnOnce(variable, `${variable} is not set, so the ${what} cannot be written`);
      return false;
    }
    try {
      append(path, text);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'an error';
      warnOnce(
        variable,
        `the ${what} could not be written to the file ${variable} names (${code})`,
      );
      return false;
    }
  };

  return {
    input: (name) => (io.env[inputVariable(name)] ?? '').trim(),
    // Our own log lines may quote user text: make control characters visible so none of
    // them can start a new line (and with it a command).
    info: (text) => line(visible(text)),
    debug: (text) => line(command('debug', {}, visible(text))),
    annotate: (level, message, props) => line(annotationCommand(level, visible(message), props)),
    verbatim(text) {
      const stop = token();
      line(command('stop-commands', {}, stop));
      io.stdout(text.endsWith('\n') ? text : `${text}\n`);
      line(`::${stop}::`);
    },
    setOutput: (name, value) =>
      appendTo('GITHUB_OUTPUT', 'outputs', fileCommandEntry(name, value, delimiter())),
    appendSummary: (markdown) => appendTo('GITHUB_STEP_SUMMARY', 'job summary', markdown),
  };

  function delimiter(): string {
    return `ghadelimiter_${token()}`;
  }
}
