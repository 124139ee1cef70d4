"""Claim flags: explicit checks on an aligned sentence pair for a changed figure, quote, speaker, name, sense.

Why explicit checks: every rapidfuzz scorer gives 96-99.6 to a sentence whose number, speaker, quoted word
or negation changed (issue 5), so no similarity threshold can see these; an editor must. Each check reads
both sentences the same way (:func:`analyse`, cached per sentence text) and compares what it found.

One rule for every kind: a claim is a changed value of the same slot (a swapped figure, a different
speaker, other words inside the same quote, another name in the same place, a flipped polarity). A detail
only dropped or only added is an omission, not a changed claim; a value written another way (``$1.2
billion`` / ``1.2 billion dollars``, ``President Bush`` / ``Bush``, ``I'm`` / ``I am``) is the same value.

- ``number``: figures, percentages, ordinals, dates, counts and written numbers, compared by value; a
  figure with no equal is paired with a new one of the same kind (count, percentage, money, rank, span of
  time, literal like ``5:30``) in the same changed stretch of the word diff. A hedged amount ("two
  decades", "about 300", "dozens") matches within 25 %, a figure with fewer decimals matches the other one
  rounded or cut (``$28`` / ``$28.20``); exact figures must be equal ("12 dead" -> "14 dead" is not).
  "one" in "one of the", "no one", "one another" is no number.
- ``quote``: quotes paired across the sentences by their words; words replaced, dropped or added inside
  a pair are a claim, and so is a statement quoted in one sentence swapped for another one. Not a change:
  a quote trimmed or extended at its ends, case, punctuation, contractions, typos, inflections, a figure
  in words or digits, a compound split differently, words in brackets (the writer's), quoted words that
  stand unquoted in the other, a quote of one or two words (a label, not a statement) swapped.
- ``attribution``: who said it ("X said", "said X", "according to X"; never words inside a quote). Named
  speakers are compared by the name that heads them, descriptions ("police", "the union") by their words;
  a name and a description, or a description that fits many speakers ("the group"), are not compared.
- ``entity``: capitalised names, places, organisations, weekdays and months swapped inside one changed
  stretch, a name counting as present in its other forms (possessive, typo, longer form, acronym).
  Heuristic, no model (spaCy-style NER needs model downloads): a lone sentence-initial capital counts only
  when it is swapped for another (``Russia launched`` -> ``Ukraine launched``).
- ``negation``: a changed stretch that is the other side plus a negation (not / n't / no / never / nobody
  / without / denied / refused / declined to ...), with at most one word swapped for it, in a pair of
  sentences whose negation counts differ.

Measured in ``bench/eval_aligned.py`` (per-kind precision and recall) and ``bench/eval_mrpc.py`` (how often
each kind fires on paraphrases and non-paraphrases).

Cost: ``analyse`` is one pass over a sentence's tokens (~70 µs, cached; the name forms a name check needs
are built on first use); a comparison is set work over a handful of items plus one token opcode run.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, Indel

from dedupe.model import Claim, ClaimKind

__all__ = ["Analysis", "Mention", "analyse", "compare_claims", "fold", "is_typo", "words"]

# --- folding ---------------------------------------------------------------------------------------------

_FOLD_TABLE = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "´": "'",
        "—": "-",
        "–": "-",
        "‒": "-",
        "−": "-",
        "\u00a0": " ",
    }
)
_INVISIBLE = dict.fromkeys([*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x206A), 0xFEFF])
"""Zero-width and direction marks, deleted by ``str.translate``."""


def fold(text: str) -> str:
    """Text for comparison: NFKC, case-folded, straight quotes and dashes, no invisible marks, one space.

    String methods only: a regex scan (``\\s+``, a character class) costs ~400 machine instructions a
    character in ``re``, 5x ``split``/``join`` and ``translate``."""
    if not text.isascii():  # ASCII needs none of the Unicode steps: the common case, 5x faster
        # quotes first: NFKC makes an acute accent used as an apostrophe (I´m) a space and a combining mark
        text = unicodedata.normalize("NFKC", text.translate(_FOLD_TABLE)).translate(_INVISIBLE)
    return " ".join(text.split()).casefold()


_WORD = re.compile(r"[$€£]?\w+(?:[.,:'/]\w+)*%?")
_NO_WORD = "\"'.,;:!?()[]{}<>*…"
"""Marks around a word that ``_WORD`` never takes in (neither word characters nor ``$€£%``)."""
_ACRONYM = re.compile(r"(?:\w\.)+\w\.?")
_PERCENT_WORDS = frozenset(["percent", "pct"])
_CONTRACTIONS = {
    "won't": "will not",
    "can't": "can not",
    "cannot": "can not",
    "shan't": "shall not",
    "let's": "let us",
}
_CLITICS = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would"}
_IS_CLITIC = frozenset("it that he she there here what who where".split())
"""Words whose ``'s`` is ``is`` (``it's``); on other words ``'s`` is a possessive and stays."""
_BARE_NOT = frozenset(
    "dont doesnt didnt isnt wasnt arent werent couldnt wouldnt shouldnt hasnt havent hadnt".split()
)
"""``n't`` typed without its apostrophe (``we dont``): common in quotes transcribed in a hurry."""
_PLAIN_EXCEPTIONS = frozenset(
    [*(w for w in _CONTRACTIONS if w.isalnum()), *_BARE_NOT, *_PERCENT_WORDS, "cent"]
)
"""Words of letters and digits only that ``words`` still rewrites."""


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """Folded words, no punctuation: figures keep ``$%,.``; ``don't`` -> ``do not``, ``I'm`` -> ``i am``;
    ``F.T.C.`` -> ``ftc``; ``CEO & President`` -> ``ceo and president``.

    Contractions are spelt out so that a quote and its transcription compare word for word. Cached: the
    aligner asks for the same sentence's words many times.
    """
    out: list[str] = []
    folded = fold(text).replace("-", " ").replace(" & ", " and ")
    # a word never holds a space: a piece of letters and digits (once stripped of marks that no word
    # holds) is one word, the pattern reads the rest
    found: list[str] = []
    for piece in folded.split():
        core = piece.strip(_NO_WORD)
        if core.isalnum() and "%" not in piece:
            found.append(core)
        else:
            found += _WORD.findall(piece)
    for word in found:
        if word.isalnum() and word not in _PLAIN_EXCEPTIONS:
            out.append(word)  # most words: no mark, nothing to spell out
        elif word in _CONTRACTIONS:
            out += _CONTRACTIONS[word].split()
        elif "'" in word:
            stem, _, clitic = word.rpartition("'")
            if clitic == "t" and stem.endswith("n"):
                out += [stem[:-1], "not"]
            elif clitic in _CLITICS:
                out += [stem, _CLITICS[clitic]]
            elif clitic == "s" and stem in _IS_CLITIC:
                out += [stem, "is"]
            else:
                out.append(word)
        elif word in _BARE_NOT:
            out += [word[:-2], "not"]
        elif word == "cent" and out[-1:] == ["per"]:
            out[-1] = "%"  # per cent
        elif word in _PERCENT_WORDS:
            out.append("%")
        elif word[-1] == "%" and len(word) > 1:
            out += [word[:-1], "%"]  # 4.25% / 4.25 percent
        elif "." in word and _ACRONYM.fullmatch(word) and not word[0].isdigit():
            out.append(word.replace(".", ""))  # F.T.C. / FTC
        else:
            out.append(word)
    return tuple(out)


def is_typo(a: str, b: str) -> bool:
    """A one-edit slip in a longer word (two edits from nine letters on), same first letter, letters only.

    ``goverment``/``government`` and ``Smith``/``Smyth`` are typos; ``John``/``Joan`` (four letters),
    ``12``/``14`` and ``not``/``now`` are not.
    """
    if not (a.isalpha() and b.isalpha()) or a[:1] != b[:1]:
        return False
    if a in _NEGATION_CUES or b in _NEGATION_CUES:
        return False
    shorter = min(len(a), len(b))
    if shorter < 5:
        return False
    return DamerauLevenshtein.distance(a, b) <= (2 if shorter >= 9 else 1)


# --- tokens ------------------------------------------------------------------------------------------------

_EDGE = "\"“”„‘’'«»()[]{},.;:!?…"


class Token(NamedTuple):
    """A whitespace-separated piece of a sentence: surface form, core without edge punctuation, folded core.

    A named tuple, not a dataclass: a sentence makes dozens and frozen dataclasses cost 3x to build.
    """

    surface: str
    core: str
    norm: str
    start: int
    end: int


_new_tuple = tuple.__new__


def _tokens(text: str) -> tuple[Token, ...]:
    """Whitespace-separated pieces with their offsets (``str.split`` and ``find``: 1.6x a regex scan)."""
    out: list[Token] = []
    end = 0
    for surface in text.split():
        start = text.find(surface, end)  # only spaces lie between: the next occurrence is this piece
        end = start + len(surface)
        core = surface.strip(_EDGE)
        if core:
            norm = core.lower() if core.isascii() else fold(core)
            # tuple.__new__ directly: the named tuple's own __new__ is a Python frame per token
            out.append(_new_tuple(Token, (surface, core, norm, start, end)))
    return tuple(out)


