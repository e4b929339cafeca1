"""LIX (läsbarhetsindex), the readability measure used for Scandinavian text.

LIX = words per sentence + 100 × long words / words, where a long word has more than six letters.
Below 30 is very easy, 30–40 easy (newspapers for everyone), 40–50 medium, above 50 hard. Page
one of the minutes is read by people with poor memory and concentration (DOMAIN.md §10), so it
aims at 35 or below.

Counting choices, stated because LIX figures are only comparable with the same rules:

* A word is a run of letters or digits (``\\w``): «AG-2026-001» is three words, «09.00» two. A
  number has no letters, so it is never long.
* A sentence ends at ``.``, ``!``, ``?`` or ``:`` followed (after any closing quote or bracket)
  by a space or the end of the text (``only_full_stops`` counts ``.`` alone, the harder count). A
  full stop after a common abbreviation («kl.», «Dr.»), or after a number and before a small
  letter («15. desember»), does not end a sentence.
* A text with words but no sentence end counts as one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_ABBREVIATIONS = frozenset(
    {"kl", "dr", "ca", "nr", "bl", "a", "f", "eks", "mr", "mrs", "ms", "st", "no", "vs"}
)


@dataclass(frozen=True)
class Lix:
    words: int
    long_words: int
    sentences: int

    @property
    def score(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words


def _sentence_ends(text: str, enders: str) -> int:
    count = 0
    for match in re.finditer(rf"(\S*?)([{re.escape(enders)}]+)(?=[»”\"')\]]*(?:\s|$))", text):
        before = match.group(1)
        last = _WORD.findall(before)
        if match.group(2) == "." and last:
            following = text[match.end() :].lstrip()
            if last[-1].lower() in _ABBREVIATIONS:
                continue  # «kl. 10.00», «Dr. Moe»: not the end of a sentence
            if last[-1].isdigit() and following[:1].islower():
                continue  # «15. desember»: an ordinal number
        if not last:
            continue  # a lone mark («…:») or punctuation after a closing quote counts with its word
        count += 1
    return count


def lix(text: str, *, only_full_stops: bool = False) -> Lix:
    """LIX of ``text``; ``only_full_stops`` ends sentences at ``.`` only (no ``!?:``)."""
    words = _WORD.findall(text)
    long_words = sum(1 for word in words if sum(ch.isalpha() for ch in word) > 6)
    sentences = _sentence_ends(text, "." if only_full_stops else ".!?:")
    if words and not sentences:
        sentences = 1
    return Lix(words=len(words), long_words=long_words, sentences=sentences)
