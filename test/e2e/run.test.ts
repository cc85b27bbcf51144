/**
 * The bundled action's other duties, end to end: outputs, job summary, annotations, exit
 * statuses, runs without a pull request, runners without the output files, hostile names,
 * bad input, and an event payload the toolkit cannot read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readActionReport } from '../support/report-schema.js';
import { MARKER } from '../../src/action/comment-marker.js';
import {
  REPO,
  makeWorkspace,
  pullRequestEvent,
  runAction,
  seedManifest,
} from '../support/action-run.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import {
  COMPOSE_MANIFEST,
  HOSTILE,
  INVALID_MANIFEST,
  hostileManifest,
  passingManifest,
} from '../support/manifests.js';

let api: FakeGitHub;
beforeEach(async () => {
  api = await startFakeGitHub();
});
afterEach(async () => {
  await api.close();
});

describe('outputs, summary and annotations', () => {
  it('writes every output in a form the runner parses, and the report file they name', async () => {
    const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
    const run = await runAction({ workspace: ws, api, inputs: { 'fail-on': 'never' } });

    expect(run.status).toBe(0);
    expect(Object.keys(run.outputs).sort()).toEqual([
      'comment-url',
      'min-headroom',
      'report',
      'verdict',
    ]);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.failure).toBeNull();
    expect(run.stdout).toContain('headroom: fail (fail-on: never), exit status 0');
    expect(Number(run.outputs['min-headroom'])).toBeCloseTo(-9.72, 2);
    expect(run.outputs['comment-url']).toBe('');
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report).toMatchObject({
      version: 1,
      verdict: 'fail',
      context: { event: 'push', repository: REPO, pullRequest: null },
    });
    expect(report.manifests[0].manifest).toBe('capacity.yml');
    // The default report path is in the runner's temp folder, not the checkout.
    expect(run.outputs.report!.startsWith(ws)).toBe(false);
  });

  it('on push: computes, writes summary and outputs, and never calls the API', async () => {
    const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
    const run = await runAction({ workspace: ws, api });

    expect(run.status).toBe(1);
    expect(run.failure).toBe('headroom: fail (fail-on: fail), exit status 1');
    expect(api.requests).toHaveLength(0);
    expect(run.summary.startsWith('## ❌ headroom: fail')).toBe(true);
    expect(run.summary).not.toContain(MARKER);
    expect(run.stdout).toContain('no pull request in this push run, so no comment');
  });

  it('annotates failing resources and findings with file, line and column', async () => {
    const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
    const run = await runAction({ workspace: ws, api });

    const errors = run.annotations.filter((a) => a.name === 'error');
    expect(errors.map((a) => a.message)).toContain(
      'scenario "standard": memory on "tencent-lh" does not fit: headroom -350 MB (-9.7%) in the worst case',
    );
    expect(errors.every((a) => a.properties.file === 'capacity.yml')).toBe(true);
    // Optional scenarios are reported, not annotated.
    expect(run.annotations.some((a) => a.message.includes('"ideal"'))).toBe(false);
  });

  it('fail-on warn fails a warning, fail-on fail does not', async () => {
    const ws = makeWorkspace({ 'capacity.yml': hostileManifest() });
    expect((await runAction({ workspace: ws, inputs: { 'fail-on': 'warn' } })).status).toBe(1);
    expect((await runAction({ workspace: ws, inputs: { 'fail-on': 'fail' } })).status).toBe(0);
  });

  it('without GITHUB_STEP_SUMMARY: a warning, and the run goes on; without GITHUB_OUTPUT, the outputs go as commands', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await runAction({ workspace: ws, noOutputFile: true, noSummaryFile: true });

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const warnings = run.annotations.filter((a) => a.name === 'warning').map((a) => a.message);
    expect(warnings).toEqual([
      'GITHUB_STEP_SUMMARY is not set, so the job summary cannot be written',
    ]);
    // An older runner reads outputs from the log: the toolkit's `set-output` command.
    const outputs = Object.fromEntries(
      run.acting.filter((c) => c.name === 'set-output').map((c) => [c.properties.name, c.message]),
    );
    expect(outputs).toMatchObject({ verdict: 'pass', 'min-headroom': '62.5', 'comment-url': '' });
    expect(existsSync(outputs.report!)).toBe(true);
  });
});

describe('bad input', () => {
  it('an invalid manifest exits 2, annotates the spot, and says so in the summary and comment', async () => {
    const ws = makeWorkspace({ 'capacity.yml': INVALID_MANIFEST });
    const run = await runAction({ workspace: ws, api, event: pullRequestEvent() });

    expect(run.status).toBe(2);
    const error = run.annotations.find((a) => a.name === 'error');
    expect(error?.properties).toMatchObject({ file: 'capacity.yml', line: '5', col: '13' });
    expect(error?.message).toContain('"lots" is not a size');
    expect(run.outputs.verdict).toBe('invalid');
    expect(run.summary).toContain('could not be checked');
    expect(api.comments(REPO, 7)[0]!.body).toContain('🛑 headroom: the input could not be checked');
  });

  it('a wrong input value exits 2 with the input, what it accepts and what it got', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await runAction({ workspace: ws, inputs: { 'fail-on': 'sometimes' } });

    expect(run.status).toBe(2);
    expect(run.annotations.map((a) => a.message)).toContain(
      'input "fail-on" must be one of fail, warn, never, regression; got "sometimes"',
    );
    expect(run.failure).toBe(
      'headroom: the input could not be checked (see the errors above), exit status 2',
    );
    expect(run.outputs.verdict).toBe('invalid');
  });

  it('a missing manifest exits 2 and names it', async () => {
    const ws = makeWorkspace({ 'README.md': 'no manifest here' });
    const run = await runAction({ workspace: ws });

    expect(run.status).toBe(2);
    expect(run.annotations[0]).toMatchObject({
      name: 'error',
      properties: { file: 'capacity.yml' },
      message: 'cannot read this file: the file does not exist',
    });
  });

  it('an optional scenario named in the input decides the check and is annotated', async () => {
    const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
    const run = await runAction({ workspace: ws, inputs: { scenario: 'aliyun' } });

    expect(run.status).toBe(1);
    expect(run.annotations.map((a) => a.message)).toEqual([
      'scenario "aliyun": memory on "aliyun-ecs" does not fit: headroom -1.7 GB (-94.4%) in the worst case',
      'scenario "aliyun": CPU on "aliyun-ecs" fits with little room: headroom 0 cores (0.0%) in the worst case',
    ]);
  });

  it('an unknown scenario exits 2 and lists the ones there are', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await runAction({ workspace: ws, inputs: { scenario: 'tomorrow' } });

    expect(run.status).toBe(2);
    expect(run.annotations[0]?.message).toContain('no scenario named "tomorrow"');
  });
});

describe('compose files', () => {
  it('are interpolated without the credentials in the job environment, so none can be quoted back', async () => {
    const ws = makeWorkspace({
      'capacity.yml': COMPOSE_MANIFEST,
      'docker-compose.yml': `services:
  api:
    image: api:\${TAG:-latest}
    mem_limit: \${API_TOKEN}
    cpus: \${API_CPUS:-1}
`,
    });
    const run = await runAction({
      workspace: ws,
      api,
      event: pullRequestEvent(),
      env: { API_TOKEN: 'hunter2-secret', API_CPUS: '3' },
    });

    // The variable is not there: an empty size, reported at its place, never its value.
    expect(run.status).toBe(2);
    const body = api.comments(REPO, 7)[0]!.body;
    for (const text of [run.stdout, run.summary, body, readFileSync(run.outputs.report!, 'utf8')])
      expect(text).not.toContain('hunter2');
    const error = run.annotations.find((a) => a.name === 'error');
    expect(error).toMatchObject({ properties: { file: 'docker-compose.yml', line: '4' } });
    expect(error!.message).toContain('the size is empty');
  });

  it('still see what the workflow sets for them', async () => {
    const ws = makeWorkspace({
      'capacity.yml': COMPOSE_MANIFEST,
      'docker-compose.yml': `services:
  api:
    image: api:latest
    mem_limit: \${API_MEMORY:-256m}
    cpus: \${API_CPUS:-1}
`,
    });
    const run = await runAction({ workspace: ws, env: { API_MEMORY: '1g', API_CPUS: '3' } });

    expect(run.outputs.verdict).not.toBe('invalid');
    const report = readActionReport(run.outputs.report!);
    const api = report.manifests[0]!.scenarios[0]!.hosts[0]!.services[0];
    expect(api).toMatchObject({ name: 'api', cpus: { worst: 3 }, memory: { worst: 1024 ** 3 } });
  });
});

describe('several manifests', () => {
  it('a glob makes one comment with a section for each manifest', async () => {
    const ws = makeWorkspace({
      'infra/eu/capacity.yml': passingManifest(),
      'infra/us/capacity.yml': seedManifest(),
      'infra/broken/capacity.yml': INVALID_MANIFEST,
    });
    const run = await runAction({
      workspace: ws,
      api,
      event: pullRequestEvent(),
      inputs: { manifest: 'infra/**/capacity.yml' },
    });

    expect(run.status).toBe(2);
    expect(api.comments(REPO, 7)).toHaveLength(1);
    const body = api.comments(REPO, 7)[0]!.body;
    expect(body).toContain(
      '## 🛑 headroom: invalid — 3 manifests: 1 could not be checked, 1 fail, 1 pass',
    );
    expect(body).toContain('### 🛑 `infra/broken/capacity.yml` could not be checked');
    expect(body).toContain('### ✅ `infra/eu/capacity.yml`');
    expect(body).toContain('### ❌ `infra/us/capacity.yml`');
    expect(body).toContain('#### ❌ `standard`');
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.manifests.map((m: { manifest: string }) => m.manifest)).toEqual([
      'infra/eu/capacity.yml',
      'infra/us/capacity.yml',
    ]);
    expect(report.errors[0].manifest).toBe('infra/broken/capacity.yml');
  });

  it('one file named two ways (capacity.yml and ./capacity.yml, or by a glob) is checked and shown once', async () => {
    const ws = makeWorkspace({ 'capacity.yml': seedManifest() });
    const run = await runAction({
      workspace: ws,
      api,
      event: pullRequestEvent(),
      inputs: { manifest: 'capacity.yml\n./capacity.yml\n.//capacity.yml\n./*.yml' },
    });

    expect(run.status).toBe(1);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.manifests.map((m: { manifest: string }) => m.manifest)).toEqual(['capacity.yml']);
    const body = api.comments(REPO, 7)[0]!.body;
    expect(body).toContain('## ❌ headroom: fail');
    expect(body).not.toContain('manifests');
    expect(body.match(/`capacity.yml` · 4 scenarios/g)).toHaveLength(1);
    expect(body.match(/### ❌ `standard`/g)).toHaveLength(1);
  });
});

