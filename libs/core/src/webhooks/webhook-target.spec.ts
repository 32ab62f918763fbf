import { LookupAddress } from 'node:dns';
import { checkTarget, classifyAddress, guardedLookup, parseTargetUrl } from './webhook-target';

describe('webhook targets (SSRF)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range });
  });

  /** Every IPv6 spelling of an inside address: [form, what it hides, the range named]. */
  const V6_FORMS: [string, string, string][] = [
    ['::127.0.0.1', 'IPv4-compatible loopback', 'loopback'],
    ['::7f00:1', 'the same, as URLs normalize it', 'loopback'],
    ['::10.0.0.1', 'IPv4-compatible private', 'private'],
    ['::a9fe:a9fe', 'IPv4-compatible metadata address', 'linkLocal'],
    ['::8.8.8.8', 'IPv4-compatible (deprecated, never routed)', 'ipv4Compatible'],
    ['0:0:0:0:0:ffff:127.0.0.1', 'IPv4-mapped, long form', 'loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped, hex', 'loopback'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata address', 'linkLocal'],
    ['::ffff:c0a8:101', 'IPv4-mapped private', 'private'],
    ['::ffff:0:7f00:1', 'IPv4-translated loopback', 'loopback'],
    ['::ffff:0:a00:1', 'IPv4-translated private', 'private'],
    ['64:ff9b::7f00:1', 'NAT64 loopback', 'loopback'],
    ['64:ff9b::10.1.2.3', 'NAT64 private', 'private'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 metadata address', 'linkLocal'],
    ['64:ff9b:1::a00:1', 'local-use NAT64', 'nat64LocalUse'],
    ['2002:7f00:1::1', '6to4 over loopback', 'loopback'],
    ['2002:a00:1::', '6to4 over private', 'private'],
    ['2002:c0a8:101:1::1', '6to4 over private', 'private'],
    ['2002:a9fe:a9fe::', '6to4 over the metadata address', 'linkLocal'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo', 'teredo'],
    ['::1', 'loopback', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback, long form', 'loopback'],
    ['fe80::1', 'link-local', 'linkLocal'],
    ['febf:ffff::1', 'link-local, top of the range', 'linkLocal'],
    ['fc00::1', 'unique-local', 'uniqueLocal'],
    ['fdff:ffff::1', 'unique-local, top of the range', 'uniqueLocal'],
    ['fec0::1', 'site-local (deprecated)', 'deprecatedSiteLocal'],
    ['ff05::2', 'multicast', 'multicast'],
    ['100::1', 'discard', 'discard'],
  ];

  it.each(V6_FORMS)('refuses %s (%s) as %s', (address, _, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range });
  });

  it.each(V6_FORMS)(
    'refuses %s as a URL literal and as a resolved address, at subscription and at delivery',
    async (address) => {
      const literal = new URL(`http://[${address}]:8080/hook`);
      expect(await checkTarget(literal, false, async () => [])).toMatchObject({ kind: 'forbidden' });
      const named = async (host: string) => (host === 'rebinding.example' ? ['93.184.216.34', address] : []);
      expect(await checkTarget(new URL('https://rebinding.example/'), false, named)).toMatchObject({
        kind: 'forbidden',
      });
      expect(await checkTarget(literal, true, async () => [])).toBeNull();
    },
  );

  it('refuses a resolved link-local address that carries a zone id', () => {
    expect(classifyAddress('fe80::1%eth0')).toEqual({ allowed: false, range: 'invalid' });
  });

  it.each(['64:ff9b::808:808', '2002:808:808::1', '::ffff:0:808:808', '2a00:1450:4001:80b::200e'])(
    'allows %s, which carries or is a public address',
    (address) => {
      expect(classifyAddress(address)).toEqual({ allowed: true });
    },
  );

  it.each(['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(classifyAddress(address)).toEqual({ allowed: true });
    },
  );

  it('accepts http(s) URLs only, without credentials', () => {
    expect(parseTargetUrl('https://hooks.example.com/x')).toBeInstanceOf(URL);
    expect(parseTargetUrl('ftp://example.com/')).toMatchObject({ kind: 'scheme' });
    expect(parseTargetUrl('file:///etc/passwd')).toMatchObject({ kind: 'scheme' });
    expect(parseTargetUrl('gopher://example.com/')).toMatchObject({ kind: 'scheme' });
    expect(parseTargetUrl('not a url')).toMatchObject({ kind: 'url' });
    expect(parseTargetUrl('https://user:pw@example.com/')).toMatchObject({ kind: 'url' });
  });

  it('refuses a host when any of its addresses is private, unless private targets are allowed', async () => {
    const resolve = async (host: string) =>
      ({ mixed: ['93.184.216.34', '10.0.0.5'], public: ['93.184.216.34'] })[host] ?? [];
    expect(await checkTarget(new URL('http://public/'), false, resolve)).toBeNull();
    expect(await checkTarget(new URL('http://mixed/'), false, resolve)).toMatchObject({ kind: 'forbidden' });
    expect(await checkTarget(new URL('http://mixed/'), true, resolve)).toBeNull();
    expect(await checkTarget(new URL('http://nowhere/'), false, resolve)).toMatchObject({
      kind: 'unresolvable',
    });
    expect(await checkTarget(new URL('http://[::1]:8080/'), false, resolve)).toMatchObject({
      kind: 'forbidden',
    });
    expect(await checkTarget(new URL('http://169.254.169.254/latest'), false, resolve)).toMatchObject({
      kind: 'forbidden',
    });
  });

  it('resolves the connection through the same check, so the address connected to is the one judged', async () => {
    const resolve = (allowPrivate: boolean, all: boolean) =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((done) =>
        guardedLookup(allowPrivate)('localhost', { all }, (error, address) => done({ error, address })),
      );
    const refused = await resolve(false, false);
    expect(refused.error?.code).toBe('EWEBHOOKTARGET');
    expect(refused.error?.message).toMatch(/private targets are not allowed/);
    const single = await resolve(true, false);
    expect(single.error).toBeNull();
    expect(classifyAddress(single.address as string)).toMatchObject({ allowed: false });
    const all = await resolve(true, true);
    expect((all.address as LookupAddress[]).length).toBeGreaterThan(0);
  });
});
