"""Mentions → entities across articles and issues, deterministically.

Identity keys (what an IRI is made from) do not depend on the order issues are read in:
- places: the gazetteer code when the gazetteer knows the place (在平区 and 茌平区 are 371523…);
- government bodies: the full name, with the city or county taken from the article's context
  (市科技局 in a Liaocheng paper → 聊城市科学技术局) and standard abbreviations expanded;
- companies: the name without region prefix and legal suffix (北京波米科技公司 = 波米科技有限公司 = 波米科技);
- persons: the name (two people of one name in one corpus stay one unless a rule splits them);
- projects, programs, other organizations: the name without quotation marks.
The canonical name is the fullest form seen (or the expansion); every other surface is an alias.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from .gazetteer import Gazetteer
from .model import (ORG_TYPES, ArticleResult, Entity, Issue, KnowledgeBase, Mention, ResolvedPost, ResolvedRelation)

QUOTES = "“”‘’\"'《》〈〉「」『』【】"

# Standard abbreviations of government departments (the official short forms, generic to every city).
DEPARTMENT_ABBREVIATIONS = (
    ("发展改革委", "发展和改革委员会"), ("发改委", "发展和改革委员会"), ("科技局", "科学技术局"),
    ("工信局", "工业和信息化局"), ("住房城乡建设局", "住房和城乡建设局"), ("住建局", "住房和城乡建设局"),
    ("人社局", "人力资源和社会保障局"), ("卫健局", "卫生健康局"), ("卫健委", "卫生健康委员会"),
    ("市场监管局", "市场监督管理局"), ("生态环境局", "生态环境局"), ("自然资源局", "自然资源和规划局"),
    ("文旅局", "文化和旅游局"), ("农业农村局", "农业农村局"), ("政研室", "政策研究室"), ("社科联", "社会科学界联合会"),
    ("政法委", "政法委员会"), ("纪委", "纪律检查委员会"), ("组织部", "组织部"), ("新闻办", "新闻办公室"),
    ("交警大队", "公安局交通警察大队"), ("消防队", "消防救援大队"), ("检察院", "人民检察院"), ("法院", "人民法院"), ("大数据局", "大数据局"), ("医保局", "医疗保障局"),
)
_LEVEL_WORDS = {"市": "city", "县": "county", "区": "county", "省": "province"}
_BARE_DEPARTMENTS = {"公安局", "检察院", "人民检察院", "法院", "人民法院", "司法局", "交警大队", "消防队", "消防救援大队",
                     "税务局", "财政局", "民政局", "统计局"}
_LEGAL_SUFFIXES = ("集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "控股集团", "集团公司",
                   "集团", "公司")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in QUOTES)


class Resolver:
    def __init__(self) -> None:
        self.gaz = Gazetteer.load()
        self._program_names: list[str] = []  # every program name of the corpus being resolved

    # ------------------------------------------------------------------ places
    def place_code(self, m: Mention, region: str) -> str:
        if m.key:
            return m.key
        recs = self.gaz.lookup(m.name or m.text, region or None)
        return recs[0].code if len(recs) == 1 else ""

    def place_name(self, code: str) -> str:
        rec = self.gaz.get(code)
        if rec is not None:
            return rec.name
        world = [w for w in self.gaz.lookup_world(code)]  # world codes are looked up by name only
        return world[0].name if world else code

    # ------------------------------------------------------------------ government bodies
    def admin_prefix(self, level: str, region: str, article_places: list[str]) -> str:
        """The full name of the city/county/province a 市/县/省 prefix refers to in this context."""
        if level == "city":
            # in an article about a county-level city (临清市), 市 is that city
            for code in reversed(article_places):
                rec = self.gaz.get(code)
                if rec is not None and rec.level == "county" and rec.name.endswith("市"):
                    return rec.name
            rec = self.gaz.get(region) if region else None
            return rec.name if rec else ""
        if level == "province" and region:
            rec = self.gaz.get(region)
            anc = self.gaz.ancestors(rec) if rec else []
            return anc[-1].name if anc else ""
        if level == "county":
            for code in reversed(article_places):
                rec = self.gaz.get(code)
                if rec is not None and rec.level == "county":
                    return rec.name
        return ""

    def expand_body(self, name: str, region: str, article_places: list[str]) -> str:
        full = name
        if "政府" in full and "人民政府" not in full:
            full = full.replace("政府", "人民政府", 1)
        for short, long in DEPARTMENT_ABBREVIATIONS:
            if full.endswith(short) and not full.endswith(long):
                full = full[: -len(short)] + long
                break
        if full in ("市委", "县委", "区委", "省委"):
            level = _LEVEL_WORDS[full[0]]
            place = self.admin_prefix(level, region, article_places)
            return f"中共{place}委" if place else full
        # 山东智库联合会 is 山东省智库联合会: a region's short form opening a name becomes its full name
        for length in (3, 2):
            head = full[:length]
            recs = self.gaz.lookup(head, strict=True) if len(full) > length + 2 else []
            if len(recs) == 1 and recs[0].short == head and recs[0].level in ("province", "city") \
                    and not full.startswith(recs[0].name):
                full = recs[0].name + full[length:]
                break
        m = re.match(r"^(市|县|区|省)(委)?", full)
        if m and not re.match(r"^(市场|市民|县域|区域|省级|市级|县级)", full):
            place = self.admin_prefix(_LEVEL_WORDS[m.group(1)], region, article_places)
            if place:
                if m.group(2):  # 市委政研室 → 中共聊城市委政策研究室
                    return f"中共{place}委{full[2:]}"
                return place + full[1:]
        # a bare department of a list (公安局、检察院) belongs to the place the article is about
        if full in _BARE_DEPARTMENTS or any(full == long for short, long in DEPARTMENT_ABBREVIATIONS if short in _BARE_DEPARTMENTS):
            place = self.admin_prefix("county", region, article_places) or self.admin_prefix("city", region, article_places)
            if place:
                return place + full
        # 临清市委政法委 → 中共临清市委政法委员会
        m = re.match(r"^([\u4e00-\u9fff]{2,6}[市县区省])委(.+)$", full)
        if m and self.gaz.lookup(m.group(1)):
            return f"中共{m.group(1)}委{m.group(2)}"
        m = re.match(r"^([\u4e00-\u9fff]{2,6}[市县区省])委$", full)
        if m and self.gaz.lookup(m.group(1)):
            return f"中共{full}"
        return full

    def leading_place(self, name: str) -> str:
        """The code of a city or county that begins an organization's name (临清市委 → 临清市)."""
        for length in (4, 3):
            recs = self.gaz.lookup(name[:length], strict=True) if len(name) > length else []
            if len(recs) == 1 and recs[0].level in ("city", "county") and recs[0].name == name[:length]:
                return recs[0].code
        return ""

    # ------------------------------------------------------------------ companies
    def company_core(self, name: str) -> str:
        core = name
        for suffix in _LEGAL_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix) + 1:
                core = core[: -len(suffix)]
                break
        # a region prefix (北京, 山东, 聊城市, 高唐县) is not part of the identity
        for length in range(min(6, len(core) - 2), 1, -1):
            head = core[:length]
            if self.gaz.lookup(head) or self.gaz.lookup_world(head):
                core = core[length:]
                break
        return core if len(core) >= 2 else name

    # ------------------------------------------------------------------ the whole corpus
    def resolve(self, issues: list[Issue], results: dict[str, ArticleResult],
                regions: dict[str, str] | None = None) -> KnowledgeBase:
        """``regions``: issue id → its region code, as extraction found it (``region_code`` of the
        issue's context); an issue not in it has its region computed here, which loads the extractor."""
        entities: dict[str, Entity] = {}
        mention_entity: dict[tuple[str, int], str] = {}
        self._program_names = sorted({norm(m.name or m.text) for r in results.values() for m in r.mentions
                                      if m.type == "Program"})
        type_votes: dict[str, Counter] = defaultdict(Counter)
        issue_of_article = {a.id: issue for issue in issues for a in issue.articles}
        same_as: list[tuple[str, str]] = []  # keys that name one entity (bracketed aliases)
        regions = dict(regions or {})
        # company cores seen anywhere, to tie short forms to them (浪潮计算机 ← 浪潮 when the rest is generic)
        for article_id in sorted(results):
            result = results[article_id]
            issue = issue_of_article[article_id]
            region = regions.get(issue.id)
            if region is None:
                from .extract import region_of

                region = regions[issue.id] = region_of(issue)
            article_places: list[str] = []
            seen_here: list[tuple[str, str]] = []  # (surface, key) of this article's organizations so far
            for i, m in enumerate(result.mentions):
                if m.type in ORG_TYPES:
                    lead = self.leading_place(m.name or m.text)
                    if lead:
                        article_places.append(lead)  # 临清市委政法委: the article is about 临清市
                key, name = self.key_for(m, region, article_places)
                if m.type in ORG_TYPES:
                    # a bare head (管委会, 该集团's 集团) refers back to the last full name that ends with it
                    if len(m.text) <= 3 and m.text in ("管委会", "党工委", "集团", "公司", "研究院", "中心"):
                        back = [k for s, k in seen_here if s.endswith(m.text) and s != m.text]
                        if back:
                            key = back[-1]
                    seen_here.append((m.text, key))
                if m.type == "Place" and key.startswith("place:"):
                    article_places.append(key[6:])
                if not key:
                    continue
                ent = entities.get(key)
                if ent is None:
                    ent = entities[key] = Entity(key=key, type=m.type, name=name)
                    if m.type == "Place" and self.gaz.get(key[6:]) is not None:
                        ent.gazetteer_code = key[6:]
                ent.aliases.add(m.text)
                if m.name:
                    ent.aliases.add(m.name)
                if name:
                    ent.aliases.add(name)
                ent.mentions.append(m)
                type_votes[key][m.type] += 1 + (m.rule.startswith(("org-suffix", "title", "byline", "doc-title")))
                mention_entity[(article_id, i)] = key
                if m.type in ORG_TYPES and m.name and m.rule != "newspaper-self" and norm(m.name) != norm(m.text) \
                        and m.rule != "gazetteer-ocr":
                    # 山东省智库联合会(山东智库联盟): the printed form is a name of its own elsewhere too
                    plain = Mention(**{**m.__dict__, "name": ""})
                    same_as.append((key, self.key_for(plain, region, article_places)[0]))
        self._merge(entities, mention_entity, type_votes, same_as)
        for key, ent in entities.items():
            ent.type = type_votes[key].most_common(1)[0][0]
            ent.name = self.canonical(ent)
        self._place_hierarchy(entities)
        relations, posts = self._facts(issues, results, mention_entity, entities)
        return KnowledgeBase(issues=issues, results=results, entities=entities, mention_entity=mention_entity,
                             relations=relations, posts=posts)

    def key_for(self, m: Mention, region: str, article_places: list[str]) -> tuple[str, str]:
        surface = m.name or m.text
        if m.type == "Place":
            code = self.place_code(m, region)
            if code and self.gaz.get(code):
                return f"place:{code}", self.gaz.get(code).name
            return f"place:{norm(surface)}", norm(surface) if not code else surface
        if m.type == "Person":
            return f"person:{norm(surface)}", norm(surface)
        if m.type == "GovernmentBody":
            full = self.expand_body(norm(surface), region, article_places)
            return f"org:{full}", full
        if m.type == "Company":
            return f"company:{self.company_core(norm(surface))}", norm(surface)
        if m.type == "Organization":
            if m.rule == "newspaper-self" and m.name:
                return f"org:{m.name}", m.name
            full = self.expand_body(norm(surface), region, article_places)
            return f"org:{full}", full
        if m.type == "Program" and not surface.startswith("《"):
            # “提质强企”综合试点 is 阳谷光电线缆产业“提质强企”综合试点 when that is the only longer name ending so
            short = norm(surface)
            longer = [n for n in self._program_names if n.endswith(short) and n != short]
            quoted = surface.startswith(("“", "‘"))
            if (len(short) >= 4 and quoted or len(short) >= 8) and len({n for n in longer if not any(
                    o != n and o.endswith(n) for o in longer)}) == 1:
                return f"program:{max(longer, key=len)}", surface
        return f"{m.type.lower()}:{norm(surface)}", surface

    @staticmethod
    def _merge(entities: dict[str, Entity], mention_entity: dict, type_votes: dict, same_as: list) -> None:
        """Join entities whose keys the text says are one; the smallest key stays, so the result is stable."""
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            while parent.get(k, k) != k:
                k = parent[k]
            return k

        for a, b in same_as:
            if a in entities and b in entities:
                ra, rb = find(a), find(b)
                if ra != rb:
                    keep, drop = sorted((ra, rb))
                    parent[drop] = keep
        if not parent:
            return
        for key in list(entities):
            root = find(key)
            if root == key:
                continue
            gone = entities.pop(key)
            entities[root].aliases |= gone.aliases
            entities[root].mentions += gone.mentions
            type_votes[root].update(type_votes.pop(key))
        for k, key in list(mention_entity.items()):
            mention_entity[k] = find(key)

    @staticmethod
    def canonical(ent: Entity) -> str:
        if ent.type == "Place" and ent.gazetteer_code:
            return ent.name
        if ent.type == "GovernmentBody" and ent.name:
            return ent.name
        forms = [a for a in ent.aliases if a]
        if ent.type == "Program":
            quoted = [a for a in forms if a.startswith(("《", "“"))]
            forms = quoted or forms
        return max(forms, key=lambda a: (len(norm(a)), a)) if forms else ent.name

    def _place_hierarchy(self, entities: dict[str, Entity]) -> None:
        """county → city → province as schema:containedInPlace; ancestors join the graph as background."""
        for key in list(entities):
            ent = entities[key]
            if not ent.gazetteer_code:
                continue
            rec = self.gaz.get(ent.gazetteer_code)
            child = ent
            while rec is not None:
                parent = self.gaz.parent(rec)
                if parent is None:
                    break
                pkey = f"place:{parent.code}"
                if pkey not in entities:
                    entities[pkey] = Entity(key=pkey, type="Place", name=parent.name, aliases={parent.name},
                                            gazetteer_code=parent.code)
                child.parent_key = pkey
                child, rec = entities[pkey], parent

    def _facts(self, issues, results, mention_entity, entities):
        dates = {a.id: issue.meta.date or "" for issue in issues for a in issue.articles}
        rel_index: dict[tuple[str, str, str], ResolvedRelation] = {}
        post_index: dict[tuple[str, str], ResolvedPost] = {}
        for article_id in sorted(results):
            result = results[article_id]
            for r in result.relations:
                s = mention_entity.get((article_id, r.subject))
                o = mention_entity.get((article_id, r.object))
                if not s or not o or s == o:
                    continue
                if r.type == "partnerOf" and s > o:
                    s, o = o, s
                key = (r.type, s, o)
                rel_index.setdefault(key, ResolvedRelation(r.type, s, o, [])).sources.append(r)
            for p in result.posts:
                s = mention_entity.get((article_id, p.person))
                o = mention_entity.get((article_id, p.organization))
                if not s or not o:
                    continue
                post = post_index.setdefault((s, o), ResolvedPost(s, o, [], []))
                for t in p.titles:
                    if t not in post.titles:
                        post.titles.append(t)
                post.sources.append(p)
                if dates.get(article_id) and dates[article_id] not in post.dates:
                    post.dates.append(dates[article_id])
        return list(rel_index.values()), list(post_index.values())


def resolve(issues: list[Issue], results: dict[str, ArticleResult],
            regions: dict[str, str] | None = None) -> KnowledgeBase:
    return Resolver().resolve(issues, results, regions)
