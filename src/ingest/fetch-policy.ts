import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { parseRange, type FetchPolicy } from './fetch-allow.ts';

export { fetchAllowSchema, type FetchPolicy } from './fetch-allow.ts';

/**
 * Where Pont may fetch from. Every fetch of a URL that outside data names (documents to ingest, and any future
 * connector) goes through `createPolicyFetch`: loopback, private, link-local, unspecified and other special-use
 * addresses are refused after DNS resolution, at connection time and after every redirect, unless IT lists the
 * host or range in PONT_FETCH_ALLOW.
 */

// Special-use ranges (IANA registries) that a URL from outside must not reach.
const blockedRanges: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", unspecified
  ['10.0.0.0', 8, 'ipv4'], // RFC 1918
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local (cloud metadata)
  ['172.16.0.0', 12, 'ipv4'], // RFC 1918
  ['192.0.0.0', 24, 'ipv4'], // protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.88.99.0', 24, 'ipv4'], // 6to4 relay
  ['192.168.0.0', 16, 'ipv4'], // RFC 1918
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['::ffff:0:0', 96, 'ipv6'], // IPv4-mapped: checked as IPv4 below
  ['64:ff9b::', 96, 'ipv6'], // NAT64
  ['64:ff9b:1::', 48, 'ipv6'], // local NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001::', 23, 'ipv6'], // IETF protocol assignments (Teredo, ORCHID…)
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

const blocked = new BlockList();
for (const [address, prefix, family] of blockedRanges) blocked.addSubnet(address, prefix, family);

/** A URL the policy refuses, with the reason a person sees. */
export class RefusedUrl extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RefusedUrl';
  }
}

/** Checks addresses and host names against the policy. */
export function createAddressCheck(policy: FetchPolicy): {
  hostAllowed(host: string): boolean;
  addressAllowed(address: string): boolean;
} {
  const allowed = new BlockList();
  for (const range of policy.ranges) {
    const parsed = parseRange(range)!;
    allowed.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  const addressAllowed = (address: string): boolean => {
    const version = isIP(address);
    if (version === 0) return false;
    const family = version === 4 ? 'ipv4' : 'ipv6';
    if (allowed.check(address, family)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return addressAllowed(mapped);
    return !blocked.check(address, family);
  };
  return {
    hostAllowed: (host) => policy.hosts.includes(host.toLowerCase().replace(/\.$/, '')),
    addressAllowed,
  };
}

export interface PolicyFetchOptions {
  /** Most redirects followed. Default 5. */
  maxRedirects?: number;
}

/**
 * A fetch that keeps to `policy`: only http and https; a host that PONT_FETCH_ALLOW does not name must resolve
 * only to ordinary public addresses, checked when connecting (so DNS cannot change its answer in between); each
 * redirect is followed by hand, checked the same way, up to `maxRedirects`. A refusal is a RefusedUrl.
 */
export function createPolicyFetch(policy: FetchPolicy, options: PolicyFetchOptions = {}): typeof fetch {
  const maxRedirects = options.maxRedirects ?? 5;
  const check = createAddressCheck(policy);

  const checkedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      // NOTE: only permitted addresses are connected to; a name with none is refused.
      const permitted = check.hostAllowed(hostname)
        ? addresses
        : addresses.filter((entry) => check.addressAllowed(entry.address));
      if (permitted.length === 0) {
        const refused = Object.assign(
          new Error(
            `${hostname} resolves to an address Pont does not fetch from (loopback, private or link-local); IT can allow it with PONT_FETCH_ALLOW`,
          ),
          { code: 'EPONTREFUSED' },
        );
        callback(refused, '', 0);
        return;
      }
      if (lookupOptions.all) callback(null, permitted as never, 0);
      else callback(null, permitted[0]!.address, permitted[0]!.family);
    });
  };
  const dispatcher = new Agent({ connect: { lookup: checkedLookup } });

  function refuseTarget(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new RefusedUrl(`refused: Pont fetches only http and https, not ${url.protocol.replace(/:$/, '')}`);
    if (url.username || url.password) throw new RefusedUrl('refused: the address carries a user name or password');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // NOTE: an address written as a number connects without a DNS lookup, so it is checked here.
    if (isIP(host) !== 0 && !check.hostAllowed(host) && !check.addressAllowed(host)) {
      throw new RefusedUrl(
        `refused: ${host} is a loopback, private, link-local or other special address; IT can allow it with PONT_FETCH_ALLOW`,
      );
    }
  }

  const policyFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    for (let redirects = 0; ; redirects += 1) {
      refuseTarget(url);
      let response: Response;
      try {
        response = (await undiciFetch(url, {
          ...(init as object),
          redirect: 'manual',
          dispatcher,
        } as never)) as unknown as Response;
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        if (cause?.code === 'EPONTREFUSED') throw new RefusedUrl(`refused: ${cause.message}`);
        throw error;
      }
      const location = response.headers.get('location');
      if (response.status < 300 || response.status > 399 || !location) return response;
      await response.body?.cancel();
      if (redirects >= maxRedirects) throw new RefusedUrl(`refused: more than ${maxRedirects} redirects`);
      url = new URL(location, url);
    }
  };
  return policyFetch as typeof fetch;
}
