/**
 * A manifest as written, after validation and unit parsing but before its scenarios are
 * resolved against the services that compose files add.
 */
import type { Finding, Source } from '../shared/terms.js';
import type { HostSpec, Policy, ResourceDefaults, ServiceSpec } from './types.js';
import type { UnitFamily } from '../units/parse.js';

export interface NameRef {
  name: string;
  source: Source;
}

export interface PhaseDraft {
  name: string;
  add: readonly NameRef[];
  remove: readonly NameRef[];
  source: Source;
}

export interface ScenarioDraft {
  name: string;
  source: Source;
  host?: NameRef;
  /**
   * With `host`: the services to place; undefined means all services. A name may be a glob
   * (`shop/*`, `*-worker`) standing for every service it matches.
   */
  services?: readonly NameRef[];
  /** Names or globs of services the scenario leaves out of what its globs and defaults place. */
  exclude?: readonly NameRef[];
  /** For scenarios spanning hosts: host to services. */
  placement?: ReadonlyArray<{ host: NameRef; services: readonly NameRef[] }>;
  tier?: string;
  required: boolean;
  phases: readonly PhaseDraft[];
  profiles?: readonly string[];
}

/**
 * One compose project: files merged in order, as `docker compose -f a -f b` does, or a
 * folder read as `docker compose` run in it reads it (its default file and override file).
 */
export interface ComposeRef {
  /** The files, exactly; empty when the entry names a folder in `dir`. */
  files: readonly string[];
  /** A folder (`dir:`), relative to the manifest. */
  dir?: string;
  /** Written as a bare path: the one file, or else a folder of that name. */
  fileOrDir?: boolean;
  envFiles?: readonly string[];
  profiles?: readonly string[];
  project?: string;
  /** Variables by name; a Map, so a variable called `__proto__` is one like any other. */
  env?: ReadonlyMap<string, string>;
  /** Figures for this project's services that have none (over the manifest's `defaults:`). */
  defaults?: ResourceDefaults;
  /** `keep_together: false`: the placement advice may spread the project over hosts. */
  splittable?: boolean;
  source: Source;
}

export interface ManifestSpec {
  file: string;
  hosts: readonly HostSpec[];
  services: readonly ServiceSpec[];
  scenarios: readonly ScenarioDraft[];
  compose: readonly ComposeRef[];
  /** Figures for every service that has none of its own (`defaults:` at the top level). */
  defaults?: ResourceDefaults;
  policy: Policy;
  /** True when `policy.units` was written; otherwise units follow the manifest's spelling. */
  unitsExplicit: boolean;
  /** How many figures were written in each unit family, to show sizes the same way. */
  unitVotes: Record<UnitFamily, number>;
  findings: readonly Finding[];
}
