"""The library's front door: names a user imports from ``dedupe`` are what the issues promise."""

import dedupe
import dedupe.diffreport  # imports the aligner module; must not shadow dedupe.align
from dedupe import Article, align, compare_sentences


def test_align_and_compare_sentences_are_functions_of_the_package():
    assert callable(dedupe.align) and dedupe.align is align
    base = Article(id="a", text="Twelve people died in the flood. The mayor spoke on Tuesday.")
    version = Article(id="b", text="Fourteen people died in the flood. The mayor spoke on Tuesday.")
    alignment = align([base, version])
    assert alignment.base == "a" and alignment.versions == ("b",)
    comparison = compare_sentences("12 people died.", "14 people died.")
    assert [c.kind for c in comparison.claims] == ["number"]


def test_every_exported_name_resolves():
    for name in dedupe.__all__:
        assert getattr(dedupe, name) is not None
