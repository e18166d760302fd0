// Parameter updates, twin of src/core/kernels/updates.ts.

import { lanes } from './vectors';

// param, grad: (length) -> param = param - lr * grad (the SGD step)
export function sgdStep<T>(param: usize, grad: usize, learningRate: T, length: i32): void {
  const size = sizeof<T>();
  const width = lanes<T>();
  const lr = v128.splat<T>(learningRate);
  let i = 0;
  for (; i + width <= length; i += width) {
    const at = <usize>i * size;
    v128.store(
      param + at,
      v128.sub<T>(v128.load(param + at), v128.mul<T>(lr, v128.load(grad + at))),
    );
  }
  for (; i < length; i++) {
    const at = <usize>i * size;
    store<T>(param + at, load<T>(param + at) - learningRate * load<T>(grad + at));
  }
}
