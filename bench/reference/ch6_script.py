"""Runs one of the book's chapter-6 scripts (ch06/SCRIPT.py of the book's checkout, --book DIR or
$DLFS_BOOK) after np.random.seed(N), with matplotlib stubbed and load_mnist reading the raw IDX
files (see dlfs_book.py), and reports what it computed: the reference `nn-compare` reproduces.

The script runs as the book ships it, or with one setting changed the way the book tells its
reader to change it, in the text given to Python (the file is never edited):
  --set NAME=VALUE   its one top-level `NAME = ...` line assigns VALUE instead
                     (overfit_weight_decay: --set weight_decay_lambda=0,
                      overfit_dropout: --set use_dropout=False);
  --line TEXT        TEXT becomes the active line among the alternatives the script lists in
                     comments (weight_init_activation_histogram: the `w = ...` and `z = ...` lines).

Modes:
  (none)   the script's own output, as if run from ch06/;
  --json   one JSON document: the settings, every network's constructor arguments, the loss of
           each gradient() forward pass, the losses and accuracies the script keeps, in its order
           (recorded by wrapping the book's classes; the wrappers draw no random numbers);
  --time   one JSON line: the wall time of the script alone (its output discarded, nothing
           wrapped) and its final numbers, for `npm run bench`.

  python3 bench/reference/ch6_script.py overfit_weight_decay --seed 0 --json
  python3 bench/reference/ch6_script.py optimizer_compare_mnist --seed 0 --time
  python3 bench/reference/ch6_script.py weight_init_activation_histogram --seed 0 --json \\
      --line "w = np.random.randn(node_num, node_num) * np.sqrt(2.0 / node_num)" --line "z = ReLU(a)"
"""
import argparse
import re
import sys
import time

import numpy as np

import dlfs_book

SCRIPTS = (
    "batch_norm_test",
    "hyperparameter_optimization",
    "optimizer_compare_mnist",
    "optimizer_compare_naive",
    "overfit_dropout",
    "overfit_weight_decay",
    "weight_init_activation_histogram",
    "weight_init_compare",
)


def evaluation_iters(log, per_row):
    """The loop index i of each evaluation: accuracy ran after i + 1 gradients; per_row calls a row."""
    afters = [after for after, _, _ in log.accuracies]
    return [after - 1 for after in afters[::per_row]]


def check(condition, what):
    if not condition:
        raise SystemExit(f"inconsistent record: {what}")


# --- one extractor per script: (script globals, capture, pyplot calls, stdout) -> document -----

def overfit_weight_decay(g, capture, calls, stdout):
    log = capture.log(g["network"])
    iters = evaluation_iters(log, 2)
    check(len(iters) == len(g["train_acc_list"]) == g["max_epochs"], "one evaluation per epoch")
    check([a for _, _, a in log.accuracies] == [v for pair in zip(g["train_acc_list"], g["test_acc_list"])
                                                 for v in map(float, pair)], "accuracy log = the script's lists")
    return {
        "settings": {
            "weight_decay_lambda": g["weight_decay_lambda"],
            "max_epochs": g["max_epochs"],
            "batch_size": g["batch_size"],
            "train_size": g["train_size"],
            "test_size": g["x_test"].shape[0],
            "iter_per_epoch": g["iter_per_epoch"],
        },
        "network": log.arguments,
        "optimizer": dlfs_book.optimizer_document(g["optimizer"]),
        "iterations": log.gradients,
        "epochs": [
            {"epoch": k, "iter": i, "trainAcc": train, "testAcc": test}
            for k, (i, train, test) in enumerate(zip(iters, g["train_acc_list"], g["test_acc_list"]))
        ],
        "gradientLosses": log.gradient_losses,
        **({"gradientDataLosses": log.gradient_data_losses} if g["weight_decay_lambda"] else {}),
    }


