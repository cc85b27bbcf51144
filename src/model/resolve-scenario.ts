/**
 * A scenario as the manifest writes it, resolved: every name it uses must exist, be
 * unambiguous and run where it says; its phases must add what is absent and remove what is
 * there; every service it places must have the tier it picks. Problems are collected, not
 * thrown, so one run names them all.
 */
import { ProblemList } from '../shared/errors.js';
import type { NameRef, ScenarioDraft } from './manifest-spec.js';
import type { OneHostPlacement } from './one-host.js';
import { phaseStates } from './phases.js';
import {
  Exclusions,
  isActive,
  Placement,
  wholeHost,
  type ResolveContext,
} from './scenario-placement.js';
import { hint, isGlob, problemAt } from './service-index.js';
import { checkTiers } from './tier-gaps.js';
import type { PhaseSpec, ScenarioSpec } from './types.js';

export function resolveScenario(d: ScenarioDraft, ctx: ResolveContext): ScenarioSpec {
  return new ScenarioResolver(d, ctx).resolve();
}

class ScenarioResolver {
  private readonly placement: Placement;
  private readonly exclusions: Exclusions;
  /** Names written outright, each resolved once. */
  private readonly resolved = new Map<NameRef, string>();
  /** The hosts each name written outright is named under. */
  private readonly explicitHosts = new Map<string, Set<string>>();
  /** Every name the phases add or remove. */
  private readonly phaseRefs: readonly NameRef[];

  constructor(
    private readonly d: ScenarioDraft,
    private readonly ctx: ResolveContext,
  ) {
    this.placement = new Placement(d.name, ctx);
    this.exclusions = new Exclusions(d.exclude ?? [], ctx);
    this.phaseRefs = d.phases.flatMap((p) => [...p.add, ...p.remove]);
  }

  resolve(): ScenarioSpec {
    const { d, ctx } = this;
    this.resolveWritten();
    const whole = this.place();
    this.reportUnusedExclusions();
    const phases: PhaseSpec[] = d.phases.map((p) => ({
      name: p.name,
      source: p.source,
      add: this.phaseNames(p.add),
      remove: this.phaseNames(p.remove),
    }));
    const spec: ScenarioSpec = {
      name: d.name,
      required: d.required,
      placement: whole ?? this.placement.hosts,
      phases,
      source: d.source,
      ...(d.tier !== undefined ? { tier: d.tier } : {}),
      ...(d.profiles ? { profiles: d.profiles } : {}),
    };
    if (spec.phases.length > 0) this.checkPhaseSteps(spec);
    if (ctx.tiers.mayFail(d.tier, spec.placement))
      checkTiers(d, spec.placement, ctx.byName, ctx.problems);
    return spec;
  }

  private active(name: string): boolean {
    const s = this.ctx.byName.get(name)!;
    return isActive(s, this.d.profiles ?? s.enabledProfiles);
  }

  private checkHost(ref: NameRef): boolean {
    const { hosts, problems } = this.ctx;
    if (hosts.has(ref.name)) return true;
    problems.add(
      problemAt(
        ref.source,
        `unknown host "${ref.name}" in scenario "${this.d.name}"${hint(ref.name, [...hosts.keys()], 'host')}`,
      ),
    );
    return false;
  }

  /**
   * Names written outright, resolved once, with the hosts they are named under; a name that
   * is also excluded is a contradiction.
   */
  private resolveWritten(): void {
    const { d, ctx, resolved, explicitHosts } = this;
    const listed: Array<{ ref: NameRef; host: string | undefined }> = [
      ...[...(d.services ?? []), ...this.phaseRefs].map((ref) => ({ ref, host: d.host?.name })),
      ...(d.placement ?? []).flatMap((p) => p.services.map((ref) => ({ ref, host: p.host.name }))),
    ];
    for (const { ref, host } of listed) {
      if (isGlob(ref.name) || resolved.has(ref)) continue;
      const name = ctx.index.resolve(ref, ctx.problems);
      if (name === undefined) continue;
      resolved.set(ref, name);
      if (host !== undefined) {
        const hostsOf = explicitHosts.get(name) ?? new Set<string>();
        hostsOf.add(host);
        explicitHosts.set(name, hostsOf);
      }
      const excludedBy = this.exclusions.hit(name);
      if (excludedBy) {
        ctx.problems.add(
          problemAt(
            ref.source,
            `scenario "${d.name}" names "${name}" here but also excludes it (line ${excludedBy.source.line}); keep one`,
          ),
        );
      }
    }
  }

