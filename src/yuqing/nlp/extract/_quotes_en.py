"""English quote rules: a speech verb next to a quotation (``“…,” he explained`` / ``“…” said Lei`` /
``Lei responded, “…”`` / ``Lei Jun emphasized that “…”``; an unattributed quotation right after an attributed one
continues it) and reported speech (``SPEAKER [adverb] VERB [that] CLAUSE``, ``according to SPEAKER, CLAUSE``,
``…, saying that …``); see :mod:`._quotes`."""

from __future__ import annotations

import re

from yuqing.nlp._text import sentences, words
from yuqing.nlp.extract._common import Quote, quote_spans, trim
from yuqing.nlp.extract._entities import SPEECH_RE, EntityIndex

_PRON = r"(?:he|she|they|we|I|it|He|She|They|We|It)"
# a speaker noun phrase: pronoun | capitalised name (with titles) | determiner + up to 5 words
_NP = (
    r"(?:" + _PRON + r"\b"
    r"|(?:(?:[A-Z][\w’'.&-]*|of|the|and|de|van|von)[ \t]+){0,5}[A-Z][\w’'.&-]*[\w]"
    r"|(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Mm]any|[Ss]ome|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Tt]his|[Tt]hat)"
    r"(?:[ \t]+[\w’'-]+){1,6}?"
    r"|(?:analysts|experts|critics|officials|observers|netizens|users|investors|residents|sources|insiders"
    r"|authorities|police|regulators|commenters|fans|customers|people|researchers|economists|aides|voters)"
    r")"
)
_ADV = r"(?:(?:himself|herself|themselves|also|further|later|then|previously|once|again|repeatedly|recently|earlier|publicly|even|just|"
_ADV += r"not|never|still|has|have|had|was|were|is|would|will|had|\w+ly)[ \t]+){0,3}"
_CUE = r"(?:" + SPEECH_RE + r")"

