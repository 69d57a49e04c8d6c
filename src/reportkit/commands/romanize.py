"""Romanized forms for the English edition: Hanyu pinyin written by words, Hepburn for Japanese.

Both are proposals: segmentation and readings are guesses a person checks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..text.languages import HAN, KANA

# Punctuation of Chinese and Japanese text and its counterpart in English text.
_PUNCTUATION = str.maketrans({"、": ",", "。": ".", "《": "“", "》": "”", "〈": "‘", "〉": "’",
                              "「": "“", "」": "”", "『": "‘", "』": "’", "·": " ", "・": " ",
                              "【": "[", "】": "]", "〔": "(", "〕": ")", "\u3000": " "})
_OPENING = set("“‘([")
_CLOSING = set("”’)],.?!:;…%")
_DASHES = set("—–")
# jieba's tags for names of people, places, organisations and other proper nouns.
_PROPER_TAGS = ("nr", "ns", "nt", "nz")
# Surnames read otherwise than the same character in running text.
_SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "區": "ou",
                     "查": "zha", "朴": "piao", "乐": "yue", "樂": "yue", "缪": "miao", "繆": "miao",
                     "覃": "qin", "翟": "zhai", "召": "shao", "种": "chong", "種": "chong",
                     "秘": "bi", "隗": "wei", "万俟": "moqi", "萬俟": "moqi"}
# "Five states", "both sides": a number and a noun, which jieba may tag as a place name.
_COUNTED = re.compile(r"^[一二三四五六七八九十两双几多数]+[国方地省市边]$")
_LONG_VOWELS = (("ou", "ō"), ("oo", "ō"), ("uu", "ū"), ("aa", "ā"), ("ee", "ē"))


def pinyin_words(text: str, proper: bool = False, names: tuple[str, ...] = ()) -> str:
    """Chinese text in pinyin written by words, sentence style.

    jieba segments the text; words it tags as names of people, places or
    organisations are capitalised, as is the first word (every word when
    `proper`, for the name of an institution). Digits, Latin text and
    punctuation are kept, Chinese punctuation becomes its English counterpart.
    """
    people = _known_people(names)
    try:
        segments = list(_segments(_normalized(text)))
    finally:
        _forget_people(people)
    tokens, other = [], ""
    for word, tag in segments:
        if not HAN.search(word):
            other += word  # jieba cuts other scripts letter by letter: keep them together
            continue
        tokens += _plain_tokens(other)
        other = ""
        if word in people:   # a person's name: family and given name, each one capitalised word
            tokens += [_capitalized(_pinyin(part)) for part in people[word]]
            continue
        capital = proper or (tag.startswith(_PROPER_TAGS) and not _COUNTED.match(word))
        for run in _runs(word):
            if HAN.search(run):
                tokens += [_capitalized(p) if capital else p for p in map(_pinyin, _pieces(run))]
            else:
                tokens += _plain_tokens(run)
    return _first_capitalized(_joined(tokens + _plain_tokens(other)))


def _known_people(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Declared names (田中 花子), taught to jieba as names of people: whole name → its parts."""
    import jieba

    people = {}
    for name in names:
        parts = tuple(name.split())
        whole = _simplified("".join(parts))
        if HAN.search(whole) and not _dictionary().get(whole):   # 0 once forgotten
            jieba.add_word(whole, tag="nr")
            people[whole] = parts   # one part: a transliterated name, one word (托马斯 → Tuomasi)
    return people


def _forget_people(people: dict) -> None:
    """Take the declared names out of jieba's dictionary again: it is the process's, not the entry's."""
    import jieba

    for word in people:
        jieba.del_word(word)


def pinyin_name(text: str, surname: bool = False) -> str:
    """A family or given name in pinyin, one capitalised word: 欧阳 → Ouyang, 小明 → Xiaoming."""
    if surname and text in _SURNAME_READINGS:
        return _SURNAME_READINGS[text].capitalize()
    return _capitalized(_pinyin(_normalized(text)))


def hepburn_words(text: str, proper: bool = False) -> str:
    """Japanese text in Hepburn romanization with macrons, by words, sentence style.

    pykakasi reads the text; a long run of kanji it keeps whole is split into
    dictionary words (東京大学出版会 → Tōkyō daigaku shuppankai), and a kanji word
    jieba tags as a name of a place or organisation is capitalised.
    """
    tokens = []
    for segment in _kakasi().convert(_normalized(text)):
        original = segment["orig"]
        if not (HAN.search(original) or KANA.search(original)):
            tokens += _plain_tokens(original)
            continue
        pieces = _pieces(original) if not KANA.search(original) else [original]
        for piece in pieces:
            roman = _hepburn(piece)
            capital = proper or (not KANA.search(piece) and _is_proper_noun(piece))
            tokens += [_capitalized(w) if capital else w for w in roman.split()]
    return _first_capitalized(_joined(tokens))


def _hepburn(text: str) -> str:
    return " ".join(_macrons(s["hepburn"].replace("'", "’"), s["orig"])
                    for s in _kakasi().convert(text))


