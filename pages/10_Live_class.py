"""10 · Live class, the students' side: join with the code or the link, answer on a phone."""

from cnn_viz.app import classroom, frame

frame.ensure()
classroom.student_page()
