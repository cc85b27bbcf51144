/** Small manifests for the action's tests, each a plain YAML text. */

/** One host with plenty of room: passes. `memory` sets the api's estimate. */
export function passingManifest(memory = '1GB'): string {
  return `version: 1
hosts:
  web-1:
    cpus: 4
    memory: 8GB
    disk: 100GB
services:
  api: { memory: ${memory}, cpus: 1, disk: 5GB, ports: [8080] }
  worker: { memory: 512MB, cpus: 0.5, disk: 1GB }
scenarios:
  today:
    host: web-1
`;
}

/** Names that try to break out of Markdown, ping people or act as workflow commands. */
export const HOSTILE = {
  host: 'a|b',
  html: '<img src=x onerror=alert(1)>',
  mention: '@org/team',
  backtick: 'back`tick',
  command: '::set-output name=verdict::pass',
  scenario: '@acme/owners',
};

export function hostileManifest(): string {
  const q = (s: string) => JSON.stringify(s);
  return `version: 1
hosts:
  ${q(HOSTILE.host)}:
    cpus: 4
    memory: 8GB
    disk: 100GB
services:
  ${q(HOSTILE.html)}: { memory: 1GB }
  ${q(HOSTILE.mention)}: { memory: 1GB }
  ${q(HOSTILE.backtick)}: { memory: 1GB }
  ${q(HOSTILE.command)}: { memory: 1GB }
scenarios:
  ${q(HOSTILE.scenario)}:
    host: ${q(HOSTILE.host)}
policy:
  unestimated: warn
`;
}

/**
 * A manifest whose report is far longer than a comment may be: many hosts, each in its
 * own scenario, so even the tables without the collapsed details overflow.
 */
export function hugeManifest(hosts = 150): string {
  const lines = ['version: 1', 'hosts:'];
  for (let i = 0; i < hosts; i++)
    lines.push(
      `  host-${String(i).padStart(3, '0')}-with-a-rather-long-name: { cpus: 4, memory: 8GB, disk: 100GB }`,
    );
  lines.push('services:');
  for (let i = 0; i < hosts; i++)
    lines.push(
      `  service-${String(i).padStart(3, '0')}-with-a-rather-long-name: { memory: 1GB, cpus: 1, disk: 1GB }`,
    );
  lines.push('scenarios:');
  for (let i = 0; i < hosts; i++) {
    const n = String(i).padStart(3, '0');
    lines.push(
      `  scenario-${n}:`,
      `    host: host-${n}-with-a-rather-long-name`,
      `    services: [service-${n}-with-a-rather-long-name]`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A manifest with a figure that is not one: the input is invalid. */
export const INVALID_MANIFEST = `version: 1
hosts:
  web-1:
    cpus: 4
    memory: lots
services:
  api: { memory: 1GB }
scenarios:
  today:
    host: web-1
`;

/** A manifest whose one service comes from docker-compose.yml beside it, placed on web-1. */
export const COMPOSE_MANIFEST = `version: 1
hosts:
  web-1: { cpus: 4, memory: 8GB, disk: 100GB }
compose:
  - docker-compose.yml
scenarios:
  today:
    host: web-1
`;
