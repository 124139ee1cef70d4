"""Claim flags: each kind with cases that must flag and cases that must not."""

from __future__ import annotations

import pytest

from dedupe.claims import compare_claims
from dedupe.model import Claim


def kinds(before: str, after: str) -> list[str]:
    return [c.kind for c in compare_claims(before, after)]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "At least 12 people were killed.",
            "At least 14 people were killed.",
            Claim("number", "12 people", "14 people"),
        ),
        ("Prices rose 4.4% in March.", "Prices rose 4.6% in March.", Claim("number", "4.4%", "4.6%")),
        ("He was ranked No. 2 in the world.", "He was ranked No. 3 in the world.", Claim("number", "2", "3")),
        ("He was arrested at 5:30 a.m.", "He was arrested at 6:30 a.m.", Claim("number", "5:30", "6:30")),
        (
            "The launch was the third this month.",
            "The launch was the fourth this month.",
            Claim("number", "third", "fourth"),
        ),
        (
            "Twelve people were hurt.",
            "Fifteen people were hurt.",
            Claim("number", "Twelve people", "Fifteen people"),
        ),
    ],
)
def test_number_changed(before: str, after: str, expected: Claim) -> None:
    assert compare_claims(before, after) == [expected]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("He served 24 years in the army.", "He served two decades in the army."),
        ("He is one of the best players.", "He is among the best players."),
        ("No one was hurt, one of the officers said.", "Nobody was hurt, an officer said."),
        ("Prices rose 4.4% in March.", "Prices rose 4.4 percent in March."),
        ("It cost $4.5 million.", "It cost 4.5 million dollars."),
        ("A dozen people were hurt.", "Twelve people were hurt."),
        ("About 300 people attended.", "Some 310 people attended."),
        ("The launch was the third this month.", "The launch was the 3rd this month."),
        ("Harris killed 12 students on April 20, 1999.", "Harris killed 12 students."),
    ],
)
def test_number_same_claim(before: str, after: str) -> None:
    assert "number" not in kinds(before, after)


def test_quote_word_changed() -> None:
    assert compare_claims(
        "“We will rebuild the city,” the mayor said.", "“We will rebuild the town,” the mayor said."
    ) == [Claim("quote", "… rebuild the city", "… rebuild the town")]
    assert kinds('He called it "a disaster for the city".', 'He called it "a catastrophe for the city".') == [
        "quote"
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("“We will rebuild,” the mayor said.", '"We will rebuild," the mayor said.'),  # quote style
        ('"We do not want war," he said.', '"We don\'t want war," he said.'),  # contraction
        ("“We will rebuild the city,” he said.", "“We will rebuild the city,” the mayor said on Tuesday."),
        ("“We will rebuild the city, and fast,” he said.", "“We will rebuild the city,” he said."),  # trimmed
        ("“We will rebiuld the city,” he said.", "“We will rebuild the city,” he said."),  # typo
        (
            "The parents’ homes were “badly damaged”.",
            "The parents’ homes were badly damaged.",
        ),  # marks dropped
    ],
)
def test_quote_unchanged(before: str, after: str) -> None:
    assert "quote" not in kinds(before, after)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "“We will rebuild,” Mayor John Smith said.",
            "“We will rebuild,” Governor Jane Doe said.",
            ("Mayor John Smith", "Governor Jane Doe"),
        ),
        ("Smith also said the deal was off.", "Jones also said the deal was off.", ("Smith", "Jones")),
        (
            "Police said the man was arrested.",
            "Officials said the man was arrested.",
            ("Police", "Officials"),
        ),
        (
            "Jobs grew, according to the union.",
            "Jobs grew, according to the ministry.",
            ("the union", "the ministry"),
        ),
        (
            "“We will win,” said Mr. Feith.",
            "“We will win,” said Mr. Wolfowitz.",
            ("Mr. Feith", "Mr. Wolfowitz"),
        ),
    ],
)
def test_speaker_swapped(before: str, after: str, expected: tuple[str, str]) -> None:
    assert compare_claims(before, after) == [Claim("attribution", *expected)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Smith said the deal was off.", "He said the deal was off."),  # pronoun
        ("The agency said the deal was off.", "The CIA said the deal was off."),  # may be the same body
        ("The goverment said it would act.", "The government said it would act."),  # typo
        ("“We will win,” said Mr. Feith.", "“We will win,” said Douglas Feith."),
        (
            "He declined to say whether the plan would go ahead.",
            "He declined to say if the plan would go ahead.",
        ),
    ],
)
def test_speaker_kept(before: str, after: str) -> None:
    assert "attribution" not in kinds(before, after)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            "The talks resume on Tuesday in Geneva.",
            "The talks resume on Wednesday in Geneva.",
            ("Tuesday", "Wednesday"),
        ),
        ("The talks resume in Geneva.", "The talks resume in Vienna.", ("Geneva", "Vienna")),
        ("The vote is set for Jan. 5.", "The vote is set for Feb. 5.", ("Jan", "Feb")),
        ("Russia launched the attack.", "Ukraine launched the attack.", ("Russia", "Ukraine")),
        (
            "The deal was signed by Acme Corp.",
            "The deal was signed by Globex Corp.",
            ("Acme Corp", "Globex Corp"),
        ),
    ],
)
def test_entity_swapped(before: str, after: str, expected: tuple[str, str]) -> None:
    assert compare_claims(before, after) == [Claim("entity", *expected)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("North Korea fired a missile.", "North Korean forces fired a missile."),
        ("The U.S. military said it was watching.", "The United States military said it was watching."),
        ("Officials met President Joe Biden.", "Officials met Biden."),
        ("Preventing stronger gains, shares fell.", "Holding the market back, shares fell."),
        ("The talks resume in Geneva.", "The talks resume in Geneva on Monday."),  # added, not swapped
        ("The F.T.C. agreed.", "The FTC agreed."),
    ],
)
def test_entity_kept(before: str, after: str) -> None:
    assert "entity" not in kinds(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The ministry said the talks would resume.", "The ministry said the talks would not resume."),
        ("He said he would not run again.", "He said he would run again."),
        ("He denied the report.", "He confirmed the report."),
        ("The mayor has never visited the site.", "The mayor has visited the site."),
        ("The union didn't accept the offer.", "The union accepted the offer."),
    ],
)
def test_negation_flipped(before: str, after: str) -> None:
    assert kinds(before, after) == ["negation"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Nobody was hurt.", "No one was hurt."),
        ("We do not want war.", "We don't want war."),
        (
            "The agency said it would not release the name.",
            "The agency said it had no plans to release the name.",
        ),
        ("He was ranked No. 2.", "He was ranked second."),
        ("A spokeswoman declined to comment.", "A spokeswoman had no comment."),
    ],
)
def test_negation_kept(before: str, after: str) -> None:
    assert "negation" not in kinds(before, after)


def test_identical_and_cosmetic_pairs_flag_nothing() -> None:
    assert compare_claims("Same text.", "Same text.") == []
    assert compare_claims("“Twelve died,” he said.", '"twelve died," he said') == []


def test_a_changed_quote_flags_once_not_as_entity_too() -> None:
    claims = compare_claims("“We love Paris,” she said.", "“We love Rome,” she said.")
    assert [c.kind for c in claims] == ["quote"]
