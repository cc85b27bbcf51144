/**
 * Reads the compose projects a manifest lists into services for the model. Each entry is
 * a project: its files merged in order, interpolated with the process environment, the
 * entry's `env:` and the project's `.env` (or the entry's `env_file`). A service name that
 * appears in more than one project is qualified as `project/service` everywhere.
 */
import { InputError, ProblemList } from '../shared/errors.js';
import type { ComposeRef, ManifestSpec } from '../model/manifest-spec.js';
import type { ComposeInput } from '../model/build.js';
import type { ServiceSpec } from '../model/types.js';
import { resolveRelative } from '../workspace/paths.js';
import type { FileReader } from '../workspace/reader.js';
import { shellEnvironment, withEnvFiles, type Env, type EnvFile } from './environment.js';
import { checkConsistency } from './consistency.js';
import { entryFiles } from './entry-files.js';
import { joinPath } from './file-paths.js';
import { loadProject } from './load-project.js';
import { failAt, Findings } from './located.js';
import { childMap, isMap, type MapNode } from './node.js';
import { enabledProfiles } from './profiles.js';
import { parsedDocuments } from './documents.js';
import type { ComposeDocument } from './parse-file.js';
import { declaredName, projectName } from './project-name.js';
import type { UnsetNotes, Withheld, WithheldReason } from './unset.js';
import { exampleHint } from './example-env.js';
import { completionWaits } from './depends-on.js';
import { composeService } from './service-spec.js';

export interface ComposeContext {
  reader: FileReader;
  env: Readonly<Record<string, string | undefined>>;
  /** Variables left out of `env` on purpose, and why. */
  withheld?: Readonly<Record<string, WithheldReason>>;
}

interface Project {
  name: string;
  ref: ComposeRef;
  services: ServiceSpec[];
}

function manifestPath(manifest: string, target: string, ref: ComposeRef, what: string): string {
  const r = resolveRelative(manifest, target);
  if (!r.ok) failAt(ref.source, `the ${what} "${target}" is not usable: ${r.reason}`);
  return r.path;
}

/** One compose entry loaded as compose loads it: its name, variables and merged tree. */
export interface LoadedEntry {
  name: string;
  env: Env;
  root: MapNode;
  unsetNotes: UnsetNotes;
}

export function loadEntry(
  ref: ComposeRef,
  manifest: string,
  ctx: ComposeContext,
  findings: Findings,
): LoadedEntry {
  const entry = entryFiles(ref, manifest, ctx.reader, findings);
  const projectDir = entry.projectDir;
  const withheld: Withheld | undefined = ctx.withheld
    ? new Map(Object.entries(ctx.withheld))
    : undefined;
  const named = ref.envFiles?.map((f) => ({
    path: manifestPath(manifest, f, ref, 'env file'),
    from: ref.source,
    required: true,
  }));
  const envFiles: EnvFile[] = named ?? [
    { path: joinPath(projectDir, '.env'), from: ref.source, required: false },
  ];
  const variables = withEnvFiles(shellEnvironment(ctx.env, ref.env), envFiles, {
    reader: ctx.reader,
    findings,
    ...(withheld ? { withheld } : {}),
  });
  const files = entry.files(variables);
  const hint = exampleHint({
    reader: ctx.reader,
    manifest,
    files: files.map((f) => f.path),
    projectDir,
    ...(ref.envFiles && named
      ? { envFiles: { written: ref.envFiles, resolved: named.map((f) => f.path) } }
      : {}),
  });
  const parsed = new Map<string, ComposeDocument[]>();
  const declared = declaredName(
    files.flatMap((f) => parsedDocuments(f.path, f.from, { reader: ctx.reader, parsed })),
    variables,
  );
  const name = projectName(ref, variables, declared, projectDir);
  const env = new Map(variables).set('COMPOSE_PROJECT_NAME', name);
  const root = loadProject(files, {
    reader: ctx.reader,
    findings,
    env,
    parsed,
    ...(withheld ? { withheld } : {}),
    exampleHint: hint,
    baseDir: projectDir,
    includeChain: [],
    bases: new Map(),
  });
  return { name, env, root, unsetNotes: { ...(withheld ? { withheld } : {}), exampleHint: hint } };
}

function readProject(
  ref: ComposeRef,
  manifest: string,
  ctx: ComposeContext,
  findings: Findings,
  problems: ProblemList,
): Project {
  const { name, env, root, unsetNotes } = loadEntry(ref, manifest, ctx, findings);
  checkConsistency(root, problems);
  const enabled = enabledProfiles(ref, env);
  const services: ServiceSpec[] = [];
  const servicesNode = childMap(root, 'services');
  const waits = completionWaits(servicesNode);
  for (const [service, node] of servicesNode?.entries ?? []) {
    if (!isMap(node)) failAt(node.src, `the service "${service}" must be a mapping`);
    const spec = composeService(service, node, {
      project: name,
      enabledProfiles: enabled,
      problems,
      findings,
      unsetNotes,
    });
    const wait = waits.get(service);
    if (wait && !spec.oneshot)
      spec.oneshot = {
        value: true,
        reason: 'completion',
        source: wait.src,
        waitedOnBy: wait.waiter,
      };
    if (ref.defaults) spec.defaults = ref.defaults;
    if (ref.splittable) spec.splittable = true;
    services.push(spec);
  }
  return { name, ref, services };
}

export function readComposeProjects(manifest: ManifestSpec, ctx: ComposeContext): ComposeInput {
  const findings = new Findings();
  const problems = new ProblemList();
  const projects: Project[] = [];
  for (const ref of manifest.compose) {
    try {
      projects.push(readProject(ref, manifest.file, ctx, findings, problems));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      e.problems.forEach((p) => problems.add(p));
      // What an entry's own list already left out is still counted.
      problems.omitted += e.omitted;
    }
  }
  problems.throwIfAny();

  // Two entries may share a project name (two files at the repository root, say) as long as
  // `project/service` still tells their services apart.
  const owner = new Map<string, Project>();
  for (const p of projects) {
    for (const s of p.services) {
      const key = `${p.name}/${s.name}`;
      const earlier = owner.get(key);
      if (earlier && earlier !== p) {
        problems.add({
          file: p.ref.source.file,
          line: p.ref.source.line,
          column: p.ref.source.column,
          path: p.ref.source.path,
          message: `this compose entry and the one at line ${earlier.ref.source.line} are both the project "${p.name}" and both define "${s.name}"; give one of them \`project:\``,
        });
      }
      owner.set(key, p);
    }
  }
  problems.throwIfAny();

  const projectsOf = new Map<string, number>();
  for (const p of projects)
    for (const s of p.services) projectsOf.set(s.name, (projectsOf.get(s.name) ?? 0) + 1);
  const services = projects.flatMap((p) =>
    p.services.map((s) =>
      (projectsOf.get(s.name) ?? 0) > 1 ? { ...s, name: `${p.name}/${s.name}` } : s,
    ),
  );
  return { services, findings: findings.items };
}
