/**
 * Joins a manifest with the services its compose files define and resolves every name a
 * scenario uses. Everything a scenario refers to must exist, be unambiguous and have the
 * tier the scenario picks; each problem names the file, line and offending value.
 */
import { ProblemList } from '../shared/errors.js';
import type { ManifestSpec, ScenarioDraft } from './manifest-spec.js';
import { mergeServices, type ComposeInput } from './merge-services.js';
import { resolveScenario } from './resolve-scenario.js';
import { ServiceIndex } from './service-index.js';
import { TierGaps } from './tier-gaps.js';
import type { CapacityModel, HostSpec } from './types.js';

export type { ComposeInput } from './merge-services.js';

const NO_COMPOSE: ComposeInput = { services: [], findings: [] };

export function buildModel(
  manifest: ManifestSpec,
  compose: ComposeInput = NO_COMPOSE,
): CapacityModel {
  const problems = new ProblemList();
  const services = mergeServices(manifest, compose, problems);
  const index = new ServiceIndex(services);
  const byName = new Map(services.map((s) => [s.name, s]));
  const hosts = new Map<string, HostSpec>(manifest.hosts.map((h) => [h.name, h]));
  const tiers = new TierGaps(services);
  const allNames = services.map((s) => s.name);

  const drafts = scenarioDrafts(manifest, problems);
  const scenarios = drafts.map((d) =>
    resolveScenario(d, { index, byName, hosts, services, problems, tiers, allNames }),
  );
  problems.throwIfAny();

  return {
    file: manifest.file,
    hosts: manifest.hosts,
    services,
    scenarios,
    policy: resolvePolicyUnits(manifest),
    findings: [...manifest.findings, ...compose.findings],
  };
}

function resolvePolicyUnits(manifest: ManifestSpec): CapacityModel['policy'] {
  if (manifest.unitsExplicit) return manifest.policy;
  const { decimal, binary } = manifest.unitVotes;
  return { ...manifest.policy, units: binary > decimal ? 'binary' : 'decimal' };
}

/** The manifest's scenarios; without any, one host makes one scenario of everything. */
function scenarioDrafts(manifest: ManifestSpec, problems: ProblemList): readonly ScenarioDraft[] {
  if (manifest.scenarios.length > 0) return manifest.scenarios;
  const host = manifest.hosts.length === 1 ? manifest.hosts[0] : undefined;
  if (host) {
    return [
      {
        name: 'default',
        source: host.source,
        host: { name: host.name, source: host.source },
        required: true,
        phases: [],
      },
    ];
  }
  problems.add({
    file: manifest.file,
    line: 1,
    column: 1,
    message:
      'the manifest declares several hosts but no scenarios; add `scenarios:` saying which services go where',
  });
  return manifest.scenarios;
}
