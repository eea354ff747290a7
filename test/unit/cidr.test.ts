import assert from 'node:assert/strict';
import { cidrContains, parseCidr, parseIp } from '../../server/src/core/cidr';

const ip = (text: string) => {
  const parsed = parseIp(text);
  assert.ok(parsed, text);
  return parsed;
};
const cidr = (text: string) => {
  const parsed = parseCidr(text);
  assert.ok(parsed, text);
  return parsed;
};

describe('CIDR parsing', () => {
  it('IPv4 addresses: four decimal octets 0-255, no leading zeros', () => {
    assert.deepEqual(parseIp('10.1.2.3'), { version: 4, address: 0x0a010203n });
    assert.deepEqual(parseIp('0.0.0.0'), { version: 4, address: 0n });
    assert.deepEqual(parseIp('255.255.255.255'), { version: 4, address: 0xffffffffn });
    for (const bad of ['256.0.0.1', '10.0.0', '10.0.0.0.1', '10.0.0.-1', '10..0.1', '010.0.0.1', '1e1.0.0.1', '', ' 10.0.0.1', 'a.b.c.d']) {
      assert.equal(parseIp(bad), undefined, bad);
    }
  });

  it('IPv6 addresses: full, compressed, embedded IPv4', () => {
    assert.equal(ip('::').address, 0n);
    assert.equal(ip('::1').address, 1n);
    assert.equal(ip('1::').address, 1n << 112n);
    assert.equal(ip('2001:db8::8a2e:370:7334').address, 0x20010db8000000000000_8a2e03707334n);
    assert.equal(ip('2001:0db8:0000:0000:0000:8a2e:0370:7334').address, ip('2001:db8::8a2e:370:7334').address);
    assert.equal(ip('1:2:3:4:5:6:7::').address, 0x0001000200030004000500060007_0000n);
    assert.equal(ip('::ffff:10.0.0.1').address, 0xffff_0a000001n);
    assert.equal(ip('FD00::ABCD').address, ip('fd00::abcd').address, 'hex digits in any case');
    assert.equal(ip('::1').version, 6);
    for (const bad of ['1::2::3', ':::', '1:2:3:4:5:6:7:8:9', '1::2:3:4:5:6:7:8', 'g::1', '12345::', '1:2:3:4:5:6:7', 'fe80::1%eth0', '::ffff:10.0.0.256', '::ffff:10.0.0']) {
      assert.equal(parseIp(bad), undefined, bad);
    }
  });

  it('a CIDR needs an address and a prefix within its family', () => {
    assert.deepEqual(
      { ...cidr('10.0.0.0/8'), address: undefined },
      { version: 4, address: undefined, prefix: 8, hostBitsSet: false, text: '10.0.0.0/8' },
    );
    assert.equal(cidr('0.0.0.0/0').prefix, 0);
    assert.equal(cidr('10.0.0.5/32').prefix, 32);
    assert.equal(cidr('::/0').version, 6);
    assert.equal(cidr('2001:db8::/32').prefix, 32);
    assert.equal(cidr('::1/128').prefix, 128);
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.0/a', '/8', '2001:db8::/129', '2001:db8::', 'localhost/8']) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });

  it('host bits beyond the prefix are flagged (the API server ignores them; the author likely meant another network)', () => {
    assert.equal(cidr('10.0.0.1/8').hostBitsSet, true);
    assert.equal(cidr('10.0.0.0/8').hostBitsSet, false);
    assert.equal(cidr('10.0.0.1/32').hostBitsSet, false);
    assert.equal(cidr('192.168.1.0/23').hostBitsSet, true);
    assert.equal(cidr('2001:db8::1/64').hostBitsSet, true);
    assert.equal(cidr('2001:db8::/64').hostBitsSet, false);
    assert.equal(cidr('0.0.0.0/0').hostBitsSet, false);
  });
});

describe('CIDR containment', () => {
  it('an address is inside a CIDR when the prefix bits match', () => {
    const net = cidr('10.0.0.0/8');
    assert.ok(cidrContains(net, ip('10.0.0.0')));
    assert.ok(cidrContains(net, ip('10.255.255.255')));
    assert.ok(!cidrContains(net, ip('11.0.0.0')));
    assert.ok(!cidrContains(net, ip('9.255.255.255')));
    assert.ok(cidrContains(cidr('10.0.0.5/32'), ip('10.0.0.5')));
    assert.ok(!cidrContains(cidr('10.0.0.5/32'), ip('10.0.0.4')));
  });

  it('/0 contains every address of its family and none of the other', () => {
    assert.ok(cidrContains(cidr('0.0.0.0/0'), ip('255.255.255.255')));
    assert.ok(!cidrContains(cidr('0.0.0.0/0'), ip('::1')));
    assert.ok(cidrContains(cidr('::/0'), ip('2001:db8::1')));
    assert.ok(!cidrContains(cidr('::/0'), ip('10.0.0.1')));
    assert.ok(!cidrContains(cidr('::ffff:0:0/96'), ip('10.0.0.1')), 'IPv4-mapped IPv6 is IPv6, not IPv4');
  });

  it('a CIDR contains another when it is as wide or wider and covers it', () => {
    const net = cidr('10.0.0.0/8');
    assert.ok(cidrContains(net, cidr('10.1.0.0/16')));
    assert.ok(cidrContains(net, cidr('10.0.0.0/8')), 'itself');
    assert.ok(!cidrContains(net, cidr('10.0.0.0/7')), 'wider');
    assert.ok(!cidrContains(net, cidr('11.0.0.0/16')));
    assert.ok(cidrContains(cidr('2001:db8::/32'), cidr('2001:db8:1::/48')));
    assert.ok(!cidrContains(cidr('2001:db8::/32'), cidr('2001:db9::/48')));
  });

  it('host bits of the outer CIDR are ignored, as the API server reads it', () => {
    assert.ok(cidrContains(cidr('10.0.0.1/8'), ip('10.9.9.9')));
    assert.ok(cidrContains(cidr('192.168.1.77/24'), ip('192.168.1.1')));
    assert.ok(!cidrContains(cidr('192.168.1.77/24'), ip('192.168.2.1')));
  });
});
