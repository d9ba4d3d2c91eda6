"""What a phone shows for an open question and at its reveal, per way of answering
(questions.answer_form): choices as big buttons, a typed number, a tap on the picture; and,
for a question that asks, how sure the student is."""

import contextlib
import functools

import numpy as np
import streamlit as st

from ... import figures
from ...live import questions, rooms, scoring, store
from .. import picture, widgets
from ..text import class_name, t
from . import common


def answer_form(code, token, question, mine):
    """The controls that answer the question, and the answer this phone sent."""
    form = questions.answer_form(question)
    if form == "tap":
        _tap_form(code, token, question, mine)
        return
    if question.get("confidence"):
        _how_sure(code, token, question, mine)
    chosen = questions.split(mine)[0] if mine is not None else None
    _FORMS[form](code, token, question, chosen)
    if mine is not None:
        st.success(t("live.sent", answer=common.answer_label(question, mine, sure=True)))


def reveal(question, view):
    """The right answer, this phone's, and how the class did."""
    if questions.answer_form(question) == "tap":
        _tap_revealed(question, view)
    else:
        _revealed(question, view)
    link = common.lesson_link(question)
    if link:
        st.markdown(link, unsafe_allow_html=True)


# ---------------------------------------------------------------- the forms


def _how_sure(code, token, question, mine):
    key = f"live_conf_{question['id']}"
    st.session_state.setdefault(key, questions.split(mine)[1] if mine else None)
    st.session_state.setdefault(f"_was_{key}", st.session_state[key])
    st.segmented_control(
        t("live.how_sure"),
        questions.CONFIDENCE,
        key=key,
        format_func=lambda c: t(f"live.{c}"),
        on_change=_resend,
        args=(code, token, question, mine),
        width="stretch",
    )
    if st.session_state.pop("_live_need_sure", False):
        st.warning(t("live.sure_first"))


def _choice_form(code, token, question, chosen):
    with st.container(key="live_choices"):
        for option in question["options"]:
            st.button(
                common.option_label(question, option),
                key=f"live_opt_{option}",
                on_click=_send_choice,
                args=(code, token, question, option),
                type="primary" if chosen == option else "secondary",
                width="stretch",
            )


_EMPTY = "_live_empty_send"  # the last Send had no number in its box


def _number_form(code, token, question, chosen):
    # A form: the typed number travels with the Send that sends it, in one message. Loose,
    # the input's blur would rerun the page first and the Send could be lost under that rerun
    # (1 phone in 5 in a test); in a form, Enter on the phone's keyboard sends too.
    key = f"live_number_{question['id']}"
    if chosen is not None and key not in st.session_state:  # a reloaded phone: the number it sent, in the box
        with contextlib.suppress(ValueError):
            st.session_state[key] = float(chosen)
    with st.form(f"live_answer_{question['id']}", border=False):
        # an estimate in % takes 0-100 (the box refuses -5 and 150 itself); any other number, any number
        bounds = dict(min_value=0.0, max_value=100.0) if question.get("tolerance") else {}
        st.number_input(t("live.your_number"), value=None, key=key, step=1.0, format="%g", **bounds)
        if st.session_state.pop(_EMPTY, False):
            st.warning(t("live.type_first"))
        with st.container(key="live_send"):
            st.form_submit_button(
                t("live.send"),
                key="live_send_button",
                on_click=_send_number,
                args=(code, token, question, key),
                type="primary",
                width="stretch",
            )


def _tap_form(code, token, question, mine):
    """The picture large: one tap says where the student thinks the network looked (they can
    tap again until the reveal); their tap shows as a dot. Drawn as HTML, so a phone loads no
    chart library for it; the browser marks a tap at once, the rerun then draws the dot."""
    tap = questions.parse_tap(mine) if mine else None
    st.caption(t("live.tap_here"))
    drawn = figures.tap_picture(questions.look_pixels(question["pixels"]), tap, alt=t("live.tap_here"))
    widgets.chart(drawn, key="live_tap", on_click=functools.partial(_send_tap, code, token, question))
    if tap:
        st.success(t("live.your_tap", row=tap[0], col=tap[1]))


