"""How long a lesson plan's link is, by its number of steps, run by hand:

    python -m tools.plan_link

Two kinds of plan: the Lesson plan page's example repeated (a mix: steps with and without a
question), and the least compressible (every step asks, its page, place, kind, time, "how
sure" and second vote drawn at random). Prints the characters of `?plan=` for 10, 20, ... steps and
the most steps that fit lesson_plan.MAX_LINK (a plan holds at most lesson_plan.MAX_STEPS).
"""

import random

from cnn_viz import lesson_plan
from cnn_viz.app import plan_view
from cnn_viz.app.pages import LESSON
from cnn_viz.lesson_plan import Ask, Plan, Step


def example(n):
    steps = plan_view.EXAMPLE.steps
    return Plan(plan_view.EXAMPLE.picture, tuple(steps[i % len(steps)] for i in range(n)))


def busiest(n, seed=0):
    """Every step asks, its page, place, kind and options drawn at random (what compresses least)."""
    rng = random.Random(seed)
    pages = [p for p in LESSON if p.asks]
    steps = []
    for _ in range(n):
        page = rng.choice(pages)
        values = {"step": str(rng.randrange(9))} if page.id in ("conv", "pool") else {}
        if page.id == "maps":
            values = {"layer": rng.choice(["conv1", "conv2", "conv3"]), "map": str(rng.randrange(32))}
        ask = Ask(rng.choice(page.asks), rng.choice(lesson_plan.TIMERS), rng.random() < 0.5, rng.random() < 0.5)
        steps.append(Step(page.id, values, ask))
    return Plan("airplane-5", tuple(steps))


def main():
    print(f"{'steps':>6} {'example':>8} {'busiest':>8}   (characters of ?plan=; a link holds {lesson_plan.MAX_LINK})")
    for n in (1, 5, 10, 20, 30, 40, 50, lesson_plan.MAX_STEPS):
        print(f"{n:>6} {len(lesson_plan.encode(example(n))):>8} {len(lesson_plan.encode(busiest(n))):>8}")


if __name__ == "__main__":
    main()
