"""A live class: the teacher's panel on the projector and the students' page on their phones
(the rooms, their stores and the questions are cnn_viz/live/; this package draws them).

Pages offer questions made from what they show (`offer`, see cnn_viz.live.questions). In
presenter mode the frame draws the teacher's panel under the toolbar: start a room (its
code, a QR code of the join link, how many joined), ask one of the offered questions, watch
the answers arrive (a fragment that redraws every 1.5 s, not the page), reveal. A lesson
plan (cnn_viz/app/planning.py) opens its questions as the presenter's Next arrives at their
steps; without one, Next only moves the lesson. Students open the join link (or type the code)
on the Live class page, which shows the current question in their own language.

- lesson.py: what a lesson page calls (offer, hiding, hidden_note, before_page)
- teacher.py: the teacher's panel, its cookies and the class's results; report.py: the
  class report to print
- projector.py: the answers, the reveal and the status line the class reads
- phone.py: the students' page; joining.py: how a phone comes into a room (code, cookie,
  nickname); answers.py: the answer forms per way of answering, and the reveal
- two_choice.py: "which picture excites this map more?", its references, pictures and reveal
- common.py: what they share (labels, a store that does not answer, who is asking, a room taken)
"""

from .common import REFRESH, retry_when_back, take_room
from .lesson import (
    before_page,
    forget_offer,
    held_question,
    hidden_note,
    hiding,
    is_open,
    look_question,
    offer,
    offer_prediction,
    teaching,
)
from .phone import student_page
from .projector import status_line
from .teacher import resume, teacher_panel
from .two_choice import board as excites_board
from .two_choice import offers as excites_offers

__all__ = [
    "REFRESH",
    "before_page",
    "excites_board",
    "excites_offers",
    "forget_offer",
    "held_question",
    "hidden_note",
    "hiding",
    "is_open",
    "look_question",
    "offer",
    "offer_prediction",
    "resume",
    "retry_when_back",
    "status_line",
    "student_page",
    "take_room",
    "teaching",
    "teacher_panel",
]
