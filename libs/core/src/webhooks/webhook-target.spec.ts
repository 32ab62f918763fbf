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
