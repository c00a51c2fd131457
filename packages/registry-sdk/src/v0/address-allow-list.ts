/** Which client addresses may use a keyless v0 surface: loopback always, plus listed addresses and subnets. */
import { BlockList, isIP } from 'node:net';
import { InvalidAllowEntryError } from './errors.js';

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) as `10.0.0.1`; other addresses unchanged. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * A matcher for client addresses. Loopback (`127.0.0.0/8`, `::1`) is always allowed; `entries` add single
 * addresses (`10.0.0.7`, `fd00::7`) or subnets (`10.0.0.0/8`).
 *
 * @throws InvalidAllowEntryError for an entry that does not parse.
 * @example
 * const allowed = addressAllowList(['192.168.1.0/24']);
 * allowed('::ffff:192.168.1.20'); // true
 */
export function addressAllowList(entries: readonly string[] = []): (address: string | undefined) => boolean {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  for (const raw of entries) {
    const entry = raw.trim();
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new InvalidAllowEntryError(entry);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new InvalidAllowEntryError(entry);
    list.addSubnet(address, bits, type);
  }
  return (address) => {
    if (!address) return false;
    const plain = plainAddress(address);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