# --- numbers -----------------------------------------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1
    )
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "mln": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bln": 1_000_000_000,
    "bn": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_VAGUE_PLURALS = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}
_DURATIONS = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1,
    "week": 7,
    "month": 365.25 / 12,
    "year": 365.25,
    "decade": 3652.5,
    "century": 36525,
}
"""Spans of time in days, so that "two weeks" is "14 days" and "24 years" nearly "two decades"."""
_HEDGES = frozenset("about around nearly almost roughly approximately some estimated".split())
"""Words that make a figure approximate; bounds ("more than", "at least", "up") keep it exact."""
_PERCENT = frozenset(["percent", "pct", "per cent", "%", "percentage"])
_CURRENCY_WORDS = {"dollars": "$", "dollar": "$", "dlrs": "$", "dlr": "$", "pounds": "£", "euros": "€"}
_NOT_ONE_AFTER = frozenset("of another or who that which day time thing way by".split())
_NOT_ONE_BEFORE = frozenset("no any every the this that which each some someone".split())
_NUMERAL = re.compile(
    r"((?:[a-z]{1,3})?[$€£])?(\d[\d,]*(?:\.\d+)?)(%|st|nd|rd|th|s|m|bn)?(?:-([a-z]+))?(?:-[a-z]+)*"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
"""``1,2 million`` is 1.2 million as much of Europe writes it; a comma before three digits groups them."""
_LITERAL = re.compile(r"\d+(?:[:/\-]\d+)+")
"""Clock times, scores and ranges (``5:30``, ``51-49``, ``1986/87``): compared as written."""
_TOLERANCE = 0.25
_STOP_AFTER = frozenset(
    "of on in at and the to a an for by with from per as or than this that its their his her".split()
)
_US_DOLLAR = frozenset(["us$", "usd$", "u.s.$"])


@dataclass(frozen=True, slots=True)
class Mention:
    """A number found in a sentence: its value (``None`` for literals like ``5:30``), unit, hedge and text."""

    value: float | None
    literal: str
    unit: str
    vague: bool
    text: str
    raw: float | None
    """The figure as written without scale (``11`` of ``11M``): ``11M`` and ``11`` match, scales aside."""
    places: int
    """Decimals as written (``2.98``: 2): a figure given with fewer of them may be the other one rounded."""
    index: int
    """Token position, to pair a changed figure with its replacement in the same changed stretch."""


def _figure(digits: str) -> tuple[float, int]:
    """Value and decimal places of written digits: ``1,121.96`` -> (1121.96, 2), ``1,2`` -> (1.2, 1)."""
    if "," in digits and not _THOUSANDS.fullmatch(digits) and _DECIMAL_COMMA.fullmatch(digits):
        digits = digits.replace(",", ".")
    digits = digits.replace(",", "")
    return float(digits), len(digits.partition(".")[2])


def _duration(norm: str) -> str | None:
    """The span of time a word names (``weeks`` -> ``week``, ``centuries`` -> ``century``), if any."""
    single = "century" if norm == "centuries" else norm.removesuffix("s")
    return single if single in _DURATIONS else None


def _currency(prefix: str | None) -> str:
    """``US$`` is the dollar a bare ``$`` names in US copy; other prefixed dollars (``C$``) stay apart."""
    if not prefix:
        return ""
    return "$" if prefix in _US_DOLLAR else prefix


def _number_mentions(tokens: Sequence[Token], text: str) -> tuple[Mention, ...]:
    mentions: list[Mention] = []
    i = 0
    n = len(tokens)
    while i < n:
        norm = tokens[i].norm
        if norm.isalpha() and norm not in _NUMBER_WORDS:
            i += 1  # most words: no digit for the patterns below, no number word
            continue
        start = i
        value: float | None = None
        literal = ""
        unit = ""
        vague = False
        raw: float | None = None
        places = 0
        if norm.isdigit() and _leading_point(tokens[i]):
            norm = f"0.{norm}"  # ".85 cent": the stop before the digits is a decimal point
        if _LITERAL.fullmatch(norm):
            literal = norm
            i += 1
        elif m := _NUMERAL.fullmatch(norm):
            raw, places = _figure(m[2])
            value = raw
            unit = _currency(m[1]) or (
                "%" if m[3] == "%" else "th" if m[3] in ("st", "nd", "rd", "th") else ""
            )
            if m[3] in ("m", "bn"):
                value *= _SCALES[m[3]]
            elif m[4] in _SCALES:
                value *= _SCALES[m[4]]  # "$70-million"
            elif m[4] and m[3] is None and (span := _duration(m[4])):
                value *= _DURATIONS[span]  # "6-year-old", "12-month": a span of time, not a count
                unit = "time"
            vague = m[3] == "s" and value >= 10  # "the 1990s", "in their 20s"
            i += 1
        elif m := _MEASURE.fullmatch(norm):
            raw, places = _figure(m[1])
            value = raw
            unit = f"/{m[2]}"  # "128MB", "2.4GHz": the letters name what is measured
            i += 1
        elif norm in _UNITS or (
            norm in ("a", "an") and i + 1 < n and tokens[i + 1].norm in ("dozen", "score")
        ):
            if norm == "one" and (
                (i + 1 < n and tokens[i + 1].norm in _NOT_ONE_AFTER)
                or (i > 0 and tokens[i - 1].norm in _NOT_ONE_BEFORE)
            ):
                i += 1
                continue
            value, i = _spelt_number(tokens, i)
        elif norm in _ORDINALS:
            value = float(_ORDINALS[norm])
            unit = "th"
            i += 1
        elif norm in _VAGUE_PLURALS:
            value = float(_VAGUE_PLURALS[norm])
            vague = True
            i += 1
        else:
            i += 1
            continue
        if value is not None and not tokens[i - 1].surface.endswith(_PAUSE):
            # scale words after a figure: "4.5 million"
            while i < n and tokens[i].norm in _SCALES and tokens[i].norm != "m":
                value *= _SCALES[tokens[i].norm]
                i += 1
            if i < n and tokens[i].norm in _PERCENT:
                unit = "%"
                i += 1
            elif i + 1 < n and tokens[i].norm == "per" and tokens[i + 1].norm == "cent":
                unit = "%"
                i += 2
            elif i < n and tokens[i].norm in _CURRENCY_WORDS:
                unit = _CURRENCY_WORDS[tokens[i].norm]
                i += 1
            elif i < n and (span := _duration(tokens[i].norm)):
                value *= _DURATIONS[span]
                vague = vague or span in ("decade", "century")
                unit = "time"
                i += 1
        if start > 0 and tokens[start - 1].norm in _HEDGES:
            vague = True
        if unit in ("", "th") and value is not None and value == raw and _day_of_month(tokens, start, i):
            unit = "date"  # "June 29", "11 September": a date, never the new value of a count
        elif unit == "" and value is not None and _model_number(tokens, start, i):
            literal, value = norm, None  # "Pentium 4", "Flight 93": part of a name, compared as written
        end = i
        if (
            end < n
            and not tokens[end - 1].surface.endswith(_PAUSE)
            and tokens[end].norm.isalpha()
            and tokens[end].norm not in _STOP_AFTER
        ):
            end += 1  # the counted thing, for the reader: "12 dead"
        shown = text[tokens[start].start : tokens[end - 1].end].strip(_EDGE.replace("%", ""))
        if _leading_point(tokens[start]):
            shown = f".{shown}"
        mentions.append(Mention(value, literal, unit, vague, shown, raw, places, start))
    return tuple(mentions)


_MEASURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)([a-z]{1,4})(?:-[a-z]+)*")
"""A figure with a unit glued to it (``128MB``, ``2.4GHz``, ``40G-byte``, ``8am``)."""


def _leading_point(token: Token) -> bool:
    """Digits written with a bare decimal point in front (``.85``, ``(.20``), which ``core`` strips."""
    at = token.surface.find(token.core)
    return at > 0 and token.surface[at - 1] == "."


def _day_of_month(tokens: Sequence[Token], start: int, end: int) -> bool:
    """A whole number from 1 to 31 right after or before a capitalised month name (``May 1``, ``1 May``)."""
    try:
        day = int(tokens[start].norm.rstrip("stndrh"))
    except ValueError:
        return False
    if not 1 <= day <= 31 or end - start != 1:
        return False
    near = [tokens[k] for k in (start - 1, end) if 0 <= k < len(tokens)]
    return any(t.core[:1].isupper() and t.norm.rstrip(".") in _MONTHS for t in near)