  /** Places what a list says: names outright, globs as the active services they match. */
  private placeList(refs: readonly NameRef[], host: string): void {
    for (const ref of refs) {
      if (!isGlob(ref.name)) {
        const name = this.resolved.get(ref);
        if (name !== undefined) this.placement.explicit(name, host, ref);
        continue;
      }
      for (const name of this.ctx.index.expand(ref, this.ctx.problems)) {
        if (!this.active(name) || this.exclusions.hit(name)) continue;
        this.placement.matched(name, host, ref.source, this.explicitHosts);
      }
    }
  }

  /**
   * Places every service the scenario names; for every active service on its one host,
   * nothing excluded and no phase naming any, returns the whole-host placement instead.
   */
  private place(): OneHostPlacement | null {
    const { d } = this;
    if (d.host && this.checkHost(d.host)) return this.placeOnOneHost(d.host.name);
    if (d.placement) {
      for (const { host, services } of d.placement) {
        if (!this.checkHost(host)) continue;
        this.placeList(services, host.name);
      }
    }
    return null;
  }

  private placeOnOneHost(host: string): OneHostPlacement | null {
    const { d, ctx, placement } = this;
    let whole: OneHostPlacement | null = null;
    if (d.services) {
      this.placeList(d.services, host);
    } else if (this.phaseRefs.length === 0 && (d.exclude ?? []).length === 0) {
      whole = wholeHost(ctx, d.profiles, host);
    } else {
      for (const s of ctx.services) {
        if (!isActive(s, d.profiles ?? s.enabledProfiles) || this.exclusions.hit(s.name)) continue;
        placement.everything(s.name, host);
      }
    }
    // Services a phase brings in go on the scenario's one host even when `services` omits them.
    for (const ref of this.phaseRefs) {
      if (isGlob(ref.name)) {
        this.placeList([ref], host);
        continue;
      }
      const name = this.resolved.get(ref);
      if (name !== undefined && !placement.has(name)) placement.explicit(name, host, ref);
    }
    return whole;
  }

  private reportUnusedExclusions(): void {
    for (const ref of this.exclusions.unused()) {
      this.ctx.problems.add(
        problemAt(
          ref.source,
          `scenario "${this.d.name}" excludes "${ref.name}", but nothing it places matches that`,
        ),
      );
    }
  }

  /** The services a phase's list names, each of which the placement must put somewhere. */
  private phaseNames(refs: readonly NameRef[]): string[] {
    return refs.flatMap((ref) => {
      if (!isGlob(ref.name)) {
        const name = this.resolved.get(ref);
        return name === undefined ? [] : this.checkPlaced(name, ref);
      }
      // A scenario with one host has expanded its phases' globs already, and said what was wrong.
      return this.ctx.index
        .expand(ref, this.d.host ? new ProblemList() : this.ctx.problems)
        .filter((name) => this.active(name) && !this.exclusions.hit(name))
        .flatMap((name) => this.checkPlaced(name, ref));
    });
  }

  private checkPlaced(name: string, ref: NameRef): string[] {
    if (this.placement.has(name)) return [name];
    this.ctx.problems.add(
      problemAt(
        ref.source,
        `scenario "${this.d.name}" has a phase naming "${name}", but its placement does not say which host it goes on`,
      ),
    );
    return [];
  }

  /** Each phase adds only what is absent at that point and removes only what is there. */
  private checkPhaseSteps(spec: ScenarioSpec): void {
    const { d } = this;
    for (const p of phaseStates(spec).problems) {
      const phase = d.phases[p.phase]!;
      const ref = [...phase.add, ...phase.remove].find(
        (r) => r.name === p.service || p.service.endsWith(`/${r.name}`),
      );
      this.ctx.problems.add(
        problemAt(
          ref?.source ?? phase.source,
          p.kind === 'add-present'
            ? `${phase.name} of scenario "${d.name}" adds "${p.service}", which is already there at that point`
            : `${phase.name} of scenario "${d.name}" removes "${p.service}", which is not there at that point`,
        ),
      );
    }
  }
}
