"""Streamlit's own "Connection error" dialog, said in our words and the visitor's language.

When the websocket drops (a network cut, a server restarting), Streamlit's browser code shows
a dialog in English that tells the visitor to run `streamlit run yourscript.py`: in front of a
class, in any language. This puts our sentence in it, in the visitor's language: the page
stays, it reconnects by itself, nothing is lost. The browser keeps the words of the
language the visitor last chose (a constant script: our own strings, JSON-escaped).
"""

import json

import streamlit as st

from . import browser
from .text import lang, t

_SENT = "_connection_words"  # the language whose words this session's browser holds

SCRIPT = """
(() => {
  window.cnnvizConnection = %s;
  if (window.cnnvizConnectionWatch) return;
  window.cnnvizConnectionWatch = true;
  const ours = () => {
    for (const dialog of document.querySelectorAll('[role="dialog"]')) {
      const title = dialog.querySelector('h2');
      if (!title || title.textContent.trim() !== 'Connection error') continue;
      const words = window.cnnvizConnection;
      title.textContent = words.title;
      const body = title.nextElementSibling;
      if (body) body.textContent = words.text;
    }
  };
  new MutationObserver(ours).observe(document.body, {childList: true, subtree: true, characterData: true});
})();
"""


def install(where):
    """Once per session, and again when the visitor changes language."""
    if st.session_state.get(_SENT) != lang():
        st.session_state[_SENT] = lang()
        words = {"title": t("conn.title"), "text": t("conn.text")}
        browser.run_script(SCRIPT % json.dumps(words, ensure_ascii=True), where)
