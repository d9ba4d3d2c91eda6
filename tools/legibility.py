"""How legible every page's text is, measured in Chromium: font size and contrast.

    python -m tools.legibility [--presenter] [--lang en] [--worst 5]

Opens every page (at 1280 x 720 in presenter mode, else 1366 x 768) and reads, from the
computed styles, every visible text a learner reads: HTML text (its font size, its colour
against the first opaque background behind it) and the text Plotly draws in SVG (tick and
axis labels, legends, the numbers on bars). A number inside a heatmap cell is drawn black or
white by its cell's colour, which the browser does not expose (a heatmap is one raster):
tests/test_figures.py asserts its contrast; here it counts as the better of the two.
Disabled controls are left out (greyed on purpose). Prints, per page, the smallest size and the lowest contrast (WCAG's
ratio) with the texts that set them. `measure(page)` is what tests/test_browser.py asserts.
"""

import argparse

from .loadtest import CHROMIUM_ARGS

# Runs in the page: [{text, px, contrast, where}] for every visible text in the main area.
MEASURE_JS = r"""
() => {
  const numbers = c => (c.match(/[\d.]+/g) || []).map(Number);
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const blend = (fg, bg) => fg.length === 4 ? [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3])) : fg;
  // The first opaque background behind the text; one of the text's own colour is skipped
  // (a slider's value sits above its thumb, outside the thumb's box, on the page).
  const background = (el, fg) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = numbers(getComputedStyle(e).backgroundColor);
      if ((c.length === 3 || (c.length === 4 && c[3] > 0.5)) && !(fg && c.slice(0, 3).every((v, i) => v === fg[i]))) {
        return c.slice(0, 3);
      }
    }
    return [255, 255, 255];
  };
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
      if (e.matches('[disabled], [aria-disabled="true"], [data-testid="stSidebar"], .stTooltipContent')) return false;
    }
    return true;
  };
  const where = el => (el.closest('[class*="st-key-"]')?.className.match(/st-key-[\w-]+/) || [el.tagName])[0];
  const found = [];
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/[\u200b\u200c\u200d\ufeff]/g, '').trim();  // not zero-width marks
    const el = node.parentElement;
    if (!text || !el || !visible(el)) continue;
    const style = getComputedStyle(el);
    let px = parseFloat(style.fontSize), contrast;
    if (el.closest('svg')) {  // SVG text: its size as drawn (a viewBox scales it), its fill
      px *= Math.abs(el.getScreenCTM?.()?.a || 1);  // against the plot's white, or the cell's
      const fill = numbers(style.fill || el.getAttribute('fill') || 'rgb(0,0,0)');
      contrast = ratio(fill.slice(0, 3), [255, 255, 255]);
      if (el.closest('.textpoint') || el.closest('.heatmaplayer')) {
        contrast = Math.max(contrast, ratio(fill.slice(0, 3), [0, 0, 0]));
      }
    } else {
      const fg = numbers(style.color), bg = background(el, fg.slice(0, 3));
      contrast = ratio(blend(fg, bg), bg);
    }
    found.push({
      text: text.slice(0, 40), px: Math.round(px * 10) / 10,
      contrast: Math.round(contrast * 100) / 100, where: where(el),
    });
  }
  return found;
}
"""


def measure(page):
    """Every visible text of the page as it is now: [{text, px, contrast, where}]."""
    return page.evaluate(MEASURE_JS)


def worst(found, n=3):
    """(the n smallest texts, the n lowest contrasts)."""
    return sorted(found, key=lambda f: f["px"])[:n], sorted(found, key=lambda f: f["contrast"])[:n]


def run(presenter=True, lang="en", n=3):
    from playwright.sync_api import sync_playwright

    from cnn_viz.app.pages import PAGES
    from tests.browser import CHROMIUM, settle, wait_for_charts

    from . import st_client

    size = {"width": 1280, "height": 720} if presenter else {"width": 1366, "height": 768}
    with st_client.streamlit_server() as (url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=size)
        for entry in PAGES:
            page.goto(f"{url}/{entry.url_path}?lang={lang}&presenter={int(presenter)}&sample=cat-1")
            page.locator("h1").first.wait_for(timeout=60_000)
            settle(page)
            wait_for_charts(page)
            found = measure(page)
            small, faint = worst(found, n)
            lowest = faint[0]["contrast"]
            print(f"/{entry.url_path or ''}: {len(found)} texts, smallest {small[0]['px']} px, lowest {lowest}:1")
            for f in small:
                print(f"    {f['px']:5.1f} px  {f['where']:28} {f['text']!r}")
            for f in faint:
                print(f"    {f['contrast']:5.2f}:1  {f['where']:28} {f['text']!r}")
        browser.close()


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m tools.legibility", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--presenter", action="store_true", help="presenter mode at 1280 x 720")
    p.add_argument("--lang", default="en", choices=("en", "zh"))
    p.add_argument("--worst", type=int, default=3, help="how many texts to name per page and measure")
    args = p.parse_args(argv)
    run(args.presenter, args.lang, args.worst)


if __name__ == "__main__":
    main()
