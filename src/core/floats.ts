// The element arrays every kernel reads and writes: float64 (the default, numpy's) or float32
// (--precision f32). Shapes are row-major, so a (rows, cols) matrix is one flat array.

export type Floats = Float64Array | Float32Array;
