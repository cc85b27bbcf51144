/**
 * What the action says in the run's log, through @actions/core. Our own lines may quote
 * names from a manifest, so control characters are made visible first: no name can end a
 * line and start a workflow command on the next. Longer text made of user content (the
 * text report) is printed with workflow commands switched off instead, since a line of it
 * may begin with a name.
 */
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { visible } from '../../report/escape.js';
import type { AnnotationLevel } from '../annotation.js';

export interface AnnotationPlace {
  title?: string;
  file?: string;
  line?: number;
  col?: number;
}

export function info(line: string): void {
  core.info(visible(line));
}

export function debug(line: string): void {
  core.debug(visible(line));
}

export function annotate(
  level: AnnotationLevel,
  message: string,
  place: AnnotationPlace = {},
): void {
  const properties: core.AnnotationProperties = {
    title: place.title,
    file: place.file,
    startLine: place.line,
    startColumn: place.col,
  };
  const text = visible(message);
  if (level === 'error') core.error(text, properties);
  else if (level === 'warning') core.warning(text, properties);
  else core.notice(text, properties);
}

/**
 * Prints user-controlled text between `stop-commands` and its resume token, as the
 * toolkit's documentation prescribes (core has no function for it): the runner acts on no
 * line in between. The token is random, so the text cannot resume commands itself.
 */
export function verbatim(text: string): void {
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  core.info(text.endsWith('\n') ? text.slice(0, -1) : text);
  core.info(`::${token}::`);
}

/** Prints `text` inside a collapsible group of the log. */
export function inGroup(title: string, text: string): void {
  core.startGroup(visible(title));
  try {
    verbatim(text);
  } finally {
    core.endGroup();
  }
}
