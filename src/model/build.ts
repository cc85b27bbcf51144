/**
 * Joins a manifest with the services its compose files define and resolves every name a
 * scenario uses. Everything a scenario refers to must exist, be unambiguous and have the
 * tier the scenario picks; each problem names the file, line and offending value.
 */
import { ProblemList } from '../shared/errors.js';
import type { ManifestSpec, NameRef, ScenarioDraft } from './manifest-spec.js';
import { mergeServices, type ComposeInput } from './merge-services.js';
import { OneHostPlacement } from './one-host.js';
import { phaseStates } from './phases.js';
import { hint, isGlob, problemAt, ServiceIndex } from './service-index.js';
import { RESOURCES, type Source } from '../shared/terms.js';
import {
  type CapacityModel,
  type Estimate,
  type HostSpec,
  type PhaseSpec,
  type ScenarioSpec,
  type ServiceSpec,
} from './types.js';

export type { ComposeInput } from './merge-services.js';

const NO_COMPOSE: ComposeInput = { services: [], findings: [] };

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
  const tiers = new TierGaps(services);
  const allNames = services.map((s) => s.name);

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
    resolveScenario(d, {
      index,
      byName,
      hosts,
      services,
      problems,
      tiers,
      allNames,
    }),
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

interface Ctx {
  index: ServiceIndex;
  /** Every service's name, in order: the one list scenarios placing them all share. */
  allNames: readonly string[];
  tiers: TierGaps;
  byName: ReadonlyMap<string, ServiceSpec>;
  hosts: ReadonlyMap<string, HostSpec>;
  services: readonly ServiceSpec[];
  problems: ProblemList;
}

/** Where a scenario puts each service, built from explicit names first, then globs. */
class Placement {
  readonly hosts = new Map<string, readonly string[]>();
  private readonly explicitAt = new Map<string, Source>();
  private readonly globAt = new Map<string, { host: string; source: Source }>();

  constructor(
    private readonly scenario: string,
    private readonly ctx: Ctx,
  ) {}

  /** One list per host for the services that run only there: a large scenario shares it. */
  private readonly only = new Map<string, readonly string[]>();

  private add(name: string, host: string): void {
    const list = this.hosts.get(name);
    if (list) {
      this.hosts.set(name, [...list, host]);
      return;
    }
    let only = this.only.get(host);
    if (!only) this.only.set(host, (only = [host]));
    this.hosts.set(name, only as string[]);
  }

  private isGlobal(name: string): boolean {
    return this.ctx.byName.get(name)?.global !== undefined;
  }

  has(name: string): boolean {
    return this.hosts.has(name);
  }

  /**
   * Every service of a scenario with one host and no list of its own, placed before anything
   * else: nothing can be placed twice yet, so there is nothing to check.
   */
  everything(name: string, host: string): void {
    if (!this.hosts.has(name)) this.add(name, host);
  }

  /** A service named outright: twice is an error, unless it is global and the hosts differ. */
  explicit(name: string, host: string, ref: NameRef): void {
    const on = this.hosts.get(name) ?? [];
    const earlier = this.explicitAt.get(name);
    if (earlier && !(this.isGlobal(name) && !on.includes(host))) {
      this.ctx.problems.add(
        problemAt(
          ref.source,
          `scenario "${this.scenario}" places "${name}" twice (first at line ${earlier.line})${
            this.isGlobal(name) || on.includes(host)
              ? ''
              : '; only a swarm global service (deploy.mode: global) may run on several hosts'
          }`,
        ),
      );
      return;
    }
    if (!earlier) this.explicitAt.set(name, ref.source);
    if (!on.includes(host)) this.add(name, host);
  }

  /**
   * A service a glob (or "all services") matched. A name written outright under another host
   * wins over a glob; two globs putting one service on two hosts are an error, except for a
   * global service, which runs on each.
   */
  matched(
    name: string,
    host: string,
    source: Source,
    explicitHosts: ReadonlyMap<string, ReadonlySet<string>>,
  ): void {
    const on = this.hosts.get(name) ?? [];
    if (on.includes(host)) return;
    if (this.isGlobal(name)) {
      this.add(name, host);
      return;
    }
    const named = explicitHosts.get(name);
    if (named && !named.has(host)) return;
    const earlier = this.globAt.get(name);
    if (earlier) {
      this.ctx.problems.add(
        problemAt(
          source,
          `scenario "${this.scenario}" matches "${name}" on host "${host}" and on host "${earlier.host}" (line ${earlier.source.line}); name it under the host it should run on`,
        ),
      );
      return;
    }
    this.globAt.set(name, { host, source });
    this.add(name, host);
  }
}

