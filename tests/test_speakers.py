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


LIGHT_TEXT = (
    "Harbour Minister Ilse Brandt said the pier would reopen. Union leader Samir Okonjo disagreed. "
    "He said the works were late. The minister told reporters the budget held. The company said nothing. "
    "Brandt added a date. They refused. The harbour board chairman spoke later."
)


@pytest.mark.parametrize(
    ("mention", "nth", "name", "kind"),
    [
        ("Harbour Minister Ilse Brandt", 0, "Ilse Brandt", "person"),  # title words dropped
        ("Union leader Samir Okonjo", 0, "Samir Okonjo", "person"),  # "leader" holds no particle "der"
        ("He", 0, "Samir Okonjo", "person"),  # the person named last
        ("The minister", 0, "Ilse Brandt", "person"),  # a role word seen with a name
        ("The company", 0, "", "organisation"),
        ("Brandt", 0, "Ilse Brandt", "person"),  # a bare surname
        ("They", 0, "", "organisation"),
        ("The harbour board chairman", 0, "Ilse Brandt", "person"),  # an unseen role: the most quoted person
    ],
)
def test_resolve_light(mention: str, nth: int, name: str, kind: str) -> None:
    from quotetrail.speakers import resolve_light

    order = [
        "Harbour Minister Ilse Brandt", "Union leader Samir Okonjo", "He", "The minister",
        "The company", "Brandt", "They", "The harbour board chairman",
    ]  # fmt: skip
    spans = [(LIGHT_TEXT.index(m), LIGHT_TEXT.index(m) + len(m)) for m in order]
    res = resolve_light(LIGHT_TEXT, spans)[order.index(mention)]
    assert (res.name, res.kind) == (name, kind)
