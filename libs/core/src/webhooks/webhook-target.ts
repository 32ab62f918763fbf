import { LookupAddress, lookup as lookupCallback } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { LookupFunction } from 'node:net';
import * as ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be sent. Only public unicast addresses: loopback, private (RFC 1918),
 * link-local (169.254/16, the cloud metadata address among them), CGNAT (100.64/10), unique-local
 * (fc00::/7), multicast, unspecified, broadcast and reserved ranges could reach the inside of the
 * network hirefair runs in (SSRF). An IPv6 address that carries an IPv4 one (mapped, translated,
 * NAT64, 6to4) is judged as that IPv4; forms that no public network routes are refused outright.
 */
const PUBLIC_RANGES = new Set(['unicast']);

/** IPv6 prefixes whose last (or, for 6to4, second and third) 32 bits are an IPv4 address. */
const CARRIES_IPV4: { cidr: [ipaddr.IPv6, number]; at: number; name: string }[] = [
  { cidr: ipaddr.IPv6.parseCIDR('::ffff:0:0/96'), at: 12, name: 'ipv4Mapped' },
  { cidr: ipaddr.IPv6.parseCIDR('::ffff:0:0:0/96'), at: 12, name: 'ipv4Translated' },
  { cidr: ipaddr.IPv6.parseCIDR('64:ff9b::/96'), at: 12, name: 'nat64' },
  { cidr: ipaddr.IPv6.parseCIDR('2002::/16'), at: 2, name: '6to4' },
];

/** Never a public target: the deprecated IPv4-compatible ::a.b.c.d, local-use NAT64, Teredo. */
const REFUSED_V6: { cidr: [ipaddr.IPv6, number]; name: string }[] = [
  { cidr: ipaddr.IPv6.parseCIDR('::/96'), name: 'ipv4Compatible' },
  { cidr: ipaddr.IPv6.parseCIDR('64:ff9b:1::/48'), name: 'nat64LocalUse' },
  { cidr: ipaddr.IPv6.parseCIDR('2001::/32'), name: 'teredo' },
];

export type AddressVerdict = { allowed: true } | { allowed: false; range: string };

export function classifyAddress(address: string): AddressVerdict {
  if (!ipaddr.isValid(address)) return { allowed: false, range: 'invalid' };
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const canonical = canonicalIPv6(address);
    return canonical ? classifyIPv6(ipaddr.IPv6.parse(canonical)) : { allowed: false, range: 'invalid' };
  }
  const range = parsed.range();
  return PUBLIC_RANGES.has(range) ? { allowed: true } : { allowed: false, range };
}

/** ipaddr.js reads `::a.b.c.d` as `::ffff:a.b.c.d`; the URL parser spells every form as a connection would. */
function canonicalIPv6(address: string): string | null {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return null; // a zone id (fe80::1%eth0) and the like: not a public target either
  }
}

function classifyIPv6(v6: ipaddr.IPv6): AddressVerdict {
  const own = v6.range();
  // :: and ::1 sit inside ::/96; their own range names them better.
  if (own === 'unspecified' || own === 'loopback') return { allowed: false, range: own };
  const bytes = v6.toByteArray();
  for (const { cidr, at } of CARRIES_IPV4) {
    if (v6.match(cidr)) return classifyAddress(ipaddr.fromByteArray(bytes.slice(at, at + 4)).toString());
  }
  for (const { cidr, name } of REFUSED_V6) {
    if (!v6.match(cidr)) continue;
    // Name the IPv4 range when the address hides a private one, e.g. ::127.0.0.1 (= ::7f00:1).
    const inner =
      name === 'ipv4Compatible' ? classifyAddress(ipaddr.fromByteArray(bytes.slice(12)).toString()) : null;
    return { allowed: false, range: inner && !inner.allowed ? inner.range : name };
  }
  return PUBLIC_RANGES.has(own) ? { allowed: true } : { allowed: false, range: own };
}

export type TargetProblem =
  | { kind: 'scheme'; message: string }
  | { kind: 'url'; message: string }
  | { kind: 'unresolvable'; message: string }
  | { kind: 'forbidden'; message: string };

/** Parses a webhook URL: http(s) only, no credentials in it. */
export function parseTargetUrl(raw: string): URL | TargetProblem {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'url', message: 'url must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'scheme', message: `url must use http or https, not ${url.protocol.replace(/:$/, '')}` };
  }
  if (url.username || url.password) return { kind: 'url', message: 'url must not carry credentials' };
  if (!url.hostname) return { kind: 'url', message: 'url must name a host' };
  return url;
}

export type Resolver = (hostname: string) => Promise<string[]>;

export const resolveAll: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks every address the host resolves to (an attacker's name may resolve to one public and one
 * private address). Returns null when the target may be called.
 */
export async function checkTarget(
  url: URL,
  allowPrivate: boolean,
  resolve: Resolver = resolveAll,
): Promise<TargetProblem | null> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  } catch (error) {
    return { kind: 'unresolvable', message: `${host} does not resolve (${(error as Error).message})` };
  }
  if (addresses.length === 0) return { kind: 'unresolvable', message: `${host} does not resolve` };
  if (allowPrivate) return null;
  for (const address of addresses) {
    const verdict = classifyAddress(address);
    if (!verdict.allowed) {
      return {
        kind: 'forbidden',
        message: `${host} resolves to ${address} (${verdict.range}); private targets are not allowed for this organization`,
      };
    }
  }
  return null;
}

/**
 * The `lookup` of a delivery's connection: resolves the host and refuses, as checkTarget does, an
 * address outside the public ranges. The address the socket connects to is the one checked here,
 * so a name that changes its answer between the subscription's check and the call (DNS rebinding)
 * cannot reach the inside. IP literals never reach a lookup; checkTarget has judged them.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true, verbatim: true }, (error, found) => {
      if (error) return callback(error, '', 4);
      const addresses = found as unknown as LookupAddress[];
      if (!allowPrivate) {
        for (const { address } of addresses) {
          const verdict = classifyAddress(address);
          if (!verdict.allowed) {
            const refused = new Error(
              `${hostname} resolves to ${address} (${verdict.range}); private targets are not allowed for this organization`,
            ) as NodeJS.ErrnoException;
            refused.code = 'EWEBHOOKTARGET';
            return callback(refused, '', 4);
          }
        }
      }
      if (addresses.length === 0) return callback(new Error(`${hostname} does not resolve`), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
