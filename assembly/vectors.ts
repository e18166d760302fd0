// What the kernels share about SIMD: a v128 holds 16 bytes, two float64s or four float32s.

// Bytes in a v128, and elements of T in one.
export const VECTOR: usize = 16;

export function lanes<T>(): i32 {
  return <i32>(VECTOR / sizeof<T>());
}

// Rounds a scratch address up to the 16-byte alignment of the splatted-value lists.
export function align16(address: usize): usize {
  return (address + 15) & ~(<usize>15);
}
