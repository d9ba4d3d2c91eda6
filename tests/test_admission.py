"""Admission: one run at a time, released whatever ends the run, and never a wait without end."""

import threading

import pytest

from cnn_viz.app.server.admission import Admission


def hold(admission, inside, leave):
    with admission:
        inside.set()
        leave.wait(10)


def test_a_second_run_waits_until_the_first_leaves():
    admission = Admission(1, patience=30)
    a_in, a_leave, b_in, b_leave = (threading.Event() for _ in range(4))
    a = threading.Thread(target=hold, args=(admission, a_in, a_leave))
    a.start()
    a_in.wait(5)
    b = threading.Thread(target=hold, args=(admission, b_in, b_leave))
    b.start()
    assert not b_in.wait(0.3), "b got in while a was inside"
    a_leave.set()
    assert b_in.wait(5), "b got in once a left"
    b_leave.set()
    a.join()
    b.join()
    assert admission.busy() == 0


def test_a_run_that_raises_gives_its_slot_back():
    """st.stop, st.rerun and st.switch_page end a run with an exception: the slot comes back."""
    admission = Admission(1, patience=30)
    with pytest.raises(RuntimeError), admission:
        raise RuntimeError("like StopException")
    entered = threading.Event()
    threading.Thread(target=hold, args=(admission, entered, threading.Event())).start()
    assert entered.wait(1), "the next run got in at once"


def test_a_queue_that_moves_keeps_its_order_past_the_patience():
    """Five runs of 0.1 s each with a patience of 0.25 s: the last waits 0.4 s, longer than the
    patience, yet nobody goes in beside another, because the queue kept moving."""
    admission = Admission(1, patience=0.25)
    inside, most = [0], [0]
    lock = threading.Lock()

    def run():
        with admission:
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            threading.Event().wait(0.1)  # the page's work
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=run) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1 and admission.busy() == 0


def test_nobody_waits_longer_than_the_patience_behind_a_stuck_run():
    admission = Admission(1, patience=0.3)
    inside, leave, late = threading.Event(), threading.Event(), threading.Event()
    threading.Thread(target=hold, args=(admission, inside, leave), daemon=True).start()
    inside.wait(5)
    threading.Thread(target=hold, args=(admission, late, leave), daemon=True).start()
    assert late.wait(3), "the waiter ran after its patience"
    assert admission.busy() == 2
    leave.set()


def test_a_fragment_drawn_inside_a_run_goes_on_and_its_own_rerun_takes_a_turn():
    """The phone's room is a fragment that holds admission: drawn in the page's run, which holds
    it already, it goes straight on and keeps the slot until the page's run leaves; rerun on its
    own, it waits its turn like a page."""
    admission = Admission(1, patience=30)
    other_in = threading.Event()
    with admission:
        with admission:  # the fragment, inside the page's run: no wait on itself
            assert admission.busy() == 1
        other = threading.Thread(target=hold, args=(admission, other_in, threading.Event()))
        other.start()
        assert not other_in.wait(0.3), "the inner leave gave the slot away"
    assert other_in.wait(5), "the outer leave gave it back"


def test_a_run_that_goes_first_holds_back_queued_runs_and_the_queue_is_counted():
    """A projector's count (first()) goes ahead of the phones' queued runs: while it runs, no
    queued run starts; waiting() counts the runs queued (what the news gate reads)."""
    admission = Admission(1, patience=30)
    order, never = [], threading.Event()

    def queued():
        with admission:
            order.append("phone")

    with admission.first():
        thread = threading.Thread(target=queued)
        thread.start()
        while admission.waiting() < 1:  # until the phone's run is queued
            never.wait(0.001)
        order.append("projector")
        assert admission.waiting() == 1 and admission.busy() == 0
    thread.join(5)
    assert order == ["projector", "phone"] and admission.waiting() == 0
