/**
 * Our runner protocol against @actions/core's, byte for byte: the toolkit is the
 * reference for how the runner reads commands and outputs, and it is a dev dependency
 * here for exactly this comparison.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  annotationCommand,
  command,
  fileCommandEntry,
  inputVariable,
} from '../../src/action/protocol.js';
import { parseCommands, parseOutputFile } from '../support/action-run.js';

const NASTY = [
  'plain',
  'line\nbreak',
  'carriage\rreturn',
  '100% sure',
  '::set-output name=verdict::pass',
  'a:b,c=d',
  '%0A already escaped',
  '',
];

function captureStdout(fn: () => void): string {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => {
  delete process.env.GITHUB_OUTPUT;
});

describe('workflow commands', () => {
  it.each(NASTY)('an annotation of %j is what @actions/core writes', (message) => {
    const props = { title: `t ${message}`, file: `dir/${message}.yml`, line: 3, col: 7 };
    const theirs = captureStdout(() =>
      core.warning(message, {
        title: props.title,
        file: props.file,
        startLine: props.line,
        startColumn: props.col,
      }),
    );
    expect(`${annotationCommand('warning', message, props)}\n`).toBe(theirs);
  });

  it.each(NASTY)('an annotation of %j stays one line and reads back as written', (message) => {
    const line = annotationCommand('error', message, { file: message, line: 1 });
    expect(line.split('\n')).toHaveLength(1);
    const [parsed] = parseCommands(line);
    expect(parsed).toEqual({
      name: 'error',
      properties: message ? { file: message, line: '1' } : { line: '1' },
      message,
    });
  });

  it('a command without properties has no space before the message', () => {
    expect(command('debug', {}, 'x')).toBe('::debug::x');
    expect(captureStdout(() => core.notice('x'))).toBe(`${annotationCommand('notice', 'x')}\n`);
  });
});

describe('outputs', () => {
  it.each(NASTY)('an output of %j is what @actions/core writes, and parses back', (value) => {
    const file = join(mkdtempSync(join(tmpdir(), 'headroom-out-')), 'output');
    writeFileSync(file, '');
    process.env.GITHUB_OUTPUT = file;
    core.setOutput('verdict', value);
    const theirs = readFileSync(file, 'utf8');
    const delimiter = /<<(.+)\n/.exec(theirs)![1]!;

    const ours = fileCommandEntry('verdict', value, delimiter);
    expect(ours).toBe(theirs);
    expect(parseOutputFile(ours)).toEqual({ verdict: value });
  });

  it('refuses a value that contains the delimiter', () => {
    expect(() => fileCommandEntry('x', 'a\nghadelimiter_1\nb', 'ghadelimiter_1')).toThrow(
      /delimiter/,
    );
  });
});

describe('inputs', () => {
  it('are read from the variables the runner sets, hyphens kept', () => {
    expect(inputVariable('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(inputVariable('fail-on')).toBe('INPUT_FAIL-ON');
    expect(inputVariable('report path')).toBe('INPUT_REPORT_PATH');
    process.env['INPUT_FAIL-ON'] = '  warn \n';
    try {
      expect(core.getInput('fail-on')).toBe(process.env[inputVariable('fail-on')]!.trim());
    } finally {
      delete process.env['INPUT_FAIL-ON'];
    }
  });
});
