"""The Streamlit side of CNN Viz: everything that imports Streamlit, apart from the page scripts.

- frame.py: what every page shares, done once around the page (app.py calls `frame.run()`)
- pages.py: the page registry (script, URL path, title, icon, lesson step)
- settings.py: every bookmarkable setting, declared once (URL name, session key, default, range)
- text.py: the visitor's language (`t()`, class names, the words figures write)
- toolbar.py: language, presenter mode, and the presenter's Next / Back across the lesson
- picture.py: the current picture, its sources (sample, upload, drawing, camera) and how it is shown
- stepper.py, quiz.py, widgets.py: the lessons' stepper with autoplay, quizzes, charts and matrix editors
- resources.py: the trained network and its metrics, loaded once per process; the session's own
- own_models.py: visitors' networks held once per server, within a budget
- network_view.py (what any network shows), maps_view.py, conv_view.py, cell_view.py, why_view.py,
  why_limits.py, teach_classes.py: parts of the pages
- classroom/: the live class drawn (the lesson pages' calls, the teacher, the projector, the phones)
- remote.py: the teacher's phone as the class's remote
- browser.py, connection.py: scripts run in the browser; uploader.py: the app's own file uploader
- server/: what guards the server rather than draws a page (HTTP, uploads, widgets, memory)
"""
