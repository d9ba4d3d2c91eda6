"""pytest: the repository root on sys.path (so tests and AppTest pages import cnn_viz),
and Streamlit's full error details while testing."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
