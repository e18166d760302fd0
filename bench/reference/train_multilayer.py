"""The chapter-4 training loop (ch04/train_neuralnet.py) with the book's chapter-6 networks and
optimizers: common/multi_layer_net.py's MultiLayerNet, or common/multi_layer_net_extend.py's
MultiLayerNetExtend when dropout or batch normalization is asked for, and common/optimizer.py's
SGD, Momentum, Nesterov, AdaGrad, RMSprop or Adam, all imported from the book's checkout
(--book DIR or $DLFS_BOOK; see dlfs_book.py beside this file). It is the reference that
`nn-train --seed N` with the chapter-6 options reproduces.

The loop is train_neuralnet.py's, step for step: np.random.seed(N), the network built (its
weights drawn layer by layer), then per iteration np.random.choice(train_size, batch_size), the
network's gradient() (which draws the dropout masks, if any, in its forward pass), the
optimizer's update(), the batch loss after the update (network.loss, which draws nothing), and at
every i % iter_per_epoch == 0 (iter_per_epoch = max(train_size / batch_size, 1), a float) the
accuracy on the whole training and test sets. Labels are one-hot, as in train_neuralnet.py.

Recorded beside the book's numbers, without changing them: the loss of gradient()'s own forward
pass (the value nn-train reports), timings, --json.

  python3 bench/reference/train_multilayer.py --seed 0 --iters 1201 --optimizer adam --lr 0.001 --json
  python3 bench/reference/train_multilayer.py --seed 0 --iters 61 --train-size 1000 --test-size 500 \\
      --dropout 0.2 --batchnorm --json
"""
import argparse
import contextlib
import sys
import time

import numpy as np

import dlfs_book

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


def weight_init_std(text):
    """'relu'/'he'/'sigmoid'/'xavier' are passed on as the book takes them; anything else is a number."""
    if text.lower() in ("relu", "he", "sigmoid", "xavier"):
        return text
    return float(text)


def hidden_sizes(text):
    return [int(size) for size in text.split(",")]


