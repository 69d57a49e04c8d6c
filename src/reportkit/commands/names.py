"""Names of authors as a user types them: people (family and given name) and institutions."""

from __future__ import annotations

from ..text.languages import HAN, HANGUL, KANA, is_cjk_text

# Two-character Chinese surnames (simplified and traditional forms).
COMPOUND_SURNAMES = frozenset("""
欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 长孙 長孫 宇文 司徒
夏侯 轩辕 軒轅 令狐 端木 澹台 澹臺 公冶 宗政 濮阳 濮陽 淳于 单于 單于 太叔 申屠 仲孙 仲孫
钟离 鍾離 闻人 聞人 赫连 赫連 呼延 万俟 萬俟 南宫 南宮 西门 西門 百里 东郭 東郭 南门 南門
羊舌 微生 公羊 梁丘 左丘 第五 鲜于 鮮于 闾丘 閭丘 亓官 司空 司寇 子车 子車 颛孙 顓孫 壤驷 壤駟
公良 漆雕 乐正 樂正 宰父 谷梁 穀梁 拓跋 夹谷 夾谷 段干 巫马 巫馬 公西 东门 東門
""".split())

# How names of institutions end: ministries, academies, institutes, publishers,
# newspapers, websites… (Chinese and Japanese).
INSTITUTION_ENDINGS = (
    "中心", "大学", "大學", "学院", "學院", "协会", "協會", "協会", "学会", "學會", "政府", "集团",
    "集團", "公司", "银行", "銀行", "机构", "機構", "基金会", "基金會", "委员会", "委員會", "新聞",
    "センター", "部", "省", "院", "所", "社", "会", "會", "局", "厅", "廳", "庁", "署", "处", "處",
    "报", "報", "网", "網", "台", "馆", "館")


def parse_name(text: str, language: str | None = None) -> tuple[dict, str]:
    """A CSL name from what a user typed, and what was guessed about it ('' when nothing).

    'Family, Given' is always a person. A Chinese or Japanese name longer than
    four characters, or ending like the name of an institution (部, 省, 院, 所,
    社, 会, 局, 中心, 大学…), is an institution and printed as written (CSL
    `literal`); otherwise the family name is its first character, or two for a
    compound surname (欧阳, 司马…), or pykakasi's first word for a Japanese name.
    """
    text = " ".join(text.split())
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return ({"family": family, "given": given} if given else {"family": family}), ""
    if is_cjk_text(text):
        return _cjk_name(text, language)
    parts = text.split()
    if len(parts) > 1:
        return {"family": parts[-1], "given": " ".join(parts[:-1])}, ""
    return {"literal": text}, ""


def institution(text: str) -> dict:
    """An institution's name, printed as written."""
    return {"literal": " ".join(text.split())}


def looks_like_institution(text: str) -> bool:
    """A Chinese or Japanese name too long for a person, or ending like an institution's."""
    return len(text) > 4 or (len(text) >= 3 and text.endswith(INSTITUTION_ENDINGS))


def _cjk_name(text: str, language: str | None) -> tuple[dict, str]:
    if looks_like_institution(text) or " " in text:
        return {"literal": text}, (f"'{text}' is an institution (printed as written) — "
                                   "if it is a person, give it as 'Family, Given'")
    if "·" in text or "・" in text:
        return {"literal": text}, f"'{text}' is a transliterated name (printed as written)"
    if language == "ja" or KANA.search(text):
        return _japanese_name(text)
    if len(text) >= 3 and text[:2] in COMPOUND_SURNAMES:
        return {"family": text[:2], "given": text[2:]}, \
            f"'{text}' has the compound surname {text[:2]} (given name {text[2:]})"
    if len(text) == 1 or not (HAN.match(text) or HANGUL.match(text)):
        return {"literal": text}, ""
    return {"family": text[0], "given": text[1:]}, ""


def _japanese_name(text: str) -> tuple[dict, str]:
    from .romanize import japanese_name_parts

    parts = japanese_name_parts(text)
    split = len(parts[0]) if len(parts) == 2 else (2 if len(text) >= 3 else 1)
    if len(text) < 2:
        return {"literal": text}, ""
    family, given = text[:split], text[split:]
    return {"family": family, "given": given}, \
        f"'{text}' is family name {family}, given name {given} — if not, give it as 'Family, Given'"
