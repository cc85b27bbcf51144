/**
 * One merged compose service -> the model's ServiceSpec: its figures with the place each
 * was written, its published ports, its replicas and profiles.
 */
import { InputError, type ProblemList } from '../shared/errors.js';
import type { Estimate, Figure, ServiceSpec } from '../model/types.js';
import { readDeployMode } from './deploy-mode.js';
import { findingAt, type Findings } from './located.js';
import { isNull, type MapNode } from './node.js';
import { hostPorts, readPorts } from './ports.js';
import { serviceProfiles } from './profiles.js';
import { readResources } from './resources.js';
import { unsetVariables, type UnsetNotes } from './unset.js';
import { checkVolumes } from './volumes.js';

export interface ServiceContext {
  project: string;
  enabledProfiles: readonly string[] | undefined;
  problems: ProblemList;
  findings: Findings;
  unsetNotes?: UnsetNotes;
}

const figure = (f: Figure): Estimate => ({ kind: 'figure', figure: f });

/** Runs a reader that stops at its first problem, keeping the problem with the others. */
function collect<T>(read: () => T, fallback: T, problems: ProblemList): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    e.problems.forEach((p) => problems.add(p));
    return fallback;
  }
}

export function composeService(name: string, service: MapNode, ctx: ServiceContext): ServiceSpec {
  const res = readResources(service, name, ctx.problems, ctx.findings, ctx.unsetNotes);
  const bindings = collect(
    () => readPorts(service.entries.get('ports'), ctx.unsetNotes),
    [],
    ctx.problems,
  );
  for (const b of bindings) {
    if (!b.emptiedBy) continue;
    ctx.findings.add(
      findingAt(
        'warn',
        'unset-port',
        `the host port for container port ${b.target}/${b.protocol} of "${name}" is empty because ${unsetVariables(b.emptiedBy, ctx.unsetNotes?.withheld)}, so docker compose would publish it on a random free port and this check cannot see it clash; give the variable a value (for instance through the compose entry's \`env_file:\`)`,
        b.src,
      ),
    );
  }
  collect(() => checkVolumes(name, service, ctx.unsetNotes), undefined, ctx.problems);
  const ports = hostPorts(bindings);
  for (const b of ports.dynamic) {
    ctx.findings.add(
      findingAt(
        'info',
        'dynamic-port',
        `"${name}" publishes container port ${b.target}/${b.protocol} on a host port Docker picks from ${b.published} when it starts; that range is not checked for conflicts`,
        b.src,
      ),
    );
  }
  const profiles = collect(() => serviceProfiles(service), [], ctx.problems);
  const spec: ServiceSpec = {
    name,
    replicas: res.replicas,
    ports: ports.published,
    source: service.key ?? service.src,
    origin: 'compose',
    project: ctx.project,
  };
  if (res.memory) spec.memory = figure(res.memory);
  if (res.cpus) spec.cpus = figure(res.cpus);
  if (res.memoryLimit) spec.memoryLimit = res.memoryLimit;
  if (res.replicasSource) spec.replicasSource = res.replicasSource;
  if (profiles.length > 0) spec.profiles = profiles;
  if (ctx.enabledProfiles) spec.enabledProfiles = ctx.enabledProfiles;
  const containerName = service.entries.get('container_name');
  if (!isNull(containerName)) spec.containerName = containerName!.src;
  const deploy = readDeployMode(service, name, ctx.problems, ctx.findings);
  if (deploy.src && (deploy.mode === 'global' || deploy.mode === 'global-job'))
    spec.global = deploy.src;
  if (deploy.src && deploy.mode.endsWith('-job'))
    spec.oneshot = { value: true, reason: 'job', source: deploy.src };
  return spec;
}
