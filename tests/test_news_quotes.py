"""Quote rules on synthetic sentences written for these tests (EN + ZH)."""

from __future__ import annotations

from yuqing.nlp.extract import Quote, extract_quotes


def _by_text(quotes: list[Quote], prefix: str) -> Quote:
    hits = [q for q in quotes if q.text.startswith(prefix)]
    assert hits, f"no quote starting {prefix!r} in {[q.text for q in quotes]}"
    return hits[0]


def test_after_quote_pronoun_resolves_to_named_person() -> None:
    text = (
        "Acme Corp founder Jane Doe spoke in Berlin on Monday. "
        "“We will ship the new robot next spring,” she said. "
        "“Nobody else can build it at this price,” Doe added."
    )
    qs = extract_quotes(text)
    assert _by_text(qs, "We will ship").speaker == "Jane Doe"
    q = _by_text(qs, "Nobody else")
    assert q.speaker == "Jane Doe" and q.speaker_mention == "Doe" and q.kind == "direct"
    assert text[q.start : q.end] == q.text


def test_before_quote_and_role_resolution() -> None:
    text = (
        "Bob Smith, the chief executive of Widgets Ltd, met reporters. "
        "The CEO told them: “Margins will recover in the second half.” "
        "Critics were unconvinced."
    )
    q = _by_text(extract_quotes(text), "Margins will recover")
    assert q.speaker == "Bob Smith"


def test_continuation_quote_keeps_speaker() -> None:
    text = "“Prices are too high,” Mary Major said. “We are listening to every customer.”"
    qs = extract_quotes(text)
    assert [q.speaker for q in qs] == ["Mary Major", "Mary Major"]


def test_scare_quotes_are_not_quotes() -> None:
    text = "The so-called “smart” features of the car raised questions about its “self-driving” claims."
    assert extract_quotes(text) == []


def test_reported_speech() -> None:
    text = "Tom Jones said that the factory would reopen in May. According to the ministry, exports fell sharply."
    qs = extract_quotes(text)
    r = _by_text(qs, "the factory would reopen")
    assert r.kind == "reported" and r.speaker == "Tom Jones"
    assert _by_text(qs, "exports fell").speaker == "the ministry"
    assert extract_quotes(text, reported=False) == []


def test_chinese_quotes() -> None:
    text = (
        "张三在发布会上表示：“新车将于明年上市。”他还说，“价格会很有竞争力。”李四公司称，销量已经超过预期。"
    )
    qs = extract_quotes(text, lang="zh")
    assert _by_text(qs, "新车将于明年上市").speaker == "张三"
    assert _by_text(qs, "价格会很有竞争力").speaker == "张三"
    assert any(q.kind == "reported" and q.text.startswith("销量已经超过预期") for q in qs)
    qs = extract_quotes("王五在会上表示，公司会继续投入研发。他还称，今年的交付目标不变。", lang="zh")
    assert _by_text(qs, "今年的交付目标不变").speaker == "王五"  # 他 → the last person named


def test_partial_quote_goes_to_the_sentence_subject() -> None:
    text = "Mary Major met investors on Monday. She called the merger “a historic mistake for the region.”"
    q = _by_text(extract_quotes(text), "a historic mistake")
    assert q.speaker == "Mary Major" and q.kind == "direct"


def test_speaker_description_after_quote() -> None:
    text = "“The plan cannot work,” Rep. Tom Jones (D-Ohio), a member of the panel, said in an interview."
    mention = _by_text(extract_quotes(text), "The plan cannot work").speaker_mention
    assert mention is not None and mention.startswith("Rep. Tom Jones")


def test_trailing_according_to_and_told_that() -> None:
    text = (
        "Acme received more than 240,000 orders within 18 hours, according to the company. "
        "Jane Doe, 55, the company's founder, told reporters in Berlin last week that Acme would double output."
    )
    qs = extract_quotes(text)
    assert _by_text(qs, "Acme received").speaker_mention == "the company"
    q = _by_text(qs, "Acme would double output")
    assert q.speaker == "Jane Doe" and q.kind == "reported"