_FORMS = {"choice": _choice_form, "number": _number_form}  # a tap's form also draws the picture


# ---------------------------------------------------------------- sending


SENT = "_live_sent"  # (question id, the answer this phone sent last and the room took)


@common.guarded
def _send(code, token, question_id, value):
    if value is None or value != value:
        return
    if store().answer(code, token, question_id, value):
        st.session_state[SENT] = (question_id, str(value)[: rooms.MAX_ANSWER])
    else:
        st.session_state["_live_refused"] = True


def sent(question, mine):
    """The answer to show as this phone's: the one it sent last to this question, else `mine`
    (the room's, read when the page was drawn)."""
    found = st.session_state.get(SENT)
    return found[1] if found and found[0] == question["id"] else mine


def _sure(question):
    """How sure the student said they are, for a question that asks ("sure", "unsure"), else
    None; for one that asks and has no answer yet, "missing"."""
    if not question.get("confidence"):
        return None
    return st.session_state.get(f"live_conf_{question['id']}") or "missing"


def _send_choice(code, token, question, value):
    sure = _sure(question)
    if sure == "missing":
        st.session_state["_live_need_sure"] = True
        return
    _send(code, token, question["id"], questions.with_confidence(value, sure))


def _send_number(code, token, question, key):
    value = st.session_state.get(key)
    if value is not None and np.isfinite(value):
        _send_choice(code, token, question, questions.clean_number(value))
    else:  # Send on an empty box: say so, rather than nothing happening
        st.session_state[_EMPTY] = True


def _resend(code, token, question, mine):
    """A student who changes how sure they are after answering: the same answer, re-sent. A
    tap on the chosen one again keeps it (a segmented control would clear it: the student
    would then be told to say how sure they are, having said it)."""
    state, key = st.session_state, f"live_conf_{question['id']}"
    if state.get(key) is None:
        state[key] = state.get(f"_was_{key}")
        return
    state[f"_was_{key}"] = state[key]
    if mine is not None:
        _send_choice(code, token, question, questions.split(mine)[0])


def _send_tap(code, token, question):
    cell = widgets.clicked_cell("live_tap")
    value = questions.tap_value(*cell) if cell else None  # off the grid, or forged: nothing sent
    if value is not None:
        _send(code, token, question["id"], value)


# ---------------------------------------------------------------- the reveal


def _revealed(question, view):
    correct = common.answer_label(question, question["answer"])
    right, share = scoring.score(question, view.answers)
    if view.mine is None:
        st.info(t("live.you_missed", answer=correct))
    elif questions.is_right(question, view.mine):
        st.success(t("live.you_right", answer=correct))
    else:
        st.error(t("live.you_wrong", answer=correct, mine=common.answer_label(question, view.mine)))
    if rooms.first_of(question) and view.mine_first is not None:
        key = "live.first_right" if questions.is_right(question, view.mine_first) else "live.first_wrong"
        st.caption(t(key, answer=common.answer_label(question, view.mine_first)))
    if view.answers:
        st.markdown(t("live.class_share", share=share, right=right, n=len(view.answers)))
    else:
        st.markdown(t("live.nobody_answered"))


def _tap_revealed(question, view):
    """The student's tap on Grad-CAM's heat, and whether it fell where the network looked most."""
    pixels, heat, top = questions.look_pictures(question)
    tap = questions.parse_tap(view.mine) if view.mine else None
    cls = class_name(question["params"]["cls"])
    picture.show(figures.taps_picture(pixels, [tap] if tap else [], heat), 300, t("live.gradcam_mine", cls=cls))
    st.caption(t("why.legend"))
    if tap is None:
        st.info(t("live.tap_missed"))
    else:
        st.success(t("live.tap_on")) if top[tap] else st.error(t("live.tap_off"))
    right, share = scoring.score(question, view.answers)
    st.markdown(t("live.class_taps", share=share, right=right, n=len(view.answers), chance=f"{top.mean():.0%}"))
