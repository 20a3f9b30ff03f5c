import fc from 'fast-check';

/** fast-check arbitraries that damage a valid encoding the ways hostile or broken readers do. */
export const mutationOf = (bytes: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc
    .oneof(
      // truncated
      fc.integer({ min: 0, max: Math.max(0, bytes.length - 1) }).map((n) => bytes.slice(0, n)),
      // one or a few bits flipped
      fc
        .array(fc.tuple(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: 7 })), {
          minLength: 1,
          maxLength: 4,
        })
        .map((flips) => {
          const out = Uint8Array.from(bytes);
          for (const [i, b] of flips) out[i] = (out[i] ?? 0) ^ (1 << b);
          return out;
        }),
      // a length (or any byte run) replaced by a huge long-form length
      fc
        .tuple(
          fc.integer({ min: 0, max: bytes.length - 1 }),
          fc.constantFrom(
            [0x84, 0x7f, 0xff, 0xff, 0xff],
            [0x83, 0xff, 0xff, 0xff],
            [0x82, 0xff, 0xff],
            [0x80],
            [0x85, 1, 0, 0, 0, 0],
          ),
        )
        .map(([i, patch]) => {
          const out = Uint8Array.from(bytes);
          out.set(patch.slice(0, out.length - i), i);
          return out;
        }),
      // garbage appended or inserted
      fc
        .tuple(fc.integer({ min: 0, max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 64 }))
        .map(([i, junk]) => Uint8Array.from([...bytes.subarray(0, i), ...junk, ...bytes.subarray(i)])),
    )
    // Flipping a bit twice, or patching a byte with itself, is no mutation at all.
    .filter((m) => !Buffer.from(m).equals(Buffer.from(bytes)));

const lengthBytes = (n: number): number[] =>
  n < 0x80
    ? [n]
    : n < 0x100
      ? [0x81, n]
      : n < 0x10000
        ? [0x82, n >> 8, n & 0xff]
        : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];

/** Deeply nested constructed elements, definite or indefinite length, under an outer tag. */
export const deepNesting = (outerTag: number): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean(), fc.constantFrom(0x30, 0x31, 0xa0, 0x61))
    .map(([depth, indefinite, tag]) => {
      if (indefinite) {
        return Uint8Array.from([
          outerTag,
          0x80,
          ...Array(depth).fill([tag, 0x80]).flat(),
          ...Array(depth + 1)
            .fill([0, 0])
            .flat(),
        ]);
      }
      // Lengths from the inside out, then the headers from the outside in: linear, no copying.
      const lengths: number[] = [2];
      for (let i = 0; i < depth; i++) lengths.push(lengths[i]! + 1 + lengthBytes(lengths[i]!).length);
      const out: number[] = [outerTag, ...lengthBytes(lengths[depth]!)];
      for (let i = depth - 1; i >= 0; i--) out.push(tag, ...lengthBytes(lengths[i]!));
      out.push(0x05, 0x00);
      return Uint8Array.from(out);
    });