def overfit_dropout(g, capture, calls, stdout):
    log = capture.log(g["network"])
    (trainer,) = capture.trainers
    iters = evaluation_iters(log, 2)[: len(trainer["trainAccs"])]
    check(len(log.accuracies) == 2 * len(trainer["trainAccs"]) + 1, "two accuracies per epoch and a final one")
    return {
        "settings": {"use_dropout": g["use_dropout"], "dropout_ratio": g["dropout_ratio"]},
        "network": log.arguments,
        "trainer": {k: trainer[k] for k in ("arguments", "trainSize", "testSize", "iterPerEpoch", "maxIter")},
        "iterations": log.gradients,
        "epochs": [
            {"epoch": k, "iter": i, "trainAcc": train, "testAcc": test}
            for k, (i, train, test) in enumerate(zip(iters, trainer["trainAccs"], trainer["testAccs"]))
        ],
        "finalTestAcc": trainer["finalTestAcc"],
        "trainerLosses": trainer["trainLosses"],
        "gradientLosses": log.gradient_losses,
    }


def compare_runs(g, capture, names, settings_key):
    """optimizer_compare_mnist / weight_init_compare: networks trained side by side on shared batches."""
    runs = []
    for name in names:
        network = g["networks"][name]
        log = capture.log(network)
        losses = [float(loss) for loss in g["train_loss"][name]]
        check(len(losses) == log.gradients == g["max_iterations"], f"{name}: one loss per iteration")
        run = {"name": name, "network": log.arguments}
        if settings_key == "optimizers":
            run["optimizer"] = dlfs_book.optimizer_document(g["optimizers"][name])
        run["losses"] = losses
        run["gradientLosses"] = log.gradient_losses
        runs.append(run)
    check([capture.log(g["networks"][n]).index for n in names] == list(range(len(names))),
          "networks built in the script's order")
    return runs


def optimizer_compare_mnist(g, capture, calls, stdout):
    names = list(g["optimizers"].keys())
    return {
        "settings": {"batch_size": g["batch_size"], "max_iterations": g["max_iterations"], "train_size": g["train_size"]},
        "runs": compare_runs(g, capture, names, "optimizers"),
    }


def weight_init_compare(g, capture, calls, stdout):
    names = list(g["weight_init_types"].keys())
    return {
        "settings": {"batch_size": g["batch_size"], "max_iterations": g["max_iterations"], "train_size": g["train_size"]},
        "optimizer": dlfs_book.optimizer_document(g["optimizer"]),
        "runs": compare_runs(g, capture, names, "weight_init_types"),
    }


def batch_norm_test(g, capture, calls, stdout):
    scales = g["weight_scale_list"]
    check(len(capture.logs) == 2 * len(scales), "two networks per weight scale")
    plotted = [args[1] for name, args, _ in calls if name == "plot"]
    runs = []
    for k, w in enumerate(scales):
        bn_log, log = capture.logs[2 * k], capture.logs[2 * k + 1]
        check(bn_log.arguments["use_batchnorm"] and not log.arguments["use_batchnorm"], "bn_network built first")
        bn_accs = [a for _, _, a in bn_log.accuracies]
        accs = [a for _, _, a in log.accuracies]
        check([float(v) for v in plotted[2 * k]] == bn_accs and [float(v) for v in plotted[2 * k + 1]] == accs,
              "the figure plots the logged accuracies")
        iters = evaluation_iters(bn_log, 1)
        check(iters == evaluation_iters(log, 1), "both evaluated at the same iterations")
        runs.append({
            "scale": w,
            "iterations": log.gradients,
            "epochs": [{"epoch": e, "iter": i, "trainAcc": a, "bnTrainAcc": b}
                       for e, (i, a, b) in enumerate(zip(iters, accs, bn_accs))],
            "bnNetwork": bn_log.arguments,
            "network": log.arguments,
            "bnGradientLosses": bn_log.gradient_losses,
            "gradientLosses": log.gradient_losses,
        })
    return {
        "settings": {"max_epochs": g["max_epochs"], "train_size": g["train_size"], "batch_size": g["batch_size"],
                     "learning_rate": g["learning_rate"]},
        "weightScales": scales,
        "runs": runs,
    }


