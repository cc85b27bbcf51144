import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { memoryChart } from '../../src/report/memory-chart.js';
import { evaluateYaml, scenario } from '../support/model.js';

describe('how memory divides on a host', () => {
  const report = evaluateYaml(`version: 1
hosts:
  h: { memory: 1000MB, reserve: { memory: 100MB } }
services:
  legacy: { memory: 300MB }
  next: { memory: 400MB }
  db: { memory: 100MB }
scenarios:
  move: { host: h, phases: [{ add: [next] }, { remove: [legacy] }] }
`);

  it('shows the services at the tightest phase, what is set aside, and the headroom', () => {
    const s = scenario(report, 'move');
    const rows = memoryChart(s.hosts[0]!, report.units, s);
    expect(rows[0]).toBe('memory on h, worst case at phase 1, of 1 GB');
    expect(rows.map((r) => r.split(/\s{2,}/)[0])).toEqual([
      'memory on h, worst case at phase 1, of 1 GB',
      '(reserve)',
      'next',
      'legacy',
      'db',
      '(headroom)',
    ]);
    expect(rows[2]).toMatch(/^next\s+█{12}\s+400 MB\s+40\.0%$/);
    expect(rows[5]).toMatch(/100 MB\s+10\.0%$/);
  });

  it('says by how much a host is over, rather than drawing a negative bar', () => {
    const r = evaluateYaml(
      `version: 1\nhosts:\n  h: { memory: 1000MB }\nservices:\n  a: { memory: 1200MB }\n`,
    );
    const s = scenario(r, 'default');
    expect(memoryChart(s.hosts[0]!, r.units, s).at(-1)).toMatch(
      /^\(over by\)\s+!{6}\s+200 MB\s+20\.0%$/,
    );
  });

  it('cannot be broken out of by a service name full of backticks', () => {
    const r = evaluateYaml(
      `version: 1\nhosts:\n  h: { memory: 1000MB }\nservices:\n  "\`\`\`\`<b>x</b>": { memory: 100MB }\n`,
    );
    const html = micromark(renderMarkdown(r), {
      allowDangerousHtml: true,
      extensions: [gfm()],
      htmlExtensions: [gfmHtml()],
    });
    expect(html).not.toContain('<b>x</b>');
    expect(html).toMatch(/<pre><code class="language-text">memory on h/);
  });
});