def build(args):
    """The network and optimizer the arguments ask for, built from the book's classes."""
    from common.multi_layer_net import MultiLayerNet
    from common.multi_layer_net_extend import MultiLayerNetExtend
    from common import optimizer as book_optimizer

    options = dict(
        input_size=784,
        hidden_size_list=args.hidden,
        output_size=10,
        activation=args.activation,
        weight_init_std=args.weight_init_std,
        weight_decay_lambda=args.weight_decay,
    )
    if args.extend or args.dropout is not None or args.batchnorm:
        network = MultiLayerNetExtend(
            **options,
            use_dropout=args.dropout is not None,
            dropout_ration=0.5 if args.dropout is None else args.dropout,
            use_batchnorm=args.batchnorm,
        )
    else:
        network = MultiLayerNet(**options)
    classes = {name.lower(): getattr(book_optimizer, name) for name in
               ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")}
    optimizer = classes[args.optimizer]() if args.lr is None else classes[args.optimizer](lr=args.lr)
    return network, optimizer


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, help="np.random.seed before building the network")
    parser.add_argument("--iters", type=int, default=10000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--optimizer", choices=OPTIMIZERS, default="sgd")
    parser.add_argument("--lr", type=float, help="learning rate (default: the optimizer class's own)")
    parser.add_argument("--hidden", type=hidden_sizes, default=[100, 100, 100, 100],
                        help="hidden layer sizes, comma-separated")
    parser.add_argument("--activation", choices=["relu", "sigmoid"], default="relu")
    parser.add_argument("--weight-init-std", type=weight_init_std, default="relu",
                        help="relu|he|sigmoid|xavier or a number")
    parser.add_argument("--weight-decay", type=float, default=0, help="weight_decay_lambda")
    parser.add_argument("--dropout", type=float, help="use dropout with this ratio (MultiLayerNetExtend)")
    parser.add_argument("--batchnorm", action="store_true", help="use batch normalization (MultiLayerNetExtend)")
    parser.add_argument("--extend", action="store_true", help="MultiLayerNetExtend even without dropout or batch norm")
    parser.add_argument("--train-size", type=int, help="use the first N training samples")
    parser.add_argument("--test-size", type=int, help="use the first N test samples")
    parser.add_argument("--no-capture", action="store_true",
                        help="leave the book's classes unwrapped (no gradient losses): to check the capture changes nothing")
    parser.add_argument("--json", action="store_true", help="one JSON document of rows, losses and timings")
    dlfs_book.add_book_arguments(parser)
    args = parser.parse_args()
    if args.weight_decay == int(args.weight_decay):
        args.weight_decay = int(args.weight_decay)  # the book's default is the int 0

    started = time.perf_counter()
    book = dlfs_book.open_book(args.book, args.data_dir)
    (x_train, t_train), (x_test, t_test) = book.mnist.load_mnist(normalize=True, one_hot_label=True)
    if args.train_size is not None:
        x_train, t_train = x_train[: args.train_size], t_train[: args.train_size]
    if args.test_size is not None:
        x_test, t_test = x_test[: args.test_size], t_test[: args.test_size]
    loaded = time.perf_counter()

    capture = dlfs_book.Capture()
    with (contextlib.nullcontext() if args.no_capture else capture):
        if args.seed is not None:
            np.random.seed(args.seed)
        network, optimizer = build(args)

        train_size = x_train.shape[0]
        batch_size = args.batch_size
        iter_per_epoch = max(train_size / batch_size, 1)

        train_loss_list = []
        rows = []
        eval_seconds = 0.0
        for i in range(args.iters):
            batch_mask = np.random.choice(train_size, batch_size)
            x_batch = x_train[batch_mask]
            t_batch = t_train[batch_mask]

            grads = network.gradient(x_batch, t_batch)
            optimizer.update(network.params, grads)

            loss = network.loss(x_batch, t_batch)
            train_loss_list.append(float(loss))

            if i % iter_per_epoch == 0:
                eval_started = time.perf_counter()
                train_acc = network.accuracy(x_train, t_train)
                test_acc = network.accuracy(x_test, t_test)
                eval_seconds += time.perf_counter() - eval_started
                rows.append({"epoch": len(rows), "iter": i, "trainAcc": float(train_acc), "testAcc": float(test_acc)})
                if not args.json:
                    print("train acc, test acc | " + str(train_acc) + ", " + str(test_acc))
    finished = time.perf_counter()

    if not args.json:
        return
    log = None if args.no_capture else capture.log(network)
    if log is not None:
        # nn-train's epoch row: the mean of the gradient losses since the previous evaluation.
        start = 0
        for row in rows:
            losses = log.gradient_losses[start : row["iter"] + 1]
            row["loss"] = sum(losses) / len(losses)
            start = row["iter"] + 1
    document = {
        "script": "bench/reference/train_multilayer.py",
        **dlfs_book.numpy_info(),
        "book": book.hashes(),
        "config": {
            "network": {"class": type(network).__name__, **log.arguments} if log else type(network).__name__,
            "optimizer": dlfs_book.optimizer_document(optimizer),
            "iters": args.iters,
            "batchSize": batch_size,
            "trainSize": train_size,
            "testSize": x_test.shape[0],
            "evalEvery": iter_per_epoch,
        },
        "seed": args.seed,
        "epochs": [{k: row[k] for k in ("epoch", "iter", "loss", "trainAcc", "testAcc") if k in row} for row in rows],
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
    if log is not None:
        document["gradientLosses"] = log.gradient_losses
        if log.arguments["weight_decay_lambda"]:
            document["gradientDataLosses"] = log.gradient_data_losses
    dlfs_book.dump(document, sys.stdout)


if __name__ == "__main__":
    main()
