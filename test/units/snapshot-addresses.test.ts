import { describe, expect, it } from 'vitest';
import {
  boundToAny,
  publishedAddress,
  publishedBindings,
  sameBinding,
  socketAddress,
} from '../../src/units/snapshot-addresses.js';

describe('addresses as a snapshot writes them', () => {
  it.each([
    ['0.0.0.0:3306/tcp', { port: 3306, protocol: 'tcp', hostIp: '0.0.0.0' }],
    ['[::]:33060/tcp', { port: 33060, protocol: 'tcp', hostIp: '::' }],
    ['[::1]:6379/tcp', { port: 6379, protocol: 'tcp', hostIp: '::1' }],
    ['127.0.0.53:53/udp', { port: 53, protocol: 'udp', hostIp: '127.0.0.53' }],
    ['0.0.0.0:9000-9009/tcp', { port: 9000, last: 9009, protocol: 'tcp', hostIp: '0.0.0.0' }],
    // written by hand without a protocol: tcp, as everywhere else
    ['0.0.0.0:80', { port: 80, protocol: 'tcp', hostIp: '0.0.0.0' }],
  ])('reads the socket %s', (text, expected) => {
    expect(socketAddress(text)).toEqual(expected);
  });

  it.each(['3306/tcp', '0.0.0.0:0/tcp', '0.0.0.0:70000/tcp', 'db:3306/tcp', '0.0.0.0:80/icmp', ''])(
    'reads %j as no socket',
    (text) => {
      expect(socketAddress(text)).toBeUndefined();
    },
  );

  it.each([
    ['0.0.0.0:8080->80/tcp', { port: 8080, protocol: 'tcp', hostIp: '0.0.0.0' }],
    ['[::]:8080->80/tcp', { port: 8080, protocol: 'tcp', hostIp: '::' }],
    // as docker ps wrote IPv6 before it bracketed it
    [':::8080->80/tcp', { port: 8080, protocol: 'tcp', hostIp: '::' }],
    ['127.0.0.1:5353->53/udp', { port: 5353, protocol: 'udp', hostIp: '127.0.0.1' }],
    [
      '0.0.0.0:9000-9001->9000-9001/tcp',
      { port: 9000, last: 9001, protocol: 'tcp', hostIp: '0.0.0.0' },
    ],
  ])('reads the host side of the published port %s', (text, expected) => {
    expect(publishedAddress(text)).toEqual(expected);
  });

  it('reads a port a container only exposes as holding nothing on the host', () => {
    expect(publishedAddress('5432/tcp')).toBeUndefined();
    expect(publishedBindings(['5432/tcp', '0.0.0.0:8080->80/tcp'])).toEqual([
      { port: 8080, protocol: 'tcp', hostIp: '0.0.0.0' },
    ]);
  });

  it('takes one wildcard for the other, but no other address', () => {
    const published = publishedBindings(['0.0.0.0:8080->80/tcp', '127.0.0.1:9443->9443/tcp']);
    expect(boundToAny('0.0.0.0:8080/tcp', published)).toBe(true);
    // a proxy's IPv6 socket takes IPv4 too, for a port the engine lists on 0.0.0.0 alone
    expect(boundToAny('[::]:8080/tcp', published)).toBe(true);
    expect(boundToAny('127.0.0.1:8080/tcp', published)).toBe(false);
    expect(boundToAny('0.0.0.0:8080/udp', published)).toBe(false);
    expect(boundToAny('127.0.0.1:9443/tcp', published)).toBe(true);
    expect(boundToAny('0.0.0.0:9443/tcp', published)).toBe(false);
    expect(
      sameBinding(
        { port: 9000, last: 9001, protocol: 'tcp', hostIp: '' },
        { port: 9000, protocol: 'tcp', hostIp: '' },
      ),
    ).toBe(false);
  });
});
