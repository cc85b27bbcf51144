/**
 * The JSON report (schemas/report.schema.json). Since version 2 a placed service's figures
 * and sources are written once, in the report's `services`, and each host lists its
 * services by their index there: a manifest of ten thousand services in a hundred
 * scenarios writes ten thousand entries and a million small numbers, not a million entries.
 * One service may have several entries: one per tier it is evaluated at, and one per host
 * a host snapshot measured it on.
 *
 * Reading accepts version 2 and version 1 (each host listing its services in full), which
 * an earlier run may have written; both come back as the same in-memory report.
 */
import { InputError } from '../shared/errors.js';
import type {
  BaseSummary,
  HostReport,
  Report,
  ScenarioReport,
  ServiceReport,
} from '../model/results.js';
import { REPORT_VERSION } from '../model/results.js';

/** A host as version 2 writes it: its services as indices into the report's `services`. */
export type HostJson = Omit<HostReport, 'services'> & { services: number[] };

export type ScenarioJson = Omit<ScenarioReport, 'hosts'> & { hosts: HostJson[] };

/** The JSON report of version 2. */
export interface ReportJson extends Omit<Report, 'scenarios' | 'base'> {
  services: ServiceReport[];
  scenarios: ScenarioJson[];
  base?: BaseSummary & { report?: ReportJson };
}

/** A report of version 1, as an earlier run wrote it. */
export interface ReportJsonV1 extends Omit<Report, 'version' | 'base'> {
  version: 1;
  base?: BaseSummary & { report?: ReportJsonV1 };
}

/** The report as written: each distinct service report once, referred to by index. */
export function reportToJson(report: Report): ReportJson {
  const services: ServiceReport[] = [];
  const index = new Map<ServiceReport, number>();
  const indexOf = (s: ServiceReport): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = services.length;
      services.push(s);
      index.set(s, i);
    }
    return i;
  };
  // Every field where version 1 had it, with `services` just before `scenarios`.
  const json: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(report)) {
    if (key === 'scenarios') {
      json.services = services;
      json.scenarios = report.scenarios.map((s) => ({
        ...s,
        hosts: s.hosts.map((h) => ({ ...h, services: h.services.map(indexOf) })),
      }));
    } else if (key === 'base' && report.base?.report) {
      json.base = { ...report.base, report: reportToJson(report.base.report) };
    } else {
      json[key] = value;
    }
  }
  return json as unknown as ReportJson;
}

/** Above this size a report is written compact: indenting megabytes helps no reader. */
export const PRETTY_UP_TO = 1_000_000;

/** A JSON document, indented when it is small, compact above PRETTY_UP_TO; final newline. */
export function stringify(value: unknown): string {
  const compact = JSON.stringify(value);
  return (compact.length <= PRETTY_UP_TO ? JSON.stringify(value, null, 2) : compact) + '\n';
}

/** The JSON report: stable key order (as built), final newline. */
export function renderJson(report: Report): string {
  return stringify(reportToJson(report));
}

/**
 * A JSON report, already checked against the schema of its version, as an in-memory
 * report; `file` and `at` (its JSON path) say where, should an index name no service.
 */
export function reportFromJson(data: ReportJson | ReportJsonV1, file: string, at = ''): Report {
  const readBase = (
    base: BaseSummary & { report?: ReportJson | ReportJsonV1 },
  ): NonNullable<Report['base']> => {
    const { report, ...summary } = base;
    return report
      ? { ...summary, report: reportFromJson(report, file, `${at}/base/report`) }
      : summary;
  };
  if (data.version === 1) {
    const { base, ...rest } = data;
    return { ...rest, version: REPORT_VERSION, ...(base ? { base: readBase(base) } : {}) };
  }
  const { services: table, scenarios, base, ...rest } = data;
  const service = (i: number, path: string): ServiceReport => {
    const s = table[i];
    if (s === undefined) {
      throw new InputError([
        {
          file,
          path,
          message: `names service ${i}, but the report's services are numbered 0 to ${table.length - 1}`,
        },
      ]);
    }
    return s;
  };
  return {
    ...rest,
    scenarios: scenarios.map((s, si) => ({
      ...s,
      hosts: s.hosts.map((h, hi) => ({
        ...h,
        services: h.services.map((i, k) =>
          service(i, `${at}/scenarios/${si}/hosts/${hi}/services/${k}`),
        ),
      })),
    })),
    ...(base ? { base: readBase(base) } : {}),
  };
}
