/**
 * Joins a manifest with the services its compose files define and resolves every name a
 * scenario uses. Everything a scenario refers to must exist, be unambiguous and have the
 * tier the scenario picks; each problem names the file, line and offending value.
 */
import { ProblemList, type Problem } from '../errors.js';
import type { ManifestSpec, NameRef, ScenarioDraft } from '../manifest/types.js';
import { phaseStates } from './phases.js';
import {
  RESOURCES,
  type CapacityModel,
  type Estimate,
  type Finding,
  type HostSpec,
  type PhaseSpec,
  type ScenarioSpec,
  type ServiceSpec,
  type Source,
} from './types.js';

export interface ComposeInput {
  services: readonly ServiceSpec[];
  findings: readonly Finding[];
}

const NO_COMPOSE: ComposeInput = { services: [], findings: [] };

function problemAt(source: Source, message: string): Problem {
  return {
    file: source.file,
    line: source.line,
    column: source.column,
    path: source.path,
    message,
  };
}

/** Looks names up exactly, then among compose services qualified as `project/name`. */
class ServiceIndex {
  private readonly byName = new Map<string, ServiceSpec>();
  private readonly byShort = new Map<string, string[]>();

  constructor(readonly services: readonly ServiceSpec[]) {
    for (const s of services) {
      this.byName.set(s.name, s);
      const slash = s.name.lastIndexOf('/');
      if (slash >= 0) {
        const short = s.name.slice(slash + 1);
        const list = this.byShort.get(short);
        if (list) list.push(s.name);
        else this.byShort.set(short, [s.name]);
      }
    }
  }

  /** The service a name means: exact, or the one `project/name`; several when ambiguous. */
  lookup(name: string): { name?: string; candidates?: string[] } {
    if (this.byName.has(name)) return { name };
    const candidates = this.byShort.get(name);
    if (candidates && candidates.length === 1) return { name: candidates[0]! };
    return candidates ? { candidates } : {};
  }

  get(name: string): ServiceSpec | undefined {
    return this.byName.get(name);
  }

  resolve(ref: NameRef, problems: ProblemList, what = 'service'): string | undefined {
    const found = this.lookup(ref.name);
    if (found.name !== undefined) return found.name;
    if (found.candidates) {
      problems.add(
        problemAt(
          ref.source,
          `the service name "${ref.name}" is ambiguous: it could be ${found.candidates.map((c) => `"${c}"`).join(' or ')}; write the one you mean`,
        ),
      );
      return undefined;
    }
    problems.add(
      problemAt(
        ref.source,
        `unknown ${what} "${ref.name}"${hint(ref.name, [...this.byName.keys()])}`,
      ),
    );
    return undefined;
  }
}

function hint(name: string, known: readonly string[]): string {
  if (known.length === 0) return '; no services are defined';
  const close = known.filter(
    (k) => k.toLowerCase() === name.toLowerCase() || k.includes(name) || name.includes(k),
  );
  return close.length > 0 ? `; did you mean "${close[0]}"?` : '';
}

/**
 * Manifest entries with the same name as a compose service refine it: their estimates
 * replace what the compose file implies, their ports add to it.
 */
function mergeServices(
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
    const refined: ServiceSpec = {
      ...target,
      ports: [...target.ports, ...m.ports],
      ...(m.replicasSource ? { replicas: m.replicas, replicasSource: m.replicasSource } : {}),
      refinedBy: m.source,
      ...(m.container ? { container: m.container } : {}),
      ...(m.unit ? { unit: m.unit } : {}),
    };
    for (const r of RESOURCES) if (m[r]) refined[r] = m[r];
    merged.set(target.name, refined);
  }
  return [...merged.values(), ...own];
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

function isActive(service: ServiceSpec, profiles: readonly string[] | undefined): boolean {
  if (!service.profiles || service.profiles.length === 0) return true;
  const enabled = profiles ?? [];
  return enabled.includes('*') || service.profiles.some((p) => enabled.includes(p));
}

function tiered(e: Estimate | undefined): e is Extract<Estimate, { kind: 'tiers' }> {
  return e?.kind === 'tiers';
}

export function buildModel(
  manifest: ManifestSpec,
  compose: ComposeInput = NO_COMPOSE,
): CapacityModel {
  const problems = new ProblemList();
  const services = mergeServices(manifest, compose, problems);
  const index = new ServiceIndex(services);
  const byName = new Map(services.map((s) => [s.name, s]));
  const hosts = new Map<string, HostSpec>(manifest.hosts.map((h) => [h.name, h]));
  const findings: Finding[] = [...manifest.findings, ...compose.findings];

  let drafts = manifest.scenarios;
  if (drafts.length === 0) {
    if (manifest.hosts.length === 1) {
      const host = manifest.hosts[0]!;
      drafts = [
        {
          name: 'default',
          source: host.source,
          host: { name: host.name, source: host.source },
          required: true,
          phases: [],
        },
      ];
    } else {
      problems.add({
        file: manifest.file,
        line: 1,
        column: 1,
        message:
          'the manifest declares several hosts but no scenarios; add `scenarios:` saying which services go where',
      });
    }
  }

  const scenarios = drafts.map((d) =>
    resolveScenario(d, { index, byName, hosts, services, problems, manifest }),
  );
  problems.throwIfAny();

  return {
    file: manifest.file,
    hosts: manifest.hosts,
    services,
    scenarios,
    policy: resolvePolicyUnits(manifest),
    findings,
  };
}

