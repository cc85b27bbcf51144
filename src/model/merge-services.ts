/**
 * The model's services: the compose files' services, refined by the manifest entries of the
 * same name, then given `defaults:` for the figures they still lack. An estimate in the
 * manifest replaces what compose implies; a compose entry's defaults win over the
 * manifest's top-level ones; every figure taken from defaults is marked as such.
 */
import type { ProblemList } from '../shared/errors.js';
import type { ManifestSpec } from './manifest-spec.js';
import { problemAt, ServiceIndex } from './service-index.js';
import { RESOURCES, type Finding } from '../shared/terms.js';
import { type Estimate, type Figure, type ResourceDefaults, type ServiceSpec } from './types.js';

export interface ComposeInput {
  services: readonly ServiceSpec[];
  findings: readonly Finding[];
}

export function mergeServices(
  manifest: ManifestSpec,
  compose: ComposeInput,
  problems: ProblemList,
): ServiceSpec[] {
  const composeIndex = new ServiceIndex(compose.services);
  const merged = new Map<string, ServiceSpec>(compose.services.map((s) => [s.name, s]));
  const own: ServiceSpec[] = [];
  for (const m of manifest.services) {
    const exact = merged.get(m.name);
    const target =
      exact ?? (compose.services.length > 0 ? findShort(composeIndex, m, problems) : undefined);
    if (!target) {
      own.push(m);
      continue;
    }
    checkReplicas(m, target, problems);
    const refined: ServiceSpec = {
      ...target,
      ports: [...target.ports, ...m.ports],
      ...(m.replicasSource ? { replicas: m.replicas, replicasSource: m.replicasSource } : {}),
      ...(m.oneshot ? { oneshot: m.oneshot } : {}),
      refinedBy: m.source,
      ...(m.container ? { container: m.container } : {}),
      ...(m.unit ? { unit: m.unit } : {}),
    };
    for (const r of RESOURCES) if (m[r]) refined[r] = m[r];
    merged.set(target.name, refined);
  }
  return [...merged.values(), ...own].map((s) => withDefaults(s, manifest.defaults));
}

function findShort(
  index: ServiceIndex,
  m: ServiceSpec,
  problems: ProblemList,
): ServiceSpec | undefined {
  const found = index.lookup(m.name);
  // A manifest service that matches no compose service simply stands on its own; one that
  // matches several cannot say which it refines.
  if (found.candidates) index.resolve({ name: m.name, source: m.source }, problems);
  return found.name !== undefined ? index.get(found.name) : undefined;
}

/** Replicas written in the manifest obey compose's rules for the service they refine. */
function checkReplicas(m: ServiceSpec, target: ServiceSpec, problems: ProblemList): void {
  const at = m.replicasSource;
  if (!at) return;
  if (target.global) {
    problems.add(
      problemAt(
        at,
        `"${target.name}" is a swarm global service (deploy.mode: global, ${target.global.file}:${target.global.line}): it runs once on each host it is placed on, so it takes no replica count`,
      ),
    );
  } else if (m.replicas > 1 && target.containerName) {
    problems.add(
      problemAt(
        at,
        `"${target.name}" would run ${m.replicas} replicas, but its compose file fixes its container_name (${target.containerName.file}:${target.containerName.line}); compose refuses more than one container of that name`,
      ),
    );
  }
}

function defaulted(e: Estimate): Estimate {
  const mark = (f: Figure): Figure => ({ ...f, defaulted: true });
  if (e.kind === 'figure') return { kind: 'figure', figure: mark(e.figure) };
  return {
    kind: 'tiers',
    source: e.source,
    tiers: new Map([...e.tiers].map(([tier, f]) => [tier, mark(f)])),
  };
}

function withDefaults(s: ServiceSpec, top: ResourceDefaults | undefined): ServiceSpec {
  let out = s;
  for (const r of RESOURCES) {
    if (s[r]) continue;
    const d = s.defaults?.[r] ?? top?.[r];
    if (d) out = { ...out, [r]: defaulted(d) };
  }
  return out;
}
