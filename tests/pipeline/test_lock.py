"""One build at a time: a second build waits for the first, then gives up clearly."""

from __future__ import annotations

import threading
import time

import pytest

from reportkit.errors import BuildLocked
from reportkit.pipeline.lock import build_lock


def test_second_holder_waits_until_the_first_releases(tmp_path):
    events = []
    first_holds = threading.Event()

    def first():
        with build_lock(tmp_path):
            first_holds.set()
            time.sleep(0.5)
            events.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    first_holds.wait(5)
    with build_lock(tmp_path):
        events.append("second in")
    thread.join()
    assert events == ["first done", "second in"]


def test_gives_up_with_a_clear_error(tmp_path):
    with build_lock(tmp_path):
        with pytest.raises(BuildLocked) as error:
            with build_lock(tmp_path, wait=0.3):
                pass
    assert str(error.value) == f"another build is writing {tmp_path} — wait for it to finish"
