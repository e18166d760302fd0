// numpy's pairwise sum of squares, twin of sumOfSquares in src/core/kernels/sums.ts (np.sum(W ** 2),
// the weight decay each forward pass adds): runs of more than 128 halved at a multiple of eight,
// a run summed in eight interleaved sums (four vectors of two float64 lanes: sum j in lane j % 2
// of vector j / 2), combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)). Squares and
// sums in float64 whatever T, as the TypeScript kernel takes them.

const BLOCK = 128;

// a: (length) -> out: (1) float64 = Σ a[i]² in numpy's pairwise order
export function sumOfSquares<T>(out: usize, a: usize, length: i32): void {
  store<f64>(out, pairwiseSquares<T>(a, length));
}

function pairwiseSquares<T>(a: usize, count: i32): f64 {
  if (count > BLOCK) {
    const half = (count >> 1) & ~7;
    return (
      pairwiseSquares<T>(a, half) + pairwiseSquares<T>(a + <usize>half * sizeof<T>(), count - half)
    );
  }
  return blockSquares<T>(a, count);
}

// a[i] as float64, and two of them as a vector.
function at<T>(a: usize, i: i32): f64 {
  return <f64>load<T>(a + <usize>i * sizeof<T>());
}

function pair<T>(a: usize, i: i32): v128 {
  if (sizeof<T>() == 8) return v128.load(a + ((<usize>i) << 3));
  return f64x2.promote_low_f32x4(v128.load64_zero(a + ((<usize>i) << 2)));
}

function squared<T>(a: usize, i: i32): v128 {
  const x = pair<T>(a, i);
  return f64x2.mul(x, x);
}

// a: (count <= 128) -> Σ a[i]²: left to right under eight, else in eight interleaved sums
function blockSquares<T>(a: usize, count: i32): f64 {
  if (count < 8) {
    let sum: f64 = 0;
    for (let i = 0; i < count; i++) sum += at<T>(a, i) * at<T>(a, i);
    return sum;
  }
  let r01 = squared<T>(a, 0);
  let r23 = squared<T>(a, 2);
  let r45 = squared<T>(a, 4);
  let r67 = squared<T>(a, 6);
  const blockEnd = count & ~7;
  let i = 8;
  for (; i < blockEnd; i += 8) {
    r01 = f64x2.add(r01, squared<T>(a, i));
    r23 = f64x2.add(r23, squared<T>(a, i + 2));
    r45 = f64x2.add(r45, squared<T>(a, i + 4));
    r67 = f64x2.add(r67, squared<T>(a, i + 6));
  }
  const low =
    f64x2.extract_lane(r01, 0) +
    f64x2.extract_lane(r01, 1) +
    (f64x2.extract_lane(r23, 0) + f64x2.extract_lane(r23, 1));
  const high =
    f64x2.extract_lane(r45, 0) +
    f64x2.extract_lane(r45, 1) +
    (f64x2.extract_lane(r67, 0) + f64x2.extract_lane(r67, 1));
  let sum = low + high;
  for (; i < count; i++) sum += at<T>(a, i) * at<T>(a, i);
  return sum;
}
