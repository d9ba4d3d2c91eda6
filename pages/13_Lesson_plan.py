"""13 · Lesson plan: a teacher prepares a lesson (the picture, the steps, the questions), sends
it as a link, walks it in presenter mode and prints its worksheet. See cnn_viz/app/plan_view.py."""

from cnn_viz.app import frame, plan_view

frame.ensure()
plan_view.page()
