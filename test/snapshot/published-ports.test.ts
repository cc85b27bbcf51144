/**
 * Sockets bound to a port a container publishes belong to the container, wherever the walk
 * of /proc found them: under the service whose cgroup holds docker-proxy, or without an
 * owner when the proxy's open files could not be read.
 */
import { describe, expect, it } from 'vitest';
import { withoutPublishedPorts } from '../../src/snapshot/published-ports.js';
import type { ContainerFacts, UnitFacts } from '../../src/model/snapshot-facts.js';

const web: ContainerFacts = {
  name: 'shop-web-1',
  project: 'shop',
  service: 'web',
  memory: { usage: 1, limit: null },
  ports: ['0.0.0.0:8080->80/tcp', '[::]:8080->80/tcp', '5432/tcp'],
};

const docker: UnitFacts = {
  name: 'docker.service',
  memory: { usage: 1 },
  ports: ['0.0.0.0:8080/tcp', '[::]:8080/tcp', '127.0.0.1:9323/tcp'],
};

describe('ports containers publish', () => {
  it("leave the service whose cgroup holds the proxy, and keep the service's own", () => {
    const r = withoutPublishedPorts([docker], [], [web]);
    expect(r.units).toEqual([{ ...docker, ports: ['127.0.0.1:9323/tcp'] }]);
    expect(r.otherPorts).toEqual([]);
  });

  it('leave the ports without an owner, and only those a container publishes', () => {
    const r = withoutPublishedPorts(
      [],
      ['0.0.0.0:5432/tcp', '0.0.0.0:8000/tcp', '0.0.0.0:8080/tcp', '[::]:8080/tcp'],
      [web],
    );
    // 5432 is only exposed by the container: whatever listens on the host's 5432 is not it.
    expect(r.otherPorts).toEqual(['0.0.0.0:5432/tcp', '0.0.0.0:8000/tcp']);
  });

  it('change nothing without containers', () => {
    const r = withoutPublishedPorts([docker], ['0.0.0.0:8000/tcp'], []);
    expect(r).toEqual({ units: [docker], otherPorts: ['0.0.0.0:8000/tcp'] });
  });
});
