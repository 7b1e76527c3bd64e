// Deterministic pseudo-random numbers for the fuzzer. Every input gets its own generator
// seeded from (run seed, input index), so any single input can be rebuilt from those two
// numbers alone: the watchdog uses that to name the input a hung worker was on.

/** 32-bit mix of two integers (a variant of the murmur3 finaliser). */
function mix32(a, b) {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  /** `seed` and `index` are non-negative integers. */
  constructor(seed, index = 0) {
    this.state = mix32(seed >>> 0, mix32(index >>> 0, 0x2545f491)) || 1;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(list) {
    return list[this.int(list.length)];
  }

  /** Picks from [[weight, value], ...]. */
  weighted(entries) {
    let total = 0;
    for (const [weight] of entries) total += weight;
    let r = this.next() * total;
    for (const [weight, value] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][1];
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(alphabet, length) {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}
