"""Claim flags: explicit checks on an aligned sentence pair for a changed figure, quote, speaker, name, sense.

Why explicit checks: every rapidfuzz scorer gives 96-99.6 to a sentence whose number, speaker, quoted word
or negation changed (issue 5), so no similarity threshold can see these; an editor must. Each check reads
both sentences the same way (:func:`analyse`, cached per sentence text) and compares what it found:

Every kind flags a swap (something replaced by something else), never a detail only dropped or only
added; a rewrite that leaves out a figure or a name is an omission, not a changed claim.

- ``number``: figures, percentages, ordinals, dates, counts and written numbers, compared by value; a
  figure with no equal is paired with a new one in the same changed stretch of the word diff. A rounded
  or hedged amount ("two decades", "about 300", "dozens") matches within 25 %, so "24 years" -> "two
  decades" is the same claim; exact figures must be equal ("12 dead" -> "14 dead" is not). "one" in "one
  of the", "no one", "one another" is no number.
- ``quote``: words inside quotation marks (straight or curly; a quote cut by a sentence boundary counts
  from the sentence edge) replaced, dropped or added inside the quote beyond case, punctuation, a
  contraction or a typo. A quote trimmed or extended at its ends is the same quote, shorter or longer.
- ``attribution``: who said it ("X said", "said X", "according to X"). Named speakers are compared by
  name, unnamed ones ("police", "the agency") by word; pronouns and named-vs-unnamed are not compared.
- ``entity``: capitalised names, places, organisations, weekdays and months swapped inside one changed
  stretch. Heuristic, no model (spaCy-style NER needs model downloads): a lone sentence-initial capital
  counts only when it is swapped for another (``Russia launched`` -> ``Ukraine launched``).
- ``negation``: not / n't / no / never / nobody / denied / refused / declined ... on one side only of a
  short changed stretch (a negation inside a long rewrite is as often a paraphrase: MRPC showed it).

Measured in ``bench/eval_aligned.py`` (per-kind precision and recall) and ``bench/eval_mrpc.py`` (how often
each kind fires on paraphrases and non-paraphrases).

Cost: ``analyse`` is one pass over a sentence's tokens (~70 µs, cached); a comparison is set work over a
handful of items plus one token opcode run (~60 µs).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, Indel, Opcode

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
        "—": "-",
        "–": "-",
        "‒": "-",
        "−": "-",
        "\u00a0": " ",
    }
)
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text for comparison: NFKC, case-folded, straight quotes and dashes, no invisible marks, one space."""
    if not text.isascii():  # ASCII needs none of the Unicode steps: the common case, 5x faster
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE))
    return _SPACES.sub(" ", text).strip().casefold()


_WORD = re.compile(r"[$€£]?\w+(?:[.,:'/]\w+)*%?")
_ACRONYM = re.compile(r"(?:\w\.)+\w\.?")
_PERCENT_WORDS = frozenset(["percent", "pct"])
_CONTRACTIONS = {"won't": "will not", "can't": "can not", "cannot": "can not", "shan't": "shall not"}


@lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """Folded words, no punctuation: figures keep ``$%,.``; ``don't`` -> ``do not``; ``F.T.C.`` -> ``ftc``.

    Cached: the aligner asks for the same sentence's words many times.
    """
    out: list[str] = []
    for word in _WORD.findall(fold(text).replace("-", " ")):
        if word in _CONTRACTIONS:
            out += _CONTRACTIONS[word].split()
        elif word.endswith("n't"):
            out += [word[:-3], "not"]
        elif word in _PERCENT_WORDS:
            out.append("%")
        elif word.endswith("%") and len(word) > 1:
            out += [word[:-1], "%"]  # 4.25% / 4.25 percent
        elif _ACRONYM.fullmatch(word) and not word[0].isdigit():
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


_PIECE = re.compile(r"\S+")


