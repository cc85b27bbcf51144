/**
 * The compose-go release whose behaviour src/compose follows. The conformance suite under
 * test/conformance runs vectors taken from this release's own tests; when compose-go moves,
 * bump this, re-read its tests and the suite says what changed.
 */
export const COMPOSE_GO_VERSION = 'v2.13.0';

/** The docker/go-units and docker/go-connections releases that compose-go release requires. */
export const GO_UNITS_VERSION = 'v0.5.0';
export const GO_CONNECTIONS_VERSION = 'v0.4.0';
