"""Quote extraction grows about linearly with an article's length (it grew ~4x per doubling)."""

import time

import pytest

from newsprism import pipeline, quotes
from newsprism.model import Article

NAMES = ["Mara Vint", "Olek Dray", "Sina Porth", "Tavi Rune"]


def _text(n: int) -> str:
    out = []
    for i in range(n):
        name = NAMES[i % 4]
        out.append((f'"The ferry will sail on day {i}," {name} said.',
                    f"The council of Varnholm voted {i} times on the harbour budget.",
                    f"{name.split()[1]} said the pier needed {i} new planks before spring.",
                    f"According to {name}, the tram depot will close at {i} o'clock.")[i % 4])
        if i % 5 == 4:
            out.append("\n")
    return " ".join(out)


def _seconds(n: int) -> float:
    (art,) = pipeline.prepare([Article(id=f"a{n}", title="Ferry", outlet="Isle Post", text=_text(n),
                                       raw_text=_text(n), source=f"a{n}")])
    t = time.perf_counter()
    found = quotes.extract_quotes([art], [])
    took = time.perf_counter() - t
    assert len(found) >= n // 2
    return took


@pytest.mark.slow
def test_quotes_scaling_near_linear_in_article_length():
    _seconds(20)  # loads the model
    small, big = _seconds(100), _seconds(400)
    print(f"100 sentences {small:.2f} s, 400 sentences {big:.2f} s")
    assert big / small < 6.5, f"100 sentences {small:.2f} s, 400 sentences {big:.2f} s"  # linear: ~4; before: ~9 at these sizes
