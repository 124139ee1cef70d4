"""News-aware segmentation: every case issue 5 lists, plus line structure and the coverage property."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedupe.sentences import split_sentences

CASES = [
    (
        "PYONGYANG, North Korea (AP) — North Korea fired a missile on Tuesday. It landed in the sea.",
        ["PYONGYANG, North Korea (AP) —", "North Korea fired a missile on Tuesday.", "It landed in the sea."],
    ),
    (
        "ST. LOUIS (AP) — A storm hit the city. Power was out.",
        ["ST. LOUIS (AP) —", "A storm hit the city.", "Power was out."],
    ),
    (
        "LONDON, March 26 (Reuters) - The bank held rates. Markets rose.",
        ["LONDON, March 26 (Reuters) -", "The bank held rates.", "Markets rose."],
    ),
    ("BEIJING — China said it would respond.", ["BEIJING —", "China said it would respond."]),
    (
        "The U.S. military said it was watching. Officials declined to comment.",
        ["The U.S. military said it was watching.", "Officials declined to comment."],
    ),
    (
        "The U.N. Security Council met Friday. It issued no statement.",
        ["The U.N. Security Council met Friday.", "It issued no statement."],
    ),
    (
        "Gen. Mark Smith said the troops were ready. He left on Monday.",
        ["Gen. Mark Smith said the troops were ready.", "He left on Monday."],
    ),
    (
        "The vote is set for Jan. 5 in the capital. Lawmakers are divided.",
        ["The vote is set for Jan. 5 in the capital.", "Lawmakers are divided."],
    ),
    (
        "He was ranked No. 2 in the world. His rival was first.",
        ["He was ranked No. 2 in the world.", "His rival was first."],
    ),
    (
        "Lt. Col. Anna Reyes led the unit. She was promoted last year.",
        ["Lt. Col. Anna Reyes led the unit.", "She was promoted last year."],
    ),
    (
        "The blast happened at 5:30 a.m. Tuesday near the port. Nobody was hurt.",
        ["The blast happened at 5:30 a.m. Tuesday near the port.", "Nobody was hurt."],
    ),
    (
        "He moved to Washington, D.C. He started work in March.",
        ["He moved to Washington, D.C.", "He started work in March."],
    ),
    (
        "“We will rebuild,” he said. “It will take years.”",
        ["“We will rebuild,” he said.", "“It will take years.”"],
    ),
    (
        '"We will rebuild," he said. "It will take years."',
        ['"We will rebuild," he said.', '"It will take years."'],
    ),
    (
        "“We will rebuild. It will take years,” the mayor said.",
        ["“We will rebuild.", "It will take years,” the mayor said."],
    ),
    (
        "Sen. John Doe, R-Texas, spoke. Rep. Jane Roe, D-Calif., disagreed.",
        ["Sen. John Doe, R-Texas, spoke.", "Rep. Jane Roe, D-Calif., disagreed."],
    ),
    (
        "The team from Washington, D.C., won the game. Fans cheered.",
        ["The team from Washington, D.C., won the game.", "Fans cheered."],
    ),
    (
        "Mr. Smith and Dr. Jones met at St. Mary's Hospital. They talked.",
        ["Mr. Smith and Dr. Jones met at St. Mary's Hospital.", "They talked."],
    ),
    ("It cost $4.5 million. The city paid.", ["It cost $4.5 million.", "The city paid."]),
    ("Was it worth it? Nobody knows!", ["Was it worth it?", "Nobody knows!"]),
    (
        "Police said the man, 34, was arrested at 11 p.m. Saturday. He was charged.",
        ["Police said the man, 34, was arrested at 11 p.m. Saturday.", "He was charged."],
    ),
    (
        "It was a long trip to the port. Nobody was sick. He was.",
        ["It was a long trip to the port.", "Nobody was sick.", "He was."],
    ),
    ("The plant in Natchez, Miss. tire maker said so.", ["The plant in Natchez, Miss. tire maker said so."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_news_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_line_structure_subheads_bylines_and_bullets() -> None:
    text = (
        "Storm hits coast\n"
        "By Jane Doe\n\n"
        "The storm made landfall on Sunday. Thousands fled.\n\n"
        "What we know\n"
        "- Winds reached 120 mph\n"
        "- Power is out for 2 million homes\n"
        "• Schools are closed\n"
    )
    assert split_sentences(text) == [
        "Storm hits coast",
        "By Jane Doe",
        "The storm made landfall on Sunday.",
        "Thousands fled.",
        "What we know",
        "- Winds reached 120 mph",
        "- Power is out for 2 million homes",
        "• Schools are closed",
    ]


def test_hard_wrapped_lines_are_joined() -> None:
    text = (
        "The U.S. Agriculture Department said it had approved the\n"
        "Export Enhancement Program sale of 500,000 tonnes of wheat\n"
        "to Egypt. Prices rose.\n"
        "    A second paragraph starts indented."
    )
    assert split_sentences(text) == [
        "The U.S. Agriculture Department said it had approved the Export Enhancement Program sale of "
        "500,000 tonnes of wheat to Egypt.",
        "Prices rose.",
        "A second paragraph starts indented.",
    ]


def test_labels_with_a_hyphen_are_no_dateline() -> None:
    assert split_sentences("NOTE - Figures are in dollars.") == ["NOTE - Figures are in dollars."]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n \t ") == []


_SQUASH = re.compile(r"\s+")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([c[0] for c in CASES] + ["\n", "\n\n", "  "]), max_size=8))
def test_every_word_is_kept_once_in_order(parts: list[str]) -> None:
    text = " ".join(parts)
    assert _SQUASH.sub("", "".join(split_sentences(text))) == _SQUASH.sub("", text)
