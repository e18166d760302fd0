// log(x) exactly as glibc computes it on x86-64 CPUs with FMA, so that RandomState.randn
// reproduces numpy bit for bit: numpy's legacy Gaussian takes log() from the C library, and
// V8's Math.log (an fdlibm port) differs from it in the last bit for about 7% of the arguments
// randn passes (3% of randn values). Being correctly rounded would not be enough either: glibc's
// log is not, for about 0.09% of those arguments, so this reproduces its operations instead.
//
// glibc >= 2.28 (and musl) use Arm's optimized-routines algorithm: x = 2^k z with z in
// [0x1.6p-1, 0x1.6p0), log x = k ln2 + log c + log1p(z/c - 1) for a table point c near z, and a
// separate polynomial for x near 1. On CPUs with FMA and AVX2 (this machine's AMD EPYC included)
// glibc runs a build compiled with -mfma, where GCC contracted several a * b + c into single
// fused operations; the order of operations below follows that machine code (libm.so.6 of
// glibc 2.36), fused operations included, emulated exactly where they can change the result. On
// a CPU without FMA, glibc takes a different variant and the last bit may differ again.
//
// The constants are glibc's (originally Arm's, MIT licensed); test/fixtures/log/log_constants.py
// reads them from libm, checks the properties the algorithm relies on and prints these lines.

