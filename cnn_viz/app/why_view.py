"""Why this class?: its maps computed once per picture and settings (cached, as a class opens the
same samples), and section 6 drawn: Integrated Gradients' sum written out, the deletion and
insertion curves with their areas, and the randomisation check. The numbers come from
cnn_viz.explain and cnn_viz.faithfulness."""

import hashlib

import numpy as np
import streamlit as st

from .. import cost, explain, faithfulness, figures, images, numbers
from . import picture, settings, widgets
from .text import t, words

# Occlusion's square on a 32 x 32 picture; a larger picture's is scaled to the same share of it,
# so the square covers as much and the network runs as many copies (at most 16 pixels a side).
SIDE = 32


# The cached computations are keyed on (the network's fingerprint, the picture, ...): the network
# itself is not hashed (`_net`), and a visitor's network waits for its turn (cnn_viz.cost).


@st.cache_data(max_entries=64, show_spinner=False)
def _occlusion_all(_net, fingerprint, pixels, patch, stride):
    """Every class's occlusion drops for one picture (the batch gives them all at once), so
    switching the class costs nothing."""
    with cost.turn(_net):
        return explain.occlusion_all(_net, pixels, patch, stride)


@st.cache_data(max_entries=32, show_spinner=False)
def _heat_maps(_net, fingerprint, pixels, chosen, options):
    drops = _occlusion_all(_net, fingerprint, pixels, options["patch"], options["stride"])[:, :, chosen]
    with cost.turn(_net):
        ig = explain.integrated_gradients(_net, pixels, chosen, options["baseline"], options["steps"])
        return faithfulness.maps(_net, pixels, chosen, **options, drops=drops, ig=ig), drops, ig


def heat_maps(net, pixels, chosen, options):
    """({method: map per pixel}, occlusion's drops, Integrated Gradients' attributions) for one
    picture and class; `options`: patch, stride, baseline, steps, samples, noise."""
    return _heat_maps(net, net.fingerprint, pixels, chosen, options)


@st.cache_data(max_entries=64, show_spinner=False)
def _quick_maps(_net, fingerprint, pixels, chosen):
    with cost.turn(_net):
        return faithfulness.quick_maps(_net, pixels, chosen)


def quick_maps(net, pixels, chosen):
    """faithfulness.quick_maps: what a picture's first visit shows at once."""
    return _quick_maps(net, net.fingerprint, pixels, chosen)