function resolvePolicyUnits(manifest: ManifestSpec): CapacityModel['policy'] {
  if (manifest.unitsExplicit) return manifest.policy;
  const { decimal, binary } = manifest.unitVotes;
  return { ...manifest.policy, units: binary > decimal ? 'binary' : 'decimal' };
}

interface Ctx {
  index: ServiceIndex;
  byName: ReadonlyMap<string, ServiceSpec>;
  hosts: ReadonlyMap<string, HostSpec>;
  services: readonly ServiceSpec[];
  problems: ProblemList;
  manifest: ManifestSpec;
}

function resolveScenario(d: ScenarioDraft, ctx: Ctx): ScenarioSpec {
  const { index, hosts, problems } = ctx;
  const placement = new Map<string, string>();
  const placedAt = new Map<string, Source>();

  const checkHost = (ref: NameRef): boolean => {
    if (hosts.has(ref.name)) return true;
    problems.add(
      problemAt(
        ref.source,
        `unknown host "${ref.name}" in scenario "${d.name}"${hint(ref.name, [...hosts.keys()])}`,
      ),
    );
    return false;
  };

  const place = (ref: NameRef, host: string): string | undefined => {
    const name = index.resolve(ref, problems);
    if (!name) return undefined;
    const earlier = placedAt.get(name);
    if (earlier) {
      problems.add(
        problemAt(
          ref.source,
          `scenario "${d.name}" places "${name}" twice (first at line ${earlier.line})`,
        ),
      );
      return undefined;
    }
    placement.set(name, host);
    placedAt.set(name, ref.source);
    return name;
  };

  const phaseRefs = d.phases.flatMap((p) => [...p.add, ...p.remove]);

  if (d.host && checkHost(d.host)) {
    const host = d.host.name;
    if (d.services) {
      d.services.forEach((ref) => place(ref, host));
    } else {
      for (const s of ctx.services)
        if (isActive(s, d.profiles ?? s.enabledProfiles))
          place({ name: s.name, source: d.source }, host);
    }
    // Services a phase brings in go on the scenario's one host even when `services` omits them.
    for (const ref of phaseRefs) {
      const name = index.resolve(ref, new ProblemList());
      if (name && !placement.has(name)) place(ref, host);
    }
  } else if (d.placement) {
    for (const { host, services } of d.placement) {
      if (!checkHost(host)) continue;
      services.forEach((ref) => place(ref, host.name));
    }
  }

  const phases: PhaseSpec[] = d.phases.map((p) => ({
    name: p.name,
    source: p.source,
    add: p.add
      .map((r) => resolvePhaseRef(r, d, index, placement, problems))
      .filter((x): x is string => !!x),
    remove: p.remove
      .map((r) => resolvePhaseRef(r, d, index, placement, problems))
      .filter((x): x is string => !!x),
  }));

  const spec: ScenarioSpec = {
    name: d.name,
    required: d.required,
    placement,
    phases,
    source: d.source,
    ...(d.tier !== undefined ? { tier: d.tier } : {}),
    ...(d.profiles ? { profiles: d.profiles } : {}),
  };

  for (const p of phaseStates(spec).problems) {
    const phase = d.phases[p.phase]!;
    const ref = [...phase.add, ...phase.remove].find(
      (r) => r.name === p.service || p.service.endsWith(`/${r.name}`),
    );
    problems.add(
      problemAt(
        ref?.source ?? phase.source,
        p.kind === 'add-present'
          ? `${phase.name} of scenario "${d.name}" adds "${p.service}", which is already there at that point`
          : `${phase.name} of scenario "${d.name}" removes "${p.service}", which is not there at that point`,
      ),
    );
  }

  checkTiers(d, placement, ctx);
  return spec;
}

function resolvePhaseRef(
  ref: NameRef,
  d: ScenarioDraft,
  index: ServiceIndex,
  placement: ReadonlyMap<string, string>,
  problems: ProblemList,
): string | undefined {
  const name = index.resolve(ref, problems);
  if (name && !placement.has(name)) {
    problems.add(
      problemAt(
        ref.source,
        `scenario "${d.name}" has a phase naming "${name}", but its placement does not say which host it goes on`,
      ),
    );
    return undefined;
  }
  return name;
}

function checkTiers(d: ScenarioDraft, placement: ReadonlyMap<string, string>, ctx: Ctx): void {
  for (const name of placement.keys()) {
    const s = ctx.byName.get(name)!;
    for (const r of RESOURCES) {
      const e = s[r];
      if (!tiered(e)) continue;
      const names = [...e.tiers.keys()];
      if (d.tier === undefined) {
        ctx.problems.add(
          problemAt(
            d.source,
            `scenario "${d.name}" names no tier, but the ${r} of "${name}" is given per tier (${names.join(', ')}); add \`tier:\` to the scenario`,
          ),
        );
      } else if (!e.tiers.has(d.tier)) {
        ctx.problems.add(
          problemAt(
            e.source,
            `scenario "${d.name}" picks tier "${d.tier}", but the ${r} of "${name}" has only ${names.map((n) => `"${n}"`).join(', ')}`,
          ),
        );
      }
    }
  }
}