def _model_number(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Plain digits right after a name word (``Pentium 4``, ``Voyager 2``, ``Route 14``): a label, not an
    amount. A date word, a title or a word that only opens a sentence (``In 2001``, ``Nearly 300``)
    before the digits does not count, nor a pause (``Smith, 31``)."""
    if start == 0 or end - start != 1 or not tokens[start].norm.isdigit():
        return False
    prev = tokens[start - 1]
    return (
        _is_name_word(prev.core)
        and prev.surface == prev.core
        and prev.norm not in _MONTHS | _WEEKDAYS | _TITLES | _COMMON_STARTERS | _QUANTIFIERS
    )


_QUANTIFIERS = _HEDGES | frozenset(
    "nearly almost only just over under fewer less more exactly precisely up down through top".split()
)
"""Words that open a sentence before an amount (``Nearly 300 people``): capitalised, yet no name."""


_NUMBER_WORDS = frozenset([*_UNITS, *_ORDINALS, *_VAGUE_PLURALS, "a", "an"])
"""Letters-only words that may open a number; any other one holds no digit and is no number."""
_PAUSE = (",", ";", ":", ".", "!", "?", ")", "—", "-")
"""Punctuation after a number word ends the number: ``Ten, two more`` is ten, then two."""


def _spelt_number(tokens: Sequence[Token], i: int) -> tuple[float, int]:
    """The value of written number words from ``i`` (``two hundred and five``, ``a dozen``) and the next
    position. A comma or stop after a word ends the number."""
    start = i
    total = 0.0
    current = 0.0
    while i < len(tokens):
        norm = tokens[i].norm
        parts = norm.split("-")
        if all(p in _UNITS for p in parts) and norm not in ("a", "an"):
            current += sum(_UNITS[p] for p in parts)
        elif norm in ("a", "an") and i == start:
            current = 1
        elif norm in ("dozen", "score"):
            current = max(current, 1) * (12 if norm == "dozen" else 20)
        elif norm in _SCALES and norm not in ("m", "bn") and current:
            if norm == "hundred":
                current *= 100
            else:
                total += current * _SCALES[norm]
                current = 0
        elif not (norm == "and" and current and i + 1 < len(tokens) and tokens[i + 1].norm in _UNITS):
            break
        i += 1
        if tokens[i - 1].surface.endswith(_PAUSE):
            break
    return total + current, i


def _unit_class(m: Mention) -> str:
    """What a figure measures, for pairing a changed figure with its replacement: a percentage is never
    the new value of a sum of money, a rank (``third``) of a count, a span of time or a count a year
    (``charged under the Act 2001`` / ``charged two women``)."""
    if m.literal:
        return "literal"
    if m.unit in ("%", "th", "time", "date") or m.unit.startswith("/"):
        return m.unit
    if m.unit:
        return "money"
    return "year" if _YEAR.fullmatch(m.text) else ""


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
"""A bare four-digit figure from 1800 to 2099 with no counted thing after it reads as a year (``2,001``
has its comma, ``1990s`` its s, ``2000 staff`` its noun)."""


def _rounded(coarse: Mention, fine: Mention) -> bool:
    """``coarse`` is ``fine`` written with fewer decimals, rounded or cut (``$28`` / ``$28.20``,
    ``1,121`` / ``1,121.96``, ``0.8`` / ``0.81``); ``4.7`` is not ``4.62``. Same scale only."""
    assert coarse.raw is not None and fine.raw is not None and coarse.value is not None
    assert fine.value is not None
    if coarse.places >= fine.places or not math.isclose(coarse.value * fine.raw, fine.value * coarse.raw):
        return False
    factor = 10 ** (fine.places - coarse.places)
    fine_units = round(fine.raw * 10**fine.places)
    target = round(coarse.raw * 10**coarse.places)
    return target in (fine_units // factor, (fine_units + factor // 2) // factor)


def _same_unit(a: str, b: str) -> bool:
    """Units agree when equal or one is unstated; a bare ``$`` is any dollar (``C$``, ``A$``)."""
    return not a or not b or a == b or (a[-1] == b[-1] == "$" and "$" in (a, b))


def _same_number(a: Mention, b: Mention) -> bool:
    if a.literal or b.literal:
        return a.literal == b.literal
    assert a.value is not None and b.value is not None
    if not _same_unit(a.unit, b.unit):
        return False
    if a.value == b.value or (a.raw is not None and a.raw == b.raw and a.raw in (a.value, b.value)):
        return True
    if a.unit == b.unit == "time" and math.isclose(a.value, b.value, rel_tol=0.01):
        return True  # a year is 12 months, give or take the days a month has
    if a.vague or b.vague:
        return abs(a.value - b.value) <= _TOLERANCE * max(abs(a.value), abs(b.value))
    if a.raw is not None and b.raw is not None:
        return _rounded(a, b) or _rounded(b, a)
    return False


# --- quotes ------------------------------------------------------------------------------------------------

_QUOTE_CHARS = '"“”„«»‘’'


def _positions(text: str, chars: str) -> list[int]:
    """Offsets of any of ``chars`` in ``text``, in order (``str.find``: no Python step per character)."""
    found: list[int] = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            found.append(i)
            i = text.find(ch, i + 1)
    return sorted(found)


def _quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans inside quotation marks; an unclosed quote runs to the end, an unopened one from the start."""
    if not any(q in text for q in _QUOTE_CHARS):
        return ()
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_char = ""
    for i in _positions(text, _QUOTE_CHARS):
        ch = text[i]
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in "‘’" and before.isalnum() and after.isalnum():
            continue  # an apostrophe: don’t
        opens = ch in "“„«‘" or (ch == '"' and open_at is None and (before.isspace() or before in "([{"))
        if ch == "’" and (after.isalnum() or open_char != "‘"):
            continue  # a trailing apostrophe (parents’) unless it closes a single quote
        if opens and open_at is None:
            open_at, open_char = i + 1, ch
        elif not opens:
            spans.append((open_at if open_at is not None else 0, i))
            open_at, open_char = None, ""
    if open_at is not None:
        spans.append((open_at, len(text)))
    return tuple((s, e) for s, e in spans if text[s:e].strip(_EDGE + " "))


# --- attribution -------------------------------------------------------------------------------------------

_SPEECH_VERBS = frozenset(
    "said says say told tells added adds announced announces wrote writes "
    "insisted insists explained explains noted warned warns argued argues reported "
    "declared declares stated tweeted posted".split()
)
_SPEECH_CUES = _SPEECH_VERBS | {"according"}
_PRONOUNS = frozenset("he she they it we i you who which this that".split())
_SPEAKER_STOP = frozenset(
    "that and but because when while if as which who where so to not would will could should may might can "
    "is was be been did does do declined refused".split()
)
_SPEAKER_SKIP = frozenset(
    "also later earlier previously has have had then once again further separately recently repeatedly "
    "publicly privately reportedly initially first last today yesterday tonight monday tuesday wednesday "
    "thursday friday saturday sunday".split()
)
_DETERMINERS = frozenset(["the", "a", "an"])
_CLAUSE_END = tuple(',;:"“”‘’()')
_TIME_PREPOSITIONS = frozenset("on in at during".split())
"""Before a skipped time word (``Carlson on Tuesday said``) these belong to the time, not the speaker."""
_GENERIC_HEADS = frozenset(
    """group groups company companies firm firms organisation organization body agency official officials
    source sources authorities people statement report document documents study survey poll spokesman
    spokeswoman spokesperson representative representatives operator vendor maker office""".split()
)
"""Descriptions that fit many speakers ("the group" for "the league", "officials" for "police"): another
description of the same speaker, not a different one."""
_PREPOSITIONS = frozenset("of for at with from in on".split())
_SPEAKER_WORDS = 12
"""Longest speaker phrase read: ``Manouchehr Takin, an analyst at the Center for Global Energy Studies``."""
_AUXILIARIES = frozenset("do does did not never would will could should may might can has have had".split())


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a sentence attributes a statement to.

    ``names``: identifying keys of its capitalised words that are no title (``Mayor John Smith`` -> ``john``,
    ``smith``); ``head``: those of the name that heads it (``Coke spokeswoman Sonya Soutus`` -> ``sonya``,
    ``soutus``; ``Ken Wattret of BNP`` -> ``ken``, ``wattret``), empty for a description that only holds
    a name (``the US bank``); ``initials`` of its capitalised runs (``Securities and Exchange Commission``
    -> ``sec``); ``key``: the description's words; ``generic``: a description that fits many speakers.
    """

    text: str
    key: frozenset[str]
    names: frozenset[str]
    head: frozenset[str]
    initials: frozenset[str]
    generic: bool
    starts: frozenset[int]
    """Offsets of its words in the sentence: a name inside a speaker phrase is the attribution check's."""


def _speaker(tokens: Sequence[Token], text: str, proper: frozenset[int]) -> Speaker | None:
    """The speaker a run of words names; ``proper``: start offsets of the sentence's name words."""
    if not tokens:
        return None
    keys = [t.norm for t in tokens if t.norm not in _DETERMINERS]
    if not keys or (len(keys) == 1 and keys[0] in _PRONOUNS):
        return None
    shown = text[tokens[0].start : tokens[-1].end].strip(_EDGE)
    names = frozenset(
        k
        for t in tokens
        if t.start in proper and t.norm not in _TITLES | _COMMON_STARTERS | _DETERMINERS | _PRONOUNS
        for k in _name_keys(t.norm)
    )
    phrases = [_head_phrase(segment) for segment in _segments(tokens)]
    head = frozenset(k for phrase in phrases for k in _heading_name(phrase, proper))
    generic = any(
        phrase and _name_key(phrase[-1].norm).removesuffix("s") in _GENERIC_HEADS for phrase in phrases
    )
    description = frozenset(_name_key(k) for k in keys)
    starts = frozenset(t.start for t in tokens)
    return Speaker(shown, description, names, head, _initials(tokens), generic, starts)


def _segments(tokens: Sequence[Token]) -> list[list[Token]]:
    """Appositive parts of a speaker phrase: ``Brian Halla, National's chief executive``."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        parts[-1].append(t)
        if t.surface.endswith(","):
            parts.append([])
    return [p for p in parts if p]


def _head_phrase(segment: Sequence[Token]) -> list[Token]:
    """A noun phrase up to its head word, the last before a preposition (``analyst at CIBC``); nothing
    for a phrase that is itself a modifier (``of the CDC``)."""
    phrase: list[Token] = []
    if segment and segment[0].norm in _PREPOSITIONS:
        return phrase
    for t in segment:
        if t.norm in _PREPOSITIONS and phrase:
            break
        phrase.append(t)
    return phrase


def _heading_name(phrase: Sequence[Token], proper: frozenset[int]) -> set[str]:
    """Keys of the capitalised run that ends a noun phrase, titles left out: its head is a name."""
    run: list[Token] = []
    for t in reversed(phrase):
        if t.start not in proper and not _is_initial(t):
            break
        run.append(t)
    return {k for t in run if t.norm not in _TITLES | _COMMON_STARTERS for k in _name_keys(t.norm)}


def _speakers(tokens: Sequence[Token], text: str, quotes: Sequence[tuple[int, int]]) -> tuple[Speaker, ...]:
    """Speakers of the sentence's statements; words inside quotation marks are what was said, never who."""
    if _SPEECH_CUES.isdisjoint([t.norm for t in tokens]):
        return ()
    quoted = frozenset(i for i, t in enumerate(tokens) if any(s <= t.start < e for s, e in quotes))
    proper = frozenset(
        t.start
        for i, t in enumerate(tokens)
        if _is_name_word(t.core)
        and (
            not (_sentence_start(tokens, i) and _common_start(tokens, i))
            or (
                t.norm not in _COMMON_STARTERS and i + 1 < len(tokens) and tokens[i + 1].norm in _SPEECH_VERBS
            )
        )
    )  # a lone capital before a speech verb names the speaker: "Taiwan reported", "Southwest said"
    found: list[Speaker] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if i in quoted:
            continue
        if tok.norm == "according" and i + 1 < n and tokens[i + 1].norm == "to":
            if s := _speaker(_run_forward(tokens, i + 2, quoted), text, proper):
                found.append(s)
        elif tok.norm in _SPEECH_VERBS:
            back = _speaker(_run_backward(tokens, i, quoted), text, proper)
            prev = tokens[i - 1].surface if i else ""
            inverted = (i - 1 in quoted) or (prev.endswith(",") and back is None)
            run = _run_forward(tokens, i + 1, quoted) if inverted else []
            if run and (
                run[0].core[:1].isupper()
                or run[0].norm in _DETERMINERS | _PRONOUNS
                or (run[0].norm not in _PREPOSITIONS and any(t.start in proper for t in run))
            ):
                # inverted: “...,” said John Smith, the mayor. / said union leader Petra Holm.
                if s := _speaker(run, text, proper):
                    found.append(s)
            elif back is not None:
                found.append(back)
    return tuple(found)


def _is_initial(t: Token) -> bool:
    """A middle initial (``Brian L. Halla``): its full stop does not end the name."""
    return len(t.core) == 1 and t.core.isupper() and t.surface.endswith(".")


def _run_forward(tokens: Sequence[Token], start: int, quoted: frozenset[int]) -> list[Token]:
    run: list[Token] = []
    for k, t in enumerate(tokens[start : start + _SPEAKER_WORDS], start):
        if k in quoted or (
            t.norm in _SPEAKER_STOP
            and not (t.norm == "and" and k + 1 < len(tokens) and _is_name_word(tokens[k + 1].core))
        ):
            break
        run.append(t)
        if t.surface.endswith((*_CLAUSE_END, ".")) and t.norm not in _TITLES and not _is_initial(t):
            break
    return run


def _run_backward(tokens: Sequence[Token], verb: int, quoted: frozenset[int]) -> list[Token]:
    """The words before a speech verb back to a clause edge: ``“...,” the mayor said`` -> ``the mayor``;
    a name before an appositive comes too (``Brian Halla, National's chief executive, said``)."""
    run: list[Token] = []
    skipped = False
    j = verb - 1
    while j >= max(0, verb - _SPEAKER_WORDS):
        t = tokens[j]
        edge = t.surface.endswith((*_CLAUSE_END, ".")) and not (j == verb - 1 and t.surface.endswith(","))
        if j in quoted or not any(ch.isalnum() for ch in t.core):
            break  # inside a quote, or a dash
        if t.norm in _SPEAKER_SKIP or (skipped and t.norm in _TIME_PREPOSITIONS):
            skipped = True
            if edge:
                break
            j -= 1
            continue
        skipped = False
        if not run and (t.norm in _AUXILIARIES or t.norm.endswith("n't")):
            j -= 1
            continue  # the verb group: "the experts did not say"
        if t.norm in _SPEECH_VERBS or (
            t.norm in _SPEAKER_STOP and not _joins_names(tokens, j) and not t.core.isupper()  # the WHO
        ):
            break
        if edge:
            if (
                run
                and t.surface.endswith(",")
                and (tokens[verb - 1].surface.endswith(",") or run[-1].norm in _PREPOSITIONS)
            ):
                run += _appositive_name(tokens, j, quoted)  # "Hayes, of the CDC, said"
            break
        run.append(t)
        if t.surface.startswith(_CLAUSE_END):
            break
        j -= 1
    run.reverse()
    return run


def _joins_names(tokens: Sequence[Token], j: int) -> bool:
    """``and`` inside a name: ``Securities and Exchange Commission``."""
    return (
        tokens[j].norm == "and"
        and 0 < j < len(tokens) - 1
        and _is_name_word(tokens[j - 1].core)
        and _is_name_word(tokens[j + 1].core)
    )


def _appositive_name(tokens: Sequence[Token], j: int, quoted: frozenset[int]) -> list[Token]:
    """A capitalised name that ends at ``tokens[j]`` (with its comma), read backwards; else nothing."""
    name: list[Token] = []
    while j >= 0 and j not in quoted and (_is_name_word(tokens[j].core) or _is_initial(tokens[j])):
        if tokens[j].norm in _COMMON_STARTERS or (
            name and tokens[j].surface.endswith((*_CLAUSE_END, ".")) and not _is_initial(tokens[j])
        ):
            break
        name.append(tokens[j])
        j -= 1
    return name if len(name) <= 4 else []


# --- entities ------------------------------------------------------------------------------------------

_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_TITLES = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt gov sen rep rev president prime minister secretary chief "
    "mayor judge justice king queen pope prince princess premier chancellor governor senator "
    "representative spokesman spokeswoman spokesperson director chairman ceo general colonel sergeant "
    "detective professor "
    "lieutenant captain sheriff officer inspector commissioner ambassador deputy vice foreign defence "
    "defense interior finance state former acting".split()
)
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d]*(?:[.'’\-&][^\W\d]+)*\.?")
_CORPORATE = frozenset("inc corp co ltd llc plc group holdings".split())
_CONNECTORS = frozenset("of de la del von van al bin da di du le".split())
_CONNECTORS_AMP = _CONNECTORS | {"&"}
_COMMON_STARTERS = frozenset(
    """a an the this that these those it its he she they we i you his her their our my your there here
    but and or so yet for nor if when while after before as at in on of by with from to into over under
    about against between during without within since until although though because however meanwhile
    moreover also still then now later earlier today yesterday tomorrow last next new some many most
    more few several all both each every no not one two three four five six seven eight nine ten other
    another such only even just what which who whom whose where why how officials police authorities
    analysts experts witnesses residents critics investigators prosecutors lawmakers protesters
    according despite instead once asked speaking throughout among amid across around near toward towards
    following under above below behind beyond inside outside along upon unlike""".split()
)
_ALIASES = {
    "u.s": "us",
    "us": "us",
    "united states": "us",
    "america": "us",
    "american": "us",
    "u.k": "uk",
    "uk": "uk",
    "britain": "uk",
    "british": "uk",
    "united kingdom": "uk",
    "u.n": "un",
    "un": "un",
    "united nations": "un",
    "eu": "eu",
    "e.u": "eu",
    "european union": "eu",
}


_MULTIWORD_ALIASES = tuple(p for p in _ALIASES if " " in p)


@dataclass(frozen=True, slots=True)
class Entity:
    """A run of capitalised words (``North Korea``, ``President Joe Biden``): its kind for pairing swaps and
    its keys, the words that identify it (no titles: ``north korea``, ``joe biden``)."""

    text: str
    kind: str
    keys: tuple[str, ...]
    first: int
    last: int
    acronyms: frozenset[str]
    """Initials of its words (``General Electric Co`` -> ``ge``, ``InterActiveCorp`` -> ``iac``), also with
    the common noun after it (``Commonwealth Heads of Government meeting`` -> ``chogm``), for an acronym of
    it elsewhere."""


@lru_cache(maxsize=65536)
def _is_name_word(core: str) -> bool:
    """A capitalised word that is no number word (``Twelve people`` names no one)."""
    return (
        core[:1].isupper()
        and _NAME_WORD.fullmatch(core) is not None
        and not all(p in _UNITS for p in core.lower().split("-"))
        and core.lower() not in _ORDINALS
    )


def _common_start(tokens: Sequence[Token], i: int) -> bool:
    """A capital that only says "a sentence starts here": a common word, or one word alone (``Preventing``).

    An all-capitals word (``NATO``), a possessive (``Shelley's``) or the start of a longer name (``North
    Korea``) still counts.
    """
    tok = tokens[i]
    if tok.norm in _COMMON_STARTERS or tok.norm in _PRONOUNS:
        return True
    if (tok.core.isupper() and len(tok.core) > 1) or tok.norm.endswith(("'s", "’s")):
        return False  # NATO, Shelley's office
    return not (i + 1 < len(tokens) and _is_name_word(tokens[i + 1].core) and not tok.surface.endswith(","))


def _sentence_start(tokens: Sequence[Token], i: int) -> bool:
    if i == 0:
        return True
    prev = tokens[i - 1]
    return (
        prev.surface.endswith((".", "!", "?", ":"))
        and not prev.surface.rstrip(_EDGE)[-1:].isupper()
        and prev.norm not in _TITLES  # Mr. Feith
    )


def _entities(tokens: Sequence[Token], text: str) -> tuple[Entity, ...]:
    found: list[Entity] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if (
            not tok.core[:1].isupper()  # _is_name_word's first test, without a call for most words
            or not _is_name_word(tok.core)
            or tok.norm.split("'")[0] == "i"
            or (_sentence_start(tokens, i) and _common_start(tokens, i))
        ):
            i += 1
            continue
        run = [tok]
        j = i + 1
        while j < n and not run[-1].surface.endswith((*_CLAUSE_END, ".")):
            t = tokens[j]
            if _is_name_word(t.core) or (
                t.norm in _CONNECTORS_AMP and j + 1 < n and tokens[j + 1].core[:1].isupper()
            ):
                run.append(t)
                j += 1
            else:
                break
        after = tokens[j] if j < n and not run[-1].surface.endswith((*_CLAUSE_END, ".")) else None
        for piece in _split_dates(run):
            offset = i + run.index(piece[0])
            if not all(t.norm in _TITLES or t.norm in _CORPORATE for t in piece):
                found.append(_entity(piece, offset, text, after if piece[-1] is run[-1] else None))
        i = j
    return tuple(found)


def _entity(piece: list[Token], first: int, text: str, after: Token | None) -> Entity:
    norms = [t.norm for t in piece]
    kind = "weekday" if norms[0] in _WEEKDAYS else "month" if norms[0] in _MONTHS else "name"
    phrase = " ".join(norms)
    if phrase in _ALIASES:
        keys: tuple[str, ...] = (_ALIASES[phrase],)
    else:
        names = [k for k in norms if k not in _TITLES | _CONNECTORS | _CORPORATE] or norms
        keys = tuple(key for k in names for key in _name_keys(k)) or (_name_key(phrase),)
    shown = text[piece[0].start : piece[-1].end].strip(_EDGE)
    parts = [p for k in norms if k not in _CONNECTORS | _CORPORATE for p in k.split("-") if p[:1].isalpha()]
    initials = "".join(p[0] for p in parts) if len(parts) >= 2 else _camel_initials(piece[0].core)
    acronyms = {initials, initials + _noun_initial(after)} if initials else set()
    return Entity(shown, kind, keys, first, first + len(piece) - 1, frozenset(acronyms))


def _camel_initials(core: str) -> str:
    """The capitals of one word written in camel case (``InterActiveCorp`` -> ``iac``), at least three:
    ``McBride`` or ``O'Neill`` hold two and are no acronym."""
    capitals = [c for c in core if c.isupper()]
    return "".join(capitals).lower() if len(capitals) >= 3 and not core.isupper() else ""


def _noun_initial(token: Token | None) -> str:
    """The first letter of a common noun right after a name, which an acronym may count (``CHOGM``)."""
    if token is None or not token.core.isalpha() or not token.core.islower() or token.norm in _NOT_NOUNS:
        return ""
    return token.norm[0]


_INITIALS = re.compile(r"\w(?:[.&\-]\w)+\.?")


@lru_cache(maxsize=65536)
def _name_key(norm: str) -> str:
    """A word as a name compares: no possessive, no apostrophes, initials joined, aliases and month
    spellings merged (``O'Neill's`` -> ``oneill``, ``S&P`` -> ``sp``, ``U.K.`` -> ``uk``, ``Sept`` ->
    ``sep``)."""
    if not norm.isalpha():  # most words are: no marks to take off
        norm = norm.replace("’", "'").removesuffix("'s").rstrip("'").replace("'", "")
        if _INITIALS.fullmatch(norm):
            norm = re.sub(r"[.&\-]", "", norm)
    norm = _ALIASES.get(norm, norm)
    return _MONTH_KEYS.get(norm, norm)


@lru_cache(maxsize=65536)
def _name_keys(norm: str) -> tuple[str, ...]:
    """The identifying parts of a name word: hyphenated and dotted parts apart, initials and particles
    left out (``al-Sadr`` -> ``sadr``, ``Attorney-General`` -> ``attorney``, ``general``; ``BTU.N`` ->
    ``btu``, the ticker's exchange letter is no name)."""
    key = _name_key(norm)
    if key.isalpha():
        return () if len(key) < 2 or key in _CONNECTORS else (key,)
    parts = [p for p in re.split(r"[.\-&/]", key) if len(p) > 1 and p not in _CONNECTORS]
    return tuple(_ALIASES.get(p, p) for p in parts)


_MONTH_KEYS = {
    m: m[:3]
    for m in "january february march april june july august september sept october november december".split()
}


def _initials(tokens: Sequence[Token]) -> frozenset[str]:
    """Initialisms of the capitalised runs of a sentence, with and without their particles
    (``Securities and Exchange Commission`` -> ``sec``, ``saec``): an acronym of a name stands for it."""
    found: set[str] = set()
    run: list[Token] = []
    for i, t in enumerate([*tokens, None]):
        if t is not None and (
            _is_name_word(t.core)
            or (run and t.norm in _LINKS and i + 1 < len(tokens) and _is_name_word(tokens[i + 1].core))
        ):
            run.append(t)
            if not t.surface.endswith((*_CLAUSE_END, ".")):
                continue
        if not run:
            continue
        parts = [p for x in run for p in x.norm.split("-") if p]
        noun = _noun_initial(t) if t is not run[-1] else ""
        for initials in ("".join(p[0] for p in parts if p not in _LINKS), "".join(p[0] for p in parts)):
            found.update((initials, initials + noun))
        if len(run) == 1:
            found.add(_camel_initials(run[0].core))
        run = []
    return frozenset(f for f in found if len(f) >= 2)


_LINKS = _CONNECTORS | {"&", "and", "at", "with", "for", "on", "the"}
"""Small words inside a long name (``Americans with Disabilities Act``, ``University of California at Los
Angeles``): its acronym may or may not count them (``ADA``, ``UCLA``; ``CHOGM``)."""
_NOT_NOUNS = _LINKS | _SPEAKER_STOP | _PREPOSITIONS | _SPEECH_VERBS
"""Words after a name that are no common noun an acronym could count."""


def _split_dates(run: list[Token]) -> list[list[Token]]:
    """Weekdays and months stand alone: ``Tuesday Smith`` is never one name."""
    pieces: list[list[Token]] = [[]]
    for t in run:
        if t.norm in _WEEKDAYS or t.norm in _MONTHS:
            pieces += [[t], []]
        else:
            pieces[-1].append(t)
    return [p for p in pieces if p]


# --- negation ----------------------------------------------------------------------------------------------

_NEGATION_CUES = frozenset(
    "not no never none nobody nothing nowhere neither nor cannot unable incapable without".split()
)
_DENIALS = frozenset(
    "deny denies denied denying denial refuse refuses refused refusing "
    "reject rejects rejected rejecting".split()
)
_DECLINES = frozenset("decline declines declined declining fail fails failed failing".split())
"""A negation only before an infinitive or "comment" ("declined to comment", "failed to meet"); alone
"declined" is a fall ("shares declined")."""


_CUE_WORDS = _NEGATION_CUES | _BARE_NOT | _DENIALS | _DECLINES | {"no", "not", "cannot"}
"""Every word ``_negation_cue`` may answer for, besides ``n't`` and hyphenated forms: a quick filter."""


def _negation_cue(tok: Token, nxt: Token | None) -> str | None:
    norm = tok.norm
    if norm.endswith("n't") or norm in _BARE_NOT or norm == "cannot":
        return "not"
    if norm == "no" and nxt is not None and tok.surface.endswith(".") and nxt.norm[:1].isdigit():
        return None  # "No. 2"
    if norm == "no" and nxt is not None and nxt.norm == "one":
        return "nobody"
    if norm == "not" and nxt is not None and nxt.norm == "only":
        return None  # "not only ... but also" affirms both
    if norm in _NEGATION_CUES or ("-" in norm and _NEGATION_CUES.intersection(norm.split("-"))):
        return "not" if "-" in norm else norm
    if norm in _DENIALS or (norm in _DECLINES and nxt is not None and nxt.norm in ("to", "comment")):
        return "deny"
    return None


# --- analysis ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """What the checks read from one sentence; built once per sentence text.

    ``vocabulary`` and ``initials`` are built on first use: only a sentence with a name in a changed
    stretch needs them (no slots, so that ``cached_property`` can keep them).
    """

    text: str
    tokens: tuple[Token, ...]
    numbers: tuple[Mention, ...]
    quotes: tuple[tuple[int, int], ...]
    speakers: tuple[Speaker, ...]
    entities: tuple[Entity, ...]
    negations: tuple[tuple[int, str], ...]

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word as a name compares (``_name_key``, parts too): "does this sentence name it"."""
        folded = fold(self.text)
        return frozenset(
            k for t in self.tokens for k in (_name_key(t.norm), *_name_keys(t.norm))
        ) | frozenset(_ALIASES[p] for p in _MULTIWORD_ALIASES if p in folded)

    @cached_property
    def initials(self) -> frozenset[str]:
        return _initials(self.tokens)


@lru_cache(maxsize=8192)
def analyse(text: str) -> Analysis:
    """Read a sentence once for every check (cached: a base sentence meets every version)."""
    tokens = _tokens(text)
    negations = tuple(
        (i, cue)
        for i, tok in enumerate(tokens)
        if (tok.norm in _CUE_WORDS or "-" in tok.norm or tok.norm.endswith("n't"))
        and (cue := _negation_cue(tok, tokens[i + 1] if i + 1 < len(tokens) else None))
    )
    quotes = _quote_spans(text)
    return Analysis(
        text,
        tokens,
        _number_mentions(tokens, text),
        quotes,
        _speakers(tokens, text, quotes),
        _entities(tokens, text),
        negations,
    )


# --- comparison --------------------------------------------------------------------------------------------

Region = tuple[int, int, int, int]
"""A changed stretch of the word diff: tokens ``[a0, a1)`` of the base became ``[b0, b1)`` of the version."""


def _regions(a: Analysis, b: Analysis) -> list[Region]:
    """Changed stretches of the token diff between two sentences."""
    return _edits([t.norm for t in a.tokens], [t.norm for t in b.tokens])


def _edits(before: Sequence[str], after: Sequence[str]) -> list[Region]:
    """Changed stretches of a word diff; a deletion next to an insertion is one replacement."""
    merged: list[Region] = []
    for op in Indel.opcodes(before, after):
        if op.tag == "equal":
            continue
        cur = (op.src_start, op.src_end, op.dest_start, op.dest_end)
        if merged and merged[-1][1] == cur[0] and merged[-1][3] == cur[2]:
            prev = merged.pop()
            cur = (prev[0], cur[1], prev[2], cur[3])
        merged.append(cur)
    return merged


def _pair(kind: ClaimKind, before: list[str], after: list[str]) -> list[Claim]:
    """Swaps only: something replaced by something else; a detail only dropped or only added is no claim."""
    return [Claim(kind, x, y) for x, y in zip(before, after, strict=False)]


def _number_claims(a: Analysis, b: Analysis, regions: list[Region]) -> list[Claim]:
    """Figures of the base with no equal in the version, paired with new figures in the same changed stretch
    that measure the same kind of thing (a count, a percentage, money, a literal like ``5:30``).

    A figure only dropped or only added is a detail, not a changed claim; pairing across the sentence
    would match unrelated figures of a rewritten sentence, and pairing any two figures of a stretch would
    take "4.6 percent" for the new value of "12 cents" ("rose 12 cents, or 4.6 percent").
    """
    left = list(b.numbers)
    missing: list[Mention] = []
    for m in a.numbers:
        match = next((x for x in left if _same_number(m, x)), None)
        if match is None:
            missing.append(m)
        else:
            left.remove(match)
    claims: list[Claim] = []
    for a0, a1, b0, b1 in regions:
        new = [m for m in left if b0 <= m.index < b1]
        for gone in (m for m in missing if a0 <= m.index < a1):
            match = next((m for m in new if _unit_class(m) == _unit_class(gone)), None)
            if match is not None:
                new.remove(match)
                claims.append(Claim("number", gone.text, match.text))
    return claims


def _changed_span(before: Sequence[str], after: Sequence[str]) -> tuple[str, str] | None:
    """The changed stretch inside two renderings of one quote, with two words of context each side.

    Words replaced, added or dropped inside the quote are a change. None are: a quote trimmed or extended
    at its ends (an excerpt of the same words), typos and spelling variants (``Qaeda`` / ``Qaida``), and a
    compound written apart or hyphenated (``warfighters`` / ``war-fighters``).
    """
    if _excerpt(before, after) or _excerpt(after, before):
        return None
    real = [
        (a0, a1, b0, b1)
        for a0, a1, b0, b1 in _edits(before, after)
        if not _trimmed(a0, a1, b0, b1, len(before), len(after))
        and not _same_words(before[a0:a1], after[b0:b1])
    ]
    if not real:
        return None
    a0, a1 = max(0, real[0][0] - 2), min(len(before), real[-1][1] + 2)
    b0, b1 = max(0, real[0][2] - 2), min(len(after), real[-1][3] + 2)
    return _ellipsis(before, a0, a1), _ellipsis(after, b0, b1)


def _excerpt(short: Sequence[str], long: Sequence[str]) -> bool:
    """``short`` stands word for word inside ``long``: one quote cut from the other. Checked apart from the
    diff, whose alignment of a repeated word may put an added stretch inside (``he wants`` / ``he's wild,
    he wants``)."""
    n = len(short)
    return 0 < n < len(long) and any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _trimmed(a0: int, a1: int, b0: int, b1: int, len_a: int, len_b: int) -> bool:
    """Words only dropped or only added at the start or the end: the quote was cut shorter or run longer."""
    if a0 != a1 and b0 != b1:
        return False
    return (a0 == 0 and b0 == 0) or (a1 == len_a and b1 == len_b)


_TRANSCRIPTION = frozenset(["that", "the", "a", "an"])
"""Words two transcriptions of one spoken sentence differ on without the speaker's words differing: an
optional "that" (``the only thing that I know`` / ``the only thing I know``) or an article heard or not."""
_FUNCTION_CLASSES = {
    **dict.fromkeys("a an the this these those my our your his her its their".split(), "determiner"),
    **dict.fromkeys("of in into on onto at to for from by with about over through".split(), "preposition"),
    **dict.fromkeys("that which who whom".split(), "relative"),
    **dict.fromkeys("am is are was were be been being".split(), "be"),
    **dict.fromkeys("has have had".split(), "have"),
}
"""Function words by the slot they fill. One swapped for another of its class is a word heard or
reported another way (``a plane in`` / ``into the White House``, ``all its unions`` / ``all our unions``,
``what happened was`` / ``is``); one of another class is a clause rebuilt (``and that made it`` / ``which
made it``). Negations, modals, conjunctions and personal pronouns are in no class: ``we`` / ``they``
changes who acts, ``should`` / ``could`` what is claimed."""


def _function_swap(gone: Sequence[str], new: Sequence[str]) -> bool:
    """Function words swapped one for one within their class, give or take an optional ``_TRANSCRIPTION``
    word (``was those`` / ``is that those``, ``the 11th`` / ``11``)."""
    spare = list(new)
    leftover: list[str] = []
    for word in gone:
        twin = next((w for w in spare if _FUNCTION_CLASSES[w] == _FUNCTION_CLASSES[word]), None)
        if twin is None:
            leftover.append(word)
        else:
            spare.remove(twin)
    return _TRANSCRIPTION.issuperset(leftover + spare) and len(leftover + spare) <= 1


def _same_words(gone: Sequence[str], new: Sequence[str]) -> bool:
    """Typos, spelling variants, inflections, a figure in words or digits, a compound split differently, a
    ``'s`` for ``is`` (``the proposal's going`` / ``the proposal is going``), or function words swapped
    within their class: the same words as far as a reader goes."""
    core_gone = [w for w in gone if w not in _FUNCTION_CLASSES]
    core_new = [w for w in new if w not in _FUNCTION_CLASSES]
    if (
        len(core_gone) == len(core_new)
        and all(_same_word(x, y) for x, y in zip(core_gone, core_new, strict=True))
        and _function_swap(
            [w for w in gone if w in _FUNCTION_CLASSES], [w for w in new if w in _FUNCTION_CLASSES]
        )
    ):
        return True
    if not gone or not new:
        return False
    if len(gone) == len(new) and all(_same_word(x, y) for x, y in zip(gone, new, strict=True)):
        return True
    for short, long in ((gone, new), (new, gone)):
        if len(short) == 1 and len(long) == 2 and long[1] == "is" and short[0] == f"{long[0]}'s":
            return True
    joined_a, joined_b = "".join(gone), "".join(new)
    return joined_a == joined_b or is_typo(joined_a, joined_b)


def _ellipsis(seq: Sequence[str], start: int, end: int) -> str:
    return ("… " if start > 0 else "") + " ".join(seq[start:end]) + (" …" if end < len(seq) else "")


_EDITORIAL = re.compile(r"\([^)]*\)|\[[^\]]*\]")
"""Words in brackets inside a quote are the writer's, not the speaker's (``Admiral (Harold) Gehman``)."""
_STATEMENT = 3
"""Fewest words for a quote to be a statement. A shorter one is a label or scare quote (``a "steady"
recovery``): swapped for another one elsewhere in the sentence, it is not the same statement changed."""


def _quote_claims(a: Analysis, b: Analysis) -> list[Claim]:
    """Quotes paired across the two sentences by their words: changed words inside a pair are a claim,
    and so is a statement quoted in one sentence swapped for another one in the other."""
    quotes_a, quotes_b = _statements(a), _statements(b)
    claims: list[Claim] = []
    gone: list[str] = []
    unmatched = list(range(len(quotes_b)))
    for qa in quotes_a:
        scored = sorted(((fuzz.ratio(qa, quotes_b[j]), -j) for j in unmatched), reverse=True)
        if scored and scored[0][0] >= 50:
            j = -scored[0][1]
            unmatched.remove(j)
            if changed := _changed_span(qa, quotes_b[j]):
                claims.append(Claim("quote", *changed))
        elif len(qa) >= _STATEMENT and not _contains(words(b.text), qa):
            gone.append(" ".join(qa))
    new = [
        " ".join(quotes_b[j])
        for j in unmatched
        if len(quotes_b[j]) >= _STATEMENT and not _contains(words(a.text), quotes_b[j])
    ]
    return claims + _pair("quote", gone, new)


_INTERRUPTION_WORDS = 8
"""Most words between two quotes for them to be one statement cut by its attribution."""


def _statements(analysis: Analysis) -> list[tuple[str, ...]]:
    """The words of each quoted statement; a quote cut by its attribution (``“We will rebuild,” he said,
    “and fast.”``) is one statement, as a version that quotes it whole shows."""
    statements: list[tuple[str, ...]] = []
    end = -1
    for s, e in analysis.quotes:
        quoted = words(_EDITORIAL.sub(" ", analysis.text[s:e]))
        between = words(analysis.text[end:s]) if statements else ()
        if statements and len(between) <= _INTERRUPTION_WORDS and not _SPEECH_CUES.isdisjoint(between):
            statements[-1] += quoted
        else:
            statements.append(quoted)
        end = e
    return statements


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """Whether the quoted words stand in the other sentence (a quote that lost its marks, or was trimmed)."""
    return not needle or fuzz.partial_ratio(" ".join(needle), " ".join(haystack)) >= 90


def _speaker_matches(x: Speaker, y: Speaker) -> bool:
    """Whether two speakers may be the same: a different speaker is a changed value of the same slot.

    Two named speakers match on a shared name of their heads (``Mr. Feith`` / ``Douglas Feith``, ``IAEA``
    / ``the International Atomic Energy Agency``; not ``Coke spokeswoman Sonya Soutus`` / ``Coke spokesman
    Ben Deutsch``). A name and a description always match: "the US investment bank" may well be "Goldman".
    Two descriptions match on the names they hold (``Kansas`` / ``Missouri health officials`` do not),
    else when one fits many speakers (``the league`` / ``the group``), else on a shared word (``the
    union`` / ``the ministry`` do not).
    """
    if x.head and y.head:
        return _names_meet(x, y, heads=True)
    if x.head or y.head or bool(x.names) != bool(y.names):
        return True
    if x.names:
        return _names_meet(x, y, heads=False)
    if x.generic or y.generic:
        return True
    return any(_word_present(k, y.key) for k in x.key)


def _names_meet(x: Speaker, y: Speaker, *, heads: bool) -> bool:
    """A name shared (or a longer form, a typo of it), or one an acronym of the other's name."""
    names_x, names_y = (x.head, y.head) if heads else (x.names, y.names)
    return any(_word_present(k, names_y) for k in names_x) or bool(
        names_x & y.initials or names_y & x.initials
    )


def _attribution_claims(a: Analysis, b: Analysis) -> list[Claim]:
    before = [s.text for s in a.speakers if not any(_speaker_matches(s, t) for t in b.speakers)]
    after = [t.text for t in b.speakers if not any(_speaker_matches(s, t) for s in a.speakers)]
    return _pair("attribution", before, after)


def _entity_present(entity: Entity, other: Analysis) -> bool:
    """The other sentence names the entity: every identifying word of it stands there (``Emil Nyberg`` is
    not in ``Erik Nyberg``; ``Korea`` is in ``Korean``, ``Labor`` in ``Labour``), or its acronym does
    (``Air Transport Association`` / ``ATA``), or it is the acronym of a name there."""
    if all(_word_present(key, other.vocabulary) for key in entity.keys):
        return True
    return not entity.acronyms.isdisjoint(other.vocabulary) or (
        len(entity.keys) == 1 and entity.keys[0] in other.initials
    )


def _word_present(key: str, vocabulary: frozenset[str]) -> bool:
    """``key`` stands in ``vocabulary`` as itself, a typo or spelling variant of it, or a longer form of it
    (``Niels`` / ``Nielsen``, ``Korea`` / ``Korean``)."""
    if key in vocabulary or f"{key}s" in vocabulary:  # HP's / HPs
        return True
    if not vocabulary.isdisjoint(_NAME_ABBREVIATIONS.get(key, ())):
        return True  # St Sophia / Saint Sophia, Wall Street / Wall St
    if len(key) < 3:
        return False
    first = key[0]  # both a longer form and a typo start with the same letter
    return any(w[:1] == first and (_longer_form(key, w) or is_typo(key, w)) for w in vocabulary)


_NAME_ABBREVIATIONS = {
    "st": ("saint", "street"),
    "saint": ("st",),
    "street": ("st",),
    "mt": ("mount",),
    "mount": ("mt",),
    "ft": ("fort",),
    "fort": ("ft",),
}
"""Words of place names written in full or abbreviated; an abbreviation that is no prefix of its word
(``St`` for ``Street``) escapes ``_longer_form``."""


def _longer_form(x: str, y: str) -> bool:
    """One word starts the other and is not much shorter: ``Tim`` / ``Timothy``, ``Iran`` / ``Iranian``."""
    short, long = sorted((x, y), key=len)
    return (
        len(short) >= 3
        and long.startswith(short)
        and len(long) - len(short) <= 4
        and (len(short) >= 0.4 * len(long))
    )


def _lone_start_swap(a: Analysis, b: Analysis) -> bool:
    """The first word alone changed from one name to another that the other sentence does not hold."""
    x, y = a.tokens[0], b.tokens[0]
    lower = {t.core for t in (*a.tokens[1:], *b.tokens[1:]) if t.core.islower()}
    return all(
        _is_name_word(t.core)
        and t.norm not in _COMMON_STARTERS | _PRONOUNS | _TITLES
        and t.norm not in lower  # "Smugglers in a van ... other smugglers": a common noun
        and not all(_word_present(k, other.vocabulary) for k in _name_keys(t.norm))
        for t, other in ((x, b), (y, a))
    )


def _speaks(entity: Entity, analysis: Analysis) -> bool:
    """A name that is (part of) who said it: the attribution check compares speakers, and knows that a
    speaker named in one sentence and a pronoun or a description in the other is no swap. Pairing it with
    some other name of the other sentence would compare different slots (``said Congressman Dick
    Gephardt`` / ``he told the Register``). Dates inside a speaker phrase still count."""
    if entity.kind != "name":
        return False
    start = analysis.tokens[entity.first].start
    return any(start in s.starts for s in analysis.speakers)


_SLOT_WORDS = 2
"""Most words besides names a changed stretch may hold on either side for a name in it to have taken the
place of a name on the other side. Read on MRPC pairs: in a longer rewritten stretch the names that went
and came mostly fill other roles (``the judge said`` -> ``Judge Smith told The Sun``), in a short one they
are swaps (``in Geneva`` -> ``in Vienna``, ``broader S&P 500`` -> ``tech-laced Nasdaq``)."""


def _one_slot(analysis: Analysis, start: int, end: int) -> bool:
    """The changed stretch ``[start, end)`` is names plus at most ``_SLOT_WORDS`` other content words."""
    named = {
        k for e in analysis.entities if e.first < end and e.last >= start for k in range(e.first, e.last + 1)
    }
    others = [
        t
        for k, t in enumerate(analysis.tokens[start:end], start)
        if k not in named and t.norm not in _COMMON_STARTERS and t.norm not in _LIGHT
    ]
    return len(others) <= _SLOT_WORDS


def _entity_claims(a: Analysis, b: Analysis, regions: list[Region]) -> list[Claim]:
    """Names swapped inside one changed stretch: ``in Geneva`` -> ``in Vienna``, ``Tuesday`` -> ``Friday``.

    A weekday or a month swapped anywhere in a stretch is a new date (a sentence seldom holds two); a name
    when the stretch is about the names (``_one_slot``), or when it shares a part with the name that went
    (``Striker Emil Nyberg scored`` -> ``goals from Erik Nyberg``); names of speakers are left to the
    attribution check."""
    claims: list[Claim] = []
    for a0, a1, b0, b1 in regions:
        if (a0, a1, b0, b1) == (0, 1, 0, 1) and _lone_start_swap(a, b):
            claims.append(Claim("entity", a.tokens[0].core, b.tokens[0].core))  # Russia -> Ukraine launched
            continue
        gone = [
            e
            for e in a.entities
            if e.first < a1 and e.last >= a0 and not _entity_present(e, b) and not _speaks(e, a)
        ]
        new = [
            e
            for e in b.entities
            if e.first < b1 and e.last >= b0 and not _entity_present(e, a) and not _speaks(e, b)
        ]
        one_slot = _one_slot(a, a0, a1) and _one_slot(b, b0, b1)
        if not one_slot:
            # a longer rewrite: a name still takes another's place when they share a part (Emil / Erik
            # Nyberg, Nassau County / Nassau University Medical Center)
            kin = next(
                (
                    (e, f)
                    for e in gone
                    for f in new
                    if e.kind == f.kind == "name" and set(e.keys) & set(f.keys)
                ),
                None,
            )
            gone = [e for e in gone if e.kind != "name" or (kin is not None and e is kin[0])]
            new = [f for f in new if f.kind != "name" or (kin is not None and f is kin[1])]
        for kind in ("weekday", "month", "name"):
            went = [e for e in gone if e.kind == kind]
            came = [f for f in new if f.kind == kind]
            if kind == "name" and one_slot:
                pairs = _pair_by_role(a, b, went, came)
            else:
                pairs = _pair("entity", [e.text for e in went], [f.text for f in came])
            claims += [c for c in pairs if not is_typo(fold(c.before), fold(c.after))]  # Smith / Smyth
    return claims


def _pair_by_role(a: Analysis, b: Analysis, went: list[Entity], came: list[Entity]) -> list[Claim]:
    """Names that went paired with names that came in the same role (``_role``): a name that only took
    another's position in the word diff but fills another role is a detail dropped and one added."""
    claims: list[Claim] = []
    for role in dict.fromkeys(_role(a, e) for e in went):
        claims += _pair(
            "entity",
            [e.text for e in went if _role(a, e) == role],
            [f.text for f in came if _role(b, f) == role],
        )
    return claims


_ROLE_PREPOSITIONS = _PREPOSITIONS | frozenset(
    "into to by near across toward towards onto through against over under between outside inside via "
    "about after before since until".split()
)
_ROLE_DETERMINERS = _DETERMINERS | frozenset("his her its their our".split())


def _role(analysis: Analysis, entity: Entity) -> tuple[bool, bool]:
    """How a name stands in its sentence: after a preposition (``from Jakarta``) or not (``said John Howard
    had``), and as a modifier of the common noun after it (``the Venango County man``, ``the Dallas
    pastor``) or as the noun itself (``Waagner``, ``Dr. Evans``). Titles and articles before it are
    skipped."""
    tokens = analysis.tokens
    k = entity.first - 1
    determiner = False
    while k >= 0 and (tokens[k].norm.rstrip(".") in _TITLES or tokens[k].norm in _ROLE_DETERMINERS):
        determiner = determiner or tokens[k].norm in _ROLE_DETERMINERS
        k -= 1
    preposition = k >= 0 and tokens[k].norm in _ROLE_PREPOSITIONS and not tokens[k].surface.endswith(_PAUSE)
    end = entity.last + 1
    if end < len(tokens) and tokens[end].surface.isdigit():
        end += 1  # the number of a name is part of it: "the S&P 500 index"
    last = tokens[end - 1]
    after = tokens[end] if end < len(tokens) else None
    modifier = determiner and not last.surface.endswith((*_CLAUSE_END, ".")) and _noun_initial(after) != ""
    return preposition, modifier


_LIGHT = frozenset(
    "do does did be is are was were been being has have had will would can could should may might must "
    "a an the one any some to".split()
)
"""Words a negation brings along ("did not", "no one was"): no content of their own."""


def _negation_claims(a: Analysis, b: Analysis, regions: list[Region]) -> list[Claim]:
    """A claim turned into its opposite: a changed stretch where one side is the other plus a negation,
    with at most one word swapped for it ("would resume" -> "would not resume", "denied" -> "confirmed",
    "did not accept" -> "accepted", "two people were hurt" -> "no one was hurt").

    Not a flip: the same number of negations in both sentences (a moved "not": "prosecuted not because of
    who she is" -> "not prosecuted for who she is"), or a negation inside a rewrite that brings words of
    its own ("aiding rate cut hopes" -> "doing nothing to discourage them"); MRPC showed those to be
    paraphrases as often as not.
    """
    if len(a.negations) == len(b.negations):
        return []
    claims: list[Claim] = []
    for a0, a1, b0, b1 in regions:
        negated_a = any(a0 <= i < a1 for i, _ in a.negations)
        negated_b = any(b0 <= j < b1 for j, _ in b.negations)
        if negated_a == negated_b:
            continue
        neg, plain = (a.tokens[a0:a1], b.tokens[b0:b1]) if negated_a else (b.tokens[b0:b1], a.tokens[a0:a1])
        cues = a if negated_a else b
        offset = a0 if negated_a else b0
        cue_at = {i for i, _ in cues.negations}
        rest = [t for k, t in enumerate(neg, offset) if k not in cue_at and not _light(t)]
        replaced = [u for u in plain if not _light(u) and not any(_same_word(u.norm, t.norm) for t in neg)]
        if len(replaced) <= 1 and all(any(_same_word(t.norm, u.norm) for u in plain) for t in rest):
            claims.append(Claim("negation", _window(a, a0, a1), _window(b, b0, b1)))
    return claims


def _light(t: Token) -> bool:
    """A word with no content of its own next to a negation; counts too: "no one" replaces "two people"."""
    return t.norm in _LIGHT or t.norm in _UNITS or t.norm[:1].isdigit()


def _same_word(x: str, y: str) -> bool:
    """The same word in another form: a typo, an inflection (``accept`` / ``accepted``, ``history`` /
    ``histories``) or a figure in digits and in words (``2`` / ``two``)."""
    if x == y or is_typo(x, y) or _inflected(*sorted((x, y), key=len)):
        return True
    value = _word_value(x)
    return value is not None and value == _word_value(y)


_INFLECTIONS = frozenset(["s", "es", "d", "ed", "ing", "'s"])


def _inflected(short: str, long: str) -> bool:
    """``long`` is ``short`` with a regular ending: ``team`` / ``teams``, ``hate`` / ``hated``, ``history``
    / ``histories``, ``make`` / ``making``."""
    if len(short) < 2:
        return False
    if long.startswith(short) and long[len(short) :] in _INFLECTIONS:
        return True
    return long in (short[:-1] + "ies", short[:-1] + "ied", short[:-1] + "ing")


def _word_value(word: str) -> int | None:
    """A whole number written in digits, as an ordinal in digits (``11th``: a date said aloud) or in words."""
    digits = word[:-2] if word[-2:] in ("st", "nd", "rd", "th") else word
    if digits.isdigit():
        return int(digits)
    return _UNITS.get(word)


def _window(analysis: Analysis, start: int, end: int) -> str:
    """The changed words with two words of context each side, as written."""
    tokens = analysis.tokens
    if not tokens:
        return ""
    lo, hi = max(0, start - 2), min(len(tokens), max(end, start + 1) + 2)
    return analysis.text[tokens[lo].start : tokens[hi - 1].end].strip(_EDGE)


def _covered(claim: Claim, others: list[Claim]) -> bool:
    """An entity change already shown inside a quote or a speaker swap is not flagged twice."""
    return any(fold(claim.before) in fold(o.before) and fold(claim.after) in fold(o.after) for o in others)


def compare_claims(before: str, after: str) -> list[Claim]:
    """Every changed claim between a base sentence and its aligned version, in kind order.

    Identical sentences return ``[]`` at once; otherwise each check compares the cached analyses and one
    token diff (cost: tens of µs for a news sentence).
    """
    if before == after:
        return []
    a, b = analyse(before), analyse(after)
    regions = _regions(a, b)
    numbers = _number_claims(a, b, regions)
    quotes = _quote_claims(a, b)
    speakers = _attribution_claims(a, b)
    entities = [c for c in _entity_claims(a, b, regions) if not _covered(c, quotes + speakers)]
    return numbers + quotes + speakers + entities + _negation_claims(a, b, regions)