describe('hostile names', () => {
  const html = (md: string) =>
    micromark(md, {
      allowDangerousHtml: true,
      extensions: [gfm()],
      htmlExtensions: [gfmHtml()],
    });

  it('leave the tables intact, render no HTML, ping nobody and emit no workflow command', async () => {
    const ws = makeWorkspace({ 'capacity.yml': hostileManifest() });
    const run = await runAction({ workspace: ws, api, event: pullRequestEvent() });

    expect(run.status).toBe(0);
    // Only our own commands reach the runner; the names' "::set-output" does not.
    expect(new Set(run.acting.map((c) => c.name))).toEqual(new Set(['warning']));
    expect(run.outputs.verdict).toBe('warn');
    expect(run.annotations.some((a) => a.message.includes(HOSTILE.command))).toBe(true);

    for (const markdown of [api.comments(REPO, 7)[0]!.body, run.summary]) {
      const out = html(markdown);
      const tags = new Set([...out.matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1]));
      const allowed = [
        'h2',
        'h3',
        'p',
        'table',
        'thead',
        'tbody',
        'tr',
        'th',
        'td',
        'code',
        'strong',
        'details',
        'summary',
        'ul',
        'li',
        'hr',
        'sub',
        'pre',
        // The note that the base could not be read (this stand-in does not have it).
        'blockquote',
      ];
      expect([...tags].filter((t) => !allowed.includes(t!))).toEqual([]);
      // Every table row has as many cells as its header.
      for (const table of out.split('<table>').slice(1)) {
        const head = (table.split('</thead>')[0]!.match(/<th[ >]/g) ?? []).length;
        const rows = table.split('</thead>')[1]!.split('</table>')[0]!.split('<tr>').slice(1);
        for (const row of rows) expect((row.match(/<td[ >]/g) ?? []).length).toBe(head);
      }
      const services = out.split('Services (4)')[1]!;
      expect(services).toContain('<code>a|b</code>');
      expect(services).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>');
      expect(services).toContain('<code>back`tick</code>');
      // Outside code spans, an @ is never directly followed by a name.
      const prose = out.replace(/<code[^>]*>.*?<\/code>/gs, '');
      expect(prose).not.toMatch(/@[A-Za-z0-9]/);
    }
  });
});

describe('the event payload', () => {
  it('that is not JSON is a warning, and the check goes on without a pull request to comment on', async () => {
    const ws = makeWorkspace({ 'capacity.yml': passingManifest() });
    const run = await runAction({
      workspace: ws,
      api,
      event: { name: 'pull_request', payload: '{ not json' },
    });

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.annotations[0]).toMatchObject({
      name: 'warning',
      message:
        'the event payload (GITHUB_EVENT_PATH) could not be read, so no pull request is known to comment on',
    });
    expect(run.outputs.verdict).toBe('pass');
    expect(api.requests).toHaveLength(0);
  });
});
