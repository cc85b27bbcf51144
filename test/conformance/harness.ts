/**
 * The conformance suite's frame: every case is a vector taken from a test of compose-go (or
 * of the docker/go-units and docker/go-connections releases it requires), named by the
 * upstream file and test function it comes from, so the next compose-go release can be
 * followed test by test. A case runs headroom's code on the upstream input and says how the
 * result differs from upstream's expectation, or nothing when they agree.
 *
 * A case marked `differs` is a deliberate difference: its reason is listed in
 * docs/compose.md, and the suite checks that headroom still differs there (so a difference
 * that disappears is noticed and the mark removed).
 */
import { isDeepStrictEqual } from 'node:util';
import {
  COMPOSE_GO_VERSION,
  GO_CONNECTIONS_VERSION,
  GO_UNITS_VERSION,
} from '../../src/compose/upstream.js';

export const UPSTREAM = {
  composeGo: `compose-spec/compose-go ${COMPOSE_GO_VERSION}`,
  goUnits: `docker/go-units ${GO_UNITS_VERSION}`,
  goConnections: `docker/go-connections ${GO_CONNECTIONS_VERSION}`,
} as const;

export interface Case {
  /** Upstream repository and release, then the test file: `compose-spec/compose-go v2.13.0 template/template_test.go`. */
  source: string;
  /** The upstream test function. */
  test: string;
  /** Which of the test's vectors this is (its input, as upstream writes it). */
  name: string;
  /** Runs headroom on the vector: undefined when the result agrees, else how it differs. */
  run: () => string | undefined;
  /** A deliberate difference, with its reason (listed in docs/compose.md). */
  differs?: string;
}

/** Compares and, when the values differ, says so with both. */
export function same(actual: unknown, expected: unknown): string | undefined {
  return isDeepStrictEqual(actual, expected)
    ? undefined
    : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** Runs `fn`, turning a thrown error into its message so a case can compare outcomes. */
export function outcome<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** A builder for the cases of one upstream test file. */
export function fromFile(source: string) {
  const cases: Case[] = [];
  const add = (
    test: string,
    name: string,
    run: () => string | undefined,
    differs?: string,
  ): void => {
    cases.push({ source, test, name, run, ...(differs ? { differs } : {}) });
  };
  return { cases, add };
}

/** The key a deliberate difference is listed under in docs/compose.md. */
export function caseKey(c: Case): string {
  return `${c.test}: ${c.name}`;
}
