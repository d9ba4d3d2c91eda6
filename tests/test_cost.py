"""What a network costs to run, known before it runs (cnn_viz/cost.py), and the bounds built on
it: a visitor's model that would need gigabytes is refused unread, batched methods run within
the budget, and the server holds visitors' models once, within its own budget."""

import json
import subprocess
import sys
import tracemalloc

import numpy as np
import pytest

from cnn_viz import cost, explain, gradients, keras_file, layers, model
from cnn_viz.app import own_models
from tools import crafted_models as mf


def peak(work):
    """The most bytes numpy (and Python) held at once while work() ran."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def networks():
    """The shipped network, the honest 5 M model, and layers the article's does not have:
    strides with "same" padding, average pooling, a wide 1 x 1 convolution, a rescaling; zero
    padding, dilated, depthwise and grouped convolutions, global average and max pooling."""
    yield "shipped", model.load()
    yield "honest 5 M", keras_file.read(mf.honest())
    strided = [mf.conv(16, 5, strides=2), ("AveragePooling2D", dict(pool_size=[3, 3], strides=[1, 1], padding="same"))]
    odd = [("Rescaling", dict(scale=1 / 255)), *strided, mf.conv(200, 1), mf.pool(), mf.FLATTEN, mf.dense(7, "softmax")]
    yield "odd layers", keras_file.read(mf.keras_bytes((45, 37, 1), odd))
    yield "dilated, grouped, padded, global", new_kinds("globalavg")
    yield "depthwise, global max", new_kinds("globalmax")


def new_kinds(pool):
    """Zero padding, a dilated "same" convolution, a depthwise one (groups = its channels, two
    filters each), a strided one of four groups, a global pool, then the class scores."""
    conv = dict(kind="conv", size=(3, 3), strides=(1, 1), padding="same", activation="relu")
    specs = (
        dict(name="pad", kind="zeropad", pads=((2, 1), (0, 3))),
        dict(conv, name="dilated", filters=32, dilation=(2, 2)),
        dict(conv, name="depthwise", filters=64, groups=32, activation="leaky_relu", negative_slope=0.1),
        dict(conv, name="grouped", filters=64, groups=4, strides=(2, 2), padding="valid"),
        dict(name="pool", kind=pool),
        dict(name="logits", kind="dense", units=10),
    )
    rng, shape, weights = np.random.default_rng(4), (48, 40, 3), {}
    for spec in specs:
        if spec["kind"] in ("conv", "dense"):
            channels = shape[-1] // spec.get("groups", 1)
            kernel = (*spec.get("size", ()), channels, layers.output_shape(spec, shape)[-1])
            weights[spec["name"]] = (rng.normal(0, 0.2, kernel).astype(np.float32), np.zeros(kernel[-1], np.float32))
        shape = layers.output_shape(spec, shape)
    return model.Network(weights, specs, (48, 40, 3), tuple("abcdefghij"), pool, shipped=False)


@pytest.mark.parametrize("name, net", list(networks()), ids=lambda v: v if isinstance(v, str) else "")
def test_the_estimate_is_never_below_what_the_engine_holds(name, net):
    found = cost.of(net)
    x = np.random.default_rng(0).random(net.input_shape).astype(np.float32)
    batch = found.pictures_per_batch(gradients=True)
    measured = {
        "one forward pass": (peak(lambda: net.forward(x)), found.forward_bytes()),
        "one gradient (float64)": (peak(lambda: gradients.class_gradients(net, x, 0)), found.gradient_bytes(8)),
        "a batch's gradients": (
            peak(lambda: gradients.class_gradients(net, np.repeat(x[None], batch, 0), 0)),
            batch * found.gradient_bytes() + found.kernel,
        ),
    }
    for what, (held, estimate) in measured.items():
        assert held <= estimate, f"{name}, {what}: held {held:,} bytes, estimated {estimate:,}"
        assert estimate < 6 * held + 2**20, f"{name}, {what}: {estimate:,} is no estimate of {held:,}"


@pytest.mark.slow
def test_every_batched_method_of_the_honest_5m_model_holds_at_most_the_budget():
    net = keras_file.read(mf.honest())
    assert cost.of(net).fits()
    x = np.random.default_rng(1).random(net.input_shape).astype(np.float32)
    heat = np.random.default_rng(2).random(net.input_shape[:2])
    methods = {
        "occlusion (961 positions)": lambda: explain.occlusion_all(net, x),
        "Integrated Gradients (64 steps)": lambda: explain.integrated_gradients(net, x, 3),
        "SmoothGrad (25 samples)": lambda: explain.smoothgrad(net, x, 3),
        "deletion curve (33 pictures)": lambda: explain.deletion_curve(net, x, 3, heat),
        "the smallest step that fools it (32 pictures)": lambda: explain.fgsm(net, x),
    }
    for what, work in methods.items():
        assert peak(work) <= cost.BUDGET, what


def test_batches_give_the_numbers_of_one_pass():
    """Running in pieces changes nothing: the honest model's occlusion, in batches of 9, equals
    each occluded copy's own forward pass."""
    net = keras_file.read(mf.honest())
    x = np.random.default_rng(3).random(net.input_shape).astype(np.float32)
    drops = explain.occlusion_all(net, x, patch=16, stride=16)
    copy = x.copy()
    copy[16:32, 32:48] = 0.5
    expected = net.forward(x)["logits"].astype(np.float64) - net.forward(copy)["logits"]
    np.testing.assert_allclose(drops[1, 2], expected, rtol=1e-5, atol=1e-5)
    kept = net.forward(np.repeat(x[None], 20, 0), keep=("conv2d_2",))
    assert set(kept) == {"conv2d_2", "logits", "probabilities"}
    np.testing.assert_allclose(kept["conv2d_2"][19], net.forward(x)["conv2d_2"], rtol=1e-6)