# after a quotation: ,” he said / ,” said Lei Jun / ” Lei Jun asserted.
_AFTER_SV = re.compile(r"^[ \t]*(?P<spk>" + _NP + r")[ \t]+" + _ADV + r"(?P<cue>" + _CUE + r")\b")
# a longer speaker description after a quotation: ,” retired Air Force general Lloyd Newton said.
_AFTER_LONG = re.compile(
    r"^[ \t]*(?P<spk>[A-Za-z][\w’'.-]*(?:[ \t]+[\w’'.(),-]+){1,11}?)[ \t]+(?P<cue>said|says|told|added|wrote|explained|"
    r"asked|argued|noted|insisted|warned|continued)\b(?=[^\w]*(?:[.,;\n]|$)|[ \t]+(?:on|in|at|during|to|in a|after)\b)"
)
_AFTER_VS = re.compile(
    r"^[ \t]*(?P<cue>said|says|added|asked|wrote|explained|continued|noted|replied)[ \t]+(?P<spk>"
    + _NP
    + r")(?=[ \t]*[.,;:!?\n]|[ \t]+(?:in|on|at|of|during|to|who|when|after|before)\b)"
)
# before a quotation: Lei responded, “ / he stated, “ / Lei Jun emphasized that “ / One user noted: “
_BEFORE_CUE = re.compile(
    r"[ \t]+" + _ADV + r"(?P<cue>" + _CUE + r")"
    r"(?:[ \t]+(?:them|him|her|us|me|reporters|journalists|the \w+))?"
    r"(?:[ \t]+(?:that|in a statement|in an interview|on \w+|to [\w ]{1,30}?)|(?:[ \t]+[\w’']+){0,5}?[ \t]+as"
    r"|(?:[ \t]+[^\s“”\"]+){1,6}?(?=[ \t]*:))?"
    r"[ \t]*[,:]?[ \t]*$"
)
_NP_TAIL = re.compile(r"(?P<spk>" + _NP + r")(?P<app>,[^,“”\"]{2,90},)?$")
_CLAUSE_WORDS = words("where when who which that while and but as because after before if since then so")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<spk>" + _NP + r")[ \t]*,[ \t]*(?P<content>[^.!?\n]{8,})")
_ACCORDING_END = re.compile(
    r"^(?:[^,]{0,40},[ \t]+)?(?P<content>[^\n]{12,}?),[ \t]+according to (?P<spk>" + _NP + r")[ \t]*[.!?]?$"
)
_AS_SAYS = re.compile(
    r"\b[Aa]s (?P<spk>"
    + _NP
    + r")[ \t]+(?P<cue>acknowledges|acknowledged|said|says|noted|notes|explained|explains|"
    r"admits|admitted|put it|points out|pointed out|argues|argued|warned|warns)[ \t]*,[ \t]*(?P<content>[^.!?\n]{8,})"
)
_REPORTED = re.compile(
    r"(?:^|(?<=[,;] )|(?<=\bbut )|(?<=\band ))(?P<spk>" + _NP + r")(?P<app>(?:,[^,“”\"]{1,90}){1,2},)?[ \t]+"
    r"(?:(?:also|further|later|then|previously|once|again|repeatedly|recently|earlier|publicly|has|have|had|"
    r"\w+ly)[ \t]+){0,2}"
    r"(?P<cue>said|says|say|told(?:[ \t]+\w+){1,8}?(?=[ \t]+that\b)|told [\w ]{1,30}?|stated|states|admitted|admits|acknowledged|claimed|claims|argued|"
    r"argues|insisted|insists|warned|warns|announced|explained|noted|notes|added|believes|believed|believe|"
    r"thinks|think|stressed|emphasized|emphasised|confirmed|denied|predicted|estimated|expects|expected|"
    r"revealed|reported|suggested|suggests)"
    r"(?P<ftime>[ \t]+for the first time)?[ \t]+(?P<that>that[ \t]+)?(?P<content>[^\n]{12,})"
)
_NO_THAT_OK = words(
    "said says say told claimed claims admitted admits believes believed believe thinks think insisted "
    "insists argued argues warned warns expects expected estimated predicted added noted stated states"
)
_FINITE = re.compile(
    r"^(?:(?:he|she|they|we|I|it|there)\b|(?:\S+\s+){0,5}?(?:is|was|were|are|had|has|have|"
    r"will|would|could|can|should|may|might|must|did|does|do|\w+ed)\b)"
)
_BAD_SPK = re.compile(r"^(?:it|It|this|This|that|That|there|There)$")


def en_direct(text: str, ix: EntityIndex) -> list[Quote]:
    """Direct quotations with a speaker, by the English rules."""
    sents = sentences(text, "en")
    out: list[Quote] = []
    spans = quote_spans(text)
    prev_end = -1
    prev_attr_end = -1
    prev_q: Quote | None = None
    for os_, oe, is_, ie in spans:
        inner = text[is_:ie]
        sent = next((s for s in sents if s.start <= os_ < s.end), None)
        s0 = sent.start if sent else max(0, text.rfind("\n", 0, os_) + 1)
        line_start = max(text.rfind("\n", 0, os_) + 1, s0)
        # the text before, from the sentence start or the previous quotation (whichever is later)
        left_from = max(line_start, prev_end if prev_end > line_start else line_start)
        left = text[left_from:os_]
        right = text[oe : oe + 160].split("\n")[0]
        spk = cue = None
        spk_pos = None
        m = None
        if not inner.rstrip().endswith("."):
            m = _AFTER_SV.match(right) or _AFTER_VS.match(right)
            if m is None or _BAD_SPK.match(m.group("spk")) or m.group("spk") in _NOT_SPEAKER:
                m = _AFTER_LONG.match(right)
        attr_end = oe
        if m and not _BAD_SPK.match(m.group("spk")) and m.group("spk") not in _NOT_SPEAKER:
            spk, cue, spk_pos = m.group("spk"), m.group("cue"), oe + m.start("spk")
            attr_end = oe + m.end()
        else:
            b = _BEFORE_CUE.search(left)
            np = _np_before(left[: b.start()]) if b else None
            if b and np:
                spk, cue, spk_pos = np[0], b.group("cue"), left_from + np[1]
        if spk is None and prev_q is not None and prev_q.speaker:
            between = text[prev_attr_end:os_]
            if re.fullmatch(r"\s*[.,;]?\s*", between):
                spk, cue, spk_pos = prev_q.speaker_mention, prev_q.cue, prev_q.speaker_start
        if spk is None and len(inner.split()) >= 3:  # a partial quote: the sentence's subject said it
            subj = _subject(text, s0, os_, ix)
            if subj is not None:
                spk, spk_pos = subj
        if spk is None or (len(inner.split()) < 2 and not re.search(r"[\u4e00-\u9fff]{4,}", inner)):
            prev_end = prev_attr_end = oe
            prev_q = None
            continue
        spk = _strip_np(spk)
        resolved = ix.resolve(spk, spk_pos if spk_pos is not None else os_)
        qs, qe = trim(text, is_, ie)
        sent_text = text[s0 : sent.end] if sent else text[s0:oe]
        q = Quote(resolved, text[qs:qe], "direct", qs, qe, spk, spk_pos, cue, sent_text, s0)
        out.append(q)
        prev_q, prev_end, prev_attr_end = q, oe, attr_end
    return out


