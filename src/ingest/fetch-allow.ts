import { isIP } from 'node:net';
import { z } from 'zod';

// NOTE: the setting and its parsing live apart from the fetching itself, so reading the configuration loads no HTTP client.

/** What PONT_FETCH_ALLOW lets URL fetching reach although loopback, private or link-local. */
export interface FetchPolicy {
  /** Hosts allowed by name (lower case), whatever they resolve to. */
  hosts: string[];
  /** Address ranges allowed although special, e.g. an intranet's `10.20.0.0/16`. */
  ranges: string[];
}

/** An IPv4 or IPv6 range in CIDR form, or a single address. */
export function parseRange(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

const hostName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** PONT_FETCH_ALLOW: comma-separated host names and IP ranges (CIDR); empty allows nothing special. */
export const fetchAllowSchema = z
  .string()
  .optional()
  .transform((value, context): FetchPolicy => {
    const policy: FetchPolicy = { hosts: [], ranges: [] };
    for (const entry of (value ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean)) {
      if (parseRange(entry)) policy.ranges.push(entry);
      else if (hostName.test(entry)) policy.hosts.push(entry);
      else {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: `PONT_FETCH_ALLOW: "${entry}" is neither a host name nor an IP range; give a comma-separated list such as intranet.torfaen.gov.uk,10.20.0.0/16`,
        });
      }
    }
    return policy;
  });