/** What `exclude:` leaves out, and whether each entry left out anything. */
class Exclusions {
  private readonly byService = new Map<string, NameRef>();
  private readonly used = new Set<NameRef>();
  /** Entries that name existing services (the others are reported as unknown already). */
  private readonly known: NameRef[] = [];

  constructor(refs: readonly NameRef[], ctx: Ctx) {
    for (const ref of refs) {
      const names = isGlob(ref.name)
        ? ctx.index.expand(ref, ctx.problems)
        : [ctx.index.resolve(ref, ctx.problems)].filter((n): n is string => n !== undefined);
      if (names.length > 0) this.known.push(ref);
      for (const n of names) if (!this.byService.has(n)) this.byService.set(n, ref);
    }
  }

  /** The exclude entry that leaves `name` out, if any; a hit counts as a use. */
  hit(name: string): NameRef | undefined {
    if (this.byService.size === 0) return undefined;
    const ref = this.byService.get(name);
    if (ref) this.used.add(ref);
    return ref;
  }

  /** Entries that left nothing out: a typo, or a rule that no longer means anything. */
  unused(): NameRef[] {
    return this.known.filter((r) => !this.used.has(r));
  }
}

/**
 * The placement of every active service on one host. When every service is active the list
 * is the model's own, shared by all such scenarios.
 */
function wholeHost(ctx: Ctx, profiles: readonly string[] | undefined, host: string) {
  const active = ctx.services.filter((s) => isActive(s, profiles ?? s.enabledProfiles));
  if (active.length === ctx.services.length)
    return new OneHostPlacement(ctx.allNames, (n) => ctx.byName.has(n), host);
  const names = new Set(active.map((s) => s.name));
  return new OneHostPlacement([...names], (n) => names.has(n), host);
}

