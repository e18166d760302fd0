// Chapter 4's gradient of TwoLayerNet (ch04/two_layer_net.py, gradient): the chain rule worked
// out by hand for this one network, forward then backward in a dozen products. Chapter 5 builds
// the same computation out of layers (TwoLayerNet.gradient); this does the same arithmetic in
// the same order, so the two agree to the last bit (tests hold them so). The fast path's fused
// step (src/fast/fused-step.ts) is this function again, over sparse rows, with SGD folded in.

import { Matrix } from '../core/matrix.js';
import type { Labels } from './layers/softmax-with-loss.js';
import type { Gradients } from './shape.js';
import type { TwoLayerNet } from './two-layer-net.js';

// x: (batch, input), t: (batch) labels -> the gradient of the loss for each parameter
export function twoLayerGradient(net: TwoLayerNet, x: Matrix, t: Labels): Gradients {
  const { W1, b1, W2, b2 } = net.params;
  const { inputSize: I, hiddenSize: H, outputSize: O, backend } = net;
  const m = x.rows; // batch_num
  if (x.cols !== I || t.length < m) {
    throw new RangeError(`a batch of (${m}, ${x.cols}) with ${t.length} labels for ${I} inputs`);
  }

  // forward
  const a1 = new Matrix(m, H); // a1 = np.dot(x, W1) + b1
  backend.matmul(a1.data, x.data, W1.data, m, I, H);
  backend.addRowVector(a1.data, a1.data, b1.data, m, H);
  const z1 = new Matrix(m, H); // z1 = sigmoid(a1)   (or relu(a1), chapter 5's choice)
  if (net.activation === 'relu') backend.reluForward(z1.data, a1.data, m * H);
  else backend.sigmoidForward(z1.data, a1.data, m * H);
  const a2 = new Matrix(m, O); // a2 = np.dot(z1, W2) + b2
  backend.matmul(a2.data, z1.data, W2.data, m, H, O);
  backend.addRowVector(a2.data, a2.data, b2.data, m, O);
  const y = new Matrix(m, O); // y = softmax(a2)
  backend.softmaxRows(y.data, a2.data, m, O);

  // backward
  const grads = {
    W1: new Matrix(I, H),
    b1: new Matrix(1, H),
    W2: new Matrix(H, O),
    b2: new Matrix(1, O),
  };
  const dy = new Matrix(m, O); // dy = (y - t) / batch_num
  backend.softmaxLossBackward(dy.data, y.data, t, m, O, 1);
  backend.matmulTransA(grads.W2.data, z1.data, dy.data, H, m, O); // grads['W2'] = np.dot(z1.T, dy)
  backend.sumRows(grads.b2.data, dy.data, m, O); // grads['b2'] = np.sum(dy, axis=0)
  const dz1 = new Matrix(m, H); // dz1 = np.dot(dy, W2.T)
  backend.matmulTransB(dz1.data, dy.data, W2.data, m, O, H);
  // da1 = sigmoid_grad(a1) * dz1, where sigmoid_grad(a1) = (1 - z1) * z1: computed as
  // dz1 * (1 - z1) * z1, the Sigmoid layer's order (ReLU: dz1 where z1 > 0)
  const da1 = new Matrix(m, H);
  if (net.activation === 'relu') backend.reluBackward(da1.data, dz1.data, z1.data, m * H);
  else backend.sigmoidBackward(da1.data, dz1.data, z1.data, m * H);
  backend.matmulTransA(grads.W1.data, x.data, da1.data, I, m, H); // grads['W1'] = np.dot(x.T, da1)
  backend.sumRows(grads.b1.data, da1.data, m, H); // grads['b1'] = np.sum(da1, axis=0)
  return grads;
}
