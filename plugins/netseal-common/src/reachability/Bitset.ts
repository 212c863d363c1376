/** A fixed-size set of small integers (pod class ids), 32 per word. */
export class Bitset {
  readonly words: Uint32Array;

  constructor(readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  static full(size: number): Bitset {
    const set = new Bitset(size);
    set.words.fill(0xffffffff);
    const spare = set.words.length * 32 - size;
    if (spare > 0) set.words[set.words.length - 1] >>>= spare;
    return set;
  }

  static of(size: number, members: Iterable<number>): Bitset {
    const set = new Bitset(size);
    for (const member of members) set.add(member);
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

  intersect(other: Bitset): Bitset {
    const result = new Bitset(this.size);
    for (let i = 0; i < result.words.length; i++)
      result.words[i] = this.words[i] & other.words[i];
    return result;
  }

  isFull(): boolean {
    return this.equals(Bitset.full(this.size));
  }

  equals(other: Bitset): boolean {
    for (let i = 0; i < this.words.length; i++) {
      if (this.words[i] !== other.words[i]) return false;
    }
    return true;
  }

  *members(): IterableIterator<number> {
    for (let i = 0; i < this.words.length; i++) {
      let word = this.words[i];
      while (word !== 0) {
        const low = word & -word;
        yield (i << 5) + (31 - Math.clz32(low));
        word ^= low;
      }
    }
  }
}
