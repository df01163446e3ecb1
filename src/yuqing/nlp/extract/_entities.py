"""Entity mentions and a small resolver for speakers: "he", "Lei", "the CEO" → the named person.

English uses rules (capitalised sequences, titles, appositives, speech verbs); Chinese uses jieba's
part-of-speech tags (``nr`` person, ``nt`` organisation, ``ns`` place) plus the gazetteer. The gazetteer
(``known``: alias → canonical name, with a type) is injected; :data:`DEFAULT_KNOWN` covers the motivating case.
:func:`~yuqing.nlp.extract._lang.entity_index` picks the language's finder.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from yuqing.nlp._text import words

#: alias → (canonical name, type). Types: person | org | product | place.
DEFAULT_KNOWN: dict[str, tuple[str, str]] = {
    "Lei Jun": ("Lei Jun", "person"),
    "雷军": ("Lei Jun", "person"),
    "Xiaomi": ("Xiaomi", "org"),
    "Xiaomi Group": ("Xiaomi", "org"),
    "Xiaomi Corp": ("Xiaomi", "org"),
    "Xiaomi Corporation": ("Xiaomi", "org"),
    "小米": ("Xiaomi", "org"),
    "小米集团": ("Xiaomi", "org"),
    "Xiaomi Auto": ("Xiaomi Auto", "org"),
    "小米汽车": ("Xiaomi Auto", "org"),
    "SU7": ("Xiaomi SU7", "product"),
    "Xiaomi SU7": ("Xiaomi SU7", "product"),
    "YU7": ("Xiaomi YU7", "product"),
    "Xiaomi YU7": ("Xiaomi YU7", "product"),
}

ROLE_WORDS = (
    "CEO|chief executive|founder|co-founder|chairman|chairwoman|chair|president|vice president|spokesman|"
    "spokeswoman|spokesperson|director|executive|minister|secretary|senator|governor|candidate|nominee|"
    "analyst|manager|partner|professor|head|leader|boss"
)
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:CEO|Chief Executive|[Ff]ounder|[Cc]hairman|[Cc]hairwoman|President|Mr\.|Ms\.|Mrs\.|Dr\.|"
    r"[Ss]pokes(?:man|woman|person)|Senator|Sen\.|Gov\.|Governor|Rep\.|Minister|Secretary|[Aa]nalyst|"
    r"[Dd]irector|[Cc]andidate|[Nn]ominee|[Pp]rofessor)\s+)$"
)
_APPOSITIVE = re.compile(
    r"^,\s+(?:the\s+|a\s+|an\s+)?((?:[\w-]+,?\s+(?:and\s+)?){0,4}?(?:" + ROLE_WORDS + r"))\b", re.IGNORECASE
)
_ORG_WORDS = re.compile(
    r"\b(?:Post|Times|News|Group|Inc|Corp|Corporation|Company|Co|Ltd|Association|Ministry|Committee|Party|"
    r"Campaign|University|Department|House|Court|Agency|Bank|Motors|Auto|Technology|Technologies|Foundation|"
    r"Institute|Council|Office|Commission|Administration|Government|Network|Daily|Journal|Press|Reuters|"
    r"Bloomberg|Exchange|Fund|Capital|Holdings|Senate|Congress|Club|Center|Centre|Media|Weibo|Douyin|Twitter|"
    r"Facebook|Apple|Tesla|Huawei|BYD|China|Chinese|American|Vietnam|Hong Kong|TTM)\b"
)
_CAP_SEQ = re.compile(
    r"(?<![\w$])(?:[A-Z][\w’'&.-]*[\w]|[A-Z]|[A-Z][a-z]*\d+\w*)"
    r"(?:[ \t]+(?:(?:of|de|la|van|von|bin|al)[ \t]+)?(?:[A-Z][\w’'&.-]*[\w]|[A-Z]{1,3}\d+\w*|[A-Z]\.?))*(?![$\w])"
)
_STOP_START = words(
    "The A An In On At After Before Although Though During However For This That These Those It He She "
    "They We I You Its His Her Their Our My Your But And Or So As If When While Since Until With Without "
    "From To By Of Some Many Most One Another Other All Both Each No Not Only Also Then Now There Here "
    "What Who Why How Where Which Yet Still Even According Overall Notably Meanwhile Amid Addressing "
    "Photo Source Comment Disclaimer Background Concerns Despite Under Over Among Like Just Once Every "
    "Any Such Xiaomi’s Today Yesterday Last Next Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November December"
)
_TITLES = words(
    "CEO Chairman Founder President Chief Executive Officer Director Mr. Ms. Mrs. Dr. Senator Governor "
    "Minister Secretary Spokesman Spokeswoman Level EV Photo"
)
PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
_ROLE_NP = re.compile(
    r"^(?:(?:the|its|their|company's|company’s)\s+)?(?:[\w-]+\s+){0,2}?(" + ROLE_WORDS + r")$", re.IGNORECASE
)
_COMPANY_NP = re.compile(
    r"^(?:the\s+)?(?:company|firm|group|carmaker|automaker|smartphone maker|tech giant)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    name: str  # canonical
    type: str  # person | org | product | place | other


@dataclass
class EntityIndex:
    """The entity mentions of one text, with person roles, for resolving speakers."""

    mentions: list[Mention]
    roles: dict[str, set[str]] = field(default_factory=dict)

    def persons(self) -> list[str]:
        return list(dict.fromkeys(m.name for m in self.mentions if m.type == "person"))

    def in_span(self, start: int, end: int) -> list[str]:
        """Canonical names mentioned inside ``[start, end)``, in order, without repeats."""
        return list(dict.fromkeys(m.name for m in self.mentions if m.start >= start and m.end <= end))

    def resolve(self, surface: str, pos: int) -> str:
        """Canonical name for a speaker ``surface`` found at ``pos`` (the surface itself when unresolved)."""
        s = surface.strip().strip(",")
        s = re.sub(
            r"^(?:(?:CEO|Chief Executive|[Ff]ounder|[Cc]hairman|President|Mr\.|Ms\.|Mrs\.|Dr\.|Senator|"
            r"Sen\.|Gov\.|Rep\.)\s+)+(?=[A-Z])",
            "",
            s,
        )
        low = s.lower()
        before = [m for m in self.mentions if m.start < pos]
        if low in PRONOUNS_PERSON or low in {"他", "她"}:
            for m in reversed(before):
                if m.type == "person":
                    return m.name
            for m in reversed(
                before
            ):  # no known person: a two- or three-word name that is not an organisation
                if m.type == "other" and 2 <= len(m.name.split()) <= 3 and not _ORG_WORDS.search(m.name):
                    return m.name
            return s
        role = _ROLE_NP.match(s)
        if role:
            r = _norm_role(role.group(1))
            cands = [p for p, rs in self.roles.items() if r in rs]
            if cands:
                last = [m.name for m in before if m.name in cands]
                return last[-1] if last else cands[0]
            if r in _LEAD_ROLES:  # "the CEO" with no named CEO: the person the text was last about
                people = [m.name for m in before if m.type == "person"]
                if people:
                    return people[-1]
            return s
        if _COMPANY_NP.match(s):
            orgs = Counter(m.name for m in self.mentions if m.type == "org")
            return orgs.most_common(1)[0][0] if orgs else s
        for m in self.mentions:
            if m.text == s or m.name == s:
                return m.name
        toks = s.split()
        if len(toks) == 1 and s[:1].isupper():
            persons = [m for m in reversed(before) if m.type == "person"] + [
                m for m in self.mentions if m.type == "person"
            ]
            for m in persons:
                if s in m.name.split():
                    return m.name
        if re.fullmatch(r"[\u4e00-\u9fff]{1,2}", s):  # 雷 / 雷总 style short forms
            for m in reversed(before):
                if m.type == "person" and m.name != s and m.text.startswith(s[0]):
                    return m.name
        return s


_LEAD_ROLES = {"ceo", "founder", "chairman", "president", "boss", "leader"}


def _norm_role(role: str) -> str:
    r = role.lower()
    return {
        "chief executive": "ceo",
        "chairwoman": "chairman",
        "chair": "chairman",
        "co-founder": "founder",
    }.get(r, r)


def _clean(name: str) -> str:
    name = re.sub(r"[’']s$", "", name)
    return name.strip(" .,-’'")


def _no_possessive(word: str) -> str:
    """``word`` without its possessive ending ('s, ’s or a final apostrophe): "Lei’s" → "Lei", "Analysts'" →
    "Analysts"; any other word is returned as it is ("This", "His")."""
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _is_stop_start(word: str) -> bool:
    """Whether ``word`` cannot start a name: a stop word or title ("This", "His", "CEO"), in the possessive
    ("Its'", "The’s") or the plural ("Mondays", "EVs", "Others"); an empty word."""
    stops = _STOP_START | _TITLES | {""}
    w = _no_possessive(word)
    return w in stops or (w.endswith("s") and w[:-1] in stops)


def _cap_pieces(text: str, known: Mapping[str, tuple[str, str]]) -> list[tuple[int, int]]:
    """Offsets of capitalised name sequences, split around known aliases and stripped of stop words."""
    aliases = sorted((a for a in known if a[:1].isascii()), key=len, reverse=True)
    alias_re = (
        re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w])")
        if aliases
        else None
    )
    out: list[tuple[int, int]] = []
    for m in _CAP_SEQ.finditer(text):
        pieces: list[tuple[int, int]] = []
        pos = m.start()
        if alias_re is not None:
            for a in alias_re.finditer(m.group()):
                pieces.append((pos, m.start() + a.start()))
                out.append((m.start() + a.start(), m.start() + a.end()))
                pos = m.start() + a.end()
        pieces.append((pos, m.end()))
        for s, e in pieces:
            for w in re.finditer(r"\S(?:.*?[’']s(?=[ \t]|$)|.*$)", text[s:e]):
                ws, we = s + w.start(), s + w.end()
                toks = text[ws:we].split()
                while toks and (_is_stop_start(toks[0]) or toks[0] == "of"):
                    ws = text.index(toks[1], ws + len(toks[0])) if len(toks) > 1 else we
                    toks = toks[1:]
                if not toks:
                    continue
                name = _clean(text[ws:we])
                if len(name) >= 2 or (name.isupper() and name):
                    out.append((ws, ws + len(name)))
    return sorted(set(out))


def en_mentions(text: str, known: Mapping[str, tuple[str, str]]) -> EntityIndex:
    """Mentions by the English rules: capitalised name sequences, typed by titles, appositives, speech verbs and
    organisation words, and the roles the text gives each person."""
    mentions: list[Mention] = []
    roles: dict[str, set[str]] = {}
    speech = re.compile(r"^\s*(?:,[^,]{1,80},\s*)?(?:also\s+|further\s+|\w+ly\s+)?(?:" + _SPEECH + r")\b")
    for start, end in _cap_pieces(text, known):
        name = text[start:end]
        toks = name.split()
        if name in known:
            canon, typ = known[name]
        else:
            canon, typ = name, "other"
            left = text[max(0, start - 40) : start]
            right = text[end : end + 200]
            if (
                (_TITLE_BEFORE.search(left) and not _ORG_WORDS.search(name))
                or (_APPOSITIVE.match(right) and not _ORG_WORDS.search(name))
                or (len(toks) >= 2 and speech.match(right) and not _ORG_WORDS.search(name))
            ):
                typ = "person"
            elif _ORG_WORDS.search(name) or name.isupper():
                typ = "org"
        mentions.append(Mention(start, end, name, canon, typ))
        if typ != "person":
            continue
        t = _TITLE_BEFORE.search(text[max(0, start - 40) : start])
        if t:
            roles.setdefault(canon, set()).add(_norm_role(t.group().strip().rstrip(".")))
        seg = re.match(r"^,\s+((?:[^,.;\n]{1,40},\s+){0,3}[^,.;\n]{1,40})", text[end : end + 200])
        if seg and _APPOSITIVE.match(text[end : end + 200]):
            for r in re.findall(ROLE_WORDS, seg.group(1), flags=re.IGNORECASE):
                roles.setdefault(canon, set()).add(_norm_role(r))
    # a person's bare surname / given name later in the text is the same person
    persons = {m.name for m in mentions if m.type == "person"}
    out: list[Mention] = []
    for m in mentions:
        if m.type == "other" and " " not in m.name:
            owner = next((p for p in persons if m.name in p.split()), None)
            if owner:
                m = Mention(m.start, m.end, m.text, owner, "person")
        out.append(m)
    # "Ministry of Industry and Information Technology": one organisation, not two names
    for lm in _LONG_ORG.finditer(text):
        s, e = lm.start(), lm.end()
        out = [m for m in out if not (s <= m.start and m.end <= e)]
        out.append(Mention(s, e, lm.group(), lm.group(), "org"))
    out.sort(key=lambda m: m.start)
    return EntityIndex(out, roles)


_LONG_ORG = re.compile(
    r"\b(?:Ministry|Department|Bureau|Commission|Committee|Council|Office|Agency|Administration|Institute|"
    r"Association|Academy|University|College|Federation|Chamber|Board|Bank|Court) of(?:[ \t]+(?:the[ \t]+)?"
    r"[A-Z][\w’'-]*)+(?:[ \t]+(?:and|&)[ \t]+[A-Z][\w’'-]*(?:[ \t]+[A-Z][\w’'-]*)*)?"
)


def zh_mentions(text: str, known: Mapping[str, tuple[str, str]]) -> EntityIndex:
    """Mentions in Chinese text: jieba's name tags and the gazetteer, organisation suffixes, and the English
    rules' names (:func:`en_mentions`) where they do not overlap."""
    import logging

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)

    for alias in known:
        if re.search(r"[\u4e00-\u9fff]", alias):
            _add_word(alias)
    mentions: list[Mention] = []
    pos = 0
    for w, flag in pseg.cut(text):
        start = text.find(w, pos)
        if start < 0:
            continue
        pos = start + len(w)
        if w in known:
            canon, typ = known[w]
        elif flag == "nr" and len(w) >= 2:
            canon, typ = w, "person"
        elif flag == "nt":
            canon, typ = w, "org"
        elif flag == "ns":
            canon, typ = w, "place"
        elif flag == "nz" or (flag == "eng" and w[:1].isupper()):
            canon, typ = w, "other"
        else:
            continue
        mentions.append(Mention(start, start + len(w), w, canon, typ))
    # organisations jieba does not know: a name ending in an organisation suffix (火星科技, 某某集团)
    for m in _ZH_ORG.finditer(text):
        if m.group()[0] in _ZH_FUNCTION_CHARS:  # 据新浪科技 → 新浪科技
            m = _ZH_ORG.match(text, m.start() + 1) or m
        if not any(m.start() < x.end and x.start < m.end() and x.type in ("org", "person") for x in mentions):
            mentions = [x for x in mentions if not (m.start() <= x.start and x.end <= m.end())]
            mentions.append(Mention(m.start(), m.end(), m.group(), m.group(), "org"))
    # English names inside Chinese text
    en = en_mentions(text, known)
    mentions.extend(m for m in en.mentions if not any(m.start < x.end and x.start < m.end for x in mentions))
    mentions.sort(key=lambda m: m.start)
    return EntityIndex(mentions, en.roles)