REFUSE = """
import json, resource, sys, time
from cnn_viz import keras_file
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    keras_file.read(data)
    said = None
except keras_file.ModelFileError as error:
    said = str(error)
seconds = time.perf_counter() - start
grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(json.dumps(dict(said=said, seconds=seconds, grew=grew)))
"""


@pytest.mark.parametrize(
    "layers, layer",
    [
        ([mf.conv(900_000, 1), mf.pool(64), mf.FLATTEN, mf.dense(1)], "3,686,400,000"),  # 13.7 GiB in one layer
        ([mf.conv(4096, 3), mf.pool(64), mf.FLATTEN, mf.dense(1)], "16,777,216"),  # 0.5 MB of file, 60 GiB of occlusion
    ],
    ids=["900,000 filters", "4,096 filters"],
)
def test_a_model_whose_one_picture_needs_gigabytes_is_refused_unread(tmp_path, layers, layer):
    path = tmp_path / "big.keras"
    path.write_bytes(mf.keras_bytes((64, 64, 3), layers))
    run = subprocess.run([sys.executable, "-c", REFUSE, str(path)], capture_output=True, text=True, check=True)
    found = json.loads(run.stdout)
    assert found["said"] and f"makes {layer} numbers" in found["said"] and "64 MB" in found["said"]
    assert found["seconds"] < 1 and found["grew"] < 32 * 2**20, found


# ------------------------------------------------------------------ the server's shelf


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


def small(seed):
    return keras_file.read(mf.keras_bytes((8, 8, 1), [mf.FLATTEN, mf.dense(3)], seed=seed))


def test_a_whole_class_opening_one_file_holds_it_once():
    shelf = own_models.Shelf()
    data = mf.honest()
    tickets = [shelf.put(keras_file.read(data)) for _ in range(10)]
    assert len({t.fingerprint for t in tickets}) == 1
    assert shelf.held_bytes() == own_models.weight_bytes(shelf.get(tickets[0].fingerprint)) < 20 * 2**20


def test_a_full_shelf_puts_away_only_what_nobody_used_for_ten_minutes():
    clock = Clock()
    nets = [small(seed) for seed in range(4)]
    shelf = own_models.Shelf(budget=3 * own_models.weight_bytes(nets[0]), clock=clock)
    first, second, third = (shelf.put(net, tab) for net, tab in zip(nets, "abc"))
    with pytest.raises(own_models.Full):
        shelf.put(nets[3], "d")  # all three in use
    clock.now = 500.0
    shelf.get(first.fingerprint)  # the first one's visitor is still looking at it
    clock.now = 700.0
    shelf.put(nets[3], "d")  # the second, unused for 700 s, makes room
    assert shelf.get(second.fingerprint) is None
    assert shelf.get(first.fingerprint) is not None and shelf.get(third.fingerprint) is not None
    with pytest.raises(own_models.Full):
        own_models.Shelf(budget=10).put(nets[0])  # larger than the whole shelf


