"""8 · Why this class? What in the picture drove each class score, which training pictures it
resembles, how confidence is a choice of scale, and how little it takes to fool the network
(the article's, or the visitor's own)."""

import streamlit as st

from cnn_viz import explain, faithfulness, figures, numbers
from cnn_viz.app import classroom, frame, network_view, picture, resources, settings, why_limits, why_view, widgets
from cnn_viz.app.text import t, words


def options_of(net):
    """The methods' settings as the visitor set them; occlusion's square scaled to the picture."""
    state = st.session_state
    patch, stride = why_view.occlusion_square(net, int(state.why_patch), int(state.why_stride))
    options = dict(patch=patch, stride=stride, baseline=state.why_baseline, steps=int(state.why_steps))
    return options | dict(samples=int(state.why_samples), noise=float(state.why_noise))


def method_settings_ui(net, method, options):
    if method == "occlusion":  # its square's size and step, read above from the same settings
        c1, c2, _ = st.columns([1, 1, 2])
        widgets.number_setting(t("why.patch"), "why_patch", c1)
        widgets.number_setting(t("why.stride"), "why_stride", c2)
        if (options["patch"], options["stride"]) != (st.session_state.why_patch, st.session_state.why_stride):
            h, w = net.input_shape[:2]
            st.caption(t("why.occlusion_scaled", h=h, w=w, patch=options["patch"], stride=options["stride"]))
    elif method == "smoothgrad":
        c1, c2, _ = st.columns([1, 1, 2])
        widgets.number_setting(t("why.samples"), "why_samples", c1)
        c2.select_slider(t("why.noise"), settings.NOISE_LEVELS, key="why_noise")


def maps_ui(seen, chosen, cls, options):
    """Every method's map over the picture, then the chosen one large beside its own numbers.
    Show first, compute after: a picture's first visit draws the quick maps at once and the
    three slow ones (occlusion, Integrated Gradients, SmoothGrad) when they are ready."""
    net = seen.net
    row = st.empty()
    if why_view.maps_known(net, seen.x, chosen, options):
        maps, drops, ig = why_view.heat_maps(net, seen.x, chosen, options)
    else:
        maps, drops, ig = why_view.quick_maps(net, seen.x, chosen), None, None
    why_view.overlays(row, seen, maps)
    methods, names = faithfulness.methods(net), why_view.method_names(net)
    settings.clamp("why_method", methods)
    method = st.segmented_control(t("why.method"), methods, key="why_method", required=True, format_func=names.get)
    method_settings_ui(net, method, options)
    if method not in maps:  # a slow method chosen: its map before its picture
        maps, drops, ig = why_view.heat_maps(net, seen.x, chosen, options)
        why_view.overlays(row, seen, maps)
    a, b = st.columns([1, 1.2], gap="medium")
    spoken = figures.described.summary(explain.pixel_heat(maps[method]), words())  # what a screen reader hears
    picture.show(why_view.overlay(seen.pixels, method, maps[method]), 320, names[method], a, described=spoken)
    signed = method in faithfulness.SIGNED  # the key to the colours, under the picture
    picture.show(figures.heat_legend(signed), 320, t("why.legend_signed" if signed else "why.legend"), a)
    with b:
        widgets.chart(why_view.detail(seen, method, chosen, cls, maps, drops), key="why_detail")
    if net.shipped or not method.startswith("gradcam"):  # the shipped Grad-CAM's text names conv3
        baseline = t(f"why.baseline.{options['baseline']}")
        st.write(
            t(f"why.explain.{method}", cls=cls, patch=options["patch"], stride=options["stride"], baseline=baseline)
        )
    if drops is None:  # the quick maps are showing: now the slow three, into the same row
        maps, drops, ig = why_view.heat_maps(net, seen.x, chosen, options)
        why_view.overlays(row, seen, maps)
    return maps, ig


def trust_ui(seen, chosen, cls, maps, ig, options):
    """Section 6: Integrated Gradients' sum, the deletion and insertion curves (against the
    shipped test pictures' when the network is the shipped one), and the randomisation check."""
    net = seen.net
    st.header(t("why.h6"))
    st.write(network_view.says(net, "why.trust_intro", "own.trust_intro"))
    why_view.ig_ui(seen, chosen, cls, ig, options["baseline"], options["steps"])
    table = why_view.general_table() if net.shipped else None
    names, (h, w) = why_view.method_names(net), net.input_shape[:2]
    why_view.curves_ui(lambda: why_view.curves(net, seen.x, chosen, options), cls, table, names, h * w)
    depth = int(st.session_state.why_random)
    noisy, correlations = why_view.randomisation(net, seen.x, chosen, depth, options) if depth else (None, None)
    why_view.randomisation_ui(seen, maps, noisy, correlations, table)


def explain_class(seen):
    """Everything below the title, for the class the visitor picks: it names the network's
    answer throughout, so a projector holds it back while the class answers "which class?"."""
    net, names = seen.net, resources.class_names(seen.net)
    top = names[seen.predicted]
    st.markdown(t("why.answer", cls=top, p=why_limits.pct(seen.probabilities[seen.predicted])))
    notice = st.empty()  # "does not look like CIFAR-10", filled once the maps are showing
    chosen = network_view.class_choice(net, seen.predicted, "why_class", "why.class", "why.class_top")
    cls = names[chosen]

    st.header(t("why.h1"))
    st.write(t("why.gradient_text", cls=cls, logit=numbers.exact(float(seen.outputs["logits"][chosen]))))
    st.header(t("why.h2"))
    options = options_of(net)
    maps, ig = maps_ui(seen, chosen, cls, options)
    unfamiliar, distances = why_limits.familiar(seen)
    if unfamiliar:
        notice.warning(t("why.unfamiliar", cls=top, p=why_limits.pct(seen.probabilities[seen.predicted])))
    why_limits.lookalikes_ui(seen, distances)
    why_limits.closed_world_ui(seen, distances)
    why_limits.fooling_ui(seen, chosen, st.session_state.why_class == "top")
    trust_ui(seen, chosen, cls, maps, ig, options)


frame.ensure()
seen = resources.model_view()
st.title(t("why.title"))
st.write(network_view.says(seen.net, "why.intro", "own.why_intro", n=len(seen.net.classes)))
if seen.net.shipped:  # a live question's choices are the ten classes
    classroom.offer_prediction(seen)
if classroom.hiding("predict") or classroom.hiding("look"):  # the class is answering about this picture
    classroom.hidden_note()
else:
    explain_class(seen)
