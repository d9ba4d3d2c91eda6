"""The teacher's phone as the class's remote: the phone asks, the projector allows.

No secret ever stands on a shared screen. The projector's 📱 Another device shows a link (and
its QR code) to the Live class page for a device: `?room=CODE&device=teacher`, nothing but the
room's code, which the whole class sees anyway. There the phone presses Ask the projector:
the store gives it a request's secret, kept in this phone's session only, and a 3-digit
number the phone shows big. The projector's panel then says a device asks, with the number,
and offers Allow / Refuse; Allow grants the request with that number only, so a request that
replaced the teacher's in between (a student's) is not allowed by mistake. The phone looks
every REFRESH seconds and, once allowed, trades its secret for the teacher's token, once:
cnn_viz/app/classroom then makes it the teacher's (classroom.take_room), and both devices keep control.

Below cnn_viz/app/classroom (which draws the panel and the Live class page and calls these): what is
classroom's own (the join link, the QR code, the client's address, becoming the teacher) comes
in as arguments or goes back as a return value.
"""

import html

import streamlit as st

from ..live import limits, rooms, store
from . import picture
from .text import t

DEVICE = "teacher"  # the link's device=teacher (settings: live_device)
REFRESH = 1.5  # seconds between looks: the projector's for a request, the phone's for the answer
_ASKED = "_live_device_asked"  # (code, secret, number): this phone's request, in its session only
_CLAIMED = "_live_device_claimed"  # (code, teacher token), from the look that was allowed to the page
_NEWS = "_live_device_news"  # the key of what the phone says once: refused, gone, too many, no room
NUMBER_CSS = """<style>
.cnnviz-device-number { font-size: 4rem; font-weight: 800; letter-spacing: 0.12em; line-height: 1.15; }
</style>"""  # as large as the room's code on the projector: read at arm's length, compared at a glance


def device_link(join_link):
    """The address the teacher's phone opens: the room's join link and device=teacher, no secret."""
    return f"{join_link}&device={DEVICE}"


def wanted():
    """Whether this Live class page was opened by the projector's link for a device."""
    state = st.session_state
    return state.get("live_device") == DEVICE and bool(state.get("live_room"))


# ---------------------------------------------------------------- the projector


def other_device(where, link, qr):
    """The projector's 📱 Another device: the device link and its QR code `qr` (safe on the
    shared screen: it carries no secret, and a device that opens it must still be allowed here)."""
    with where.popover(t("live.remote_button"), icon="📱", help=t("live.remote_help")):
        picture.show(qr, 160)  # the popover fits a projector's 720 rows
        st.markdown(t("live.remote_steps"))
        st.caption(link)


@st.fragment(run_every=REFRESH)
def device_prompt(code, token):
    """On the projector, whatever its panel shows: while a device asks to run this class, the
    number it shows and Allow / Refuse, each bound to that number. A fragment of its own, so it
    appears within REFRESH seconds of the phone's ask, even while the answers are folded away."""
    try:
        number = store().device_request(code, token)
    except rooms.Unavailable:
        return  # the panel around it says so
    if number is None:
        return
    with st.container(border=True, key="live_device_prompt"):
        st.markdown(t("live.remote_asks", number=number))
        allow, refuse = st.columns(2)
        allow.button(
            t("live.remote_allow"),
            key="live_device_allow",
            on_click=_decide,
            args=(code, token, number, True),
            type="primary",
            width="stretch",
        )
        refuse.button(
            t("live.remote_refuse"),
            key="live_device_refuse",
            on_click=_decide,
            args=(code, token, number, False),
            width="stretch",
        )


def _decide(code, token, number, allow):
    """Allow or refuse the request the teacher saw, by its number (a newer one stays waiting)."""
    try:
        if allow:
            store().allow_device(code, token, number)
        else:
            store().refuse_device(code, token, number)
    except rooms.Unavailable:
        pass  # the request stays waiting; the panel says the store is down


# ---------------------------------------------------------------- the phone


def phone_page(code, address):
    """The Live class page on the teacher's phone: ask the projector, then wait for it.
    Returns (code, teacher token) once, on the run after the projector allowed this phone;
    else None. `address`: the client's, for the limit on asking."""
    state = st.session_state
    claimed = state.pop(_CLAIMED, None)
    if claimed:
        state["live_device"] = ""  # the Live class page is a student's again on this phone
        return claimed
    st.subheader(t("live.remote_title", code=code))
    news = state.pop(_NEWS, None)
    if news:
        st.warning(t(news, code=code, n=limits.REQUESTS))
    asked = state.get(_ASKED)
    if asked and asked[0] == code:
        _waiting(*asked)
        return None
    st.write(t("live.remote_intro"))
    st.button(
        t("live.remote_ask"),
        key="live_device_ask",
        on_click=_ask,
        args=(code, address),
        type="primary",
        width="stretch",
    )
    return None


def _ask(code, address):
    state = st.session_state
    if not limits.LIMITS.may_request(address):
        state[_NEWS] = "live.remote_too_many"
        return
    try:
        found = store().request_device(code)
        if found is None:
            state[_NEWS] = "live.ended_room" if store().view(code) else "live.no_room"
            return
    except rooms.Unavailable:
        state[_NEWS] = "live.unavailable"
        return
    state[_ASKED] = (code, *found)


def _waiting(code, secret, number):
    """The number, as large as the room's code on the projector, and the look for an answer."""
    st.html(NUMBER_CSS)
    st.markdown(f'<div class="cnnviz-device-number">{html.escape(number)}</div>', unsafe_allow_html=True)
    st.markdown(t("live.remote_number", number=number))
    _watch(code, secret)


@st.fragment(run_every=REFRESH)
def _watch(code, secret):
    """Every REFRESH seconds: has the projector answered? Allowed, the phone claims the
    teacher's token (once) and hands it to the page; refused or gone, it says so and may ask
    again."""
    try:
        found = store().claim_device(code, secret)
    except rooms.Unavailable:
        st.error(t("live.unavailable"))
        return
    if found == rooms.WAITING:
        st.caption(t("live.remote_waiting"))
        return
    state = st.session_state
    state.pop(_ASKED, None)
    if found is None or found == rooms.REFUSED:
        state[_NEWS] = "live.remote_refused" if found == rooms.REFUSED else "live.remote_gone"
    else:
        state[_CLAIMED] = (code, found)
    st.rerun(scope="app")