def _tokens(text: str) -> tuple[Token, ...]:
    out: list[Token] = []
    for m in _PIECE.finditer(text):
        core = m.group().strip(_EDGE)
        if core:
            norm = core.lower() if core.isascii() else fold(core)
            out.append(Token(m.group(), core, norm, m.start(), m.end()))
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
_YEAR_UNITS = {"year": 1, "years": 1, "decade": 10, "decades": 10, "century": 100, "centuries": 100}
_HEDGES = frozenset("about around nearly almost roughly approximately some estimated".split())
"""Words that make a figure approximate; bounds ("more than", "at least", "up") keep it exact."""
_PERCENT = frozenset(["percent", "pct", "per cent", "%", "percentage"])
_CURRENCY_WORDS = {"dollars": "$", "dollar": "$", "dlrs": "$", "dlr": "$", "pounds": "£", "euros": "€"}
_NOT_ONE_AFTER = frozenset("of another or who that which day time thing way by".split())
_NOT_ONE_BEFORE = frozenset("no any every the this that which each some someone".split())
_NUMERAL = re.compile(r"((?:[a-z]{1,3})?[$€£])?(\d[\d,]*(?:\.\d+)?)(%|st|nd|rd|th|s|m|bn)?(?:-[a-z]+)*")
_LITERAL = re.compile(r"\d+(?:[:/\-]\d+)+")
"""Clock times, scores and ranges (``5:30``, ``51-49``, ``1986/87``): compared as written."""
_TOLERANCE = 0.25
_STOP_AFTER = frozenset(
    "of on in at and the to a an for by with from per as or than this that its their his her".split()
)


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
    index: int
    """Token position, to pair a changed figure with its replacement in the same changed stretch."""


def _number_mentions(tokens: Sequence[Token], text: str) -> tuple[Mention, ...]:
    mentions: list[Mention] = []
    i = 0
    n = len(tokens)
    while i < n:
        norm = tokens[i].norm
        start = i
        value: float | None = None
        literal = ""
        unit = ""
        vague = False
        if _LITERAL.fullmatch(norm):
            literal = norm
            i += 1
        elif m := _NUMERAL.fullmatch(norm):
            value = float(m[2].replace(",", ""))
            unit = m[1] or ("%" if m[3] == "%" else "th" if m[3] in ("st", "nd", "rd", "th") else "")
            if m[3] in ("m", "bn"):
                value *= _SCALES[m[3]]
            vague = m[3] == "s" and value >= 10  # "the 1990s", "in their 20s"
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
            total = 0.0
            current = 0.0
            while i < n:
                parts = tokens[i].norm.split("-")
                if all(p in _UNITS for p in parts) and tokens[i].norm not in ("a", "an"):
                    current += sum(_UNITS[p] for p in parts)
                elif tokens[i].norm in ("a", "an") and i == start:
                    current = 1
                elif tokens[i].norm in ("dozen", "score"):
                    current = max(current, 1) * (12 if tokens[i].norm == "dozen" else 20)
                elif tokens[i].norm in _SCALES and tokens[i].norm not in ("m", "bn") and current:
                    if tokens[i].norm == "hundred":
                        current *= 100
                    else:
                        total += current * _SCALES[tokens[i].norm]
                        current = 0
                elif tokens[i].norm == "and" and current and i + 1 < n and tokens[i + 1].norm in _UNITS:
                    pass
                else:
                    break
                i += 1
            value = total + current
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
        if value is not None:
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
            elif i < n and tokens[i].norm in _YEAR_UNITS:
                value *= _YEAR_UNITS[tokens[i].norm]
                vague = vague or _YEAR_UNITS[tokens[i].norm] > 1
                unit = "year"
                i += 1
        if start > 0 and tokens[start - 1].norm in _HEDGES:
            vague = True
        end = i
        if end < n and tokens[end].norm.isalpha() and tokens[end].norm not in _STOP_AFTER:
            end += 1  # the counted thing, for the reader: "12 dead"
        shown = text[tokens[start].start : tokens[end - 1].end].strip(_EDGE.replace("%", ""))
        raw = _NUMERAL.fullmatch(tokens[start].norm)
        figure = float(raw[2].replace(",", "")) if raw else None
        mentions.append(Mention(value, literal, unit, vague, shown, figure, start))
    return tuple(mentions)


def _same_number(a: Mention, b: Mention) -> bool:
    if a.literal or b.literal:
        return a.literal == b.literal
    assert a.value is not None and b.value is not None
    if a.unit and b.unit and a.unit != b.unit:
        return False
    if a.value == b.value or (a.raw is not None and a.raw == b.raw and a.raw in (a.value, b.value)):
        return True
    if a.vague or b.vague:
        return abs(a.value - b.value) <= _TOLERANCE * max(abs(a.value), abs(b.value))
    return False


