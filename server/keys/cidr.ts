// Allow-lists of client addresses in CIDR form (IPv4 and IPv6), on node's BlockList.
import { BlockList, isIP } from 'node:net';

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** `::ffff:10.0.0.1` (how a dual-stack socket reports an IPv4 client) becomes `10.0.0.1`. */
export function normalizeAddress(address: string): string {
  return IPV4_MAPPED.exec(address)?.[1] ?? address;
}

/** Parses `10.0.0.0/8,2001:db8::/32,192.0.2.7`; throws on anything else. */
export function parseCidrList(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const [address, prefix, extra] = part.split('/');
    const family = isIP(address ?? '');
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (!family || extra !== undefined || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32) || (prefix !== undefined && !/^\d+$/.test(prefix))) {
      throw new Error(`not an IP address or CIDR block: ${part}`);
    }
    return `${address}/${bits}`;
  });
}

export function addressAllowed(cidrs: string[], address: string): boolean {
  const client = normalizeAddress(address);
  const family = isIP(client);
  if (!family) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network, bits] = cidr.split('/') as [string, string];
    list.addSubnet(network, Number(bits), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  return list.check(client, family === 6 ? 'ipv6' : 'ipv4');
}
