/**
 * A service's swarm deployment mode (`deploy.mode`): `replicated` (the default), `global`
 * (one container on each node), or a job that runs to completion (`replicated-job`,
 * `global-job`). Swarm refuses `replicas` with the global modes, and refuses a mode it does
 * not know; plain `docker compose` accepts any string, so an unknown mode only warns.
 */
import type { Source } from '../shared/terms.js';
import { findingAt, problemAt } from './located.js';
import type { Findings } from './located.js';
import { childMap, type MapNode } from './node.js';
import type { ProblemList } from '../shared/errors.js';

export type DeployMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';

const MODES: readonly string[] = ['replicated', 'global', 'replicated-job', 'global-job'];

export interface ModeRead {
  mode: DeployMode;
  /** Where `deploy.mode` was written; undefined when it was not. */
  src?: Source;
}

export function readDeployMode(
  service: MapNode,
  name: string,
  problems: ProblemList,
  findings: Findings,
): ModeRead {
  const deploy = childMap(service, 'deploy');
  const node = deploy?.entries.get('mode');
  if (!node || node.kind !== 'scalar' || node.value === null) return { mode: 'replicated' };
  const value = String(node.value);
  if (!MODES.includes(value)) {
    findings.add(
      findingAt(
        'warn',
        'unknown-deploy-mode',
        `"${name}" has deploy.mode "${value}", which swarm refuses (it knows ${MODES.join(', ')}); it is counted as replicated`,
        node.src,
      ),
    );
    return { mode: 'replicated', src: node.src };
  }
  const mode = value as DeployMode;
  if (mode === 'global' || mode === 'global-job') {
    const replicas = deploy?.entries.get('replicas') ?? service.entries.get('scale');
    if (replicas && !(replicas.kind === 'scalar' && replicas.value === null)) {
      problems.add(
        problemAt(
          replicas.src,
          `"${name}" has deploy.mode ${mode} (line ${node.src.line}), which runs one container on each host, so it cannot also set a replica count; swarm refuses both`,
        ),
      );
    }
  }
  return { mode, src: node.src };
}
