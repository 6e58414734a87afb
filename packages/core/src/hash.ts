/**
 * 64-bit FNV-1a of the UTF-8 bytes of `s`, as 16 lowercase hex digits. Pure JS (no `node:crypto`),
 * so it runs unchanged in browsers. Not cryptographic: use it for cache keys, not for security.
 *
 * ```ts
 * fnv1a64Hex('');  // 'cbf29ce484222325'
 * fnv1a64Hex('a'); // 'af63dc4c8601ec8c'
 * ```
 */
export function fnv1a64Hex(s: string): string {
  const bytes = new TextEncoder().encode(s);
  // 64-bit state as four 16-bit limbs, low to high. Offset basis 0xcbf29ce484222325.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i] as number;
    // Multiply by the FNV prime 0x100000001b3 = 2^40 + 0x1b3.
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    let t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    t3 += t2 >>> 16;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}
