"""An uploader's size limit, said in the visitor's language when the browser refuses a file.

Streamlit's browser code refuses a file over an uploader's `max_upload_size` before sending
it, so the page never hears of it: the visitor saw only a red "!" on the file, its reason in
English for screen readers (issue 34). `say_too_big` shows our sentence under the uploader
while it holds such a file. The script reads Streamlit's markup (the file's chip marked
aria-invalid, its alert "File must be ... or smaller", under the widget's st-key- class): an
upgrade that changes it leaves the red "!" and the page as they were, and the browser test of
Your own model fails (tests/test_browser.py).
"""

import json

import streamlit as st

from . import browser

_SENT = "_too_big_words"  # {uploader key: the sentence this session's browser holds}

SCRIPT = """
(() => {
  window.cnnvizTooBig = Object.assign(window.cnnvizTooBig || {}, %s);
  if (window.cnnvizTooBigWatch) return;
  window.cnnvizTooBigWatch = true;
  const say = () => {
    for (const [key, words] of Object.entries(window.cnnvizTooBig)) {
      const box = document.querySelector('.st-key-' + key);
      if (!box) continue;
      // Streamlit's reasons, in English: "File must be 20.0MB or smaller." and "... files are
      // not allowed." (a type the uploader does not take); an upload that failed keeps its own.
      // Each refused file by its name: a box that holds a file too large and then one of a type
      // it does not take said only the first reason, of the wrong file.
      const chips = [...box.querySelectorAll('[data-testid="stFileChip"][aria-invalid="true"]')];
      const lines = chips.map(chip => {
        const reason = /or smaller/.test(chip.textContent) ? words.big :
          /not allowed/.test(chip.textContent) ? words.type : '';
        const name = (chip.querySelector('[data-testid="stFileChipName"]') || {}).textContent || '';
        return reason && (chips.length > 1 && name ? name + ': ' + reason : reason);
      }).filter(Boolean);
      const said = [...new Set(lines)].join('\\n');
      let note = box.querySelector(':scope > .cnnviz-too-big');
      if (!said) {
        if (note) note.remove();
        continue;
      }
      if (!note) {
        note = document.createElement('div');
        note.className = 'cnnviz-too-big';
        note.setAttribute('role', 'alert');
        note.style.cssText = 'margin-top:.5rem;padding:.75rem 1rem;border-radius:.5rem;' +
          'background:#ffecec;color:#7d1d1d;white-space:pre-line';
        box.appendChild(note);
      }
      if (note.textContent !== said) note.textContent = said;
    }
  };
  new MutationObserver(say).observe(document.body, {childList: true, subtree: true});
  say();
})();
"""


def say_too_big(key, sentence, wrong_type="", where=st):
    """Under the uploader `key`: `sentence` while it holds a file over its limit, `wrong_type`
    while it holds a file of a type it does not take. The browser keeps the words once per
    session and language (a constant script: our own words, JSON-escaped, the key the page's own)."""
    sent, words = st.session_state.setdefault(_SENT, {}), {"big": sentence, "type": wrong_type}
    if sent.get(key) != words:
        sent[key] = words
        browser.run_script(SCRIPT % json.dumps({key: words}, ensure_ascii=True), where)
