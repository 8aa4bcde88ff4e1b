"""Mentions → entities across articles and issues, deterministically.

Identity keys (what an IRI is made from) do not depend on the order issues are read in:
- places: the gazetteer code when the gazetteer knows the place (an OCR-damaged county name and the real one
  share its code);
- government bodies: the full name, with the city or county taken from the article's context
  (市科技局 in a paper of 某某市 → 某某市科学技术局) and standard abbreviations expanded;
- companies: the name without region prefix and legal suffix (北京甲乙科技公司 = 甲乙科技有限公司 = 甲乙科技);
  a short name (甲乙) is the one full name of the corpus with its stem (kg.identity);
- persons: the name, and where mentions of one name share no context, the name and its body (kg.identity);
- projects, programs, other organizations: the name without quotation marks.
The canonical name is the fullest form seen (or the expansion); every other surface is an alias.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from . import identity
from .curation import Curation
from .gazetteer import Gazetteer
from .identity import Links
from .model import (ORG_TYPES, ArticleResult, Entity, EntityType, Issue, KnowledgeBase, Mention, ResolvedPost,
                    ResolvedRelation)
from .rules import table, words
from .script import simplified_key

QUOTES = "“”‘’\"'《》〈〉「」『』【】"
_HOME_LEVELS = ("county", "city")  # a post at a body of a province says too little of who holds it
_STRONG_RULES = ("org-suffix", "title", "byline", "doc-title")  # rules whose type vote counts double


class _Rules:
    """The resolver's linguistic knowledge, read once from kg/rules/resolve_*.tsv."""

    def __init__(self) -> None:
        self.abbreviations = tuple((r["short"], r["long"]) for r in table("resolve_abbreviations", ("short", "long")))
        self.levels = {r["word"]: r["level"] for r in table("resolve_levels", ("word", "level"))}
        self.bare = frozenset(words("resolve_bare_departments"))
        forms = {r["form"]: r["text"] for r in table("resolve_forms", ("form", "text"))}
        self.government, self.government_full = forms["government"], forms["government_full"]
        self.committee, self.party = forms["committee"], forms["party"]
        self.city_word = next(w for w, level in self.levels.items() if level == "city")
        self.committees = frozenset(w + self.committee for w in self.levels)
        self.back_heads = frozenset(words("resolve_back_references"))
        self.party_departments = frozenset(words("resolve_party_departments"))
        self.legal_suffixes = words("resolve_legal_suffixes")
        self.registered_suffixes = tuple(row.key for row in table("resolve_legal_suffixes", ("registered",))
                                         if row["registered"] == "yes")
        self.trade_words = words("resolve_industry_words")
        level_chars = "".join(self.levels)
        not_levels = "|".join(map(re.escape, words("resolve_not_level_prefixes")))
        self.level_prefix = re.compile(f"^([{level_chars}])({self.committee})?")
        self.not_level_prefix = re.compile(f"^({not_levels})")
        self.place_committee_unit = re.compile(f"^([\\u4e00-\\u9fff]{{2,6}}[{level_chars}]){self.committee}(.+)$")
        self.place_committee = re.compile(f"^([\\u4e00-\\u9fff]{{2,6}}[{level_chars}]){self.committee}$")
        county_chars = "".join(w for w, level in self.levels.items() if level == "county")
        self.county_head = re.compile(f"^([\\u4e00-\\u9fff]{{2,4}}[{county_chars}])")
        self.bare_full = frozenset(long for short, long in self.abbreviations if short in self.bare)

    def party_committee(self, place: str, unit: str = "") -> str:
        """中共 + place + 委 + unit: the full name of a party committee (or one of its units)."""
        return f"{self.party}{place}{self.committee}{unit}"


# mentions whose text is the evidence of an entity, not a name of it (副县长 implies the county's government)
_EVIDENCE_ONLY_RULES = frozenset({"implied-body"})


@lru_cache(maxsize=65536)
def _script_key(text: str) -> str:
    return simplified_key(text)


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in QUOTES)


