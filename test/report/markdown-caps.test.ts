import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { evaluateYaml } from '../support/model.js';

/** 200 services (1 to 200 MB) on 40 hosts of 1 GB, five to a host, and all on one 2 GB host. */
function many() {
  const hosts = Array.from({ length: 41 }, (_, i) => `  h${i}: { memory: ${i === 40 ? 2 : 1}GB }`);
  const services = Array.from({ length: 200 }, (_, i) => `  s${i}: { memory: ${i + 1}MB }`);
  const placement = Array.from(
    { length: 40 },
    (_, i) => `      h${i}: [${Array.from({ length: 5 }, (_, k) => `s${i * 5 + k}`).join(', ')}]`,
  );
  return evaluateYaml(
    `version: 1\nhosts:\n${hosts.join('\n')}\nservices:\n${services.join('\n')}\nscenarios:\n` +
      `  spread:\n    placement:\n${placement.join('\n')}\n  crowded: { host: h40 }\n`,
  );
}

describe('a Markdown section of a large scenario', () => {
  const md = renderMarkdown(many());
  const section = (name: string) => {
    const heading = new RegExp(`^### \\S+ \`${name}\`$`, 'm').exec(md)!;
    const next = md.indexOf('\n### ', heading.index + 1);
    return md.slice(heading.index, next < 0 ? undefined : next);
  };

  it('shows the 30 tightest of 40 hosts and counts the rest', () => {
    const spread = section('spread');
    expect(spread.match(/^\| `h\d+` \| memory \|/gm)).toHaveLength(30);
    // The fullest hosts hold the largest services: h39 (980 MB of 1 GB) fails first.
    expect(spread).toMatch(
      /^\| `h39` \| memory \| 1 GB \| — \| 990 MB \| \*\*10 MB \(1\.0%\)\*\*/m,
    );
    expect(spread).toContain(
      '10 more hosts not shown: the 30 above are the tightest; the JSON report has them all.',
    );
  });

  it('lists the 50 largest of 200 services and counts the rest', () => {
    const crowded = section('crowded');
    expect(crowded).toContain(
      '<details><summary>Services (200) and where their figures come from</summary>',
    );
    expect(crowded).toContain(
      'The 50 largest by worst-case memory; 150 more services not shown, the JSON report has them all.',
    );
    const rows = crowded.match(/^\| `h40` \| `s\d+` \|/gm)!;
    expect(rows).toHaveLength(50);
    expect(rows[0]).toBe('| `h40` | `s199` |');
  });

  it('names ten hosts of a placement across hosts and counts the rest', () => {
    const crowded = section('crowded');
    const advice = crowded.split('\n').find((l) => l.startsWith('- **Across hosts**'))!;
    expect(advice.match(/`h\d+`: /g)).toHaveLength(10);
    expect(advice).toMatch(/; and 14 more hosts \(the JSON report has them all\): would pass\.$/);
  });
});