def test_one_tab_holds_one_model_and_a_closed_tabs_model_makes_room():
    """The visitor trial: five files uploaded in a row from one tab filled the shelf for ten
    minutes, and "all in use" was said of tabs already closed."""
    nets, open_tabs = [small(seed) for seed in range(6)], {"tab A", "tab B", "tab C", "tab D", "tab E"}
    shelf = own_models.Shelf(budget=3 * own_models.weight_bytes(nets[0]), alive=lambda tab: tab in open_tabs)
    for net in nets[:5]:
        shelf.put(net, "tab A")  # each new file lets go of the one before
    assert shelf.held_bytes() == own_models.weight_bytes(nets[0]) and shelf.get(nets[4].fingerprint)
    shared = shelf.put(nets[4], "tab B")  # the same file in another tab: held once, by both
    shelf.let_go("tab A")  # tab A went back to the article's network
    assert shelf.get(shared.fingerprint), "tab B still shows it"
    shelf.put(nets[0], "tab C")
    shelf.put(nets[1], "tab D")
    with pytest.raises(own_models.Full):
        shelf.put(nets[2], "tab E")  # tabs B, C and D are open
    open_tabs.discard("tab B")  # tab B closed
    shelf.put(nets[2], "tab E")
    assert shelf.get(shared.fingerprint) is None and shelf.get(nets[0].fingerprint)


@pytest.mark.slow
def test_the_honest_5m_model_runs_every_model_page_in_512_mib_and_ten_sessions_hold_it_once():
    """tools.model_memory in a process whose data may not exceed 512 MiB (before, occlusion
    alone asked for 4.7 GB): every model page opens with the model, then ten more sessions
    upload it and the server's shelf holds its 17.4 MB of weights once."""
    command = [sys.executable, "-m", "tools.model_memory", "--limit-mib", "512"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "why " in run.stdout and "the server's shelf holds 17.4 MB" in run.stdout


def test_a_layer_of_thousands_of_maps_or_numbers_shows_the_first_and_says_so():
    """A figure draws at most 256 maps or 4,096 numbers of a visitor's layer (300 maps of 16 x 16
    would be 300 pictures, their flattening 76,800 bars), and says how many there are."""
    from tests.apptest import PAGE, all_text, drawn, open_page

    net = keras_file.read(mf.keras_bytes((16, 16, 1), [mf.conv(300), mf.FLATTEN, mf.dense(2)]), "wide")
    at = open_page(PAGE["maps"], sample="cat-1")
    at.session_state["_own_model"] = net
    at.run()
    assert not at.exception and "The first 256 of its 300 maps" in all_text(at)
    [grid] = [e.proto.body for e in at.get("html") if 'data-cell="255,0"' in e.proto.body]
    assert grid.count("<img") == 256
    at.session_state["fm_layer"] = "flatten_1"
    at.run()
    assert not at.exception and "The first 4,096 of its 76,800 numbers." in all_text(at)
    [vector] = [f for f in drawn(at) if f.kind == "vector"]
    assert vector.title == "flatten_1: 76,800 numbers"


def test_a_model_the_shelf_put_away_is_one_sentence_and_the_pages_show_the_shipped_network():
    from tests.apptest import PAGE, all_text, open_page

    at = open_page(PAGE["predict"], sample="cat-1")
    at.session_state["_own_model"] = own_models.Ticket("0123456789abcdef", ("a", "b"), True)
    at.run()
    text = all_text(at)
    assert not at.exception and "Your model was put away to make room" in text
    assert "your model:" not in text and "cat" in text


def test_a_full_shelf_refuses_a_new_file_in_one_sentence_and_keeps_the_model_before(monkeypatch):
    from tests.apptest import PAGE, all_text, open_page

    monkeypatch.setattr(own_models, "SHELF", own_models.Shelf(budget=2**20))
    at = open_page(PAGE["own"], sample="cat-1")
    small_file = mf.keras_bytes((8, 8, 1), [mf.FLATTEN, mf.dense(3)])
    at.file_uploader(key="own_file").set_value(("small.keras", small_file, "application/octet-stream")).run()
    assert "your model: small" in all_text(at)
    at.file_uploader(key="own_file").set_value(("honest.keras", mf.honest(), "application/octet-stream")).run()
    assert not at.exception and "The server is holding as many visitors' models as it can (1 MB" in at.error[0].value
    assert "your model: small" in all_text(at)


def test_a_model_of_more_classes_than_a_page_can_show_is_refused():
    data = mf.keras_bytes((8, 8, 1), [mf.FLATTEN, mf.dense(1001, "softmax")])
    with pytest.raises(keras_file.ModelFileError, match="gives 1,001 class scores; .* at most 1,000 classes"):
        keras_file.read(data)
    assert len(keras_file.read(mf.keras_bytes((8, 8, 1), [mf.FLATTEN, mf.dense(1000)])).classes) == 1000
