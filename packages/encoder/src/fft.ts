/**
 * Power spectrum of a real frame by a radix-2 FFT, in float64.
 *
 * A real input of even length N is packed into a complex sequence of length N/2
 * (`z[n] = x[2n] + i·x[2n+1]`), transformed by an iterative radix-2 FFT, and unpacked into the
 * N/2 + 1 non-negative-frequency bins. Tables (bit reversal, twiddles) are built once per size.
 *
 * ```ts
 * const fft = new RealFft(8);
 * const power = new Float64Array(5);
 * fft.powerSpectrum(Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0]), power);
 * power; // [1, 1, 1, 1, 1]  (an impulse has a flat spectrum)
 * ```
 */
export class RealFft {
  readonly size: number;
  private readonly half: number;
  private readonly bitReverse: Uint32Array;
  /** cos/sin of −2πk/half for the complex FFT of length half. */
  private readonly cosHalf: Float64Array;
  private readonly sinHalf: Float64Array;
  /** cos/sin of −2πk/size for the real-to-complex unpacking. */
  private readonly cosFull: Float64Array;
  private readonly sinFull: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    }
    this.size = size;
    const half = size >> 1;
    this.half = half;
    const bits = Math.log2(half);
    this.bitReverse = new Uint32Array(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.bitReverse[i] = r;
    }
    this.cosHalf = new Float64Array(half / 2);
    this.sinHalf = new Float64Array(half / 2);
    for (let k = 0; k < half / 2; k++) {
      this.cosHalf[k] = Math.cos((2 * Math.PI * k) / half);
      this.sinHalf[k] = -Math.sin((2 * Math.PI * k) / half);
    }
    this.cosFull = new Float64Array(half + 1);
    this.sinFull = new Float64Array(half + 1);
    for (let k = 0; k <= half; k++) {
      this.cosFull[k] = Math.cos((2 * Math.PI * k) / size);
      this.sinFull[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    this.re = new Float64Array(half);
    this.im = new Float64Array(half);
  }

  /**
   * Writes |X[k]|² for k = 0 … size/2 into `out` (length ≥ size/2 + 1). `input` holds `size`
   * samples; a shorter frame must be zero-padded by the caller.
   */
  powerSpectrum(input: Float64Array, out: Float64Array): void {
    const { half, re, im, bitReverse } = this;
    for (let n = 0; n < half; n++) {
      const j = bitReverse[n] as number;
      re[j] = input[2 * n] as number;
      im[j] = input[2 * n + 1] as number;
    }
    this.complexInPlace();
    // Unpack: X[k] = E[k] + W^k·O[k], E = (Z[k] + conj Z[half−k]) / 2, O = (Z[k] − conj Z[half−k]) / 2i
    const re0 = re[0] as number;
    const im0 = im[0] as number;
    out[0] = (re0 + im0) * (re0 + im0);
    out[half] = (re0 - im0) * (re0 - im0);
    for (let k = 1; k < half; k++) {
      const zr = re[k] as number;
      const zi = im[k] as number;
      const cr = re[half - k] as number;
      const ci = -(im[half - k] as number);
      const er = 0.5 * (zr + cr);
      const ei = 0.5 * (zi + ci);
      // (z − c) / 2i = ((zi − ci) − i(zr − cr)) / 2
      const or = 0.5 * (zi - ci);
      const oi = -0.5 * (zr - cr);
      const wr = this.cosFull[k] as number;
      const wi = this.sinFull[k] as number;
      const xr = er + wr * or - wi * oi;
      const xi = ei + wr * oi + wi * or;
      out[k] = xr * xr + xi * xi;
    }
  }

  /** Iterative radix-2 decimation-in-time FFT on (re, im), input already bit-reversed. */
  private complexInPlace(): void {
    const { half, re, im, cosHalf, sinHalf } = this;
    for (let len = 2; len <= half; len <<= 1) {
      const step = half / len;
      const h = len >> 1;
      for (let start = 0; start < half; start += len) {
        for (let j = 0; j < h; j++) {
          const wr = cosHalf[j * step] as number;
          const wi = sinHalf[j * step] as number;
          const a = start + j;
          const b = a + h;
          const br = re[b] as number;
          const bi = im[b] as number;
          const tr = wr * br - wi * bi;
          const ti = wr * bi + wi * br;
          const ar = re[a] as number;
          const ai = im[a] as number;
          re[a] = ar + tr;
          im[a] = ai + ti;
          re[b] = ar - tr;
          im[b] = ai - ti;
        }
      }
    }
  }
}