def occlusion_square(net, patch, stride):
    """(patch, stride) for this network's pictures: as set on a 32 x 32 picture, scaled up to
    the same share of a larger one."""
    scale = max(1, -(-max(net.input_shape[:2]) // SIDE))
    return min(16, patch * scale), min(16, stride * scale)


def maps_known(net, pixels, chosen, options):
    """True when this session has computed every map for this network, picture, class and
    settings: then the page draws them at once rather than the quick three first."""
    digest = hashlib.blake2b(pixels.tobytes(), digest_size=16).hexdigest()
    key = (net.fingerprint, digest, chosen, tuple(sorted(options.items())))
    known = st.session_state.setdefault("_why_maps_known", [])
    if key in known:
        return True
    known[:] = [*known[-15:], key]  # remembered from now: the caller computes them in this run
    return False


def overlay(pixels, method, heat):
    """A method's map over the picture: a signed method's (for and against) on the diverging
    scale, the others' on the heat scale."""
    return figures.heat_overlay(pixels, heat, signed=method in faithfulness.SIGNED)


def overlays(where, seen, maps):
    """Every method's map over the picture, side by side, in `where` (a placeholder): a method
    not computed yet shows the picture faded, captioned as coming."""
    faded = (seen.pixels.astype(float) * 0.35 + 255 * 0.65).astype(np.uint8)
    names, shown = method_names(seen.net), []
    for m in faithfulness.methods(seen.net):
        if m in maps:
            spoken = figures.described.summary(explain.pixel_heat(maps[m]), words())
            shown.append((overlay(seen.pixels, m, maps[m]), names[m], spoken))
        else:
            shown.append((faded, t("why.coming", method=names[m])))
    picture.row(shown + [(seen.pixels, t("why.original"))], width=150, container=where)


@st.cache_data(max_entries=32, show_spinner=False)
def _curves(_net, fingerprint, pixels, chosen, options):
    maps, _, _ = _heat_maps(_net, fingerprint, pixels, chosen, options)  # before the turn: it takes its own
    with cost.turn(_net):
        return faithfulness.curves(_net, pixels, chosen, maps)


def curves(net, pixels, chosen, options):
    return _curves(net, net.fingerprint, pixels, chosen, options)


@st.cache_data(max_entries=32, show_spinner=False)
def _randomisation(_net, fingerprint, pixels, chosen, depth, options):
    maps, _, _ = _heat_maps(_net, fingerprint, pixels, chosen, options)
    with cost.turn(_net):
        return faithfulness.randomisation(_net, pixels, chosen, depth, maps, **options)


def randomisation(net, pixels, chosen, depth, options):
    return _randomisation(net, net.fingerprint, pixels, chosen, depth, options)


def method_names(net):
    """Each method's name on this network, Grad-CAM's with the layer it works on."""
    name = lambda m: (
        t("why.method.gradcam", layer=faithfulness.cam_layer(net, m)) if "gradcam" in m else t(f"why.method.{m}")
    )
    return {m: name(m) for m in faithfulness.methods(net)} | {"random": t("why.random")}


def general_table():
    """The offline table over the shipped test pictures, or None (with its sentence) when the
    asset is missing or damaged: the rest of the section works without it."""
    try:
        return faithfulness.load()
    except (OSError, ValueError, KeyError):
        st.info(t("why.general_missing"))
        return None


def ig_ui(seen, chosen, cls, attributions, baseline, steps):
    """Completeness with the visitor's numbers: the attributions' sum against the score's change."""
    st.markdown(t("why.ig_h"))
    c1, c2 = st.columns(2)
    label = lambda b: t(f"why.baseline.{b}")
    c1.segmented_control(t("why.baseline"), explain.BASELINES, key="why_baseline", required=True, format_func=label)
    c2.select_slider(t("why.steps"), settings.IG_STEPS, key="why_steps")
    start = explain.baseline(seen.x, baseline)
    logit = float(seen.outputs["logits"][chosen])
    from_start = float(seen.net.forward(start)["logits"][chosen])
    total, change = float(attributions.sum()), logit - from_start
    gap = abs(total - change)
    share = f"{gap / abs(change):.1%}" if change else "-"
    sums = dict(total=total, logit=logit, start=from_start, change=change, gap=gap)
    sums = {name: numbers.exact(value) for name, value in sums.items()}
    named = dict(cls=cls, baseline=t(f"why.baseline.{baseline}"), steps=steps, share=share)
    st.markdown(t("why.ig_sum", **sums, **named))
    a, b = st.columns(2)
    heat = explain.pixel_heat(attributions)
    overlay = figures.heat_overlay(seen.pixels, heat, signed=True)
    picture.show(overlay, 260, t("why.method.ig"), a, described=figures.described.summary(heat, words()))
    picture.show(images.input_picture(start), 260, t(f"why.baseline.{baseline}"), b)


def curves_ui(compute, cls, table, names, pixels):
    """Deletion and insertion curves side by side, then their areas against the general ones
    (`table`: the offline table over the shipped test pictures, or None). `names`: each
    method's name (method_names), `pixels`: how many the picture has.

    They are computed and drawn when the visitor opens them (`compute()` gives the curves):
    they cost the server about a second and the page its only charts, which a first visit
    then waits for (docs/performance.md)."""
    st.markdown(t("why.curves_h"))
    st.write(t("why.curves_text", cls=cls, pixels=f"{pixels:,}"))
    box = st.expander(t("why.curves_open"), key="why_curves_open", on_change="rerun")
    if not box.open:
        return
    with box:
        _curves_and_areas(compute(), table, names)


def _curves_and_areas(curves, table, names):
    a, b = st.columns(2)
    for col, kind in ((a, "deletion"), (b, "insertion")):
        with col:
            fig = figures.curves_by_method(
                curves, kind, names, t(f"why.{kind}_title"), t("why.fraction"), t("fig.probability_axis"), words()
            )
            widgets.chart(fig, key=f"why_{kind}")
    header = [t("why.col_method"), t("why.col_deletion"), t("why.col_insertion")]
    if table:
        header.append(t("why.col_general", n=table["pictures"]))
    rows = ["| " + " | ".join(header) + " |", "|---|--:|--:|" + ("--:|" if table else "")]
    for name, found in curves.items():
        cells = [names[name], f"{found['deletion_auc']:.3f}", f"{found['insertion_auc']:.3f}"]
        if table:
            general = table["areas"].get(name, {})
            cells.append(f"{general.get('deletion', float('nan')):.3f} / {general.get('insertion', float('nan')):.3f}")
        rows.append("| " + " | ".join(cells) + " |")
    widgets.wide_table(rows, "why_auc_table")
    if table:
        st.caption(t("why.curves_caution", n=table["pictures"], date=table["built"]))


def depth_label(net, depth):
    """How many layers the check replaces with noise, named: none, the top one, "+" each next,
    all of them said at the last."""
    if not depth:
        return t("why.rand.none")
    cascade = explain.cascade(net)
    name = cascade[depth - 1]
    if depth == 1:
        return name
    return t("why.rand.all", layer=name) if depth == len(cascade) else f"+ {name}"


def randomisation_ui(seen, trained, noisy, correlations, table):
    """The maps again, from a network whose top layers are noise, each with its correlation."""
    st.markdown(t("why.rand_h"))
    st.write(t("why.rand_text"))
    depths = tuple(range(len(explain.cascade(seen.net)) + 1))
    settings.clamp("why_random", depths)
    labels = lambda d: depth_label(seen.net, d)
    depth = st.select_slider(t("why.rand_label"), depths, key="why_random", format_func=labels)
    names = method_names(seen.net)
    if not depth:
        st.caption(t("why.rand_none"))
    shown = noisy if depth else trained
    row = []
    for m in faithfulness.methods(seen.net):
        caption = names[m]
        if depth:
            r = correlations[m]
            verdict = t("why.rand_pass") if abs(r) < 0.5 else t("why.rand_fail")
            caption = f"{t('why.rand_corr', method=names[m], r=r)} · {verdict}"
        row.append(
            (
                overlay(seen.pixels, m, shown[m]),
                caption,
                figures.described.summary(explain.pixel_heat(shown[m]), words()),
            )
        )
    picture.row(row, width=150)
    failing = {m: r[-1] for m, r in (table or {}).get("randomisation", {}).items() if r[-1] > 0.5}
    if failing:
        methods = t("list.separator").join(f"{names[m]} ({r:+.2f})" for m, r in failing.items())
        st.info(t("why.fails_check", n=table["pictures"], methods=methods))
    return depth


def detail(seen, method, chosen, cls, maps, drops):
    """The chosen method's own numbers, beside its overlay, on the shipped network or a
    visitor's: Grad-CAM's cells on its layer's own grid (written in when there are few),
    occlusion's score drop per square position, Integrated Gradients' and SmoothGrad's and the
    input gradient's value per pixel."""
    h, w = seen.net.input_shape[:2]
    if method.startswith("gradcam"):
        layer = faithfulness.cam_layer(seen.net, method)
        cells = explain.grad_cam_cells(seen.net, seen.x, chosen, layer)
        if not cells.any():
            st.caption(t("why.cam_zero", cls=cls, layer=layer))
        title = t("why.cells_title", layer=layer)
        return figures.matrix(cells, title, zmin=0, text=cells.shape[0] <= 8, height=330, words=words())
    if method == "occlusion":
        lo, hi = figures.diverging_range(drops)
        rows, cols = drops.shape[:2]
        title = t("why.drops_title", n=rows) if rows == cols else t("own.drops_title", n=rows, m=cols)
        return figures.matrix(drops, title, figures.DIVERGING, lo, hi, text=rows <= 8, height=330, words=words())
    heat = maps[method]
    if method == "ig":
        lo, hi = figures.diverging_range(heat)
        title = t("why.ig_title" if seen.net.input_shape[2] == 3 else "why.ig_title_grey")
        return figures.matrix(heat, title, figures.DIVERGING, lo, hi, text=False, height=330, words=words())
    title = t("why.smooth_title" if method == "smoothgrad" else "why.saliency_title", h=h, w=w)
    return figures.matrix(heat, title, zmin=0, zmax=1, text=False, height=330, words=words())
