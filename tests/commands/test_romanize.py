"""Romanized forms proposed for the English edition: pinyin by words, Hepburn with macrons."""

from __future__ import annotations

import pytest

from reportkit.commands.romanize import hepburn_name, hepburn_words, pinyin_name, pinyin_words


@pytest.mark.parametrize("chinese,pinyin", [
    ("中亚能源合作研究", "Zhongya nengyuan hezuo yanjiu"),
    ("国际问题研究", "Guoji wenti yanjiu"),
    ("日本的中亚政策及中国的应对策略", "Riben de Zhongya zhengce ji Zhongguo de yingdui celüe"),
    ("解放日报", "Jiefang Ribao"),
    ("日本的“外交突围”能走通吗？", "Riben de “waijiao tuwei” neng zou tong ma?"),
    ("《日本“看向”中亚，背后有何考量》", "“Riben ‘kan xiang’ Zhongya, beihou youhe kaoliang”"),
    ("評首屆中亞—日本峰會合影", "Ping shoujie Zhongya—Riben fenghui heying"),
])
def test_pinyin_is_written_by_words(chinese, pinyin):
    assert pinyin_words(chinese) == pinyin


def test_digits_and_latin_text_are_kept_and_spaces_normalised():
    assert pinyin_words("5年投资中亚1480亿") == "5 nian touzi Zhongya 1480 yi"
    assert pinyin_words("ＡＢＣ与１２３  测试") == "ABC yu 123 ceshi"
    assert pinyin_words("俄罗斯与Россия的关系") == "Eluosi yu Россия de guanxi"


def test_institution_names_capitalise_every_word():
    assert pinyin_words("日本外务省", proper=True) == "Riben Waiwusheng"
    assert pinyin_words("中华人民共和国外交部", proper=True) == "Zhonghua Renmin Gongheguo Waijiaobu"


@pytest.mark.parametrize("name,surname,pinyin", [
    ("欧阳", True, "Ouyang"), ("曾", True, "Zeng"), ("单", True, "Shan"),
    ("博杰", False, "Bojie"), ("西安", False, "Xi’an")])
def test_names_are_one_word_with_surname_readings(name, surname, pinyin):
    assert pinyin_name(name, surname=surname) == pinyin


def test_hepburn_has_macrons_and_splits_long_kanji_words():
    assert hepburn_words("日本の中央アジア外交") == "Nippon no chūō ajia gaikō"
    assert hepburn_words("東京大学出版会", proper=True) == "Tōkyō Daigaku Shuppan Kai"
    assert hepburn_words("データベースの研究") == "Dētabēsu no kenkyū"
    assert hepburn_words("思う") == "Omou"
    assert (hepburn_name("山田"), hepburn_name("純一郎")) == ("Yamada", "Jun’ichirō")
