/**
 * Where a scenario puts each service, as its lists say: names written outright, globs
 * matching the active services, what `exclude:` leaves out, and every active service on a
 * scenario's one host. Each problem names the file, line and offending value.
 */
import type { ProblemList } from '../shared/errors.js';
import type { NameRef } from './manifest-spec.js';
import { OneHostPlacement } from './one-host.js';
import { isGlob, problemAt, type ServiceIndex } from './service-index.js';
import type { TierGaps } from './tier-gaps.js';
import type { Source } from '../shared/terms.js';
import type { HostSpec, ServiceSpec } from './types.js';

/** What resolving a scenario reads of the model being built, and where problems go. */
export interface ResolveContext {
  index: ServiceIndex;
  /** Every service's name, in order: the one list scenarios placing them all share. */
  allNames: readonly string[];
  tiers: TierGaps;
  byName: ReadonlyMap<string, ServiceSpec>;
  hosts: ReadonlyMap<string, HostSpec>;
  services: readonly ServiceSpec[];
  problems: ProblemList;
}

/** Whether the profiles a scenario enables (or, without any, the service's own) run it. */
export function isActive(service: ServiceSpec, profiles: readonly string[] | undefined): boolean {
  if (!service.profiles || service.profiles.length === 0) return true;
  const enabled = profiles ?? [];
  return enabled.includes('*') || service.profiles.some((p) => enabled.includes(p));
}

/** Where a scenario puts each service, built from explicit names first, then globs. */
export class Placement {
  readonly hosts = new Map<string, readonly string[]>();
  private readonly explicitAt = new Map<string, Source>();
  private readonly globAt = new Map<string, { host: string; source: Source }>();

  constructor(
    private readonly scenario: string,
    private readonly ctx: ResolveContext,
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
    this.hosts.set(name, only);
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
export class Exclusions {
  private readonly byService = new Map<string, NameRef>();
  private readonly used = new Set<NameRef>();
  /** Entries that name existing services (the others are reported as unknown already). */
  private readonly known: NameRef[] = [];

  constructor(refs: readonly NameRef[], ctx: ResolveContext) {
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
export function wholeHost(
  ctx: ResolveContext,
  profiles: readonly string[] | undefined,
  host: string,
): OneHostPlacement {
  const active = ctx.services.filter((s) => isActive(s, profiles ?? s.enabledProfiles));
  if (active.length === ctx.services.length)
    return new OneHostPlacement(ctx.allNames, (n) => ctx.byName.has(n), host);
  const names = new Set(active.map((s) => s.name));
  return new OneHostPlacement([...names], (n) => names.has(n), host);
}
