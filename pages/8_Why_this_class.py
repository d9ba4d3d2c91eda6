"""8 · Why this class? What in the picture drove each class score, which training pictures it
resembles, how confidence is a choice of scale, and how little it takes to fool the network."""

import streamlit as st

from cnn_viz import explain, faithfulness, figures, lookalikes, numbers, ops
from cnn_viz.app import classroom, frame, own_view, picture, resources, settings, why_view, widgets
from cnn_viz.app.text import class_name, t, words
from cnn_viz.data import CLASSES

METHODS = settings.WHY_METHODS


def pct(p):
    return f"{p:.1%}"


@st.cache_data(max_entries=64, show_spinner=False)
def fooled(pixels, class_index):
    return explain.fgsm(resources.network(), pixels, class_index)


def closed_world(distances):
    """How often the "does not look like CIFAR-10" notice fires, as measured when its
    thresholds were chosen, and this picture's distances against them."""
    meta = lookalikes.load().meta
    rates = {kind: pct(meta["rates"][kind]) for kind in ("test", "noise", "blank", "text", "person")}
    near = {}
    for space in ("network", "pixels"):
        near[space], near[f"{space}_limit"] = (numbers.exact(d) for d in distances[space])
    st.caption(t("why.notice_rates", **rates, **near, n_test=f"{meta['n_test']:,}", n=meta["odd_variants"]))


def fooling(seen, chosen, cls, top):
    result = fooled(seen.x, None if st.session_state.why_class == "top" else chosen)
    if result.step is None:
        st.info(t("why.not_fooled"))
        return
    new = class_name(CLASSES[result.new_class])
    moved = (result.picture * 255).round().astype("uint8")
    after = t("why.fool_after", cls=new, p=pct(result.probabilities[result.new_class]))
    difference = figures.magnified_difference(seen.x, result.picture)
    shown = [
        (seen.picture.pixels, t("why.fool_before", cls=top)),
        (moved, after),
        (difference, t("why.fool_difference")),
    ]
    picture.row(shown, width=160)
    targeted = st.session_state.why_class != "top" and chosen != seen.predicted
    st.write(t("why.fool_target_text" if targeted else "why.fool_text", step=result.step, cls=top, new=new, target=cls))


