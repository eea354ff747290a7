// The exact set arithmetic behind the diff of traffic with addresses outside the cluster: canonical pieces, their
// difference, and address sets in words (as few CIDRs as it takes, each exactly the set it names).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressPorts, addressBlocks, addressesText, canonicalPieces, piecesEqual, PortSet, subtractPieces } from '../../server/src/core';
import { parseCidr } from '../../server/src/core/cidr';
import { AddressSet } from '../../server/src/core/address-set';

const block = (cidr: string, except: string[] = []) => AddressSet.ofIpBlock(cidr, except);
const tcp = (lo: number, hi = lo) => PortSet.of('TCP', lo, hi);
const piece = (addresses: AddressSet, ports: PortSet): AddressPorts => ({ addresses, ports });
const read = (pieces: AddressPorts[]) => pieces.map((p) => [addressesText(p.addresses), p.ports.toString()]);

function sameSet(a: AddressSet, b: AddressSet): boolean {
  return a.subtract(b).isEmpty() && b.subtract(a).isEmpty();
}

describe('external access: address sets in words', () => {
  it('reads a CIDR minus a hole as the CIDR except the hole, not the CIDRs around it', () => {
    assert.equal(addressesText(block('0.0.0.0/0', ['10.0.0.0/8'])), '0.0.0.0/0 except 10.0.0.0/8');
    assert.equal(addressesText(block('0.0.0.0/0', ['10.0.0.0/8', '192.168.0.0/16'])), '0.0.0.0/0 except (10.0.0.0/8, 192.168.0.0/16)');
    assert.deepEqual(addressBlocks(block('0.0.0.0/0', ['10.0.0.0/8'])), [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }]);
  });

  it('merges adjacent CIDRs, keeps apart blocks apart, IPv4 before IPv6', () => {
    assert.equal(addressesText(block('10.0.0.0/9').union(block('10.128.0.0/9'))), '10.0.0.0/8');
    assert.equal(addressesText(block('10.0.0.0/8', ['10.1.0.0/16']).union(block('192.168.0.0/16'))), '10.0.0.0/8 except 10.1.0.0/16, 192.168.0.0/16');
    assert.equal(addressesText(block('2001:db8::/32').union(block('203.0.113.0/24'))), '203.0.113.0/24, 2001:db8::/32');
    assert.equal(addressesText(block('10.0.0.1/32').union(block('10.0.0.2/32'))), '10.0.0.1/32, 10.0.0.2/32');
  });

  it('every address is "any address"; one version alone is its /0', () => {
    assert.equal(addressesText(AddressSet.ALL), 'any address');
    assert.equal(addressesText(block('0.0.0.0/0')), '0.0.0.0/0');
    assert.equal(addressesText(AddressSet.ALL.subtract(block('0.0.0.0/0'))), '::/0');
    assert.equal(addressesText(AddressSet.EMPTY), '');
  });

  it('the blocks name exactly the set (random unions and differences of CIDRs)', () => {
    const cidr = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${[24, 16, 8, 0].map((s) => (a >>> s) & 255).join('.')}/${p}`),
      fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 64 })).map(([a, b, p]) => `${a.toString(16)}:${b.toString(16)}::/${p}`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), cidr), { minLength: 1, maxLength: 8 }), (ops) => {
        let set = AddressSet.EMPTY;
        for (const [add, text] of ops) set = add ? set.union(AddressSet.ofCidr(parseCidr(text)!)) : set.subtract(AddressSet.ofCidr(parseCidr(text)!));
        const blocks = addressBlocks(set);
        const named = blocks.reduce((acc, b) => acc.union(block(b.cidr, b.except)), AddressSet.EMPTY);
        assert.ok(sameSet(named, set), JSON.stringify({ ops, blocks }));
        for (const b of blocks) for (const e of b.except) assert.ok(parseCidr(e) && !block(b.cidr).intersect(block(e)).isEmpty(), 'an except lies in its CIDR');
      }),
      { numRuns: 300 },
    );
  });
});

describe('external access: canonical pieces', () => {
  it('groups ports by the exact addresses allowed on them', () => {
    // 10/8 on TCP 1-100 and 10.128/9 ∪ 10/9 on TCP 50-200: 10/8 on 1-200.
    const pieces = [piece(block('10.0.0.0/8'), tcp(1, 100)), piece(block('10.0.0.0/9').union(block('10.128.0.0/9')), tcp(50, 200))];
    assert.deepEqual(read(canonicalPieces(pieces)), [['10.0.0.0/8', 'TCP 1-200']]);
    // Overlapping rules with different addresses: each port range with the union of the addresses allowed on it.
    const mixed = [piece(block('10.0.0.0/8'), tcp(443)), piece(block('0.0.0.0/0'), tcp(80)), piece(block('192.168.0.0/16'), tcp(80, 443))];
    assert.deepEqual(read(canonicalPieces(mixed)), [
      ['0.0.0.0/0', 'TCP 80'],
      ['192.168.0.0/16', 'TCP 81-442'],
      ['10.0.0.0/8, 192.168.0.0/16', 'TCP 443'],
    ]);
    assert.deepEqual(canonicalPieces([piece(AddressSet.EMPTY, PortSet.ALL), piece(AddressSet.ALL, PortSet.EMPTY)]), []);
  });

  it('the difference is exact per address and port; equal unions however built', () => {
    const before = [piece(block('0.0.0.0/0'), tcp(443))];
    const after = [piece(block('0.0.0.0/0', ['10.0.0.0/8']), tcp(443, 444))];
    assert.deepEqual(read(subtractPieces(after, before)), [['0.0.0.0/0 except 10.0.0.0/8', 'TCP 444']]);
    assert.deepEqual(read(subtractPieces(before, after)), [['10.0.0.0/8', 'TCP 443']]);
    assert.ok(piecesEqual([piece(block('10.0.0.0/8'), tcp(1, 200))], [piece(block('10.0.0.0/9'), tcp(1, 200)), piece(block('10.128.0.0/9'), tcp(1, 100).union(tcp(101, 200)))]));
    assert.ok(!piecesEqual([piece(block('10.0.0.0/8'), tcp(1, 200))], [piece(block('10.0.0.0/8'), tcp(1, 199))]));
  });
});
