"""Constant scripts run in the visitor's browser (never with visitor input in them)."""

import html

import streamlit as st

_COUNT = "_scripts_run"


def run_script(script, where=st):
    """Run `script` now. Each call draws a new element (a counter in a comment), so the browser
    runs it again even when the script is the same as last time."""
    n = st.session_state[_COUNT] = st.session_state.get(_COUNT, 0) + 1
    where.html(f"<script>/*{n}*/\n{script}\n</script>", unsafe_allow_javascript=True)


# One polite live region for the whole document, outside what Streamlit redraws (a region
# drawn anew on each run is not announced): it says the latest [data-cnnviz-say] the page
# holds, once per new sentence. The sentence travels as an escaped attribute, never as script.
# The region sits in a closed shadow root: read by screen readers, but not found by a search of
# the page's text (a test's, or the browser's own find), where it would double the question.
# What it said last is window.cnnvizSaid.
ANNOUNCER_JS = """
(() => {
  if (window.cnnvizAnnouncer) return;
  const host = document.createElement("div");
  host.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap";
  const region = document.createElement("div");
  region.setAttribute("aria-live", "polite");
  host.attachShadow({mode: "closed"}).appendChild(region);
  document.body.appendChild(host);
  let last = null;
  const look = () => {
    const found = [...document.querySelectorAll("[data-cnnviz-say]")].pop();
    const text = found?.getAttribute("data-cnnviz-say");
    if (!text || text === last) return;
    last = text;
    region.textContent = "";
    setTimeout(() => { region.textContent = window.cnnvizSaid = text; }, 100);  // a fresh node: read anew
  };
  window.cnnvizAnnouncer = new MutationObserver(look);
  window.cnnvizAnnouncer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ["data-cnnviz-say"]});
  look();
})();
"""
_ANNOUNCER = "_announcer"
_DOCUMENT_LANG = "_document_lang"


# Streamlit animates an expander's height from its script (the Web Animations API), which the
# frame's reduced-motion CSS cannot reach: for a visitor who asks for less motion, every such
# animation ends as it starts (its events still fire, so the expander still opens).
CALM_JS = """
(() => {
  if (window.cnnvizCalm || !matchMedia("(prefers-reduced-motion: reduce)").matches) return;
  window.cnnvizCalm = true;
  const animate = Element.prototype.animate;
  Element.prototype.animate = function (frames, options) {
    const calm = typeof options === "number" || options == null ? { duration: 0 } : { ...options, duration: 0 };
    return animate.call(this, frames, calm);
  };
})();
"""
# WCAG 2.4.11: a control the keyboard reaches must not sit under the presenter's sticky toolbar
# (frame.PRESENTER_CSS pins it; the script does nothing while it is not pinned).
# The browser brings a focused control into view at the screen's top edge (Shift+Tab going up),
# which is under the toolbar: once it has, the page scrolls by what the toolbar covers. (A scroll
# padding would do it in CSS, but it also moved every step a presenter's Next brings into view.)
CLEAR_FOCUS_JS = """
(() => {
  if (window.cnnvizClearFocus) return;
  window.cnnvizClearFocus = true;
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    setTimeout(() => {
      const bar = document.querySelector(".st-key-toolbar")?.parentElement;
      if (!bar || getComputedStyle(bar).position !== "sticky" || bar.contains(target)) return;
      if (document.activeElement !== target || !target.getBoundingClientRect) return;
      if (target.closest('[data-testid="stHeader"], [data-testid="stSidebar"]')) return;
      // Hidden: from the screen's top (Streamlit's header) to the toolbar's bottom, across the
      // toolbar's width. A figure taller than the rest of the screen shows its top.
      const main = document.querySelector('[data-testid="stMain"]');
      if (target === main) return;  // the scroller itself (Skip to main content)
      const box = bar.getBoundingClientRect(), place = target.getBoundingClientRect();
      const covered = box.bottom + 8, top = place.top;
      if (top >= covered || place.right <= box.left || place.left >= box.right) return;
      const scroller = main && main.scrollHeight > main.clientHeight ? main : document.scrollingElement;
      scroller.scrollBy(0, top - covered);
    }, 0);
  }, true);
})();
"""


def document_language(code, where=st):
    """The page's language (<html lang>), so a screen reader reads Chinese as Chinese: Streamlit
    leaves it "en". Written when it changes; `code` is one of the app's own (i18n.TABLES). The
    same script installs the page-wide behaviours CALM_JS and CLEAR_FOCUS_JS (once per page
    load): an element of their own, drawn on a first run only, would move every element after
    it between runs, a fragment's included (a phone's tap went unseen so)."""
    if st.session_state.get(_DOCUMENT_LANG) != code and code.isalpha():
        st.session_state[_DOCUMENT_LANG] = code
        run_script(f'document.documentElement.lang = "{code}";\n{CALM_JS}\n{CLEAR_FOCUS_JS}', where)


def announce(sentence, where=st):
    """Have a screen reader say `sentence` politely (once: the same sentence again is not said
    again), e.g. a live class's new question or its reveal on a student's phone."""
    if not st.session_state.get(_ANNOUNCER):
        st.session_state[_ANNOUNCER] = True
        run_script(ANNOUNCER_JS, where)
    where.html(f'<div data-cnnviz-say="{html.escape(sentence)}" hidden></div>')