def _is_proper_noun(word: str) -> bool:
    segments = _segments(word)
    return len(segments) == 1 and segments[0][1].startswith(_PROPER_TAGS)


def hepburn_name(text: str) -> str:
    """A Japanese family or given name in Hepburn, one capitalised word: 花子 → Hanako."""
    return _capitalized(_hepburn(_normalized(text)).replace(" ", ""))


def japanese_name_parts(text: str) -> list[str]:
    """pykakasi's words of a Japanese name: 山田花子 → [山田, 花子] (a guess to be checked)."""
    return [s["orig"] for s in _kakasi().convert(text)]


def ascii_word(text: str) -> str:
    """Lowercase ASCII letters and digits only: Tōkyō → tokyo."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


# Segmentation ---------------------------------------------------------------

def _normalized(text: str) -> str:
    # NFKC turns full-width digits, letters and ASCII punctuation into their
    # ordinary forms; the rest of the CJK punctuation is mapped explicitly.
    return _nested_quotes(unicodedata.normalize("NFKC", text.translate(_PUNCTUATION)))


def _nested_quotes(text: str) -> str:
    """Double quotes inside double quotes become single ones, as English nests them
    (《挪威“走向”北极》 → “Nuowei ‘zouxiang’ Beiji”)."""
    result, depth = [], 0
    for char in text:
        if char == "“":
            result.append("‘" if depth % 2 else "“")
            depth += 1
        elif char == "”" and depth:
            depth -= 1
            result.append("’" if depth % 2 else "”")
        else:
            result.append(char)
    return "".join(result)


def _segments(text: str) -> list[tuple[str, str]]:
    """jieba's words and tags, read on the simplified form (its dictionary's) when that
    keeps the length, so that traditional text segments as well."""
    import jieba.posseg

    simplified = _simplified(text)
    source = simplified if len(simplified) == len(text) else text
    _dictionary()
    words, position = [], 0
    for pair in jieba.posseg.cut(source):
        words.append((text[position:position + len(pair.word)], pair.flag))
        position += len(pair.word)
    return words


def _simplified(text: str) -> str:
    return _converter().convert(text)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _runs(word: str) -> list[str]:
    """A word split into runs of Chinese characters and runs of anything else."""
    return [run for run in re.split(f"((?:{HAN.pattern})+)", word) if run]


@lru_cache(maxsize=1)
def _dictionary() -> dict:
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.initialize()
    return jieba.dt.FREQ


def _pieces(run: str) -> list[str]:
    """A long word (4 characters or more) as the fewest dictionary words of at most 3
    characters: jieba keeps names like 北京师范大学 whole, pinyin writes Beijing Shifan Daxue."""
    if len(run) < 4:
        return [run]
    known = _dictionary()
    simplified = _simplified(run)
    if len(simplified) != len(run):
        simplified = run
    best: list[tuple[int, int, list[str]] | None] = [(0, 0, [])] + [None] * len(run)
    for end in range(1, len(run) + 1):
        for size in (3, 2, 1):
            start = end - size
            if start < 0 or best[start] is None:
                continue
            if size > 1 and not known.get(simplified[start:end]):
                continue
            count, singles, pieces = best[start]
            candidate = (count + 1, singles + (size == 1), pieces + [run[start:end]])
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    return best[-1][2]


# Readings --------------------------------------------------------------------

def _pinyin(word: str) -> str:
    """One word in toneless pinyin, syllables joined, an apostrophe before a, o, e inside."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(_simplified(word), v_to_u=True)
    text = syllables[0] if syllables else ""
    for syllable in syllables[1:]:
        text += ("’" if syllable[:1] in "aoe" else "") + syllable
    return text


@lru_cache(maxsize=1)
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()


def _macrons(roman: str, original: str) -> str:
    """Long vowels as macrons (Tōkyō), in words of kanji or katakana only: in kana-written
    words such as 思う (omou) the two vowels belong to different syllables."""
    if re.search(r"[\u3040-\u309f]", original):
        return roman
    for pair, macron in _LONG_VOWELS:
        roman = roman.replace(pair, macron)
    return roman


# Assembly --------------------------------------------------------------------

def _plain_tokens(text: str) -> list[str]:
    """Digits, Latin words and punctuation as tokens; spaces only separate."""
    return re.findall(r"[^\W_][\w'’.-]*|[^\s\w]", text)


def _joined(tokens: list[str]) -> str:
    text = ""
    for token in tokens:
        if not text or text[-1] in _OPENING or text[-1] in _DASHES \
                or token in _CLOSING or token in _DASHES:
            text += token
        else:
            text += " " + token
    return text


def _capitalized(word: str) -> str:
    return word[:1].upper() + word[1:]


def _first_capitalized(text: str) -> str:
    # Sentence style: the first word starts with a capital, unless it is a number.
    match = re.search(r"\w", text)
    if not match:
        return text
    return text[:match.start()] + match.group().upper() + text[match.end():]