const LN2_HI = 0.6931471805598903;
const LN2_LO = 5.497923018708371e-14;
const A = [
  -0.5000000000000001, 0.33333333331825593, -0.2499999999622955, 0.20000304511814496,
  -0.16667054827627667,
];
const B = [
  -0.5, 0.3333333333333352, -0.24999999999998432, 0.19999999999320328, -0.16666666669929706,
  0.14285715076560868, -0.12499997863982555, 0.11110712032936046, -0.10000486757818193,
  0.09181994006195467, -0.08328363062289341,
];
const TABLE = new Float64Array([
  1.4504249240398293, -0.3718565645633589, 1.442253508327276, -0.36620682668944937,
  1.4341736174350004, -0.3605888069791945, 1.426183816329995, -0.3550022171419869,
  1.4182825527052965, -0.34944666968829097, 1.4104682921759335, -0.3439217713603284,
  1.4027396147468003, -0.3384271921261188, 1.3950954438932313, -0.332962831494342,
  1.3875338232485754, -0.32752794345742586, 1.3800539211058593, -0.32212257167088865,
  1.3726542695419708, -0.3167462884799761, 1.3653332798446802, -0.3113985598928366,
  1.358090204587874, -0.3060794515165526, 1.3509234892132138, -0.300788424667644,
  1.3438320840699889, -0.2955252968476998, 1.3368146974742003, -0.29028969275850613,
  1.329870114677736, -0.2850812793277555, 1.322997339161106, -0.27989987391470095,
  1.316195352741367, -0.27474526621870154, 1.3094628125672239, -0.2696169863701243,
  1.3027990455471041, -0.26451506180308115, 1.2962024229438942, -0.2594387762767383,
  1.2896726275815547, -0.2543884090981692, 1.2832080305745537, -0.24936321635129843,
  1.276807885983376, -0.24436312405975968, 1.2704714060687552, -0.23938801747897287,
  1.2641976054949482, -0.23443761696705678, 1.257985357514882, -0.22951151871518505,
  1.2518337750655457, -0.2246094963439873, 1.2457421919097305, -0.21973149037705753,
  1.2397094966625508, -0.2148770752847895, 1.2337348463589233, -0.210046029103637,
  1.2278176973028803, -0.20523836373934046, 1.2219570190618474, -0.20045368751368642,
  1.2161519732977757, -0.1956917537758045, 1.2104018095009725, -0.19095237845203883,
  1.204705805718973, -0.18623539250290833, 1.1990631185441964, -0.18154051731551135,
  1.1934733004462308, -0.1768677957431919, 1.1879350812847385, -0.17221657406412305,
  1.1824481322833125, -0.16758697765942543, 1.1770114976921955, -0.16297859687290384,
  1.1716248121809465, -0.15839151377804228, 1.1662869231674715, -0.15382513241456763,
  1.1609977486762766, -0.14927976358922024, 1.1557563220795803, -0.14475495398119165,
  1.1505619105480347, -0.14025044090817573, 1.1454138888505974, -0.1357660466685502,
  1.140311877374656, -0.1313018016355727, 1.1352550225747513, -0.12685731518763532,
  1.1302429094831266, -0.1224325737671279, 1.1252747693068048, -0.11802724521862729,
  1.1203501571039876, -0.11364127671663482, 1.1154683327680124, -0.10927434611278386,
  1.1106291463292157, -0.10492665324943573, 1.1058315813301596, -0.10059761422644442,
  1.1010752177696026, -0.09628717309055901, 1.0963597137952512, -0.09199534069557558,
  1.0916844827550398, -0.08772190036688698, 1.0870487291277784, -0.08346643613867855,
  1.082452357388312, -0.07922916827544668, 1.0778948225025884, -0.0750099004750382,
  1.0733751731601076, -0.07080805133352897, 1.068893585073351, -0.06662408085151128,
  1.0644491706655506, -0.06245745471915143, 1.0600414846328305, -0.0583080438042316,
  1.0556701316181605, -0.05417576112313327, 1.051334750556926, -0.050060547896805474,
  1.0470347288442157, -0.045962101199052086, 1.0427699229652954, -0.04188056008865715,
  1.0385395013738175, -0.03781540056183985, 1.034343418940345, -0.03376684757915882,
  1.0301811073173315, -0.029734619131772888, 1.026052043621297, -0.025718470239212365,
  1.0219561082336197, -0.021718543925430822, 1.0178926505784922, -0.01773446126981071,
  1.0138614436244586, -0.013766252464051831, 1.0098620186501341, -0.009813706322574944,
  1.0058938559734134, -0.005876555150052809, 1.00195696235014, -0.0019550499938532084,
  0.9961089923088509, 0.0038985973556009412, 0.9884170338185201, 0.011650571286395461,
  0.9808429191005297, 0.019342955478919066, 0.9733840169987446, 0.0269766014846482,
  0.9660377568876556, 0.034552359728422744, 0.9588014945307369, 0.04207121767183253,
  0.9516728569073111, 0.049533940950141186, 0.9446494635965822, 0.056941358295944156,
  0.9377288993026223, 0.06429439168346107, 0.9309091073790681, 0.0715936354946507,
  0.924187681612722, 0.07884010933776153, 0.9175626765599192, 0.08603438905970506,
  0.9110320403624034, 0.09317721180013905, 0.9045935839762024, 0.10026951462748457,
  0.8982456375922825, 0.10731170956330516, 0.8919860966782501, 0.11430473320717738,
  0.8858131121185129, 0.12124928503033061, 0.879725075760676, 0.12814583422959913,
  0.8737201372634685, 0.1349951636851756, 0.8677966405782273, 0.1417978768189414,
  0.8619528050060739, 0.14855476039031146, 0.8561872354420692, 0.1552661937658968,
  0.8504983927816893, 0.16193275688146969, 0.8448844572790304, 0.16855539792220497,
  0.8393442741575965, 0.1751343179947753, 0.8338762249349438, 0.1816702989864325,
  0.8284789320557778, 0.18816387146023317, 0.8231510800065832, 0.1946155228479256,
  0.8178913903778707, 0.20102572579389744, 0.8126984007245374, 0.2073952090795501,
  0.8075710029460227, 0.21372429840596396, 0.8025078881160415, 0.2200135945981856,
  0.7975077379364331, 0.22626374162859975, 0.792569604966373, 0.23247494747693054,
  0.7876923641254114, 0.23864766620658884, 0.7828746724940998, 0.24478265647405806,
  0.7781155388790811, 0.25088025827324145, 0.7734139557869777, 0.2569408552510595,
  0.7687687179914933, 0.26296511155101143, 0.7641790698041854, 0.2689531327189343,
  0.7596438763692399, 0.27490553924610595, 0.7551621951078668, 0.2808227248478943,
  0.7507331780216866, 0.286704979267256, 0.7463557196361751, 0.29255295645509705,
  0.7420289364869653, 0.2983670386142876, 0.7377521537065876, 0.30414734587282055,
  0.7335242966002608, 0.30989455774829366, 0.729344777457841, 0.31560871301871884,
]);

