"""CNN Viz, served: `streamlit run serve.py`.

The app itself is app.py (the router and its pages). This file serves it with a guard in
front of Streamlit's HTTP routes (cnn_viz/app/server/http_guard.py): a path no page has gets a
"no such page" with the menu instead of a page that stays blank, and a session cannot park
uploads it never uses; Streamlit's frontend files go out gzipped, compressed once
(cnn_viz/app/server/static_gzip.py); and a visitor whose server restarted keeps their first click
(cnn_viz/app/server/reconnect.py); and a live-class page waits for its room's news on one
request (cnn_viz/app/server/news.py) instead of rerunning every 1.5 s; and the app's uploader,
which speaks the visitor's language, sends its files to /_upload
(cnn_viz/app/server/upload_route.py); and a phone's answer is posted by its browser to /_live/answer
(cnn_viz/app/server/answer_route.py), with no script run. `streamlit run app.py` also works, without these.
"""

import streamlit as st
from starlette.middleware import Middleware

from cnn_viz import live
from cnn_viz.app import warm
from cnn_viz.app.server import answer_route, news, reconnect, upload_route
from cnn_viz.app.server.answer_route import LiveAnswer
from cnn_viz.app.server.http_guard import HttpGuard
from cnn_viz.app.server.news import LiveNews
from cnn_viz.app.server.static_gzip import GzipStatic
from cnn_viz.app.server.upload_route import UploadRoute

# Before the first visitor: a browser that reconnects after a restart may click before any
# session here has run (the frame installs it too, for `streamlit run app.py`).
reconnect.install()
live.check_configuration()  # a wrong CNN_VIZ_ROOMS, or a Redis that does not answer: one log line now
warm.warm()  # before the server listens: its first visitor is served as the next one is
news.INSTALLED = True  # live-class pages wait on /_live/news, which LiveNews answers, not on fragments
upload_route.INSTALLED = True  # the app's uploader sends to /_upload, which UploadRoute answers
answer_route.INSTALLED = True  # a phone's browser posts its answer to /_live/answer, which LiveAnswer takes
ours = [LiveNews, LiveAnswer, HttpGuard, UploadRoute, GzipStatic]  # the first is the outermost
app = st.App("app.py", middleware=[Middleware(layer) for layer in ours])