_ZH_ORG = re.compile(
    r"(?<![\u4e00-\u9fff])?[\u4e00-\u9fff]{2,4}?(?:科技|集团|公司|汽车|银行|证券|控股|电子|股份|基金|资本|协会|委员会|研究院|"
    r"大学|医院|日报|新闻|时报|财经)"
)
_ZH_FUNCTION_CHARS = set("据在由对向与和是被从将把给为于及")
_ADDED: set[str] = set()


def _add_word(word: str) -> None:
    if word not in _ADDED:
        import jieba

        jieba.add_word(word, freq=100000, tag="nr" if len(word) <= 3 else "nt")
        _ADDED.add(word)


# speech/attribution verbs (all inflections the rules need); shared with the quote rules
_SPEECH_LEMMAS = (
    "say said says saying tell told tells telling state stated states stating add added adds adding "
    "assert asserted asserts explain explained explains explaining note noted notes noting remark remarked "
    "remarks reply replied replies respond responded responds write wrote writes writing share shared shares "
    "emphasize emphasized emphasizes emphasise emphasised stress stressed stresses argue argued argues arguing "
    "claim claimed claims insist insisted insists declare declared declares announce announced announces "
    "acknowledge acknowledged acknowledges admit admitted admits warn warned warns warning continue continued "
    "continues comment commented comments post posted posts tweet tweeted tweets recall recalled recalls "
    "describe described describes ask asked asks answer answered answers suggest suggested suggests conclude "
    "concluded concludes joke joked jokes confirm confirmed confirms deny denied denies predict predicted "
    "predicts promise promised promises vow vowed vows urge urged urges complain complained complains "
    "observe observed observes point pointed points reiterate reiterated reiterates highlight highlighted "
    "highlights elaborate elaborated elaborates believe believed believes think thought thinks expect expected "
    "expects estimate estimated estimates report reported reports reveal revealed reveals agree agreed agrees "
    "indicate indicated indicates mention mentioned mentions testify testified express expressed expresses"
)
_NOUN_LIKE = words(
    "post posts point points report reports comment comments answer answers share shares note notes claim "
    "claims warning estimate estimates tweets promise promises mention mentions highlights highlight ask "
    "asks joke jokes recall recalls saying writing adding noting stating telling explaining arguing "
    "expects expect"
)
SPEECH_VERBS: frozenset[str] = frozenset(_SPEECH_LEMMAS.split()) - _NOUN_LIKE
_SPEECH = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
SPEECH_RE = _SPEECH
