"""A transparent content classifier for an account's posts: personal, product, news_repost, response, other.

Classes (the definitions used for the hand labels in ``tests/data/content_class_labels.csv``):

* ``personal`` — the author's own life, experiences, feelings or work in the first person;
* ``product`` — promotion: products, launches, sales, shows, events, giveaways, ads, the author's own works;
* ``news_repost`` — relaying news or information about events (news items, reports, reposts of other accounts);
* ``response`` — answering criticism or rumours: rebuttals, clarifications, denials, apologies, statements;
* ``other`` — anything else (quotes, jokes, tips, appeals, commentary).

Every decision is a sum of named rule weights (:meth:`ContentClassifier.explain` lists them), so a reader can
see why a post got its class. The weights were written by hand from the definitions; the measured precision and
recall on 397 hand-labelled real Weibo posts are in ``docs/audience.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CLASSES: tuple[str, ...] = ("personal", "product", "news_repost", "response", "other")


@dataclass(frozen=True)
class Rule:
    name: str
    cls: str
    pattern: re.Pattern[str]
    weight: float


def _r(name: str, cls: str, pattern: str, weight: float) -> Rule:
    return Rule(name, cls, re.compile(pattern), weight)


#: The rules. A post's score for a class is the sum of the weights of the rules that match it.
RULES: tuple[Rule, ...] = (
    # news / relaying information
    _r("headline【】", "news_repost", r"^\s*[#\w\s]{0,20}【[^】]{4,}】", 1.2),
    _r("media source", "news_repost",
       r"新华社|新华网|人民日报|人民网|央视|CCTV|中新社|中新网|新浪|凤凰|环球|记者|日报|晚报|晨报|都市报|法新社|路透|美联社|"
       r"外媒|港媒|台媒|韩媒|日媒|媒体|报道|快讯|消息|据悉|讯[，：:\s]|电[，：:\s]|新闻", 1.0),
    _r("reporting verbs", "news_repost", r"近日|日前|昨日|昨天|今日|今天(?:上午|下午|凌晨|早上|清晨)|\d{1,2}月\d{1,2}日|据.{0,12}(?:称|说|报)|曝光|曝|爆料|网传|证实|通报|警方|公安|法院|被判|批捕|调查", 0.8),
    _r("repost marker", "news_repost", r"//@|^\s*@[^\s:：]{1,30}[:：]|转发微博|^【?转|（转）|\(转\)|via|【转帖】", 0.8),
    _r("link", "news_repost", r"http://t\.cn/|https?://", 0.3),
    _r("official/public actors", "news_repost", r"政府|部门|官员|局长|市长|总统|总理|首相|外交部|国务院|人大|政协|官方|公司|集团", 0.4),
    # promotion
    _r("giveaway", "product", r"抽奖|转发.{0,12}送|送.{0,8}(?:iPhone|Iphone|iPad|T恤|光盘|礼品|奖品)|前\d+名|晒票根|有机会赢", 2.0),
    _r("sales words", "product", r"优惠|折扣|促销|特价|包邮|预售|开售|发售|首发|上市|门店|专卖店|专门店|店|开业|购买|下单|元/人|人均|\d+元|价格|试驾|体验日|预约|自由行|机票|福利|好用|推荐", 1.0),
    _r("launch/release", "product", r"发布会|新品|新版本|新一代|推送|OTA|交付|投产|产能|上映|首播|播出|演唱会|巡演|宣传|新专辑|新书|新章节|作品|活动|邀请函|招聘|直播|见面会|主持|报名|官微|求粉|续航|实测|出炉|官方发布|车主|再创新高", 1.0),
    _r("call to follow/buy", "product", r"欢迎(?:大家)?(?:来|关注|试驾|购买|预约|参加)|敬请|期待|请关注|关注@|来看|快去|记得@", 0.8),
    _r("brand hashtag", "product", r"#[^#]{1,20}#.{0,40}(?:产品|品牌|家电|系列)", 0.8),
    # response to criticism / rumours
    _r("rebuttal words", "response", r"(?<!求)辟谣|澄清|不实|(?<!\w{2}网民)造谣|诽谤|抹黑|断章取义|纯属|虚构|恶意|严正声明|误会|误解|以官方信息为准", 1.1),
    _r("first-person apology/accountability", "response",
       r"(?:我|我们|本人|本公司|我司).{0,12}(?:道歉|致歉|抱歉)|对不起大家|给大家一个交代|高度重视|全力配合|配合调查|持续改进|妥善处理|负责到底|感谢大家的(?:关心|批评|监督)", 1.1),
    _r("responding", "response", r"回应|答复|关于.{1,20}(?:的)?(?:事|问题|事故|质疑|传言)", 0.7),
    _r("first person (response)", "response", r"我们|本人|本公司|本网|我司|我|人家", 0.5),
    # personal
    _r("first person", "personal", r"我|我们|咱|俺|偶", 0.5),
    _r("own life", "personal",
       r"家人|女儿|儿子|老婆|老公|爸爸|妈妈|父母|生日|老同学|母校|周末|跑步|跑了|爬山|读完|加班|日出", 1.0),
    _r("own day", "personal", r"吃饭|看完|回家|回北京|出门|今天|昨晚|刚刚|刚才|好害怕|心疼|开心|难过|想念|失眠|深夜|早上|早起", 0.6),
    _r("diary phrasing", "personal", r"^(?:今天|早上|周末|昨晚|刚|终于|好)|[！!]{0,1}加油[。！!]?$|晚安", 0.4),
    # other: quotes, tips, appeals, jokes, horoscopes
    _r("quote/aphorism", "other", r"——|——《|人生|晚安.{0,3}$|语录|说[:：]“|星座|座[（(]|by\s|名言|\d[、.]\S{2,}；", 0.6),
    _r("appeal to share", "other", r"求扩散|求转发|帮忙转|请转发|转起来|扩散|爱心接力|请大家.{0,6}转|急[！!]|寻人|失踪|领养|捐款", 1.0),
    _r("numbered list", "other", r"1[、.．:：].{2,60}2[、.．:：]", 1.0),
    _r("tips/warnings", "other", r"方法|教程|技巧|小窍门|注意[！!]|千万(?:不要|别)|绝对不要|警示", 0.8),
)

_FIRST_PERSON = re.compile(r"我|本人|本公司|我司|本网|人家")
_STRONG_REBUTTAL = re.compile(r"辟谣|澄清|不实|纯属|诽谤|严正声明|以官方信息为准")

#: Score a class must reach to be chosen over "other".
MIN_SCORE = 1.0


class ContentClassifier:
    """Rule-weight classifier. ``kind`` ("post", "repost", "comment") nudges reposts towards ``news_repost``.

    The constructor only stores parameters; ``rules`` and ``min_score`` can be swapped for other rule sets.
    """

    def __init__(self, rules: tuple[Rule, ...] = RULES, min_score: float = MIN_SCORE, repost_bonus: float = 1.5) -> None:
        self.rules = rules
        self.min_score = min_score
        self.repost_bonus = repost_bonus

    def scores(self, text: str | None, kind: str | None = None) -> dict[str, float]:
        t = text or ""
        out = dict.fromkeys(CLASSES, 0.0)
        for rule in self.rules:
            if rule.pattern.search(t):
                out[rule.cls] += rule.weight
        if kind == "repost":
            out["news_repost"] += self.repost_bonus
        # news or talk about someone else's apology is not the author's response: a response needs the first
        # person or an explicit rebuttal word
        if out["response"] > 0 and not _FIRST_PERSON.search(t) and not _STRONG_REBUTTAL.search(t):
            out["response"] = 0.0
        return out

    def explain(self, text: str | None, kind: str | None = None) -> list[tuple[str, str, float]]:
        """The rules that fired: (rule name, class, weight)."""
        t = text or ""
        hits = [(r.name, r.cls, r.weight) for r in self.rules if r.pattern.search(t)]
        if kind == "repost":
            hits.append(("kind=repost", "news_repost", self.repost_bonus))
        return hits

    def predict_one(self, text: str | None, kind: str | None = None) -> str:
        sc = self.scores(text, kind)
        best = max(CLASSES[:-1], key=lambda c: (sc[c], -CLASSES.index(c)))
        if sc[best] < self.min_score or sc["other"] > sc[best]:
            return "other"
        return best

    def predict(self, texts: list[str | None], kinds: list[str | None] | None = None) -> list[str]:
        ks: list[str | None] = list(kinds) if kinds is not None else [None] * len(texts)
        return [self.predict_one(t, k) for t, k in zip(texts, ks, strict=True)]


def classify(text: str | None, kind: str | None = None) -> str:
    """The class of one post with the default rules."""
    return ContentClassifier().predict_one(text, kind)


__all__ = ["CLASSES", "RULES", "ContentClassifier", "Rule", "classify"]
