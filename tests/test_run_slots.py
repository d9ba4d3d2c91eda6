"""RunSlots: a few runs at a time, and a slot is never lost for good."""

import threading
import time

from cnn_viz.run_slots import RunSlots


def test_one_slot_makes_the_second_run_wait_for_the_first():
    slots, order = RunSlots(1), []

    def run(name, hold):
        slots.acquire()
        order.append(f"{name} in")
        time.sleep(hold)
        order.append(f"{name} out")
        slots.release()

    first = threading.Thread(target=run, args=("a", 0.3))
    first.start()
    time.sleep(0.05)
    second = threading.Thread(target=run, args=("b", 0))
    second.start()
    first.join()
    second.join()
    assert order == ["a in", "a out", "b in", "b out"]


def test_a_slot_whose_thread_ended_without_giving_it_back_is_reclaimed():
    slots = RunSlots(1, patience=30)
    crashed = threading.Thread(target=slots.acquire)  # takes the slot and ends: like st.stop()
    crashed.start()
    crashed.join()
    start = time.monotonic()
    slots.acquire()
    assert time.monotonic() - start < 1, "the dead thread's slot came back at once"
    slots.release()


def test_a_slot_comes_back_when_its_page_returned_though_the_thread_lives_on():
    """Streamlit may keep a script thread after a run that ended by st.stop or an exception."""
    slots = RunSlots(1, patience=30)
    took, go_on = threading.Event(), threading.Event()

    def page():
        slots.acquire()  # and returns without release()

    def script_thread():
        page()
        took.set()
        go_on.wait(5)

    thread = threading.Thread(target=script_thread)
    thread.start()
    took.wait(5)
    start = time.monotonic()
    slots.acquire()
    assert time.monotonic() - start < 1
    go_on.set()
    thread.join()
    slots.release()


def test_nobody_waits_longer_than_the_patience():
    slots = RunSlots(1, patience=0.3)
    holder_may_go = threading.Event()

    def hold():
        slots.acquire()
        holder_may_go.wait(5)
        slots.release()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.05)
    start = time.monotonic()
    slots.acquire()
    waited = time.monotonic() - start
    holder_may_go.set()
    holder.join()
    assert 0.25 < waited < 1.5
    assert slots.busy() == 1
    slots.release()


def test_the_same_thread_may_acquire_again():
    slots = RunSlots(1, patience=30)
    slots.acquire()
    start = time.monotonic()
    slots.acquire()  # a rerun in the same script thread (a page switch) does not deadlock
    assert time.monotonic() - start < 0.1
    slots.release()
    assert slots.busy() == 0
