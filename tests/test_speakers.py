"""Speaker names: cleaning, folding and merging variants across documents (no model needed)."""

from __future__ import annotations

import pytest

from quotetrail.speakers import clean_name, cluster_names, name_key


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Mr. Tomas Reyes", "Tomas Reyes"),
        ("Reyes’s", "Reyes"),
        ("Governor Ines Barreto", "Ines Barreto"),
        ("Harbour News Agency (HNA)", "Harbour News Agency"),
        ("  Lena\nVogt ", "Lena Vogt"),
        ("President", "President"),
    ],
)
def test_clean_name(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Karim al-Nouri", "Karim Nouri", True),
        ("Karim el-Nouri", "Karim Al Nouri", True),
        ("José Ortíz", "Jose Ortiz", True),
        ("Karim Nouri", "Samir Nouri", False),
        ("Lena Vogt", "Lena Voigt", False),
    ],
)
def test_name_key(a: str, b: str, same: bool) -> None:
    assert (name_key(a) == name_key(b)) is same


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # variants of one person become the longest variant
        (
            ["Nouri", "Karim Nouri", "Karim al-Nouri"],
            {"Nouri": "Karim al-Nouri", "Karim Nouri": "Karim al-Nouri"},
        ),
        # a surname shared by two people stays on its own, never merged into either
        (["Nouri", "Karim Nouri", "Samir Nouri"], {"Nouri": "Nouri", "Karim Nouri": "Karim Nouri"}),
        # first + last joins the only fuller name with the same first and last
        (["Ana Ruiz", "Ana Maria Ruiz"], {"Ana Ruiz": "Ana Maria Ruiz"}),
        # institutions are kept as they are
        (["Ministry of Transport", "Kandaria"], {"Ministry of Transport": "Ministry of Transport"}),
    ],
)
def test_cluster_names(names: list[str], expected: dict[str, str]) -> None:
    got = cluster_names(names)
    assert set(got) == set(names)
    for name, canon in expected.items():
        assert got[name] == canon


def test_cluster_names_is_order_independent() -> None:
    names = ["Karim al-Nouri", "Nouri", "Karim Nouri", "Lena Vogt"]
    assert cluster_names(names) == cluster_names(list(reversed(names)))
