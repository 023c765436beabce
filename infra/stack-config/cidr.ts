/**
 * IPv4 CIDR arithmetic for the network config rules. Pure; the syntax itself is checked by the
 * field pattern, so these functions only see well-formed "a.b.c.d/n" text.
 */

export interface Cidr {
  readonly text: string;
  /** First address as an unsigned 32-bit number. */
  readonly start: number;
  readonly prefixLength: number;
  /** Number of addresses (2^(32-n)). */
  readonly size: number;
}

export function parseCidr(text: string): Cidr {
  const [address, length] = text.split("/");
  const start = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const prefixLength = Number(length);
  return { text, start, prefixLength, size: 2 ** (32 - prefixLength) };
}

/** Azure rejects a prefix whose host bits are set ("10.60.0.5/26"): the address must be the range's first. */
export function isAligned(c: Cidr): boolean {
  return c.start % c.size === 0;
}

/** The aligned form of a misaligned prefix, for the error message. */
export function alignedForm(c: Cidr): string {
  const start = c.start - (c.start % c.size);
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
  return `${octets.join(".")}/${c.prefixLength}`;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.start >= outer.start && inner.start + inner.size <= outer.start + outer.size;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}

/** Addresses Azure keeps in every subnet (network, gateway, 2 × DNS, broadcast). */
export const AZURE_RESERVED_ADDRESSES = 5;
