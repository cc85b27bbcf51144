import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import {
  COMMENT_LIMIT,
  MARKER,
  commentBody,
  invalidInputMarkdown,
  reportMarkdown,
  summaryMarkdown,
} from '../../src/action/comment-body.js';
import type { ManifestOutcome } from '../../src/action/check-manifests.js';
import type { RunContext } from '../../src/action/context.js';
import { buildActionReport } from '../../src/action/envelope.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { BASE_SHA, HEAD_SHA } from '../support/action-run.js';
import { expectGolden } from '../support/golden.js';
import { HOSTILE, hostileManifest, hugeManifest, passingManifest } from '../support/manifests.js';
import { SEED_MANIFEST, evaluateYaml, seedText } from '../support/model.js';

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