_LEAD_PRON = re.compile(r"^(?:[A-Z][\w ,]{0,40}?,[ \t]+)?(?P<p>He|She|They)\b")


def _subject(text: str, s0: int, os_: int, ix: EntityIndex) -> tuple[str, int] | None:
    """The subject of the sentence ``text[s0:os_]`` before a quotation: a leading he/she/they, else its first
    person or organisation name (or a name of several words). Used for partial quotations embedded in a
    sentence ("X called the plan “a historic mistake”"), which name no speech verb next to the quote."""
    p = _LEAD_PRON.match(text[s0:os_])
    names = [m for m in ix.mentions if s0 <= m.start and m.end <= os_ and m.name not in _NOT_SUBJECT]
    names = [m for m in names if m.type in ("person", "org") or (m.type == "other" and " " in m.name)]
    if p and (not names or names[0].start > s0 + p.start("p")):
        return p.group("p"), s0 + p.start("p")
    return (names[0].text, names[0].start) if names else None


_NOT_SUBJECT = words("Weibo Douyin Twitter Facebook WeChat TikTok YouTube Instagram")


def _np_before(left: str) -> tuple[str, int] | None:
    """The speaker noun phrase ending ``left`` (shortest sensible tail), with its offset in ``left``."""
    words = list(re.finditer(r"[^\s]+", left))
    for k in range(1, min(9, len(words)) + 1):
        start = words[-k].start()
        chunk = left[start:]
        first = words[-k].group().lower().strip(",")
        if first in _CLAUSE_WORDS or re.search(r"[.;:!?“”\"]", chunk):
            break
        m = _NP_TAIL.fullmatch(chunk)
        if m and not _BAD_SPK.match(m.group("spk")) and m.group("spk") not in _NOT_SPEAKER:
            sp = m.group("spk")
            # prefer a longer name ("Lei Jun" over "Jun", "The CEO" over "CEO"): extend while still a name
            prev = words[-k - 1].group() if k < len(words) else ""
            if (
                sp[:1].isupper()
                and prev
                and not re.search(r"[.;:!?,“”\"]", prev)
                and ((prev[:1].isupper() and prev not in _NOT_SPEAKER) or prev.lower() in _DETS)
            ):
                continue
            if (
                sp.split()[0].lower() in _SPK_DETS
                or sp.lower() in _PRON_SET
                or sp[:1].isupper()
                or sp.lower() in _PLURAL_SPK
            ):
                return sp, start
    return None


_DETS = {"the", "a", "an", "one", "another", "its", "their", "his", "her"}
_SPK_DETS = words("the a an one another many some his her its their this that")
_PRON_SET = {"he", "she", "they", "we", "i", "it"}
_PLURAL_SPK = set(re.findall(r"[a-z]+", _NP.split("(?:analysts")[1]))
_NOT_SPEAKER = {"The", "A", "An", "This", "That", "It", "There", "In", "On", "And", "But", "So", "However"}