// One 8-byte scratch cell to read and write the bits of a double as two 32-bit words: HI holds
// the sign, exponent and top of the mantissa, LO the low 32 bits (their order follows the
// platform's byte order).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
const HI = u32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

// Veltkamp's splitting constant 2^27 + 1: splits a double into two halves of at most 26 bits
// whose pairwise products are exact.
const SPLIT = 134217729;

/**
 * fma(a, b, c) = a * b + c with one rounding, as the hardware instruction computes it.
 * The product is made exact with Dekker's algorithm, c is added with an exact TwoSum, and the two
 * error terms are summed with rounding to odd before the final rounding, which makes the result
 * correctly rounded (Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved
 * algorithms using rounding to odd", IEEE TC 2008). Valid while nothing overflows or underflows,
 * which holds for every operand log() produces.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pe = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = c + p;
  let v = s - c;
  const se = c - (s - v) + (p - v);
  const u = se + pe;
  v = u - se;
  const ue = se - (u - v) + (pe - v);
  if (ue === 0) return s + u;
  // Round u to odd: if it is even, replace it by its neighbour on the side of the exact sum.
  f64[0] = u;
  if ((u32[LO] & 1) === 0) {
    if (ue > 0 === u > 0) {
      u32[LO] |= 1;
    } else if (u32[LO] === 0) {
      u32[LO] = 0xffffffff;
      u32[HI] -= 1;
    } else {
      u32[LO] -= 1;
    }
  }
  return s + f64[0];
}

// Each 1/c split into halves of at most 26 bits once, for the exact products z / c below.
const INVC_HI = new Float64Array(TABLE.length / 2);
const INVC_LO = new Float64Array(TABLE.length / 2);
for (let i = 0; i < INVC_HI.length; i++) {
  const t = SPLIT * TABLE[2 * i];
  INVC_HI[i] = t - (t - TABLE[2 * i]);
  INVC_LO[i] = TABLE[2 * i] - INVC_HI[i];
}

/**
 * Whether high + y' rounds to sum (high + y rounded) for every y' within bound of y: the exact
 * high + y must be more than bound away from the midpoints on either side of sum.
 */
function roundsSafely(sum: number, high: number, y: number, bound: number): boolean {
  const residual = y - (sum - high); // exact: |high| > |y| wherever this is called
  f64[0] = sum;
  // Half an ulp of sum, or a quarter below a power of two, where the ulp halves.
  const exponentBits = u32[HI] & 0x7ff00000;
  const powerOfTwo = (u32[HI] & 0xfffff) === 0 && u32[LO] === 0;
  u32[HI] = exponentBits - (powerOfTwo ? 0x3600000 : 0x3500000);
  u32[LO] = 0;
  return Math.abs(residual) + bound < f64[0];
}

/**
 * glibc's log(x) on x86-64 with FMA, bit for bit.
 *
 * The fused operations only move the small correction added last by an ulp or so of its own
 * size, so this first evaluates them unfused (fast) with a bound on that difference, and takes
 * the fully emulated evaluation only for the under 1% of arguments where the final rounding
 * could change.
 */
export function log(x: number): number {
  return evaluate(x, false);
}

/** The same function with every fused operation emulated; slower, exported to test that path. */
export function logFused(x: number): number {
  return evaluate(x, true);
}

