import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import {
  COMMENT_LIMIT,
  commentBody,
  invalidInputMarkdown,
  reportMarkdown,
  summaryMarkdown,
} from '../../../src/action/render/comment-and-summary.js';
import { MARKER } from '../../../src/action/comment-marker.js';
import type { ManifestOutcome } from '../../../src/action/report/check-manifests.js';
import type { RunContext } from '../../../src/action/inputs/context.js';
import { buildActionReport } from '../../../src/action/report/action-report.js';
import { runComparedCheck } from '../../../src/check/compare-check.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { memoryReader } from '../../../src/workspace/reader.js';
import { BASE_SHA, HEAD_SHA } from '../../support/action-run.js';
import { expectGolden } from '../../support/golden.js';
import {
  HOSTILE,
  INVALID_MANIFEST,
  hostileManifest,
  hugeManifest,
  passingManifest,
} from '../../support/manifests.js';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../../support/model.js';

const PR_CONTEXT: RunContext = {
  event: 'pull_request',
  repository: 'acme/platform',
  pullRequest: 7,
  headSha: HEAD_SHA,
  baseSha: BASE_SHA,
  baseRef: 'main',
  headRepository: 'acme/platform',
  triggeringRun: null,
  runUrl: 'https://github.com/acme/platform/actions/runs/99',
};

function outcome(text: string, manifest: string): ManifestOutcome {
  return { kind: 'report', manifest, report: evaluateYaml(text, manifest) };
}

const seed = () => buildActionReport([outcome(seedText(), SEED_MANIFEST)], PR_CONTEXT);

const html = (md: string) =>
  micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

describe('the pull request comment', () => {
  it('for the seed example, as GitHub gets it (golden)', () => {
    expectGolden('action-comment.md', commentBody(seed(), { runUrl: PR_CONTEXT.runUrl }));
  });

  it('is the marker, then the CLI’s Markdown report, then which commit it is about', () => {
    const body = commentBody(seed());
    const report = seed().manifests[0]!;
    expect(body).toBe(
      `${MARKER}\n${renderMarkdown(report)}\n---\n\n<sub>headroom 0.1.0 · commit \`aaaaaaa\` · base \`bbbbbbb\`</sub>\n`,
    );
  });

  it('renders the verdict as a heading and the summary table with a row per scenario', () => {
    const out = html(commentBody(seed()));
    expect(out).toContain('<h2>❌ headroom: fail — the planned services do not fit</h2>');
    const summary = out.split('<table>')[1]!;
    const rows = summary.split('<tbody>')[1]!.split('</tbody>')[0]!.split('<tr>').slice(1);
    expect(rows.map((r) => /<code>([^<]*)<\/code>/.exec(r)![1])).toEqual([
      'minimal',
      'standard',
      'ideal',
      'aliyun',
    ]);
    expect(rows.every((r) => (r.match(/<td/g) ?? []).length === 5)).toBe(true);
    // The marker stays hidden.
    expect(out).toContain(MARKER);
    expect(out.replace(MARKER, '')).not.toContain('headroom:comment');
  });

  it('fits GitHub’s limit however large the report', () => {
    const big = buildActionReport([outcome(hugeManifest(300), 'capacity.yml')], PR_CONTEXT);
    expect(reportMarkdown(big).length).toBeGreaterThan(COMMENT_LIMIT);
    const body = commentBody(big, { runUrl: PR_CONTEXT.runUrl });
    expect([...body].length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.startsWith(`${MARKER}\n## ✅ headroom: pass`)).toBe(true);
    expect(body).toContain(
      "shortened to fit GitHub's size limit. The full report is in [the job summary of this run](https://github.com/acme/platform/actions/runs/99)",
    );
    // The footer survives the cut.
    expect(body.trimEnd().endsWith('</sub>')).toBe(true);
  });
});