def hyperparameter_optimization(g, capture, calls, stdout, random_calls):
    permutations = [result for name, _, _, result in random_calls if name == "permutation"]
    uniforms = [(args, result) for name, args, _, result in random_calls if name == "uniform"]
    check(len(permutations) == 1 and len(uniforms) == 2 * g["optimization_trial"], "one split, two draws a trial")
    keys = list(g["results_val"].keys())
    check(len(keys) == len(capture.trainers) == g["optimization_trial"], "a distinct key per trial")
    trials = []
    for k, trainer in enumerate(capture.trainers):
        (wd_args, wd_exponent), (lr_args, lr_exponent) = uniforms[2 * k], uniforms[2 * k + 1]
        log = capture.logs[trainer["network"]]
        weight_decay = log.arguments["weight_decay_lambda"]
        lr = trainer["arguments"]["optimizer_param"]["lr"]
        check(keys[k] == "lr:" + str(np.float64(lr)) + ", weight decay:" + str(np.float64(weight_decay)), "trial order")
        check(g["results_val"][keys[k]] == trainer["testAccs"], "val list")
        trials.append({
            "trial": k,
            "weightDecayExponent": wd_exponent,
            "lrExponent": lr_exponent,
            "weightDecay": weight_decay,
            "lr": lr,
            "evalIters": evaluation_iters(log, 2)[: len(trainer["trainAccs"])],
            "valAccs": trainer["testAccs"],
            "trainAccs": trainer["trainAccs"],
            "finalValAcc": trainer["finalTestAcc"],
            "trainerLosses": trainer["trainLosses"],
            "gradientLosses": log.gradient_losses,
        })
    ranking = [keys.index(m.group(1)) for m in re.finditer(r"^Best-\d+\(val acc:[^)]*\) \| (.*)$", stdout, re.M)]
    check(len(ranking) == g["graph_draw_num"], "the script's printed top list")
    first = capture.trainers[0]
    return {
        "settings": {
            "train_size": int(g["x_train"].shape[0]),
            "validation_num": g["validation_num"],
            "optimization_trial": g["optimization_trial"],
            "weight_decay_range": list(uniforms[0][0]),
            "lr_range": list(uniforms[1][0]),
            "network": {k: v for k, v in capture.logs[first["network"]].arguments.items() if k != "weight_decay_lambda"},
            "trainer": {k: v for k, v in first["arguments"].items() if k != "optimizer_param"},
            "iterPerEpoch": first["iterPerEpoch"],
            "maxIter": first["maxIter"],
        },
        "permutation": permutations[0],
        "trials": trials,
        "best": ranking,
    }


def optimizer_compare_naive(g, capture, calls, stdout):
    paths = [args for name, args, _ in calls if name == "plot" and len(args) == 3 and args[2] == "o-"]
    titles = [args[0] for name, args, _ in calls if name == "title"]
    names = list(g["optimizers"].keys())
    check(titles == names and len(paths) == len(names), "one path per optimizer")
    return {
        "settings": {"init_pos": list(g["init_pos"]), "steps": len(paths[0][0])},
        "runs": [
            {"name": name, "optimizer": dlfs_book.optimizer_document(g["optimizers"][name]),
             "x": [float(v) for v in x], "y": [float(v) for v in y]}
            for name, (x, y, _) in zip(names, paths)
        ],
    }


def weight_init_activation_histogram(g, capture, calls, stdout):
    hists = [(args, kwargs) for name, args, kwargs in calls if name == "hist"]
    layers = []
    for k, (args, kwargs) in enumerate(hists):
        data, bins = args
        check(data.shape == (g["input_data"].shape[0] * g["node_num"],), "the whole layer is plotted")
        counts, edges = np.histogram(data, bins, range=kwargs["range"])
        layers.append({
            "layer": k + 1,
            "counts": counts,
            "mean": float(np.mean(data)),
            "std": float(np.std(data)),
            "min": float(np.min(data)),
            "max": float(np.max(data)),
            "sum": float(np.sum(data)),
            "zeros": int(np.count_nonzero(data == 0)),
            "belowRange": int(np.count_nonzero(data < kwargs["range"][0])),
            "aboveRange": int(np.count_nonzero(data > kwargs["range"][1])),
            "first": data[:8],
        })
    return {
        "settings": {"node_num": g["node_num"], "hidden_layer_size": g["hidden_layer_size"],
                     "samples": g["input_data"].shape[0], "bins": hists[0][0][1], "range": list(hists[0][1]["range"])},
        "edges": edges,
        "input": {"first": g["input_data"].ravel()[:8], "sum": float(np.sum(g["input_data"]))},
        "layers": layers,
    }