# --- quotes ------------------------------------------------------------------------------------------------

_QUOTE_CHARS = '"“”„«»‘’'


def _quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans inside quotation marks; an unclosed quote runs to the end, an unopened one from the start."""
    if not any(q in text for q in _QUOTE_CHARS):
        return ()
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_char = ""
    for i, ch in enumerate(text):
        if ch not in _QUOTE_CHARS:
            continue
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
    "declared declares tweeted posted".split()
)
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
_QUOTE_ENDS = ('"', "”", "’", "'")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a sentence attributes a statement to: the words as written, their comparable core, and the
    names among them (capitalised words that are no title: ``Mayor John Smith`` -> ``john``, ``smith``)."""

    text: str
    key: frozenset[str]
    names: frozenset[str]


def _speaker(tokens: Sequence[Token], text: str) -> Speaker | None:
    if not tokens:
        return None
    keys = [t.norm for t in tokens if t.norm not in _DETERMINERS]
    if not keys or (len(keys) == 1 and keys[0] in _PRONOUNS):
        return None
    shown = text[tokens[0].start : tokens[-1].end].strip(_EDGE)
    names = frozenset(
        t.norm
        for t in tokens
        if _is_name_word(t.core) and t.norm not in _TITLES | _COMMON_STARTERS | _DETERMINERS | _PRONOUNS
    )
    return Speaker(shown, frozenset(k.removesuffix("'s") for k in keys), names)


def _speakers(tokens: Sequence[Token], text: str) -> tuple[Speaker, ...]:
    if not any(t.norm in _SPEECH_VERBS or t.norm == "according" for t in tokens):
        return ()
    found: list[Speaker] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok.norm == "according" and i + 1 < n and tokens[i + 1].norm == "to":
            if s := _speaker(_run_forward(tokens, i + 2), text):
                found.append(s)
        elif tok.norm in _SPEECH_VERBS:
            back = _speaker(_run_backward(tokens, i), text)
            prev = tokens[i - 1].surface if i else ""
            inverted = prev.endswith(_QUOTE_ENDS) or (prev.endswith(",") and back is None)
            run = _run_forward(tokens, i + 1) if inverted else []
            if run and (run[0].core[:1].isupper() or run[0].norm in _DETERMINERS | _PRONOUNS):
                # inverted: “...,” said John Smith, the mayor.
                if s := _speaker(run, text):
                    found.append(s)
            elif back is not None:
                found.append(back)
    return tuple(found)


def _run_forward(tokens: Sequence[Token], start: int) -> list[Token]:
    run: list[Token] = []
    for k, t in enumerate(tokens[start : start + 7], start):
        if t.norm in _SPEAKER_STOP and not (
            t.norm == "and" and k + 1 < len(tokens) and _is_name_word(tokens[k + 1].core)
        ):
            break
        run.append(t)
        if t.surface.endswith((*_CLAUSE_END, ".")) and t.norm not in _TITLES:
            break
    return run


def _run_backward(tokens: Sequence[Token], verb: int) -> list[Token]:
    """The words before a speech verb back to a clause edge: ``“...,” the mayor said`` -> ``the mayor``."""
    run: list[Token] = []
    for j in range(verb - 1, max(-1, verb - 9), -1):
        t = tokens[j]
        if t.norm in _SPEAKER_SKIP:
            continue
        if t.norm in _SPEAKER_STOP or t.norm in _SPEECH_VERBS:
            break
        if t.surface.endswith((*_CLAUSE_END, ".")) and not (j == verb - 1 and t.surface.endswith(",")):
            break
        run.append(t)
        if t.surface.startswith(_CLAUSE_END):
            break
    run.reverse()
    return run


# --- entities ------------------------------------------------------------------------------------------

