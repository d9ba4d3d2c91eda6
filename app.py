"""CNN Viz: `streamlit run app.py`.

The entry point is the router: it runs the page the visitor asked for (a script in
pages/) inside the frame that every page shares. See cnn_viz/app/frame.py.
"""

from cnn_viz.app import frame

frame.run()
