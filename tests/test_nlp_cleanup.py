"""nlp structure and fixes: one language protocol for extraction without import cycles, one language guess and
one sentence splitter (each caller's rule kept), possessives removed as suffixes, quote attribution errors not
hidden. Texts are SYNTHETIC, written for these tests."""

from __future__ import annotations

import grimp
import pytest

from yuqing.nlp import _text
from yuqing.nlp.extract import entity_index
from yuqing.nlp.extract._entities import _is_stop_start, _no_possessive
from yuqing.nlp.extract._lang import CHINESE, ENGLISH, rules_for
from yuqing.nlp.provenance import _archive
from yuqing.nlp.provenance._archive import quotes_in_text
from yuqing.nlp.provenance._text import lang_of, sentences


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("yuqing", cache_dir=None)


def test_no_import_cycles_in_nlp(graph: grimp.ImportGraph) -> None:
    mods = sorted(m for m in graph.modules if m.startswith("yuqing.nlp."))
    cycles = [
        (a, b) for a in mods for b in mods if a < b and graph.chain_exists(a, b) and graph.chain_exists(b, a)
    ]
    assert cycles == []


def test_language_rules_do_not_import_each_other(graph: grimp.ImportGraph) -> None:
    ext = "yuqing.nlp.extract."
    for step in ("_dates", "_figures", "_quotes"):
        en, zh = ext + step + "_en", ext + step + "_zh"
        assert not graph.chain_exists(zh, en) and not graph.chain_exists(en, zh), step
        # a rule module reaches neither the language switch nor the pipeline step that uses it
        for rules in (en, zh):
            assert not graph.chain_exists(rules, ext + "_lang") and not graph.chain_exists(rules, ext + step)
    assert graph.find_modules_directly_imported_by(ext + "_common") == set()
    assert {
        m for m in graph.find_modules_directly_imported_by("yuqing.nlp._text") if m.startswith("yuqing")
    } == set()


def test_rules_for_picks_by_language() -> None:
    assert rules_for("zh") is CHINESE and rules_for("en") is ENGLISH
    assert rules_for("ko") is ENGLISH  # a language without rules of its own gets the English ones
    assert (
        rules_for(None, "火星科技今天宣布召回。") is CHINESE
        and rules_for(None, "Huoxing Tech recalls cars.") is ENGLISH
    )
    assert rules_for("", "火星科技今天宣布召回。") is CHINESE
    # Chinese text quotes English dates too: the Chinese rules go first, then the English ones
    kinds = [k for k, _ in CHINESE.date_rules]
    assert kinds[0].startswith("zh_") and kinds[-len(ENGLISH.date_rules) :] == [
        k for k, _ in ENGLISH.date_rules
    ]


def test_one_language_guess_keeps_each_rule() -> None:
    # 1 ideograph, 5 Latin letters: a fifth of the Latin letters (extraction: zh), a sixth of all letters (en)
    text = "abcde 中"
    assert _text.guess_lang(text) == "zh"
    assert _text.guess_lang(text, letters="all") == "en" == lang_of(text)
    # extension-A ideographs and non-Latin letters count only for the provenance rule
    assert _text.guess_lang("\u3400\u3401 abc") == "en" and lang_of("\u3400\u3401 abc") == "zh"
    assert _text.guess_lang("안녕하세요 中") == "zh" and lang_of("안녕하세요 中") == "en"
    assert _text.guess_lang("") == "en" == lang_of("")
    with pytest.raises(ValueError):
        _text.guess_lang("x", letters="greek")  # type: ignore[arg-type]


def test_one_sentence_splitter_keeps_each_rule() -> None:
    text = "Mr. Lei spoke. He said “yes.” Then 雷军说：好。然后\nNext line"
    by_lang = [s.text for s in _text.sentences(text, "en")]
    mixed = [s.text for s in _text.sentences(text, mixed=True)]
    assert by_lang == ["Mr. Lei spoke.", "He said “yes.”", "Then 雷军说：好。然后", "Next line"]
    assert mixed == ["Mr.", "Lei spoke.", "He said “yes.” Then 雷军说：好。", "然后", "Next line"]
    assert [(a, b) for a, b in sentences(text)] == [
        (s.start, s.end) for s in _text.sentences(text, mixed=True)
    ]
    assert [s.text for s in _text.sentences("第一句。第二句！", "zh")] == ["第一句。", "第二句！"]


def test_possessive_is_a_suffix_not_a_set_of_characters() -> None:
    assert _no_possessive("Lei’s") == "Lei" and _no_possessive("Xiaomi's") == "Xiaomi"
    assert _no_possessive("Analysts'") == "Analysts" and _no_possessive("Analysts’") == "Analysts"
    # rstrip("’'s") turned these into "Thi", "Hi", "Concern": no longer stop words
    assert (
        _no_possessive("This") == "This"
        and _no_possessive("His") == "His"
        and _no_possessive("Boss") == "Boss"
    )
    assert _is_stop_start("This") and _is_stop_start("His") and _is_stop_start("Concerns")
    # plurals and possessives of stop words still are stop words, names are not
    assert _is_stop_start("Mondays") and _is_stop_start("EVs") and _is_stop_start("Its’")
    assert not _is_stop_start("Lei’s") and not _is_stop_start("Thi") and not _is_stop_start("Majesty")


def test_names_after_this_and_his() -> None:
    ix = entity_index(
        "This Summer Festival drew crowds. His Majesty arrived late. Concerns Over Pricing grew.", "en"
    )
    assert [m.name for m in ix.mentions] == ["Summer Festival", "Majesty", "Pricing"]


_ARTICLE = (
    "Lei Jun spoke on Monday.\n"
    "“We will fully cooperate with the investigation,” Lei Jun said.\n"
    "“Prices are far too high for buyers,” Jane Doe said.\n"
    "Reporters asked Lei Jun about the “price war”."
)


def test_quotes_in_text_uses_the_extractor() -> None:
    def found(names: list[str]) -> list[str]:
        return [_ARTICLE[s:e] for s, e in quotes_in_text(_ARTICLE, names)]

    assert found(["Lei Jun"]) == ["We will fully cooperate with the investigation"]
    assert found(["Jane Doe"]) == ["Prices are far too high for buyers"]
    assert found(["Nobody"]) == []


def test_quotes_in_text_does_not_hide_extractor_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("extractor broke")

    monkeypatch.setattr(_archive, "extract_quotes", broken)
    with pytest.raises(RuntimeError, match="extractor broke"):
        quotes_in_text(_ARTICLE, ["Lei Jun"])
