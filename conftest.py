"""pytest's root conftest: being here puts the repository root on sys.path (so the tests and
the AppTest pages import cnn_viz), and it quiets TensorFlow before any test imports it."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
