"""CNN Viz: see, layer by layer, how a small convolutional network classifies an image.

The library is plain numpy and Pillow; only `cnn_viz.train` imports TensorFlow,
and only `cnn_viz.ui` and the page scripts import Streamlit.
"""

__version__ = "0.1.0"