def _strip_np(spk: str) -> str:
    spk = re.sub(r"^(?:and|but|so|then|as|while|when|where|who)[ \t]+", "", spk.strip())
    return spk.strip(" ,")


_PARTICIPLE = re.compile(
    r",[ \t]+(?P<cue>saying|adding|noting|arguing|claiming|insisting|warning|writing|explaining|stressing|"
    r"declaring|predicting|acknowledging|admitting)[ \t]+(?:that[ \t]+)?(?P<content>[^\n]{8,})"
)
_SUBJ_GROUP = re.compile(
    r"^(?P<g>(?:Some|Many|Most|Several|Other|Few|Two|Three|One|Another)[ \t]+[a-z][\w-]*"
    r"|(?:Analysts|Critics|Experts|Netizens|Users|Fans|Investors|Observers|Commenters|Officials|Residents))\b"
)
_SUBJ_PRON = re.compile(r"^(?:[A-Z][\w ,]{0,40}?,[ \t]+)?(?P<p>He|She|They|he|she|they)\b")


def _participle(s_text: str, s_start: int, text: str, ix: EntityIndex) -> Quote | None:
    """``SUBJECT VERB ..., saying (that) CONTENT``: the subject is the speaker."""
    m = _PARTICIPLE.search(s_text)
    if not m:
        return None
    cue_pos = s_start + m.start("cue")
    subj = [x for x in ix.mentions if s_start <= x.start < cue_pos and x.type in ("person", "org", "other")]
    p = _SUBJ_PRON.match(s_text)
    g = _SUBJ_GROUP.match(s_text)
    if g:
        spk, pos = g.group("g"), s_start
    elif p and (not subj or subj[0].start > s_start + p.start("p")):
        spk, pos = p.group("p"), s_start + p.start("p")
    elif subj:
        spk, pos = subj[0].text, subj[0].start
    else:
        return None
    cs, ce = trim(text, s_start + m.start("content"), s_start + m.end("content"))
    while ce > cs and text[ce - 1] in ".!?":
        ce -= 1
    return Quote(
        ix.resolve(spk, pos), text[cs:ce], "reported", cs, ce, spk, pos, m.group("cue"), s_text, s_start
    )


def en_reported(text: str, ix: EntityIndex) -> list[Quote]:
    """Reported speech ("X said that …", "according to X, …"), by the English rules."""
    out: list[Quote] = []
    for s in sentences(text, "en"):
        pq = _participle(s.text, s.start, text, ix)
        if pq is not None:
            out.append(pq)
        end = _ACCORDING_END.match(s.text)
        for m in [*_ACCORDING.finditer(s.text), *_AS_SAYS.finditer(s.text), *([end] if end else [])]:
            cs, ce = trim(text, s.start + m.start("content"), s.start + m.end("content"))
            spk = _strip_np(m.group("spk"))
            out.append(
                Quote(
                    ix.resolve(spk, s.start + m.start("spk")),
                    text[cs:ce].rstrip("."),
                    "reported",
                    cs,
                    ce,
                    spk,
                    s.start + m.start("spk"),
                    m.groupdict().get("cue") or "according to",
                    s.text,
                    s.start,
                )
            )
        for m in _REPORTED.finditer(s.text):
            spk = _strip_np(m.group("spk"))
            if _BAD_SPK.match(spk) or spk in _NOT_SPEAKER or spk.lower() in {"the", "a"}:
                continue
            if m.group("content")[:1] in '“"‘「':
                continue
            verb = m.group("cue").split()[0]
            if not m.group("that") and (verb not in _NO_THAT_OK or not _FINITE.match(m.group("content"))):
                continue
            cs, ce = trim(text, s.start + m.start("content"), s.start + m.end("content"))
            while ce > cs and text[ce - 1] in ".!?":
                ce -= 1
            if ce - cs < 12:
                continue
            pos = s.start + m.start("spk")
            out.append(
                Quote(
                    ix.resolve(spk, pos),
                    text[cs:ce],
                    "reported",
                    cs,
                    ce,
                    spk,
                    pos,
                    m.group("cue").split()[0],
                    s.text,
                    s.start,
                )
            )
            break
    return out
