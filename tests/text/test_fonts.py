"""The fonts: what a build says when the face a stylesheet needs is not installed."""

from __future__ import annotations

import pytest

from reportkit.errors import EnvironmentProblem
from reportkit.text.fonts import space_width


def test_the_space_of_a_face_that_is_not_installed_stops_the_build_naming_the_face():
    with pytest.raises(EnvironmentProblem) as error:
        space_width("Noto Serif CJK XX")
    assert str(error.value) == ("the font 'Noto Serif CJK XX' is not installed — "
                                "install it, or name an installed face (fc-list lists them)")