EXTRACTORS = {name: globals()[name] for name in SCRIPTS}


def final_numbers(name, g):
    """The numbers a timed run ends with (what the script shows last)."""
    if name in ("overfit_weight_decay", "overfit_dropout"):
        lists = (g["train_acc_list"], g["test_acc_list"])
        return {"epochs": len(lists[0]), "trainAcc": lists[0][-1], "testAcc": lists[1][-1]}
    if name in ("optimizer_compare_mnist", "weight_init_compare"):
        return {"iterations": g["max_iterations"], "losses": {k: v[-1] for k, v in g["train_loss"].items()}}
    if name == "batch_norm_test":
        return {"scales": len(g["weight_scale_list"]), "lastTrainAcc": g["train_acc_list"][-1],
                "lastBnTrainAcc": g["bn_train_acc_list"][-1]}
    if name == "hyperparameter_optimization":
        return {"trials": len(g["results_val"]), "bestValAcc": max(v[-1] for v in g["results_val"].values())}
    if name == "optimizer_compare_naive":
        return {"x": g["params"]["x"], "y": g["params"]["y"]}
    return {"layers": len(g["activations"]), "lastMean": float(np.mean(g["activations"][len(g["activations"]) - 1]))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("script", choices=SCRIPTS)
    parser.add_argument("--seed", type=int, default=0, help="np.random.seed right before the script")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="change a top-level setting of the script (repeatable)")
    parser.add_argument("--line", action="append", default=[], metavar="TEXT",
                        help="make TEXT the active line among the script's commented alternatives (repeatable)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="one JSON document of what the script computed")
    mode.add_argument("--time", action="store_true", help="one JSON line: wall time and final numbers")
    dlfs_book.add_book_arguments(parser)
    args = parser.parse_args()
    constants = [tuple(item.split("=", 1)) for item in args.set]
    if any(len(c) != 2 for c in constants):
        parser.error("--set takes NAME=VALUE")

    book = dlfs_book.open_book(args.book, args.data_dir)
    edits = {"set": dict(constants), "line": args.line}

    if args.time:
        started = time.perf_counter()
        g, _ = dlfs_book.run_script(book, args.script, args.seed, constants, args.line, quiet=True)
        wall = time.perf_counter() - started
        dlfs_book.dump({
            "script": f"ch06/{args.script}.py",
            "seed": args.seed,
            "edits": edits,
            **dlfs_book.numpy_info(),
            "wallMs": wall * 1000,
            "loadMs": book.mnist.seconds * 1000,
            "final": final_numbers(args.script, g),
        }, sys.stdout)
        return
    if not args.json:
        dlfs_book.run_script(book, args.script, args.seed, constants, args.line, quiet=False)
        return

    started = time.perf_counter()
    with dlfs_book.Capture() as capture, dlfs_book.record_random("uniform", "permutation") as random_calls:
        g, stdout = dlfs_book.run_script(book, args.script, args.seed, constants, args.line, quiet=True)
    wall = time.perf_counter() - started
    extractor = EXTRACTORS[args.script]
    extra = (random_calls,) if args.script == "hyperparameter_optimization" else ()
    document = {
        "script": f"ch06/{args.script}.py",
        "seed": args.seed,
        "edits": edits,
        **dlfs_book.numpy_info(),
        "book": book.hashes(f"ch06/{args.script}.py"),
        **extractor(g, capture, book.pyplot.calls, stdout, *extra),
        "timings": {"wallMs": wall * 1000, "loadMs": book.mnist.seconds * 1000},
    }
    dlfs_book.dump(document, sys.stdout)


if __name__ == "__main__":
    main()
