"""CNN Viz: see, layer by layer, how a small convolutional network classifies an image.

The library is plain numpy and Pillow: only `cnn_viz.train` and `cnn_viz.data`'s download
path import TensorFlow, and only `cnn_viz.app` (the Streamlit side) and the page scripts
import Streamlit.
"""

from pathlib import Path

__version__ = "0.2.0"

ROOT = Path(__file__).resolve().parent.parent  # the repository: app.py, pages/, models/
MODELS_DIR = ROOT / "models"
