import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** A key's IP allowlist (single addresses or CIDR ranges, IPv4 and IPv6), checked with node:net's BlockList. */
export class IpAllowlist {
  readonly #list = new BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, bits] = entry.split('/');
      if (address === undefined) throw new Error(`invalid IP allowlist entry: ${entry}`);
      const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
      if (type === undefined) throw new Error(`invalid IP allowlist entry: ${entry}`);
      if (bits === undefined) this.#list.addAddress(address, type);
      else this.#list.addSubnet(address, Number(bits), type);
    }
  }

  allows(ip: string | undefined): boolean {
    if (ip === undefined) return false;
    const address = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
    if (isIPv4(address)) return this.#list.check(address, 'ipv4');
    if (isIPv6(address)) return this.#list.check(address, 'ipv6');
    return false;
  }
}