describe('several manifests', () => {
  const report = () =>
    buildActionReport(
      [
        outcome(passingManifest(), 'eu/capacity.yml'),
        {
          kind: 'invalid',
          manifest: 'broken/capacity.yml',
          problems: [
            {
              file: 'broken/capacity.yml',
              line: 5,
              column: 13,
              path: '/hosts/web-1/memory',
              message: '"lots" is not a size',
            },
          ],
          omitted: 2,
        },
        outcome(seedText(), 'us/capacity.yml'),
      ],
      PR_CONTEXT,
    );

  it('lead with the combined verdict and a table of manifests, then a section each', () => {
    const md = reportMarkdown(report());
    const lines = md.split('\n');
    expect(lines[0]).toBe(
      '## 🛑 headroom: invalid — 3 manifests: 1 could not be checked, 1 fail, 1 pass',
    );
    expect(md).toContain('| `broken/capacity.yml` | 🛑 could not be checked | — |');
    expect(md).toContain('| `eu/capacity.yml` | ✅ pass | 62.5% |');
    expect(md).toContain('| `us/capacity.yml` | ❌ fail | -9.7% |');
    expect(md).toContain('### 🛑 `broken/capacity.yml` could not be checked');
    expect(md).toContain(
      '- `broken/capacity.yml:5:13` "lots" is not a size (at `/hosts/web-1/memory`)',
    );
    expect(md).toContain('- … and 2 more problems');
    // Scenario headings sit below their manifest's.
    expect(md).toContain('### ❌ `us/capacity.yml`\n\nfail — the planned services do not fit');
    expect(md).toContain('#### ❌ `standard`');
    expect(md).not.toMatch(/^### ❌ `standard`/m);
  });

  it('render as a table GitHub reads', () => {
    const out = html(reportMarkdown(report()));
    const overview = out.split('<table>')[1]!.split('</table>')[0]!;
    expect((overview.match(/<tr>/g) ?? []).length).toBe(4);
    expect(out).toContain('<h4>❌ <code>standard</code></h4>');
  });
});

/** A manifest checked against its base: both texts by the same name, as on a pull request. */
function compared(base: string | null, head: string, manifest = 'capacity.yml'): ManifestOutcome {
  const report = runComparedCheck(
    { manifest, reader: memoryReader({ [manifest]: head }), env: {} },
    { ref: 'main (bbbbbbb)', reader: memoryReader(base === null ? {} : { [manifest]: base }) },
  );
  return { kind: 'report', manifest, report };
}

describe('on a pull request compared with its base', () => {
  it('leads with what the pull request changes, right under the verdict', () => {
    const r = buildActionReport(
      [compared(passingManifest('1GB'), passingManifest('2GB'))],
      PR_CONTEXT,
      {
        status: 'compared',
        ref: 'main (bbbbbbb)',
        via: 'git',
      },
    );
    const lines = commentBody(r).split('\n');
    expect(lines.slice(1, 8)).toEqual([
      '## ✅ headroom: pass — the planned services fit with room to spare',
      '',
      '### What this pull request changes',
      '',
      'Compared with `main (bbbbbbb)`:',
      '',
      '- memory on `web-1`, `today`: 6.49 GB (81.1%) → 5.49 GB (68.6%), -1 GB',
    ]);
  });

  it('keeps what changed when the report is cut to the limit', () => {
    const r = buildActionReport(
      [compared(hugeManifest(300), hugeManifest(300).replace('memory: 1GB', 'memory: 3GB'))],
      PR_CONTEXT,
    );
    expect(reportMarkdown(r).length).toBeGreaterThan(COMMENT_LIMIT);
    const body = commentBody(r);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain("shortened to fit GitHub's size limit");
    expect(body.split('\n')[3]).toBe('### What this pull request changes');
    expect(body).toMatch(
      /- memory on `host-000-with-a-rather-long-name`, `scenario-000`: [^\n]+ → [^\n]+, -2 GB/,
    );
  });

  it('says right under the verdict when the base could not be read', () => {
    const r = buildActionReport([outcome(passingManifest(), 'capacity.yml')], PR_CONTEXT, {
      status: 'unavailable',
      ref: 'main (bbbbbbb)',
      reason: 'the API said <b>no</b>',
    });
    const lines = commentBody(r).split('\n');
    expect(lines[3]).toBe(
      '> Not compared with the base `main (bbbbbbb)`: the API said \\<b\\>no\\</b\\>.',
    );
    expect(lines[5]).toMatch(/^`capacity.yml` · 1 scenario/);
    expect(summaryMarkdown(r)).toContain('> Not compared with the base');
  });

  it('with several manifests, the overview says which got worse and what the headroom was', () => {
    const r = buildActionReport(
      [
        compared(passingManifest('1GB'), passingManifest('7GB'), 'a/capacity.yml'),
        compared(null, passingManifest(), 'b/capacity.yml'),
        compared(INVALID_MANIFEST, passingManifest(), 'c/capacity.yml'),
        compared(seedText(), seedText(), 'd/capacity.yml'),
      ],
      PR_CONTEXT,
    );
    const md = reportMarkdown(r);
    expect(md).toContain('| Manifest | Verdict | Worst-case headroom | Since the base |');
    expect(md).toContain('| `a/capacity.yml` | ⚠️ warn | 6.1% (was 62.5%) | ❌ worse |');
    expect(md).toContain('| `b/capacity.yml` | ✅ pass | 62.5% | new manifest |');
    expect(md).toContain('| `c/capacity.yml` | ✅ pass | 62.5% | invalid at the base |');
    expect(md).toContain('| `d/capacity.yml` | ❌ fail | -9.7% (was -9.7%) | not worse |');
    expect(md).toContain('#### What this pull request changes');
    const overview = html(md).split('<table>')[1]!.split('</table>')[0]!;
    for (const row of overview.split('<tbody>')[1]!.split('<tr>').slice(1))
      expect((row.match(/<td/g) ?? []).length).toBe(4);
  });
});

describe('hostile names', () => {
  it('in comment and summary: tables intact, no HTML of theirs, no live mention', () => {
    const r = buildActionReport([outcome(hostileManifest(), 'capacity.yml')], PR_CONTEXT);
    for (const md of [commentBody(r), summaryMarkdown(r)]) {
      const out = html(md);
      expect(out).not.toMatch(/<img/);
      expect(out.replace(/<code[^>]*>.*?<\/code>/gs, '')).not.toMatch(/@[A-Za-z0-9]/);
      expect(out).toContain(`<code>${HOSTILE.command}</code>`);
      expect(out).toContain('<code>a|b</code>');
      // The summary line of the findings block is raw HTML: its name is an HTML code element.
      expect(out).toContain('<summary>Findings in <code>&#64;acme/owners</code> (4)</summary>');
    }
  });
});

describe('a run that stopped on bad input', () => {
  it('says so with the messages and located problems, escaped', () => {
    const md = invalidInputMarkdown(
      ['input "fail-on" must be one of fail, warn, never; got "<b>"'],
      [{ file: 'a.yml', line: 1, message: 'ping @org/team' }],
      0,
    );
    expect(md).toBe(
      '## 🛑 headroom: the input could not be checked\n\n' +
        '- input "fail-on" must be one of fail, warn, never; got "\\<b\\>"\n' +
        '- `a.yml:1` ping @\u2060org/team\n',
    );
  });
});
