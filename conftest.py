"""pytest's root conftest: being here puts the repository root on sys.path (so the tests and
the AppTest pages import cnn_viz); it quiets TensorFlow before any test imports it, and gives
the run a room store of its own."""

import os
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# Live-class rooms in a file of this test process's own (the app's default is one under the
# home folder, which runs of the tests would fill); servers the tests start share it.
os.environ.setdefault("CNN_VIZ_ROOMS", f"sqlite:///{tempfile.mkdtemp(prefix='cnn-viz-rooms-')}/rooms.sqlite3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
