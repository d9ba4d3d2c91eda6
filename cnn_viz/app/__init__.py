"""The Streamlit side of CNN Viz: everything that imports Streamlit, apart from the page scripts.

- frame.py: what every page shares, done once around the page (app.py calls `frame.run()`)
- pages.py: the page registry (script, URL path, title, icon, lesson step)
- settings.py: every bookmarkable setting, declared once (URL name, session key, default, range)
- admission.py: one script run at a time, so a class arriving at once is served first come first served
- text.py: the visitor's language (`t()`, class names, the words figures write)
- toolbar.py: language, presenter mode, and the presenter's Next / Back across the lesson
- picture.py: the current picture, its sources (sample, upload, drawing, camera) and how it is shown
- stepper.py, quiz.py, widgets.py: the lessons' stepper with autoplay, quizzes, charts and matrix editors
- resources.py: the trained network and its metrics, loaded once per process
"""