function evaluate(x: number, fused: boolean): number {
  f64[0] = x;
  let hi = u32[HI];
  // Near 1 (1 - 2^-4 <= x < 1 + 0x1.09p-4) the table would lose relative accuracy: a longer
  // polynomial in r = x - 1 with r^2/2 split into exact parts.
  if (hi >= 0x3fee0000 && hi < 0x3ff10900) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    // r = rhi + rlo with rhi of 26 bits, so that rhi^2 / 2 is exact.
    const w = r * 0x8000000;
    const rhi = r + w - w;
    const rlo = r - rhi;
    const half = rhi * rhi * B[0];
    const high = r + half;
    const lo = r - high + half;
    if (!fused) {
      const q1 = r2 * B[3] + (r * B[2] + B[1]);
      const q2 = r2 * B[6] + (r * B[5] + B[4]);
      const q3 = r3 * B[10] + (r2 * B[9] + (r * B[8] + B[7]));
      const low = B[0] * rlo * (rhi + r) + lo;
      const y = ((q3 * r3 + q2) * r3 + q1) * r3 + low;
      const sum = high + y;
      // Rounding each product separately moves q (about 1/3) by about 2^-52 and low by an ulp of
      // its terms: y moves by less than 2^-50 (|r^3| + |low| + |lo|), bounded here 4 times over.
      const bound = (Math.abs(r3) + Math.abs(low) + Math.abs(lo)) * 2 ** -48;
      if (roundsSafely(sum, high, y, bound)) return sum;
    }
    const q1 = fma(r2, B[3], fma(r, B[2], B[1]));
    const q2 = fma(r2, B[6], fma(r, B[5], B[4]));
    const q3 = fma(r3, B[10], fma(r2, B[9], fma(r, B[8], B[7])));
    const q = fma(fma(q3, r3, q2), r3, q1);
    return high + fma(q, r3, fma(B[0] * rlo, rhi + r, lo));
  }
  if (hi < 0x00100000 || hi >= 0x7ff00000) {
    // x is zero, subnormal, negative, infinite or NaN.
    if (x === 0) return -Infinity;
    if (x !== x || x < 0) return NaN;
    if (x === Infinity) return x;
    // Subnormal: scale into the normal range and take 52 off the exponent field.
    f64[0] = x * 4503599627370496;
    hi = (u32[HI] - 0x03400000) >>> 0;
    u32[HI] = hi;
  }
  // tmp = bits(x) - bits(0x1.6p-1); its top 12 bits give k, the next 7 the table index; z is x
  // with k taken off its exponent, in [0x1.6p-1, 0x1.6p0).
  const tmp = (hi - 0x3fe60000) | 0;
  const i = (tmp >>> 13) & 0x7f;
  const k = tmp >> 20;
  u32[HI] = hi - (tmp & 0xfff00000);
  const z = f64[0];
  const logc = TABLE[2 * i + 1];
  // r = fma(z, 1/c, -1): z / c is within 2^-8 of 1, so with z * (1/c) = p + e exactly, p - 1 is
  // exact and one rounding of (p - 1) + e is the fused result.
  const p = z * TABLE[2 * i];
  const t = SPLIT * z;
  const zh = t - (t - z);
  const zl = z - zh;
  const ch = INVC_HI[i];
  const cl = INVC_LO[i];
  const r = p - 1 + (zh * ch - p + zh * cl + zl * ch + zl * cl);
  // k * LN2_HI is exact and logc sits on the 2^-43 grid, so w is k ln2 + log c with no rounding.
  const w = k * LN2_HI + logc;
  const high = w + r;
  // LN2_LO has 49 significant bits, so k * LN2_LO is exact (fused or not) for |k| <= 16.
  const low = k >= -16 && k <= 16 ? k * LN2_LO + (w - high + r) : fma(k, LN2_LO, w - high + r);
  const r2 = r * r;
  if (!fused) {
    const y = r * r2 * ((r * A[4] + A[3]) * r2 + (r * A[2] + A[1])) + (r2 * A[0] + low);
    const sum = y + high;
    // Rounding each product separately moves the polynomial (about 1/3) by about 2^-52 and
    // r^2 A[0] + low by an ulp of its terms: y moves by less than 2^-50 (r^2 + |low|), since
    // |r| < 2^-8; the bound allows 4 times that.
    if (roundsSafely(sum, high, y, (r2 + Math.abs(low)) * 2 ** -48)) return sum;
  }
  const poly = fma(fma(r, A[4], A[3]), r2, fma(r, A[2], A[1]));
  return fma(r * r2, poly, fma(r2, A[0], low)) + high;
}
