import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/compose/dotenv.js';
import { Findings } from '../../src/compose/located.js';
import { inputError } from './helpers.js';

function parse(text: string, env: Record<string, string> = {}): Record<string, string> {
  const vars = parseDotenv(text, { file: '.env', lookup: (n) => env[n], findings: new Findings() });
  return Object.fromEntries(vars);
}

describe('.env files', () => {
  it.each([
    // [file text, variables]
    ['A=1\nB=2', { A: '1', B: '2' }],
    ['A=1\r\nB=2\r\n', { A: '1', B: '2' }],
    ['\uFEFFA=1', { A: '1' }],
    ['export A=1', { A: '1' }],
    ['A: 1', { A: '1' }],
    ['A = 1', { A: '1' }],
    ['A=', { A: '' }],
    ['# comment\n\n  # indented comment\nA=1', { A: '1' }],
    ['A=1 # comment', { A: '1' }],
    ['A=1# not a comment', { A: '1# not a comment' }],
    ['A=a b  ', { A: 'a b' }],
    ['A="x y" # comment', { A: 'x y' }],
    ['A="a # b"', { A: 'a # b' }],
    ["A='a $B \\n'", { A: 'a $B \\n' }],
    ['A="line\\nnext"', { A: 'line\nnext' }],
    ['A="tab\\there"', { A: 'tab\there' }],
    ['A="multi\nline"\nB=2', { A: 'multi\nline', B: '2' }],
    ['A="say \\"hi\\""', { A: 'say "hi"' }],
    ["A='it\\'s'", { A: "it's" }],
    ['A="back\\\\slash"', { A: 'back\\slash' }],
    ['A="\\$HOME"', { A: '$HOME' }],
    ['A="\\0101"', { A: 'A' }],
    ['A=$$literal', { A: '$literal' }],
    ['B=2\nA=$B', { B: '2', A: '2' }],
    ['B=2\nA="${B}x"', { B: '2', A: '2x' }],
    ['A=${NOPE:-def}', { A: 'def' }],
    ['APP.NAME=x\nAPP-ID=y', { 'APP.NAME': 'x', 'APP-ID': 'y' }],
  ])('%j', (text, vars) => {
    expect(parse(text)).toEqual(vars);
  });

  it('looks variables up in the environment before the file', () => {
    expect(parse('B=file\nA=$B', { B: 'env' })).toEqual({ B: 'file', A: 'env' });
  });

  it('copies a bare name from the environment when it is set there', () => {
    expect(parse('A\nB\nC=3\n', { A: 'from-env' })).toEqual({ A: 'from-env', C: '3' });
  });

  it('warns about an unset variable at its line', () => {
    const findings = new Findings();
    parseDotenv('A=1\nB=${NOPE}\n', { file: 'app/.env', lookup: () => undefined, findings });
    expect(findings.items).toEqual([
      {
        level: 'warn',
        code: 'unset-variable',
        message: 'the variable "NOPE" is not set, so B uses an empty string in its place',
        file: 'app/.env',
        line: 2,
        column: 1,
      },
    ]);
  });

  it.each([
    ['A="unterminated\nB=2', 1, 'the quoted value of A is never closed'],
    ['A=1\nA B=1', 2, 'a variable name cannot contain a space'],
    ['A=1\n\nA!=1', 3, 'unexpected character "!" in a variable name'],
    ['A=${SECRET', 1, 'the value of A is not a valid variable template; write a literal $ as $$'],
    ['\nA=${X:?set X first}', 2, 'the variable "X" is required but not set: set X first'],
  ])('refuses %j at its line', (text, line, message) => {
    const e = inputError(() => parse(text));
    expect(e.problems).toEqual([{ file: '.env', line, column: 1, message }]);
  });

  it('never quotes a value in a message', () => {
    const e = inputError(() => parse('TOKEN=s3cr3t-${'));
    expect(e.message).not.toContain('s3cr3t');
  });
});
