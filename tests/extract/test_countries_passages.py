"""Countries extractor (issue 5) on hand-annotated passages of the kinds of text it must handle.

Synthetic paragraphs written for this test in the style of the three kinds of document the
extractor meets on unseen text (Secretary-General's annual reports of other years, other SG
reports, programme plans of other years), dense with the trap families. Each passage lists every
country mention a careful annotator marks under the policy of `kg/extract/countries.py` (ISO
alpha-3 -> count); regions are annotated where the passage is about them (None: not annotated).
Annotated by reading the text, before the extractor was run on it.
"""

from __future__ import annotations

from collections import Counter

import pytest

from kg.extract import DEFAULT_OPTIONS
from kg.extract.countries import extract_countries
from kg.ingest.normalise import normalise_text
from kg.model import CountryMention, RegionMention
from kg.reference import default_resources

RES = default_resources()

# (passage, country counts, region counts or None when regions are not annotated)
PASSAGES: list[tuple[str, dict[str, int], dict[str, int] | None]] = [
    (
        # peace and security, annual report
        "23. 在阿富汗，联合国阿富汗援助团继续支持和平进程。在也门，我的特使与各方接触，"
        "荷台达省和马里卜省的战事仍在持续。在利比亚，联合国利比亚支助团推动了停火协定的签署；"
        "在阿拉伯叙利亚共和国，伊德利卜的局势依然令人关切。",
        {"AFG": 2, "YEM": 1, "LBY": 2, "SYR": 1},
        {"hudaydah": 1, "marib": 1, "idlib": 1},
    ),
    (
        # humanitarian, annual report
        "中央应急基金向马达加斯加南部的抗旱行动、莫桑比克德尔加杜角省的流离失所者以及萨赫勒中部"
        "(布基纳法索、马里和尼日尔)的应急行动拨款。乍得湖流域的危机已延续十年，影响喀麦隆、乍得、"
        "尼日尔和尼日利亚约 1 100 万人。",
        {"MDG": 1, "MOZ": 1, "BFA": 1, "MLI": 1, "NER": 2, "CMR": 1, "TCD": 1, "NGA": 1},
        {"cabo-delgado": 1, "sahel": 1, "lake-chad-basin": 1},
    ),
    (
        # programme plan: regional commissions, languages, currency
        "16.3 亚太经社会将与欧洲经委会和西亚经社会合作，并与东南亚国家联盟、南亚区域合作联盟和"
        "太平洋岛屿论坛结成伙伴关系，支持亚洲及太平洋的可持续发展。出版物将以阿拉伯文、中文、英文、"
        "法文、俄文和西班牙文印发，所需资源以美元和瑞士法郎计。",
        {},
        {"asia-pacific": 1},
    ),
    (
        # oceans and seas
        "海洋法司协助印度洋和太平洋沿岸国家，以及几内亚湾和亚丁湾的国家打击海盗行为。索马里沿海的"
        "海盗事件减少，但南中国海和日本海的航行安全仍是各方关注的问题。菲律宾海岸警卫队和日本海上保安厅"
        "参加了讲习班。",
        {"SOM": 1, "PHL": 1, "JPN": 1},
        {"gulf-of-guinea": 1},
    ),
    (
        # decolonisation
        "特别委员会审议了西撒哈拉、福克兰群岛(马尔维纳斯)、直布罗陀、新喀里多尼亚、法属波利尼西亚、"
        "托克劳、美属萨摩亚、关岛、英属维尔京群岛、美属维尔京群岛、百慕大、开曼群岛、蒙特塞拉特、"
        "皮特凯恩、圣赫勒拿、特克斯和凯科斯群岛以及安圭拉的问题。有关岛屿的主权争端须以和平方式解决。",
        {
            "ESH": 1,
            "FLK": 1,
            "GIB": 1,
            "NCL": 1,
            "PYF": 1,
            "TKL": 1,
            "ASM": 1,
            "GUM": 1,
            "VGB": 1,
            "VIR": 1,
            "BMU": 1,
            "CYM": 1,
            "MSR": 1,
            "PCN": 1,
            "SHN": 1,
            "TCA": 1,
            "AIA": 1,
        },
        None,
    ),
    (
        # Cyprus
        "联合国驻塞浦路斯维持和平部队(联塞部队)继续在尼科西亚缓冲区巡逻。我的特别顾问与希族塞人和"
        "土族塞人领导人会晤，并与保证国希腊、土耳其和大不列颠及北爱尔兰联合王国保持联系。",
        {"CYP": 1, "GRC": 1, "TUR": 1, "GBR": 1},
        {},
    ),
    (
        # Middle East
        "近东救济工程处继续在约旦、黎巴嫩、阿拉伯叙利亚共和国、西岸(包括东耶路撒冷)和加沙地带为"
        "巴勒斯坦难民提供服务。以色列继续占领被占领的叙利亚戈兰。约旦河沿岸的水资源问题以及埃及与"
        "加沙之间的拉法过境点也在讨论之列。",
        # 被占领的叙利亚戈兰 names Syria as a word of its own: the Golan and Syria both count
        {"JOR": 1, "LBN": 1, "SYR": 2, "PSE": 1, "ISR": 1, "EGY": 1},
        {"west-bank": 1, "east-jerusalem": 1, "gaza": 2, "golan": 1},
    ),
    (
        # disarmament
        "朝鲜民主主义人民共和国继续发展核武器方案，大韩民国和日本对此表示关切。我欢迎俄罗斯联邦和"
        "美利坚合众国延长《新裁武条约》。关于伊朗伊斯兰共和国的《联合全面行动计划》仍面临挑战，"
        "朝鲜半岛无核化和建立中东无核武器区仍是优先事项。",
        {"PRK": 1, "KOR": 1, "JPN": 1, "RUS": 1, "USA": 1, "IRN": 1},
        {"korean-peninsula": 1, "middle-east": 1},
    ),
    (
        # Democratic Republic of the Congo
        "在刚果民主共和国东部，联刚稳定团在北基伍省和伊图里省保护平民。开赛地区的局势有所改善。"
        "我的大湖区问题特使与卢旺达、乌干达和布隆迪政府接触，并出席了大湖区问题国际会议。刚果河沿岸的"
        "贸易和刚果(布)的难民问题也被提及。",
        {"COD": 1, "RWA": 1, "UGA": 1, "BDI": 1, "COG": 1},
        {"north-kivu": 1, "ituri": 1, "kasai": 1, "great-lakes-region": 1},
    ),
    (
        # Central African Republic
        "中非稳定团支持中非政府扩大国家权力。中部非洲国家经济共同体和非洲联盟继续支持和平协定的执行。"
        "中非共和国与喀麦隆、乍得、刚果和苏丹之间的边界管理仍然薄弱，其中非政府组织报告了多起事件。",
        {"CAF": 3, "CMR": 1, "TCD": 1, "COG": 1, "SDN": 1},
        {},
    ),
    (
        # Sudan and South Sudan
        "苏丹过渡政府与各武装团体签署了《朱巴和平协议》。达尔富尔、南科尔多凡和青尼罗州的安全局势依然"
        "不稳。联合国阿卜耶伊临时安全部队继续部署在苏丹和南苏丹之间的阿卜耶伊地区。青尼罗河上的大坝问题"
        "由埃塞俄比亚、埃及和苏丹谈判。",
        {"SDN": 3, "SSD": 1, "ETH": 1, "EGY": 1},
        {"darfur": 1, "south-kordofan": 1, "blue-nile": 1, "abyei": 2},
    ),
    (
        # West Africa
        "联合国西非和萨赫勒办事处支持几内亚、几内亚比绍、塞拉利昂、利比里亚、科特迪瓦、加纳、多哥和"
        "贝宁的选举进程，并与西非国家经济共同体密切合作。几内亚湾的海盗行为影响赤道几内亚、加蓬和"
        "尼日利亚。尼日尔河流域管理局增加了纳入社区的项目。",
        {
            "GIN": 1,
            "GNB": 1,
            "SLE": 1,
            "LBR": 1,
            "CIV": 1,
            "GHA": 1,
            "TGO": 1,
            "BEN": 1,
            "GNQ": 1,
            "GAB": 1,
            "NGA": 1,
        },
        {"m49-011": 1, "sahel": 1, "gulf-of-guinea": 1},
    ),
    (
        # small island developing States
        "在《小岛屿发展中国家快速行动方式(萨摩亚途径)》框架内，斐济、汤加、图瓦卢、基里巴斯、马绍尔群岛、"
        "瑙鲁、帕劳、所罗门群岛和瓦努阿图报告了进展。巴布亚新几内亚位于新几内亚岛东部，布干维尔自治区"
        "举行了全民投票。库克群岛和纽埃也参加了会议。",
        {
            "WSM": 1,
            "FJI": 1,
            "TON": 1,
            "TUV": 1,
            "KIR": 1,
            "MHL": 1,
            "NRU": 1,
            "PLW": 1,
            "SLB": 1,
            "VUT": 1,
            "PNG": 1,
            "COK": 1,
            "NIU": 1,
        },
        {"sids": 1, "bougainville": 1},
    ),
    (
        # Americas
        "逃离委内瑞拉玻利瓦尔共和国的难民和移民主要前往哥伦比亚、秘鲁、智利、厄瓜多尔和巴西。中美洲北部"
        "三角区的萨尔瓦多、危地马拉和洪都拉斯面临暴力问题，许多人经墨西哥前往美国。多米尼加共和国、"
        "多米尼克、海地和古巴受到飓风影响。多民族玻利维亚国举行了选举。",
        {
            "VEN": 1,
            "COL": 1,
            "PER": 1,
            "CHL": 1,
            "ECU": 1,
            "BRA": 1,
            "SLV": 1,
            "GTM": 1,
            "HND": 1,
            "MEX": 1,
            "USA": 1,
            "DOM": 1,
            "DMA": 1,
            "HTI": 1,
            "CUB": 1,
            "BOL": 1,
        },
        {"northern-triangle": 1},
    ),
    (
        # Europe
        "乌克兰东部和克里米亚的局势以及俄罗斯联邦与乌克兰之间的冲突仍是关切问题。欧洲安全与合作组织"
        "在摩尔多瓦共和国的德涅斯特河沿岸地区和格鲁吉亚的阿布哈兹和南奥塞梯开展工作。在科索沃，联合国"
        "科索沃临时行政当局特派团与塞尔维亚和欧洲联盟合作；波斯尼亚和黑塞哥维那及北马其顿参加了西巴尔干"
        "区域倡议。",
        {"UKR": 2, "RUS": 1, "MDA": 1, "GEO": 1, "XKX": 2, "SRB": 1, "BIH": 1, "MKD": 1},
        {"crimea": 1, "transnistria": 1, "abkhazia": 1, "south-ossetia": 1, "western-balkans": 1},
    ),
    (
        # Asia
        "在孟加拉国科克斯巴扎尔避难的罗兴亚难民来自缅甸若开邦。阿富汗与巴基斯坦之间的边境、印度和"
        "巴基斯坦之间的控制线以及东帝汶和印度尼西亚的合作也在讨论之列。在菲律宾棉兰老，和平进程取得"
        "进展。联合国中亚预防性外交区域中心支持吉尔吉斯斯坦和塔吉克斯坦之间的对话。",
        {"BGD": 1, "MMR": 1, "AFG": 1, "PAK": 2, "IND": 1, "TLS": 1, "IDN": 1, "PHL": 1, "KGZ": 1, "TJK": 1},
        {"cox-s-bazar": 1, "rakhine": 1, "mindanao": 1, "m49-143": 1},
    ),
    (
        # word-boundary accidents
        "其中国家一级的工作由驻地协调员领导，集中国际力量支持发展中国家。非法国际贩运和武装冲突中国内"
        "流离失所者人数增加。沿海地区的社区增加纳入方案的机会；许多哥伦比亚人返回家园。截至 2020 年 "
        "12 月 31 日本报告所述期间，其中非政府组织和其中东部地区的伙伴提供了支持，有关岛国也参与其中。",
        {"COL": 1},
        {"developing-countries": 1},
    ),
    (
        # languages, scripts, currencies, ethnic groups
        "葡萄牙语国家共同体的会议文件以葡萄牙文和西班牙文提供；西班牙文化部长出席了会议。预算以美元计，"
        "但在日内瓦的支出以瑞士法郎计，在内罗毕的支出以肯尼亚先令计。科索沃阿尔巴尼亚族和塞尔维亚族"
        "社区的代表以阿尔巴尼亚语和塞尔维亚语发言。",
        {"ESP": 1, "XKX": 1},
        None,
    ),
    (
        # tribunals and names of instruments
        "余留机制继承了前南斯拉夫问题国际刑事法庭和卢旺达问题国际刑事法庭的职能。塞拉利昂问题特别法庭、"
        "黎巴嫩问题特别法庭和柬埔寨法院特别法庭也向委员会作了通报。《巴黎协定》和《萨摩亚途径》的"
        "执行工作以及《新加坡调解公约》的签署仪式也在报告期内进行。",
        {"YUG": 1, "RWA": 1, "SLE": 1, "LBN": 1, "KHM": 1, "WSM": 1, "SGP": 1},
        None,
    ),
    (
        # regional organisations versus places
        "非洲联盟委员会主席和我共同主持了联合国-非洲联盟年度会议，讨论了非洲之角、萨赫勒和大湖区的"
        "局势。非洲开发银行、亚洲开发银行和美洲开发银行参加了筹资对话。我们支持非洲大陆自由贸易区的"
        "实施，并与欧洲联盟合作支持非洲国家。",
        {},
        {"horn-of-africa": 1, "sahel": 1, "great-lakes-region": 1, "m49-002": 2},
    ),
    (
        # names broken across PDF lines and letter-spaced
        "在刚果民主共\n和国和中非共和\n国，特派团保护平民。巴布亚新几\n内亚和布基纳法\n索的情况也有改善。"
        "中 非 稳 定 团 和 马 里 稳 定 团 的任务期限延长。",
        {"COD": 1, "CAF": 2, "PNG": 1, "BFA": 1, "MLI": 1},
        None,
    ),
    (
        # places named after another country, short and former names
        "西班牙港和帕拉马里博举办了加勒比区域讲习班；马里乌波尔和马里卜遭受炮击。刚果(金)、刚果(布)、"
        "南朝鲜、扎伊尔和前南斯拉夫的马其顿共和国等名称见于早期文件。中国香港特别行政区和中国台湾省的"
        "数据单独列出。",
        {"COD": 2, "COG": 1, "KOR": 1, "MKD": 1, "HKG": 1, "TWN": 1},
        {"port-of-spain": 1, "paramaribo": 1, "mariupol": 1, "marib": 1, "m49-029": 1},
    ),
    (
        # programme plan: mandates, subprogrammes
        "次级方案 3 的宗旨是加强拉丁美洲和加勒比国家的宏观经济管理能力。拉丁美洲和加勒比经济委员会将"
        "与加勒比共同体和中美洲一体化体系合作，支持海地、牙买加、特立尼达和多巴哥、巴巴多斯、圣卢西亚、"
        "格林纳达、安提瓜和巴布达以及圣文森特和格林纳丁斯。",
        {"HTI": 1, "JAM": 1, "TTO": 1, "BRB": 1, "LCA": 1, "GRD": 1, "ATG": 1, "VCT": 1},
        {"m49-419": 1},
    ),
    (
        # Horn of Africa and Gulf
        "埃塞俄比亚提格雷州的冲突影响到厄立特里亚和苏丹。索马里过渡时期特派团与索马里联邦政府以及朱巴兰和"
        "邦特兰州合作。也门的冲突牵涉沙特阿拉伯、阿拉伯联合酋长国和阿曼，阿曼苏丹国进行了斡旋，卡塔尔和"
        "科威特提供了支持，海湾国家也参与其中。",
        {"ETH": 1, "ERI": 1, "SDN": 1, "SOM": 2, "YEM": 1, "SAU": 1, "ARE": 1, "OMN": 2, "QAT": 1, "KWT": 1},
        {"tigray": 1, "jubaland": 1, "puntland": 1, "gulf-region": 1},
    ),
    # written later, to probe constructions no rule was designed for; the first run found one miss
    # (伊拉克库尔德斯坦区域: a sub-national name that contains its own country's name)
    (
        "人权理事会设立了关于白俄罗斯、布隆迪、厄立特里亚和尼加拉瓜的特别程序。驻柬埔寨、也门和利比亚的人权专家提交了报告；委内瑞拉问题独立国际实况调查团发现了严重侵权行为。吉尔吉斯斯坦国内的改革以及哈萨克斯坦国会的立法受到欢迎。",
        {"BLR": 1, "BDI": 1, "ERI": 1, "NIC": 1, "KHM": 1, "YEM": 1, "LBY": 1, "VEN": 1, "KGZ": 1, "KAZ": 1},
        None,
    ),
    (
        "2021 年，莫桑比克北部、埃塞俄比亚北部和布基纳法索东部的流离失所人数激增。土耳其收容的难民人数居世界首位，其次是哥伦比亚、乌干达、巴基斯坦和德国。黎巴嫩国民经济崩溃，约旦一方表示需要更多支持；伊拉克库尔德斯坦区域收容了大批叙利亚人。",
        {
            "MOZ": 1,
            "ETH": 1,
            "BFA": 1,
            "TUR": 1,
            "COL": 1,
            "UGA": 1,
            "PAK": 1,
            "DEU": 1,
            "LBN": 1,
            "JOR": 1,
            "IRQ": 1,
            "SYR": 1,
        },
        None,
    ),
    (
        "气候变化使马尔代夫、图瓦卢和基里巴斯等低洼岛国面临生存威胁。格拉斯哥第二十六届缔约方会议由联合王国主办，意大利合办；埃及主办了第二十七届缔约方会议。孟加拉国、越南和菲律宾遭受了强台风袭击，巴基斯坦发生特大洪灾。",
        {"MDV": 1, "TUV": 1, "KIR": 1, "GBR": 1, "ITA": 1, "EGY": 1, "BGD": 1, "VNM": 1, "PHL": 1, "PAK": 1},
        None,
    ),
    (
        "选举援助司向伊拉克、索马里、利比亚、冈比亚、马拉维和尼日利亚提供了支持。在马里，过渡当局推迟了选举；在几内亚和乍得，军事接管后宪政秩序中断；苏丹的过渡进程在 2021 年 10 月政变后陷入停滞。缅甸军方于 2 月夺权。",
        {
            "IRQ": 1,
            "SOM": 1,
            "LBY": 1,
            "GMB": 1,
            "MWI": 1,
            "NGA": 1,
            "MLI": 1,
            "GIN": 1,
            "TCD": 1,
            "SDN": 1,
            "MMR": 1,
        },
        None,
    ),
    (
        "2022 年方案计划：次级方案 4 将协助阿尔及利亚、摩洛哥、突尼斯和毛里塔尼亚的统计部门；在北非次区域办事处(拉巴特)，工作重点是青年就业。中部非洲次区域办事处设在雅温得，东部非洲次区域办事处设在基加利，南部非洲次区域办事处设在卢萨卡。",
        {"DZA": 1, "MAR": 1, "TUN": 1, "MRT": 1},
        None,
    ),
    (
        "联合国与中国、印度、巴西和南非等新兴经济体的合作日益加强。中国政府和印度政府宣布向COVAX提供疫苗；俄罗斯联邦和法国表示支持。德国、瑞典、挪威、丹麦、荷兰和瑞士是主要捐助国；日本和大韩民国增加了捐款，沙特阿拉伯和卡塔尔也提供了资金。",
        {
            "CHN": 2,
            "IND": 2,
            "BRA": 1,
            "ZAF": 1,
            "RUS": 1,
            "FRA": 1,
            "DEU": 1,
            "SWE": 1,
            "NOR": 1,
            "DNK": 1,
            "NLD": 1,
            "CHE": 1,
            "JPN": 1,
            "KOR": 1,
            "SAU": 1,
            "QAT": 1,
        },
        None,
    ),
    (
        "在海地，帮派暴力加剧，太子港的部分街区无法进入。联合国海地综合办事处与多米尼加共和国当局就边界问题进行了协调。在哥伦比亚，前哥伦比亚革命武装力量－人民军成员的重返社会进程继续推进。委内瑞拉和圭亚那之间的边界争端提交国际法院。",
        {"HTI": 2, "DOM": 1, "COL": 2, "VEN": 1, "GUY": 1},
        None,
    ),
    (
        "禁止化学武器组织对阿拉伯叙利亚共和国的化学武器使用事件进行了调查；伊朗伊斯兰共和国的铀浓缩活动引起关切。以色列、印度和巴基斯坦尚未加入《不扩散条约》。朝鲜于 2022 年发射了多枚弹道导弹，飞越日本上空。",
        {"SYR": 1, "IRN": 1, "ISR": 1, "IND": 1, "PAK": 1, "PRK": 1, "JPN": 1},
        None,
    ),
    (
        "毒品和犯罪问题办公室在阿富汗、哥伦比亚、秘鲁和多民族玻利维亚国开展了古柯和罂粟种植调查，并在尼日利亚、加纳和塞内加尔支持刑事司法改革。在墨西哥和危地马拉，方案侧重于预防暴力；在中亚，方案侧重于边境管理，惠及土库曼斯坦和乌兹别克斯坦。",
        {
            "AFG": 1,
            "COL": 1,
            "PER": 1,
            "BOL": 1,
            "NGA": 1,
            "GHA": 1,
            "SEN": 1,
            "MEX": 1,
            "GTM": 1,
            "TKM": 1,
            "UZB": 1,
        },
        None,
    ),
    (
        "维持和平行动部部署在南苏丹、中非共和国、刚果民主共和国、马里、黎巴嫩、塞浦路斯、西撒哈拉、阿卜耶伊、戈兰和科索沃。孟加拉国、尼泊尔、印度、卢旺达和巴基斯坦是最大的出兵国；埃塞俄比亚、埃及、印度尼西亚、加纳和中国也派出了大批人员。",
        {
            "SSD": 1,
            "CAF": 1,
            "COD": 1,
            "MLI": 1,
            "LBN": 1,
            "CYP": 1,
            "ESH": 1,
            "XKX": 1,
            "BGD": 1,
            "NPL": 1,
            "IND": 1,
            "RWA": 1,
            "PAK": 1,
            "ETH": 1,
            "EGY": 1,
            "IDN": 1,
            "GHA": 1,
            "CHN": 1,
        },
        None,
    ),
    (
        "表 3\n按国家分列的维和人员死亡人数\n国家\t2019 年\t2020 年\n马里\t23\t12\n中非共和国\t5\t8\n刚果民主共和国\t4\t6\n南苏丹\t1\t0\n索马里\t0\t3\n黎巴嫩\t2\t1\n",
        {"MLI": 1, "CAF": 1, "COD": 1, "SSD": 1, "SOM": 1, "LBN": 1},
        None,
    ),
    (
        "A. 中东\n\n35. 2020 年 8 月 4 日贝鲁特港爆炸后，联合国与黎巴嫩政府协调救援。B. 亚洲及太平洋\n\n36. 在缅甸，2月1日军方接管政权后，我的特使访问了该区域。2019年马里和2020年布基纳法索的袭击事件均有增加。",
        {"LBN": 1, "MMR": 1, "MLI": 1, "BFA": 1},
        {"middle-east": 1, "asia-pacific": 1},
    ),
    (
        "安全理事会五个常任理事国(中国、法国、俄罗斯联邦、联合王国和美国)举行了会议。英法两国和中美两国的代表也单独会晤。印度洋岛国毛里求斯和马达加斯加、科摩罗以及法国海外省马约特和留尼汪受到气旋影响。",
        {"CHN": 1, "FRA": 2, "RUS": 1, "GBR": 1, "USA": 1, "MUS": 1, "MDG": 1, "COM": 1, "MYT": 1, "REU": 1},
        None,
    ),
    (
        "刚果民主共和国(东部)、马里(北部和中部)以及苏丹/南苏丹边界地区的局势依然紧张。伊拉克境内和阿拉伯叙利亚共和国境内的伊黎伊斯兰国残余势力仍构成威胁。沙特阿拉伯领导的联军与也门胡塞运动之间的冲突持续。",
        {"COD": 1, "MLI": 1, "SDN": 1, "SSD": 1, "IRQ": 1, "SYR": 1, "SAU": 1, "YEM": 1},
        None,
    ),
    (
        "方案 9\n最不发达国家、内陆发展中国家和小岛屿发展中国家\n\n9.1 高级代表办事处将支持阿富汗、不丹、尼泊尔、老挝人民民主共和国和蒙古等内陆发展中国家，以及圣多美和普林西比、佛得角、几内亚比绍和科摩罗等小岛屿发展中国家。",
        {"AFG": 1, "BTN": 1, "NPL": 1, "LAO": 1, "MNG": 1, "STP": 1, "CPV": 1, "GNB": 1, "COM": 1},
        {"ldc": 1, "lldc": 2, "sids": 2},
    ),
    (
        "秘书长关于妇女与和平与安全的报告(S/2021/827)指出，阿富汗、伊拉克、南苏丹和也门的妇女人权维护者受到威胁。国际刑事法院对乌干达、肯尼亚、科特迪瓦和格鲁吉亚的情势进行了调查；委员会审议了冈比亚诉缅甸案。",
        {"AFG": 1, "IRQ": 1, "SSD": 1, "YEM": 1, "UGA": 1, "KEN": 1, "CIV": 1, "GEO": 1, "GMB": 1, "MMR": 1},
        None,
    ),
    (
        "非洲经委会将与非洲联盟委员会和非洲开发银行合作，促进非洲的工业化；欧洲经委会将协助东欧、高加索和中亚国家。拉加经委会和亚太经社会将分别支持拉丁美洲和加勒比以及亚洲及太平洋的统计能力建设。",
        {},
        {"m49-002": 1, "m49-151": 1, "caucasus": 1, "m49-143": 1, "m49-419": 1, "asia-pacific": 1},
    ),
    (
        "在土库曼斯坦阿什哈巴德、乌兹别克斯坦塔什干和哈萨克斯坦阿斯塔纳举行了区域会议。阿塞拜疆和亚美尼亚就纳戈尔诺-卡拉巴赫问题达成停火。在格鲁吉亚，日内瓦国际讨论继续进行。",
        {"TKM": 1, "UZB": 1, "KAZ": 1, "AZE": 1, "ARM": 1, "GEO": 1},
        {"nagorno-karabakh": 1},
    ),
]


@pytest.mark.parametrize(
    ("text", "countries", "regions"), PASSAGES, ids=[f"passage-{i}" for i in range(len(PASSAGES))]
)
def test_countries_hand_annotated_passage(
    text: str, countries: dict[str, int], regions: dict[str, int] | None
) -> None:
    doc = normalise_text(text, "p")
    out = extract_countries(doc, DEFAULT_OPTIONS, RES)
    found = Counter(r.iso3 for r in out.records if isinstance(r, CountryMention))
    assert found == Counter(countries)
    if regions is not None:
        assert Counter(r.region_id for r in out.records if isinstance(r, RegionMention)) == Counter(regions)
    for r in out.records:
        assert doc.text[r.evidence.span.start : r.evidence.span.end] == r.surface
