"""Text templates for the SYNTHETIC demo world. All names are fictional (火星科技 / Huoxing Tech, its CEO 周明)."""

from __future__ import annotations

COMPANY = "火星科技"
COMPANY_EN = "Huoxing Tech"
LEADER = "周明"
LEADER_EN = "Zhou Ming"
CAR = "火星M7"

PERSONAL = [
    "今天早上跑了5公里，状态不错。",
    "周末陪家人去爬山，秋天的风景真好。",
    "读完了一本关于工程管理的书，很有启发。",
    "和老同学吃饭，聊起二十年前创业的日子。",
    "今天是女儿生日，祝她快乐成长！",
    "加班到深夜，办公室的灯还亮着，感谢每一位同事。",
    "回母校做了一场分享，和同学们聊得很开心。",
    "早起看日出，新的一天加油。",
]
PRODUCT = [
    f"{CAR} 新版本OTA今天推送，新增智能泊车和语音助手升级。",
    f"{CAR} 本月交付再创新高，感谢每一位车主的信任！",
    f"{COMPANY}新一代手机发布会定在下周，欢迎大家来看。",
    f"{CAR} 门店体验日开始预约，欢迎试驾。",
    f"{COMPANY}工厂二期投产，产能提升一倍。",
    f"{CAR} 续航实测结果出炉，详情见官方发布。",
]
NEWS_REPOST = [
    f"转发微博 //@{COMPANY}: {COMPANY}第三季度业绩公告",
    f"转发微博 //@{COMPANY}: {CAR} 交付量公告",
    f"转发微博 //@{COMPANY}汽车: 门店网络覆盖新城市",
    f"转发微博 //@{COMPANY}: 官方声明",
]
RESPONSE = [
    "关于昨天的事故，我们高度重视，正在全力配合调查，第一时间公布进展。",
    "感谢大家的关心和批评，我们一定会给大家一个交代。",
    "最近网上很多断章取义的说法，也有人在恶意抹黑，请大家以官方信息为准。",
    "安全是一切的基础和前提，我们会持续改进。",
    "关于召回的问题，我们已经和监管部门沟通，所有车主都会得到妥善处理。",
]
COMMENT_POS = [
    "支持周总，加油！", "车很好开，已经提车三个月了。", "期待新品！", "干得漂亮，点赞。",
    "一直支持{co}。", "这次OTA真不错。", "雷厉风行，佩服。",
]
COMMENT_NEG = [
    "出了事故就该给个说法，别发广告了。", "安全问题必须彻底调查！", "太失望了，退订。",
    "什么时候公布调查结果？", "营销做得再好，质量不行也没用。", "车主维权难，谁来管？", "别再画饼了。",
]
COMMENT_NEU = [
    "请问什么时候到店？", "门店在哪里？", "续航多少公里？", "关注一下。", "转发看看。", "有没有优惠？",
]
#: the planted campaign's "copywriting software" template: slots filled at random
CAMPAIGN_TEMPLATE = "{brand}的{product}{problem}，{advice}！#{tag}#"
CAMPAIGN_SLOTS = {
    "brand": [COMPANY, f"{COMPANY}汽车", "火星"],
    "product": ["M7", "新车", "M7智驾", "电池"],
    "problem": ["刹车失灵太可怕了", "质量问题一大堆", "安全隐患严重", "根本不敢开"],
    "advice": ["大家千万别买", "建议大家三思", "赶紧退订吧", "买了的都后悔"],
    "tag": ["火星M7避雷", "火星汽车质量", "M7安全"],
}