_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_TITLES = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt gov sen rep rev president prime minister secretary chief "
    "mayor judge justice king queen pope prince princess premier chancellor governor senator "
    "representative spokesman spokeswoman spokesperson director chairman ceo general colonel "
    "lieutenant captain sheriff officer inspector commissioner ambassador deputy vice foreign defence "
    "defense interior finance state former acting".split()
)
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d]*(?:[.'’\-&][^\W\d]+)*\.?")
_CORPORATE = frozenset("inc corp co ltd llc plc group holdings".split())
_CONNECTORS = frozenset("of de la del von van al bin da di du le".split())
_COMMON_STARTERS = frozenset(
    """a an the this that these those it its he she they we i you his her their our my your there here
    but and or so yet for nor if when while after before as at in on of by with from to into over under
    about against between during without within since until although though because however meanwhile
    moreover also still then now later earlier today yesterday tomorrow last next new some many most
    more few several all both each every no not one two three four five six seven eight nine ten other
    another such only even just what which who whom whose where why how officials police authorities
    analysts experts witnesses residents critics investigators prosecutors lawmakers protesters
    according despite instead once asked speaking""".split()
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


def _is_name_word(core: str) -> bool:
    """A capitalised word that is no number word (``Twelve people`` names no one)."""
    return (
        core[:1].isupper()
        and _NAME_WORD.fullmatch(core) is not None
        and core.lower() not in _UNITS
        and core.lower() not in _ORDINALS
    )


def _common_start(tokens: Sequence[Token], i: int) -> bool:
    """A capital that only says "a sentence starts here": a common word, or one word alone (``Preventing``).

    An all-capitals word (``NATO``) or the start of a longer name (``North Korea``) still counts.
    """
    tok = tokens[i]
    if tok.norm in _COMMON_STARTERS or tok.norm in _PRONOUNS:
        return True
    if tok.core.isupper() and len(tok.core) > 1:
        return False
    return not (i + 1 < len(tokens) and _is_name_word(tokens[i + 1].core) and not tok.surface.endswith(","))


def _sentence_start(tokens: Sequence[Token], i: int) -> bool:
    if i == 0:
        return True
    prev = tokens[i - 1].surface
    return prev.endswith((".", "!", "?", ":")) and not prev.rstrip(_EDGE)[-1:].isupper()


def _entities(tokens: Sequence[Token], text: str) -> tuple[Entity, ...]:
    found: list[Entity] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if (
            not _is_name_word(tok.core)
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
                t.norm in _CONNECTORS and j + 1 < n and tokens[j + 1].core[:1].isupper()
            ):
                run.append(t)
                j += 1
            else:
                break
        for piece in _split_dates(run):
            offset = i + run.index(piece[0])
            if not all(t.norm in _TITLES or t.norm in _CORPORATE for t in piece):
                found.append(_entity(piece, offset, text))
        i = j
    return tuple(found)


def _entity(piece: list[Token], first: int, text: str) -> Entity:
    norms = [t.norm for t in piece]
    kind = "weekday" if norms[0] in _WEEKDAYS else "month" if norms[0] in _MONTHS else "name"
    phrase = " ".join(norms)
    if phrase in _ALIASES:
        keys = (_ALIASES[phrase],)
    else:
        names = [k for k in norms if k not in _TITLES | _CONNECTORS | _CORPORATE] or norms
        keys = tuple(_ALIASES.get(k, k).replace(".", "") for k in names)
    shown = text[piece[0].start : piece[-1].end].strip(_EDGE)
    return Entity(shown, kind, keys, first, first + len(piece) - 1)


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

_NEGATION_CUES = frozenset("not no never none nobody nothing nowhere neither nor cannot unable".split())
_DENIALS = frozenset(
    "deny denies denied denying denial refuse refuses refused refusing reject rejects rejected rejecting "
    "decline declines declined declining".split()
)


def _negation_cue(tok: Token, nxt: Token | None) -> str | None:
    norm = tok.norm
    if norm.endswith("n't"):
        return "not"
    if norm == "no" and nxt is not None and tok.surface.endswith(".") and nxt.norm[:1].isdigit():
        return None  # "No. 2"
    if norm == "cannot":
        return "not"
    if norm == "no" and nxt is not None and nxt.norm == "one":
        return "nobody"
    if norm in _NEGATION_CUES or ("-" in norm and _NEGATION_CUES.intersection(norm.split("-"))):
        return "not" if "-" in norm else norm
    if norm in _DENIALS:
        return "deny"
    return None


# --- analysis ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the checks read from one sentence; built once per sentence text."""

    text: str
    tokens: tuple[Token, ...]
    numbers: tuple[Mention, ...]
    quotes: tuple[tuple[int, int], ...]
    speakers: tuple[Speaker, ...]
    entities: tuple[Entity, ...]
    negations: tuple[tuple[int, str], ...]
    vocabulary: frozenset[str]


@lru_cache(maxsize=8192)
def analyse(text: str) -> Analysis:
    """Read a sentence once for every check (cached: a base sentence meets every version)."""
    tokens = _tokens(text)
    negations = tuple(
        (i, cue)
        for i, tok in enumerate(tokens)
        if (cue := _negation_cue(tok, tokens[i + 1] if i + 1 < len(tokens) else None))
    )
    folded = fold(text)
    vocabulary = frozenset(_ALIASES.get(t.norm, t.norm).replace(".", "") for t in tokens) | frozenset(
        _ALIASES[p] for p in _MULTIWORD_ALIASES if p in folded
    )
    return Analysis(
        text,
        tokens,
        _number_mentions(tokens, text),
        _quote_spans(text),
        _speakers(tokens, text),
        _entities(tokens, text),
        negations,
        vocabulary,
    )


# --- comparison --------------------------------------------------------------------------------------------

Region = tuple[int, int, int, int]
"""A changed stretch of the word diff: tokens ``[a0, a1)`` of the base became ``[b0, b1)`` of the version."""


def _regions(a: Analysis, b: Analysis) -> list[Region]:
    """Changed stretches of the token diff; a deletion next to an insertion is one replacement."""
    merged: list[Region] = []
    for op in Indel.opcodes([t.norm for t in a.tokens], [t.norm for t in b.tokens]):
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
    """Figures of the base with no equal in the version, paired with new figures in the same changed stretch.

    A figure only dropped or only added is a detail, not a changed claim; pairing across the sentence
    would match unrelated figures of a rewritten sentence.
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
        gone = [m.text for m in missing if a0 <= m.index < a1]
        new = [m.text for m in left if b0 <= m.index < b1]
        claims += _pair("number", gone, new)
    return claims


def _changed_span(before: Sequence[str], after: Sequence[str]) -> tuple[str, str] | None:
    """The changed stretch inside two quotes, with two words of context each side.

    Typos are no change, and neither is a quote trimmed or extended at its ends (a shorter excerpt of the
    same words); words replaced, added or dropped inside it are.
    """
    ops = [op for op in Indel.opcodes(before, after) if op.tag != "equal"]
    real = [
        op
        for op in ops
        if not (
            op.tag in ("delete", "insert")
            and (op.src_start == op.dest_start == 0 or _at_end(op, before, after))
        )
    ]
    if not real:
        return None
    if all(o.tag in ("delete", "insert") for o in real) and len(real) == 2:
        d, ins = sorted(real, key=lambda o: o.tag)
        gone, new = before[d.src_start : d.src_end], after[ins.dest_start : ins.dest_end]
        if len(gone) == len(new) and all(is_typo(x, y) for x, y in zip(gone, new, strict=True)):
            return None
    b0, b1 = max(0, real[0].src_start - 2), min(len(before), real[-1].src_end + 2)
    a0, a1 = max(0, real[0].dest_start - 2), min(len(after), real[-1].dest_end + 2)
    return _ellipsis(before, b0, b1), _ellipsis(after, a0, a1)


def _at_end(op: Opcode, before: Sequence[str], after: Sequence[str]) -> bool:
    return op.src_end == len(before) and op.dest_end == len(after)


def _ellipsis(seq: Sequence[str], start: int, end: int) -> str:
    return ("… " if start > 0 else "") + " ".join(seq[start:end]) + (" …" if end < len(seq) else "")


def _quote_claims(a: Analysis, b: Analysis) -> list[Claim]:
    quotes_a = [words(a.text[s:e]) for s, e in a.quotes]
    quotes_b = [words(b.text[s:e]) for s, e in b.quotes]
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
        elif not _contains(words(b.text), qa):
            gone.append(" ".join(qa))
    new = [" ".join(quotes_b[j]) for j in unmatched if not _contains(words(a.text), quotes_b[j])]
    return claims + _pair("quote", gone, new)


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """Whether the quoted words stand in the other sentence (a quote that lost its marks, or was trimmed)."""
    return not needle or fuzz.partial_ratio(" ".join(needle), " ".join(haystack)) >= 90


def _speaker_matches(x: Speaker, y: Speaker) -> bool:
    """Named speakers match on a shared name; unnamed ones ("police", "the agency") on a shared word.

    A named and an unnamed speaker always match: "the CIA" may well be "the agency".
    """
    if bool(x.names) != bool(y.names):
        return True
    keys_x, keys_y = (x.names, y.names) if x.names else (x.key, y.key)
    return any(k == m or is_typo(k, m) for k in keys_x for m in keys_y)


def _attribution_claims(a: Analysis, b: Analysis) -> list[Claim]:
    before = [s.text for s in a.speakers if not any(_speaker_matches(s, t) for t in b.speakers)]
    after = [t.text for t in b.speakers if not any(_speaker_matches(s, t) for s in a.speakers)]
    return _pair("attribution", before, after)


def _entity_present(entity: Entity, other: Analysis) -> bool:
    """Every identifying word of the entity stands in the other sentence (``Emil Nyberg`` is not in ``Erik
    Nyberg``; ``Korea`` is in ``Korean``, ``Russia`` in ``Russian's``)."""
    return all(_word_present(key, other.vocabulary) for key in entity.keys)


def _word_present(key: str, vocabulary: frozenset[str]) -> bool:
    if key in vocabulary:
        return True
    return len(key) >= 4 and any(
        len(w) >= 4 and (w.startswith(key) or key.startswith(w)) and abs(len(w) - len(key)) <= 3
        for w in vocabulary
    )


def _lone_start_swap(x: Token, y: Token) -> bool:
    return not is_typo(x.norm, y.norm) and all(
        _is_name_word(t.core) and t.norm not in _COMMON_STARTERS | _PRONOUNS for t in (x, y)
    )


def _entity_claims(a: Analysis, b: Analysis, regions: list[Region]) -> list[Claim]:
    """Names swapped inside one changed stretch: ``in Geneva`` -> ``in Vienna``, ``Tuesday`` -> ``Friday``."""
    claims: list[Claim] = []
    for a0, a1, b0, b1 in regions:
        if (a0, a1, b0, b1) == (0, 1, 0, 1) and _lone_start_swap(a.tokens[0], b.tokens[0]):
            claims.append(Claim("entity", a.tokens[0].core, b.tokens[0].core))  # Russia -> Ukraine launched
            continue
        gone = [e for e in a.entities if e.first < a1 and e.last >= a0 and not _entity_present(e, b)]
        new = [e for e in b.entities if e.first < b1 and e.last >= b0 and not _entity_present(e, a)]
        for kind in ("weekday", "month", "name"):
            pairs = _pair(
                "entity", [e.text for e in gone if e.kind == kind], [e.text for e in new if e.kind == kind]
            )
            claims += [c for c in pairs if not is_typo(fold(c.before), fold(c.after))]  # Smith / Smyth
    return claims


_LOCAL = 4
"""Most words on either side of a replaced stretch for a negation in it to count as a flipped polarity; an
inserted or deleted stretch may hold two words ("not", "did not")."""


def _negation_claims(a: Analysis, b: Analysis, regions: list[Region]) -> list[Claim]:
    """A negation added or removed in a local edit ("would resume" -> "would not resume").

    A negation inside a long rewritten stretch ("declined to comment" -> "said he had no comment") is a
    paraphrase as often as a flip; MRPC showed those flags to be noise, so they need a short stretch.
    """
    claims: list[Claim] = []
    for a0, a1, b0, b1 in regions:
        span = max(a1 - a0, b1 - b0) if a1 > a0 and b1 > b0 else (a1 - a0) + (b1 - b0) + _LOCAL - 2
        if span > _LOCAL:
            continue
        negated_a = any(a0 <= i < a1 for i, _ in a.negations)
        negated_b = any(b0 <= j < b1 for j, _ in b.negations)
        if negated_a != negated_b:
            claims.append(Claim("negation", _window(a, a0, a1), _window(b, b0, b1)))
    return claims


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