function resolveScenario(d: ScenarioDraft, ctx: Ctx): ScenarioSpec {
  const { index, hosts, problems } = ctx;
  const placement = new Placement(d.name, ctx);
  const exclusions = new Exclusions(d.exclude ?? [], ctx);
  const active = (name: string): boolean => {
    const s = ctx.byName.get(name)!;
    return isActive(s, d.profiles ?? s.enabledProfiles);
  };

  const checkHost = (ref: NameRef): boolean => {
    if (hosts.has(ref.name)) return true;
    problems.add(
      problemAt(
        ref.source,
        `unknown host "${ref.name}" in scenario "${d.name}"${hint(ref.name, [...hosts.keys()], 'host')}`,
      ),
    );
    return false;
  };

  // Names written outright, resolved once, with the hosts they are named under; a name that
  // is also excluded is a contradiction.
  const resolved = new Map<NameRef, string>();
  const explicitHosts = new Map<string, Set<string>>();
  const phaseRefs = d.phases.flatMap((p) => [...p.add, ...p.remove]);
  const listed: Array<{ ref: NameRef; host: string | undefined }> = [
    ...[...(d.services ?? []), ...phaseRefs].map((ref) => ({ ref, host: d.host?.name })),
    ...(d.placement ?? []).flatMap((p) => p.services.map((ref) => ({ ref, host: p.host.name }))),
  ];
  for (const { ref, host } of listed) {
    if (isGlob(ref.name) || resolved.has(ref)) continue;
    const name = index.resolve(ref, problems);
    if (name === undefined) continue;
    resolved.set(ref, name);
    if (host !== undefined) {
      const hostsOf = explicitHosts.get(name) ?? new Set<string>();
      hostsOf.add(host);
      explicitHosts.set(name, hostsOf);
    }
    const excludedBy = exclusions.hit(name);
    if (excludedBy) {
      problems.add(
        problemAt(
          ref.source,
          `scenario "${d.name}" names "${name}" here but also excludes it (line ${excludedBy.source.line}); keep one`,
        ),
      );
    }
  }

  /** Places what a list says: names outright, globs as the active services they match. */
  const placeList = (refs: readonly NameRef[], host: string): void => {
    for (const ref of refs) {
      if (!isGlob(ref.name)) {
        const name = resolved.get(ref);
        if (name !== undefined) placement.explicit(name, host, ref);
        continue;
      }
      for (const name of index.expand(ref, problems)) {
        if (!active(name) || exclusions.hit(name)) continue;
        placement.matched(name, host, ref.source, explicitHosts);
      }
    }
  };

  // Every active service on the scenario's one host, nothing excluded and no phase naming any.
  let whole: OneHostPlacement | null = null;
  if (d.host && checkHost(d.host)) {
    const host = d.host.name;
    if (d.services) {
      placeList(d.services, host);
    } else if (phaseRefs.length === 0 && (d.exclude ?? []).length === 0) {
      whole = wholeHost(ctx, d.profiles, host);
    } else {
      for (const s of ctx.services) {
        if (!isActive(s, d.profiles ?? s.enabledProfiles) || exclusions.hit(s.name)) continue;
        placement.everything(s.name, host);
      }
    }
    // Services a phase brings in go on the scenario's one host even when `services` omits them.
    for (const ref of phaseRefs) {
      if (isGlob(ref.name)) {
        placeList([ref], host);
        continue;
      }
      const name = resolved.get(ref);
      if (name !== undefined && !placement.has(name)) placement.explicit(name, host, ref);
    }
  } else if (d.placement) {
    for (const { host, services } of d.placement) {
      if (!checkHost(host)) continue;
      placeList(services, host.name);
    }
  }

  for (const ref of exclusions.unused()) {
    problems.add(
      problemAt(
        ref.source,
        `scenario "${d.name}" excludes "${ref.name}", but nothing it places matches that`,
      ),
    );
  }

  const phaseNames = (refs: readonly NameRef[]): string[] =>
    refs.flatMap((ref) => {
      if (!isGlob(ref.name)) {
        const name = resolved.get(ref);
        return name === undefined ? [] : checkPlaced(name, ref);
      }
      // A scenario with one host has expanded its phases' globs already, and said what was wrong.
      return index
        .expand(ref, d.host ? new ProblemList() : problems)
        .filter((name) => active(name) && !exclusions.hit(name))
        .flatMap((name) => checkPlaced(name, ref));
    });
  const checkPlaced = (name: string, ref: NameRef): string[] => {
    if (placement.has(name)) return [name];
    problems.add(
      problemAt(
        ref.source,
        `scenario "${d.name}" has a phase naming "${name}", but its placement does not say which host it goes on`,
      ),
    );
    return [];
  };

  const phases: PhaseSpec[] = d.phases.map((p) => ({
    name: p.name,
    source: p.source,
    add: phaseNames(p.add),
    remove: phaseNames(p.remove),
  }));

  const spec: ScenarioSpec = {
    name: d.name,
    required: d.required,
    placement: whole ?? placement.hosts,
    phases,
    source: d.source,
    ...(d.tier !== undefined ? { tier: d.tier } : {}),
    ...(d.profiles ? { profiles: d.profiles } : {}),
  };

  for (const p of spec.phases.length > 0 ? phaseStates(spec).problems : []) {
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

  if (ctx.tiers.mayFail(d.tier, spec.placement)) checkTiers(d, spec.placement, ctx);
  return spec;
}

/**
 * Which services lack a tier, worked out once per tier: a scenario then looks only at those,
 * instead of at every tiered figure of every service it places.
 */
export class TierGaps {
  private readonly tiered: Array<{ name: string; tiers: ReadonlyMap<string, unknown> }> = [];
  private readonly lacking = new Map<string, string[]>();

  constructor(services: readonly ServiceSpec[]) {
    for (const s of services)
      for (const r of RESOURCES) {
        const e = s[r];
        if (tiered(e)) this.tiered.push({ name: s.name, tiers: e.tiers });
      }
  }

  /** False when no service the placement holds could be missing the tier. */
  mayFail(tier: string | undefined, placement: ReadonlyMap<string, readonly string[]>): boolean {
    let lacking = this.lacking.get(tier ?? '');
    if (!lacking) {
      lacking = this.tiered
        .filter((t) => tier === undefined || !t.tiers.has(tier))
        .map((t) => t.name);
      this.lacking.set(tier ?? '', lacking);
    }
    return lacking.some((name) => placement.has(name));
  }
}

function checkTiers(
  d: ScenarioDraft,
  placement: ReadonlyMap<string, readonly string[]>,
  ctx: Ctx,
): void {
  for (const name of placement.keys()) {
    const s = ctx.byName.get(name)!;
    for (const r of RESOURCES) {
      const e = s[r];
      if (!tiered(e) || (d.tier !== undefined && e.tiers.has(d.tier))) continue;
      const names = [...e.tiers.keys()];
      const from = [...e.tiers.values()].some((f) => f.defaulted) ? ' (from defaults)' : '';
      if (d.tier === undefined) {
        ctx.problems.add(
          problemAt(
            d.source,
            `scenario "${d.name}" names no tier, but the ${r} of "${name}"${from} is given per tier (${names.join(', ')}); add \`tier:\` to the scenario`,
          ),
        );
      } else if (!e.tiers.has(d.tier)) {
        ctx.problems.add(
          problemAt(
            e.source,
            `scenario "${d.name}" picks tier "${d.tier}", but the ${r} of "${name}"${from} has only ${names.map((n) => `"${n}"`).join(', ')}`,
          ),
        );
      }
    }
  }
}
