/**
 * Finds services by the names a manifest writes: exactly, as `project/name` for a compose
 * service, or by a glob where `*` stands for any run of characters except `/` (`shop/*` is
 * every service of the compose project `shop`, `*-worker` every service whose name ends so).
 * A name that finds nothing gets the closest known name as a suggestion.
 */
import { ProblemList, type Problem } from '../shared/errors.js';
import type { NameRef } from './manifest-spec.js';
import { closest } from '../shared/did-you-mean.js';
import type { ServiceSpec } from './types.js';
import type { Source } from '../shared/terms.js';

export function problemAt(source: Source, message: string): Problem {
  return {
    file: source.file,
    line: source.line,
    column: source.column,
    path: source.path,
    message,
  };
}

export function isGlob(name: string): boolean {
  return name.includes('*');
}

/** The name within its compose project: `db` for `shop/db`; a manifest service's own name. */
function shortName(s: ServiceSpec): string {
  return s.project !== undefined && s.name.startsWith(`${s.project}/`)
    ? s.name.slice(s.project.length + 1)
    : s.name;
}

/** `project/name` for a compose service, whatever name the model gives it. */
function qualifiedName(s: ServiceSpec): string {
  return s.project !== undefined ? `${s.project}/${shortName(s)}` : s.name;
}

function globPattern(glob: string): RegExp {
  const parts = glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]*')}$`, 's');
}

/** A suggestion, or a list of what exists when there are few enough to list. */
export function hint(name: string, known: readonly string[], what: string): string {
  if (known.length === 0) return `; no ${what}s are defined`;
  const near = closest(name, known);
  if (near !== undefined) return `; did you mean "${near}"?`;
  const lower = name.toLowerCase();
  const containing = known.filter(
    (k) => k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()),
  );
  if (containing.length === 1) return `; did you mean "${containing[0]}"?`;
  return known.length <= 8 ? ` (the ${what}s are ${known.map((k) => `"${k}"`).join(', ')})` : '';
}

export class ServiceIndex {
  private readonly byName = new Map<string, ServiceSpec>();
  /** `project/name` for every compose service, whether or not its name needs the project. */
  private readonly byQualified = new Map<string, string>();
  private readonly byShort = new Map<string, string[]>();
  private readonly projects = new Set<string>();

  constructor(readonly services: readonly ServiceSpec[]) {
    for (const s of services) {
      this.byName.set(s.name, s);
      if (s.project !== undefined) {
        this.projects.add(s.project);
        this.byQualified.set(qualifiedName(s), s.name);
      }
      const slash = s.name.lastIndexOf('/');
      if (slash >= 0) {
        const short = s.name.slice(slash + 1);
        const list = this.byShort.get(short);
        if (list) list.push(s.name);
        else this.byShort.set(short, [s.name]);
      }
    }
  }

  /** The service a name means: exact, `project/name`, or the one `name` in any project. */
  lookup(name: string): { name?: string; candidates?: string[] } {
    if (this.byName.has(name)) return { name };
    const qualified = this.byQualified.get(name);
    if (qualified !== undefined) return { name: qualified };
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
    const known = [...this.byName.keys(), ...this.byShort.keys(), ...this.byQualified.keys()];
    problems.add(
      problemAt(ref.source, `unknown ${what} "${ref.name}"${hint(ref.name, known, 'service')}`),
    );
    return undefined;
  }

  /**
   * The services a glob matches, in the order they were defined. A glob with a `/` is matched
   * against `project/name`, one without against the name alone. A glob that matches nothing,
   * or names a project that does not exist, is a problem.
   */
  expand(ref: NameRef, problems: ProblemList): string[] {
    const glob = ref.name;
    const slash = glob.lastIndexOf('/');
    const project = slash >= 0 ? glob.slice(0, slash) : undefined;
    const pattern = globPattern(glob);
    const matched = this.services
      .filter((s) => pattern.test(project !== undefined ? qualifiedName(s) : shortName(s)))
      .map((s) => s.name);
    if (matched.length > 0) return matched;
    if (project !== undefined && !isGlob(project) && !this.projects.has(project)) {
      const known = [...this.projects];
      problems.add(
        problemAt(
          ref.source,
          `"${glob}" names the compose project "${project}", which the manifest does not list${hint(project, known, 'compose project')}`,
        ),
      );
    } else {
      problems.add(problemAt(ref.source, `"${glob}" matches no service`));
    }
    return [];
  }
}
