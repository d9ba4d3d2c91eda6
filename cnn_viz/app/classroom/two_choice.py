"""The live class tests what a map wants to see: "which picture makes this map respond more,
A or B?" (the two-alternative forced choice of Borowski et al., ICLR 2021). Feature maps
offers it about the map up close, once per kind of reference; while it is open, the lesson
step shows the references (none, the map's picture, or its strongest training patches) and
the two query pictures; each phone shows A and B; the reveal gives the class's share right
against chance and the published figures, and the lesson's shares so far by reference."""

import numpy as np
import streamlit as st

from ... import assets, exemplars, gallery, numbers, visualise
from ...live import questions, scoring, store
from .. import picture
from ..text import t
from . import common


@st.cache_data(max_entries=256, show_spinner=False)
def _pairs(_net, layer, unit, current, count):
    """[(strong, weak)]: the shipped test samples (not the one on the screen) the map responds to
    most and least, the second of each, ..., each (sample id, pixels, the map's mean before ReLU)."""
    samples = [s for s in gallery.samples() if s.id != current]
    x = np.stack([s.rgb() for s in samples]).astype(np.float32) / 255.0
    pairs, found = visualise.query_pairs(_net, layer, unit, x, count)
    pick = lambda i: (samples[i].id, samples[i].rgb(), float(found[i]))
    return [(pick(strong), pick(weak)) for strong, weak in pairs]


def _silent(conv, unit):
    """Whether the map's strongest cell on every training picture is 0 (its shipped patches say)."""
    try:
        return exemplars.for_map(conv, unit)[0][1] <= 0
    except assets.Unavailable:
        return False


def offers(net, conv, unit, query):
    """The question about map `unit` of `conv`, once per kind of reference: only for the
    shipped network's convolutions, whose pictures and patches are shipped."""
    if not net.shipped or conv not in exemplars.LAYERS or len(gallery.samples()) < 3:
        return []
    if _silent(conv, unit):  # 0 on every training picture after ReLU: it excites nothing, no answer to find
        return []
    # Each kind of reference its own pair (the strongest and weakest, the second of each, the
    # third), so a class asked with one kind does not already know the answer with the next.
    pairs = _pairs(net, conv, unit, query.get("sample", ""), len(questions.CONDITIONS))
    return [questions.excites(c, conv, unit, *pair, query) for c, pair in zip(questions.CONDITIONS, pairs)]


# This question's status line is two lines under the toolbar at 1280 px, one more than the
# step area's scroll margin leaves room for: a gap above the board keeps its first line in view.
GAP = '<div style="height:2.6rem" aria-hidden="true"></div>'


def board(question, references):
    """On the projector while the class answers: the references on the left (drawn by
    `references(condition, layer, unit)`, the page's), A and B on the right, nothing that says
    which excites the map more."""
    condition = questions.condition_of(question)
    layer, unit = question["params"]["layer"], question["params"]["map"]
    st.html(GAP)
    left, queries = st.container(key="excites_board").columns([1.25, 1], vertical_alignment="top")
    with left:
        st.markdown(t(f"two.refs_{condition}", layer=layer, map=unit))
        references(condition, layer, unit)
    with queries:
        a, b = st.columns(2)
        for where, letter, pixels in zip((a, b), questions.QUERIES, questions.query_pixels(question)):
            picture.show(pixels, 180, container=where)  # its letter under it, large, for the back row
            where.markdown(f"<div style='font-size:2.2rem;font-weight:800;width:180px;text-align:center'>"
                           f"{letter}</div>", unsafe_allow_html=True)  # fmt: skip


def phone_pictures(question):
    """On a phone: A and B, side by side, as large as a phone allows."""
    picture.row(list(zip(questions.query_pixels(question), questions.QUERIES)), width=120)
    if questions.condition_of(question) != "none":
        st.caption(t("two.on_projector"))


def revealed(question, view):
    """After Reveal: which one, by how much, the class's share right against chance and the
    published figures, and the lesson's shares so far by reference."""
    params, means = question["params"], question["means"]
    right, share = scoring.score(question, view.answers)
    answer = question["answer"]
    other = questions.QUERIES[1 - questions.QUERIES.index(answer)]
    mean = dict(zip(questions.QUERIES, means))
    words = dict(answer=answer, other=other, layer=params["layer"], map=params["map"])
    high, low = numbers.exact(float(mean[answer])), numbers.exact(float(mean[other]))
    st.success(t("two.revealed", high=high, low=low, **words))
    shown = zip(questions.query_pixels(question), questions.QUERIES)
    picture.row([(p, t("two.mean_of", letter=x, mean=numbers.exact(float(mean[x])))) for p, x in shown], width=72)
    if view.answers:
        st.markdown(t("two.class_share", right=right, n=len(view.answers), share=share))
    lesson_line()  # above the studies: at 720 rows the panel shows it without scrolling
    condition = questions.condition_of(question)
    studies = [t("two.study", share=found, study=t(f"two.by_{who}")) for who, found in questions.PUBLISHED[condition]]
    st.caption(t(f"two.published_{condition}", studies=t("two.sep").join(studies)))


def lesson_line():
    """The lesson's first votes on these questions so far, by the references shown."""
    code, token = st.session_state.get(common.TEACHER, (None, None))
    found = scoring.by_condition(store().results(code, token) or []) if code else {}
    if sum(n for _, n in found.values()) == 0:
        return
    part = lambda c, r, n: t("two.part", refs=t(f"two.short_{c}"), right=r, n=n, share=f"{r / n:.0%}" if n else "—")
    st.caption(t("two.lesson", parts=" · ".join(part(c, r, n) for c, (r, n) in found.items())))