class Resolver:
    def __init__(self) -> None:
        self.gaz = Gazetteer.load()
        self.rules = _Rules()
        self._program_names: list[str] = []  # every program name of the corpus being resolved

    # ------------------------------------------------------------------ places
    def place_code(self, m: Mention, region: str) -> str:
        if m.key:
            return m.key
        recs = self.gaz.lookup(m.name or m.text, region or None)
        return recs[0].code if len(recs) == 1 else ""

    # ------------------------------------------------------------------ government bodies
    def admin_prefix(self, level: str, region: str, article_places: list[str]) -> str:
        """The full name of the city/county/province a 市/县/省 prefix refers to in this context."""
        if level == "city":
            # in an article about a county-level city (某某市 under a prefecture), 市 is that city
            for code in reversed(article_places):
                rec = self.gaz.get(code)
                if rec is not None and rec.level == "county" and rec.name.endswith(self.rules.city_word):
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

    def _expand_words(self, full: str) -> str:
        """政府 → 人民政府 and the first standard abbreviation that ends the name → its long form."""
        rules = self.rules
        if rules.government in full and rules.government_full not in full:
            full = full.replace(rules.government, rules.government_full, 1)
        for short, long in rules.abbreviations:
            if full.endswith(short) and not full.endswith(long):
                return full[: -len(short)] + long
        return full

    def _expand_region_head(self, full: str) -> str:
        """某某智库联合会 is 某某省智库联合会: a region's short form opening a name becomes its full name."""
        for length in (3, 2):
            head = full[:length]
            recs = self.gaz.lookup(head, strict=True) if len(full) > length + 2 else []
            if len(recs) == 1 and recs[0].short == head and recs[0].level in ("province", "city") \
                    and not full.startswith(recs[0].name):
                return recs[0].name + full[length:]
        return full

    def _expand_level_prefix(self, full: str, region: str, article_places: list[str]) -> str:
        """市科技局 → 某某市科学技术局, 市委政研室 → 中共某某市委政策研究室; "" when no prefix applies."""
        rules = self.rules
        m = rules.level_prefix.match(full)
        if not m or rules.not_level_prefix.match(full):
            return ""
        place = self.admin_prefix(rules.levels[m.group(1)], region, article_places)
        if not place:
            return ""
        return rules.party_committee(place, full[2:]) if m.group(2) else place + full[1:]

    def _expand_place_committee(self, full: str) -> str:
        """某某市委政法委 → 中共某某市委政法委员会, 某某市委 → 中共某某市委; "" when the name is no such form."""
        rules = self.rules
        m = rules.place_committee_unit.match(full)
        if m and self.gaz.lookup(m.group(1)):
            return rules.party_committee(m.group(1), m.group(2))
        m = rules.place_committee.match(full)
        if m and self.gaz.lookup(m.group(1)):
            return rules.party + full
        return ""

    def expand_body(self, name: str, region: str, article_places: list[str]) -> str:
        rules = self.rules
        full = self._expand_words(name)
        if full in rules.committees:
            place = self.admin_prefix(rules.levels[full[0]], region, article_places)
            return rules.party_committee(place) if place else full
        full = self._expand_region_head(full)
        expanded = self._expand_level_prefix(full, region, article_places)
        if expanded:
            return expanded
        # a bare department of a list (公安局、检察院) belongs to the place the article is about
        if full in rules.bare or full in rules.bare_full:
            place = self.admin_prefix("county", region, article_places) or self.admin_prefix("city", region, article_places)
            if place:
                return place + full
        return self._expand_place_committee(full) or full

    def leading_place(self, name: str) -> str:
        """The code of a city or county that begins an organization's name (某某市委 → 某某市)."""
        for length in (4, 3):
            recs = self.gaz.lookup(name[:length], strict=True) if len(name) > length else []
            if len(recs) == 1 and recs[0].level in ("city", "county") and recs[0].name == name[:length]:
                return recs[0].code
        return ""

    # ------------------------------------------------------------------ companies
    def company_core(self, name: str) -> str:
        core = name
        for suffix in self.rules.legal_suffixes:
            if core.endswith(suffix) and len(core) > len(suffix) + 1:
                core = core[: -len(suffix)]
                break
        # a region prefix (北京, 山东, 某某市, 某某县) is not part of the identity, unless only words of trade
        # would be left: 青禾科技 and 青山科技 are two companies, not one 科技
        for length in range(min(6, len(core) - 2), 1, -1):
            head = core[:length]
            if self.gaz.lookup(head) or self.gaz.lookup_world(head):
                if identity.trade_stem(core[length:], self.rules.trade_words):
                    core = core[length:]
                break
        return core if len(core) >= 2 else name

    # ------------------------------------------------------------------ the whole corpus
    def resolve(self, issues: list[Issue], results: dict[str, ArticleResult],
                regions: dict[str, str] | None = None, curation: Curation | None = None) -> KnowledgeBase:
        """``regions``: issue id → its region code, as extraction found it (``region_code`` of the
        issue's context); an issue not in it has its region computed here, which loads the extractor.
        ``curation``: the user's corrections (kg.curation), applied after the resolver's own decisions."""
        links = Links()
        ignored: set[tuple[str, int]] = set()
        if curation is not None:
            results, ignored = identity.curate_mentions(results, curation, links, norm)
        self._program_names = sorted({norm(m.name or m.text) for r in results.values() for m in r.mentions
                                      if m.type == EntityType.PROGRAM})
        issue_of_article = {a.id: issue for issue in issues for a in issue.articles}
        regions = dict(regions or {})
        for article_id in sorted(results):
            region = self._region(issue_of_article[article_id], regions)
            self._link_article(article_id, results[article_id], region, links, ignored)
        links.merge(links.same_as)
        self._identify(links, results, curation)
        for key, ent in links.entities.items():
            ent.name = links.pinned.get(key) or self.canonical(ent)
        self._place_hierarchy(links.entities)
        relations, posts = self._facts(issues, results, links.mention_entity, links.entities)
        return KnowledgeBase(issues=issues, results=results, entities=links.entities,
                             mention_entity=links.mention_entity, relations=relations, posts=posts,
                             decisions=links.final_decisions(), curation_unmatched=links.unmatched)

    def _identify(self, links: Links, results: dict[str, ArticleResult], curation: Curation | None) -> None:
        """The corpus-wide identity steps (kg.identity): short company names, persons by context, curation."""
        apart = identity.kept_apart(curation, norm)
        identity.link_short_companies(links, self.rules.trade_words, self.rules.legal_suffixes,
                                      lambda a, b: apart(links, a, b), self.is_region, self.rules.registered_suffixes)
        self._vote_types(links)
        identity.split_persons(links, results, self.home_place, lambda a: self._article_places(links, a),
                               self._add_mention)
        if curation is not None:
            identity.apply_curation(links, results, curation, norm, self._add_mention)
        self._vote_types(links)

    def is_region(self, name: str) -> bool:
        return bool(self.gaz.lookup(name) or self.gaz.lookup_world(name))

    @staticmethod
    def _vote_types(links: Links) -> None:
        for key, ent in links.entities.items():
            ent.type = links.type_votes[key].most_common(1)[0][0]

    def home_place(self, key: str) -> str:
        """The county or city a body's key names (org:中共某县委 → that county), or a county's or city's own:
        its gazetteer code when the gazetteer knows it, else its name (a county the gazetteer lacks still ties
        two mentions). What a person's post there says of where the person works."""
        kind, _, name = key.partition(":")
        if kind not in ("place", "org"):
            return ""
        rec = self.gaz.get(name) if kind == "place" else None
        if rec is not None:
            return rec.code if rec.level in _HOME_LEVELS else ""
        name = name.removeprefix(self.rules.party)
        code = self.leading_place(name)
        rec = self.gaz.get(code) if code else None
        if rec is not None:
            return code if rec.level in _HOME_LEVELS else ""
        m = self.rules.county_head.match(name)
        return m.group(1) if m and (kind == "org" or m.group(1) == name) else ""

    def _article_places(self, links: Links, article_id: str) -> set[str]:
        """The counties and cities an article names, as places or as the place of a body."""
        if links.article_counties is None:
            links.article_counties = defaultdict(set)
            for (art, _), key in links.mention_entity.items():
                code = self.home_place(key)
                if code:
                    links.article_counties[art].add(code)
        return links.article_counties.get(article_id, set())

    @staticmethod
    def _region(issue: Issue, regions: dict[str, str]) -> str:
        region = regions.get(issue.id)
        if region is None:
            from .extract import region_of

            region = regions[issue.id] = region_of(issue)
        return region

    def _link_article(self, article_id: str, result: ArticleResult, region: str, links: Links,
                      ignored: set[tuple[str, int]]) -> None:
        """Give each mention of one article its entity key, making the entities the keys name."""
        article_places: list[str] = []
        seen_here: list[tuple[str, str]] = []  # (surface, key) of this article's organizations so far
        bare_here: dict[str, tuple[str, str]] = {}  # 市委 → (key, name): one bare form names one body in one article
        for i, m in enumerate(result.mentions):
            if m.type in ORG_TYPES:
                lead = self.leading_place(m.name or m.text)
                if lead:
                    article_places.append(lead)  # 某某市委政法委: the article is about 某某市
            key, name = bare_here.get(m.text) or self.key_for(m, region, article_places)
            if m.type in ORG_TYPES and not m.name and self.rules.level_prefix.match(m.text) \
                    and not self.rules.not_level_prefix.match(m.text):
                bare_here.setdefault(m.text, (key, name))
            if m.type in ORG_TYPES:
                before, key = key, self._back_reference(m, key, seen_here)
                if key != before and m.text in self.rules.party_departments:
                    name = key.partition(":")[2]  # the committee's department by its full name
                seen_here.append((m.text, key))
            if m.type == EntityType.PLACE and key.startswith("place:") and not self._short_county_city(m, key[6:]):
                article_places.append(key[6:])
            if not key or (article_id, i) in ignored:
                continue
            self._add_mention(links, key, name, m)
            links.mention_entity[(article_id, i)] = key
            links.mention_name[(article_id, i)] = name
            if m.type in ORG_TYPES and m.name and m.rule != "newspaper-self" and norm(m.name) != norm(m.text) \
                    and m.rule != "gazetteer-ocr":
                # 某某省研究会(某某研究联盟): the printed form is a name of its own elsewhere too
                plain = Mention(**{**m.__dict__, "name": ""})
                links.same_as.append((key, self.key_for(plain, region, article_places)[0]))

    def _short_county_city(self, m: Mention, code: str) -> bool:
        """某某 (a county-level city by its short form, 某某项目): named in passing, it does not make the article's
        市 that city, as 某某市 printed whole does."""
        rec = self.gaz.get(code)
        return rec is not None and rec.level == "county" and rec.name.endswith(self.rules.city_word) \
            and not m.text.endswith(self.rules.city_word)

    def _back_reference(self, m: Mention, key: str, seen_here: list[tuple[str, str]]) -> str:
        """A bare head (管委会, 该集团's 集团) refers back to the last full name that ends with it; a name without
        the region that opened it before (某某省甲乙医院 … 甲乙医院) to that name."""
        if len(m.text) <= 3 and m.text in self.rules.back_heads:
            back = [k for s, k in seen_here if s.endswith(m.text) and s != m.text]
            if back:
                return back[-1]
        elif m.text in self.rules.party_departments and m.type == EntityType.GOVERNMENT_BODY:
            # 市委常委、宣传部长王某: the department of the party committee the article named last
            committees = [k for _, k in seen_here if k.startswith("org:" + self.rules.party)
                          and k.endswith(self.rules.committee)]
            if committees:
                return committees[-1] + self._expand_words(m.text)
        elif len(m.text) >= 4 and m.type == EntityType.ORGANIZATION:
            back = [k for s, k in seen_here if s.endswith(m.text) and s != m.text
                    and self.gaz.lookup(s[: len(s) - len(m.text)], strict=True)]
            if len(set(back)) == 1:
                return back[-1]
        return key

    def _add_mention(self, links: Links, key: str, name: str, m: Mention) -> None:
        ent = links.entities.get(key)
        if ent is None:
            ent = links.entities[key] = Entity(key=key, type=m.type, name=name)
            if m.type == EntityType.PLACE and self.gaz.get(key[6:]) is not None:
                ent.gazetteer_code = key[6:]
        if m.rule not in _EVIDENCE_ONLY_RULES:
            ent.aliases.add(m.text)
        if m.name:
            ent.aliases.add(m.name)
        if name:
            ent.aliases.add(name)
        ent.mentions.append(m)
        links.type_votes[key][m.type] += 1 + (m.rule.startswith(_STRONG_RULES))

    def key_for(self, m: Mention, region: str, article_places: list[str]) -> tuple[str, str]:
        """The entity key of a mention and the name to show; a Traditional and a Simplified spelling of one
        name get one key (華興集團 ~ 华兴集团), the name shown stays as printed."""
        key, shown = self._key_for(m, region, article_places)
        kind, _, rest = key.partition(":")
        return f"{kind}:{_script_key(rest)}", shown

    def _key_for(self, m: Mention, region: str, article_places: list[str]) -> tuple[str, str]:
        surface = m.name or m.text
        if m.type == EntityType.PLACE:
            code = self.place_code(m, region)
            if code and self.gaz.get(code):
                return f"place:{code}", self.gaz.get(code).name
            return f"place:{norm(surface)}", norm(surface) if not code else surface
        if m.type == EntityType.PERSON:
            return f"person:{norm(surface)}", norm(surface)
        if m.type == EntityType.GOVERNMENT_BODY:
            full = self.expand_body(norm(surface), region, article_places)
            return f"org:{full}", full
        if m.type == EntityType.COMPANY:
            return f"company:{self.company_core(norm(surface))}", norm(surface)
        if m.type == EntityType.ORGANIZATION:
            if m.rule == "newspaper-self" and m.name:
                return f"org:{m.name}", m.name
            full = self.expand_body(norm(surface), region, article_places)
            return f"org:{full}", full
        if m.type == EntityType.PROGRAM and not surface.startswith("《"):
            longer = self._longer_program(surface)
            if longer:
                return f"program:{longer}", surface
        return f"{m.type.lower()}:{norm(surface)}", surface

    def _longer_program(self, surface: str) -> str:
        """“某某”试点 is 某某县某某产业“某某”试点 when that is the only longer program name ending so."""
        short = norm(surface)
        longer = [n for n in self._program_names if n.endswith(short) and n != short]
        quoted = surface.startswith(("“", "‘"))
        if (len(short) >= 4 and quoted or len(short) >= 8) and len({n for n in longer if not any(
                o != n and o.endswith(n) for o in longer)}) == 1:
            return max(longer, key=len)
        return ""

    @staticmethod
    def canonical(ent: Entity) -> str:
        if ent.type == EntityType.PLACE and ent.gazetteer_code:
            return ent.name
        if ent.type == EntityType.GOVERNMENT_BODY and ent.name:
            return ent.name
        forms = [a for a in ent.aliases if a]
        if ent.type == EntityType.PROGRAM:
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
                    entities[pkey] = Entity(key=pkey, type=EntityType.PLACE, name=parent.name, aliases={parent.name},
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
            regions: dict[str, str] | None = None, curation: Curation | None = None) -> KnowledgeBase:
    return Resolver().resolve(issues, results, regions, curation)
