/** A fixed-size set of small integers (pod class ids), 32 per word. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    const spare = set.words.length * 32 - size;
    if (spare > 0) set.words[set.words.length - 1] >>>= spare;
    return set;
  }

  add(member: number): void {
    this.words[member >>> 5] |= 1 << (member & 31);
  }

  has(member: number): boolean {
    return (this.words[member >>> 5] & (1 << (member & 31))) !== 0;
  }

  addAll(other: Bitset): void {
    const words = this.words;
    const otherWords = other.words;
    for (let i = 0; i < words.length; i++) words[i] |= otherWords[i];
  }

  /** Adds the members that are in both `a` and `b`. */
  addIntersection(a: Bitset, b: Bitset): void {
    const words = this.words;
    for (let i = 0; i < words.length; i++) words[i] |= a.words[i] & b.words[i];
  }
}