def explain_class(seen):
    """Everything below the title, for the class the visitor picks: it names the network's
    answer throughout, so a projector holds it back while the class answers "which class?"."""
    state = st.session_state
    predicted, probabilities = seen.predicted, seen.probabilities
    top = class_name(CLASSES[predicted])

    st.markdown(t("why.answer", cls=top, p=pct(probabilities[predicted])))
    notice = st.empty()  # "does not look like CIFAR-10", filled once the maps are showing
    label = lambda c: t("why.class_top", cls=top) if c == "top" else class_name(c)
    st.selectbox(t("why.class"), ("top", *CLASSES), key="why_class", format_func=label)
    chosen = predicted if state.why_class == "top" else CLASSES.index(state.why_class)
    cls = class_name(CLASSES[chosen])

    st.header(t("why.h1"))
    st.write(t("why.gradient_text", cls=cls, logit=numbers.exact(float(seen.outputs["logits"][chosen]))))

    st.header(t("why.h2"))
    patch, stride = int(state.why_patch), int(state.why_stride)
    options = dict(patch=patch, stride=stride, baseline=state.why_baseline, steps=int(state.why_steps))
    options.update(samples=int(state.why_samples), noise=float(state.why_noise))
    # Show first, compute after: a picture's first visit draws the three quick maps at once and
    # the three slow ones (occlusion, Integrated Gradients, SmoothGrad) when they are ready.
    row = st.empty()
    if why_view.maps_known(seen.x, chosen, options):
        maps, drops, ig = why_view.heat_maps(seen.x, chosen, options)
    else:
        maps, drops, ig = why_view.quick_maps(seen.x, chosen), None, None
    why_view.overlays(row, seen, maps)
    name = lambda m: t(f"why.method.{m}")
    st.segmented_control(t("why.method"), METHODS, key="why_method", required=True, format_func=name)
    method = state.why_method if state.why_method in METHODS else METHODS[0]
    if method == "occlusion":  # its square's size and step, read above from the same settings
        c1, c2, _ = st.columns([1, 1, 2])
        widgets.number_setting(t("why.patch"), "why_patch", c1)
        widgets.number_setting(t("why.stride"), "why_stride", c2)
    elif method == "smoothgrad":
        c1, c2, _ = st.columns([1, 1, 2])
        widgets.number_setting(t("why.samples"), "why_samples", c1)
        c2.select_slider(t("why.noise"), settings.NOISE_LEVELS, key="why_noise")
    if method not in maps:  # a slow method chosen: its map before its picture
        maps, drops, ig = why_view.heat_maps(seen.x, chosen, options)
        why_view.overlays(row, seen, maps)
    a, b = st.columns([1, 1.2], gap="medium")
    picture.show(why_view.overlay(seen.picture.pixels, method, maps[method]), 320, t(f"why.method.{method}"), a)
    signed = method in faithfulness.SIGNED  # the key to the colours, under the picture
    picture.show(figures.heat_legend(signed), 320, t("why.legend_signed" if signed else "why.legend"), a)
    with b:
        widgets.chart(why_view.detail(seen, method, chosen, cls, maps, drops), key="why_detail")
    baseline = t(f"why.baseline.{options['baseline']}")
    st.write(t(f"why.explain.{method}", cls=cls, patch=patch, stride=stride, baseline=baseline))
    if drops is None:  # the quick three are showing: now the slow three, into the same row
        maps, drops, ig = why_view.heat_maps(seen.x, chosen, options)
        why_view.overlays(row, seen, maps)
    unfamiliar, distances = resources.optional(lookalikes.looks_unfamiliar, seen.net, seen.x) or (False, None)
    if unfamiliar:
        notice.warning(t("why.unfamiliar", cls=top, p=pct(probabilities[predicted])))

    st.header(t("why.h3"))
    st.write(t("why.lookalikes_text"))
    for space in lookalikes.SPACES if distances else ():  # without the look-alikes' file: said above
        st.markdown(t(f"why.space.{space}"))
        found = explain.neighbours(seen.net, seen.x, 6, space)
        picture.row(
            [(n.picture, t("why.neighbour", cls=class_name(n.label), d=numbers.exact(n.distance))) for n in found], 72
        )

    st.header(t("why.h4"))
    st.write(t("why.closed_text"))
    if distances:
        closed_world(distances)
    st.write(t("why.try_odd"))
    for kind, col in zip(("noise", "blank", "text", "person"), st.columns(4)):
        col.button(t(f"odd.button.{kind}"), key=f"odd_{kind}", on_click=picture.set_odd, args=(kind,), width="stretch")
    temperature = st.select_slider(t("why.temperature"), settings.TEMPERATURES, key="why_temp")
    scaled = ops.softmax(seen.outputs["logits"] / float(temperature))
    widgets.chart(figures.probabilities(scaled, [class_name(c) for c in CLASSES], words=words()), key="why_probs")
    key = "why.temperature_one" if temperature == "1" else "why.temperature_text"
    st.write(t(key, t_=temperature, cls=top, p=pct(scaled[predicted]), p1=pct(probabilities[predicted])))

    st.header(t("why.h5"))
    fooling(seen, chosen, cls, top)

    st.header(t("why.h6"))
    st.write(t("why.trust_intro"))
    why_view.ig_ui(seen, chosen, cls, ig, options["baseline"], options["steps"])
    table = why_view.general_table()
    why_view.curves_ui(lambda: why_view.curves(seen.x, chosen, options), cls, table)
    depth = int(state.why_random)
    noisy, correlations = why_view.randomisation(seen.x, chosen, depth, options) if depth else (None, None)
    why_view.randomisation_ui(seen, maps, noisy, correlations, table)


def shipped(seen):
    """The page on the shipped network, its settings in the address bar."""
    st.title(t("why.title"))
    st.write(t("why.intro"))
    classroom.offer_prediction(seen)
    if classroom.hiding("predict") or classroom.hiding("look"):  # the class is answering about this picture
        classroom.hidden_note()
    else:
        explain_class(seen)


frame.ensure()
seen = resources.model_view()
if seen.own:
    own_view.why(seen)
else:
    shipped(seen)
