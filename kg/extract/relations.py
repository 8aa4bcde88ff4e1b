"""Relations stated by the text, between the selected mentions of one article.

Each rule is a small function over (doc, mentions) that yields facts with the evidence span,
so a fact can always be traced to the words that state it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from ..model import ORG_TYPES, EntityType
from ..rules import regex, table, word_class, words
from . import lexicon as lex
from .base import Cand, tag_of, text_of
from .frames import article_objects, frame_facts, load_frames
from .lexicon import TITLE_RE
from .patterns import COMMITTEE_END
from .posts import Link, after_name, chain_of

_CLAUSE_BREAK = re.compile(r"[，,。；;！？!?\n]")
_DISPATCH = regex("dispatch")
_TITLE_GAP = regex("title_gap")
_ANAPHOR_COMPANY = regex("anaphor_company")
_ANAPHOR_HEAD = regex("anaphor_head")
_ISSUER_CHAIN_GAP = regex("issuer_chain_gap")
_ISSUED_VERB = regex("issued_verb")
_JOINT_LEAD = regex("joint_lead")
_JOINT_VERB = regex("joint_verb")
_UNDERTAKE_BEFORE = regex("undertake_before")
_UNDERTAKE_BETWEEN = regex("undertake_between")
_LOCATED_VERB = regex("located_verb")
_LOCATED_FRONTED = regex("located_fronted")
_LOCATED_FRONTED_GAP = regex("located_fronted_gap")
_PARTNER_JOINT = regex("partner_joint")
_PARTNER_JOINT_END = regex("partner_joint_end")
_PARTNER_CONJ = regex("partner_conj")
_PARTNER_AFTER = regex("partner_after")
_TOP_BODY_ENDS = word_class("relation_cues", "partOf.top_body")  # 人民政府, 人大常委会 …: bodies with departments
_LIST_CONJ = re.compile("[" + re.escape("".join(words("list_joiners"))) + "]")  # one joiner between listed names
# title qualifiers that are also the suffix of a body (党委 of 集团党委书记): a bare head before one is anaphoric
_BODY_QUALIFIERS = tuple(q for q in lex.TITLE_QUALIFIERS if lex.SUFFIX_TYPE.get(q) == EntityType.GOVERNMENT_BODY)


@dataclass
class RawFact:
    type: str  # a RELATION_TYPES name, or "post"
    subject: int  # index into the selected mentions
    object: int
    start: int
    end: int
    rule: str
    titles: list[str] = field(default_factory=list)


def _titles(chain: str) -> list[str]:
    return [t for t in (m.group() for m in TITLE_RE.finditer(chain)) if t]


def _same_clause(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return not _CLAUSE_BREAK.search(text, lo, hi) if hi > lo else True


def _signature_post(text: str, ms: list[Cand], pi: int) -> list[RawFact]:
    """■ 某某市科学技术局党组书记、局长 王某: the signer's post, as printed above the column."""
    p = ms[pi]
    sig_start = text.rfind(p.key, max(0, p.start - len(p.key) - 3), p.start)
    orgs = [i for i, m in enumerate(ms) if m.type in ORG_TYPES and sig_start <= m.start and m.end <= p.start]
    if sig_start >= 0 and orgs:
        o = orgs[-1]
        titles = _titles(text[ms[o].end:p.start])
        if titles:
            return [RawFact("post", pi, o, ms[o].start, p.end, "post:signature", titles)]
    return []


def _byline_post(text: str, ms: list[Cand], pi: int) -> list[RawFact]:
    """A reporter or the paper's own correspondent in a byline holds a post at the paper (本报)."""
    p = ms[pi]
    role = p.key
    said = text.rfind(role, 0, p.start)
    if role == lex.POST_CORRESPONDENT and text[max(0, said - 2):said] != lex.POST_BYLINE_SELF:
        return []  # 本报讯(记者 … 通讯员 某某): correspondents of other units; 本报通讯员 are the paper's
    if role in lex.POST_BYLINE_ROLES:
        line_start = text.rfind("\n", 0, p.start) + 1
        outlet = next((i for i, m in enumerate(ms) if m.rule == "byline-outlet" and line_start <= m.start < p.start),
                      None)
        if outlet is not None:  # 某某新闻网讯(记者 王某): a reporter of that outlet
            return [RawFact("post", pi, outlet, ms[outlet].start, p.end, "post:byline", [role])]
        paper = next((i for i, m in enumerate(ms) if m.rule == "newspaper-self" and m.end <= p.start
                      and p.start - m.end < 40), None)
        if paper is None:
            paper = next((i for i, m in enumerate(ms) if m.rule == "newspaper-self"), None)
        if paper is not None:
            return [RawFact("post", pi, paper, ms[paper].start, p.end, "post:byline", [role])]
    return []


def _speaker_post(ms: list[Cand], pi: int) -> list[RawFact]:
    """区某某服务中心胡某介绍: a name right after its body speaks for it (no title printed)."""
    p = ms[pi]
    body = next((i for i, m in enumerate(ms) if m.type in ORG_TYPES and m.end == p.start), None)
    return [RawFact("post", pi, body, ms[body].start, p.end, "post:body-name", [])] if body is not None else []


def _chain_anchor(text: str, ms: list[Cand], chain_start: int) -> int | None:
    """The body a title chain belongs to when it stands right before the chain (or 该公司 names it)."""
    before = [i for i, m in enumerate(ms) if m.type in ORG_TYPES and m.end <= chain_start
              and chain_start - m.end <= 12 and _same_clause(text, m.end, chain_start)]
    anchor = None
    if before:
        gap = text[ms[before[-1]].end:chain_start]
        # 市某某局派驻某某公司服务专员: the sender, not the company served
        dispatch = [i for i in before if _DISPATCH.search(text[ms[i].end:chain_start])]
        anchor = dispatch[0] if dispatch else before[-1]
        if gap and not dispatch and not _TITLE_GAP.fullmatch(gap):
            anchor = None
    if anchor is None and _ANAPHOR_COMPANY.search(text[max(0, chain_start - 4):chain_start]):
        company = [i for i, c in enumerate(ms) if c.type == EntityType.COMPANY and c.end <= chain_start]
        if company:
            anchor = company[-1]
    return anchor


def _glued_anchor(text: str, ms: list[Cand], chain_start: int) -> int | None:
    """集团党委副书记: a bare head found with the chain's first qualifier glued on is the company named before."""
    glued = next((i for i, m in enumerate(ms) if m.type in ORG_TYPES and m.start < chain_start < m.end), None)
    if glued is not None:
        head_start = ms[glued].start
    else:  # the bare head printed as plain text before the chain (no mention holds it)
        head_start = next((chain_start - n for n in (3, 2) if chain_start >= n
                           and _ANAPHOR_HEAD.fullmatch(text[chain_start - n:chain_start])
                           and not any(m.start < chain_start and m.end > chain_start - n for m in ms)
                           and text.startswith(_BODY_QUALIFIERS, chain_start)), None)
    if head_start is None or not _ANAPHOR_HEAD.fullmatch(text[head_start:chain_start]):
        return None  # a body that swallowed a title (县委常委) is no body to hold it
    company = [i for i, c in enumerate(ms) if c.type == EntityType.COMPANY and c.end <= head_start]
    return company[-1] if company else None


def _chain_facts(text: str, ms: list[Cand], pi: int, links: list[Link], rule: str) -> list[RawFact]:
    """One post per body of a chain: a link without a body holds its titles at the body of the link before
    it (the first such link at the body named before the chain, or 该公司); titles of one body are merged."""
    current = None
    if links and links[0].body is None:
        current = _glued_anchor(text, ms, links[0].start)
        if current is None:
            current = _chain_anchor(text, ms, links[0].start)
    by_body: dict[int, list[str]] = {}
    for link in links:
        if link.body is not None:
            current = link.body
        if link.unnamed:
            current = None
            continue
        if current is not None:
            by_body.setdefault(current, []).extend(t for t in link.titles if t not in by_body.get(current, ()))
        if link.implied:
            current = None  # 市委副书记、市长: the title is the implied government's own (D4)
    p = ms[pi]
    return [RawFact("post", pi, body, min(ms[body].start, p.start), max(ms[body].end, p.end), rule, titles)
            for body, titles in by_body.items() if titles]


def _title_chain_posts(text: str, ms: list[Cand], pi: int) -> list[RawFact]:
    """Title chains before a name (市某某局党组书记、局长王某), or a body and title after it (王某（某集团董事长））."""
    links = chain_of(text, ms, pi)
    if links:
        return _chain_facts(text, ms, pi, links, "post:title-chain")
    return _chain_facts(text, ms, pi, after_name(text, ms, pi), "post:after-name")


def posts(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """Title chains around a name; bylines; a speaker after its body; 该公司 anaphora."""
    text = text_of(doc)
    out: list[RawFact] = []
    for pi, p in enumerate(ms):
        if p.type != EntityType.PERSON:
            continue
        if p.rule == "byline:signature" and p.key:
            out.extend(_signature_post(text, ms, pi))
        elif p.rule.startswith("byline:"):
            out.extend(_byline_post(text, ms, pi))
        else:
            found = _title_chain_posts(text, ms, pi)
            if not found and p.rule == "name-speech":
                found = _speaker_post(ms, pi)
            if not found and pi > 0:
                found = _listed_colleague_post(text, ms, pi, out)
            out.extend(found)
    return out


def _listed_colleague_post(text: str, ms: list[Cand], pi: int, found: list[RawFact]) -> list[RawFact]:
    """某某大学校长甲、副校长乙: a title with no body of its own after a listed person holds at that person's body."""
    p, prev = ms[pi], ms[pi - 1]
    k = text.rfind("、", prev.end, p.start)
    if prev.type != EntityType.PERSON or k != prev.end:
        return []
    title = text[k + 1:p.start]
    if not title or not TITLE_RE.fullmatch(title):
        return []
    held = [f for f in found if f.type == "post" and f.subject == pi - 1]
    if len(held) != 1:
        return []  # no post before, or posts at two bodies (县委书记、县长甲): the body is not told
    return [RawFact("post", pi, held[0].object, k + 1, p.end, "post:listed-colleague", [title])]


def first_level_of(unit: Cand, parent: Cand, parent_name: str) -> bool:
    """A department of a party committee, government, congress or CPPCC (市委宣传部, 省政府新闻办) names its
    parent already: no partOf to it (GUIDELINES D11); a unit inside a department, or of a company, has one."""
    return unit.type == parent.type == EntityType.GOVERNMENT_BODY and (
        parent_name.endswith(_TOP_BODY_ENDS) or bool(COMMITTEE_END.search(parent_name)))


def part_of(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """An organization whose name begins with another organization's name is a unit of it."""
    out = []
    names = {}
    for i, m in enumerate(ms):
        if m.type in ORG_TYPES:
            names.setdefault(text_of(doc)[m.start:m.end], i)
    for i, m in enumerate(ms):
        if m.type not in ORG_TYPES:
            continue
        full = text_of(doc)[m.start:m.end]
        best = None
        for name, j in names.items():
            if j != i and len(name) >= 2 and full.startswith(name) and len(full) - len(name) >= 2:
                if best is None or len(name) > len(best[0]):
                    best = (name, j)
        if best and not first_level_of(m, ms[best[1]], best[0]):
            out.append(RawFact("partOf", i, best[1], m.start, m.end, "partOf:name-prefix"))
            if full[len(best[0]):] not in lex.COMPANY_SUFFIXES:  # 甲集团 / 甲集团有限公司: one company
                out.extend(_listed_units(text_of(doc), ms, i, best[1], full[len(best[0]):]))
    return out


def _listed_units(text: str, ms: list[Cand], first: int, parent: int, unit: str) -> list[RawFact]:
    """某大学甲研究院、乙研究院: the parent printed once before a list of units of one kind is each one's."""
    out = []
    edge, k = ms[first].end, first + 1
    while k < len(ms) and ms[k].type in ORG_TYPES and _LIST_CONJ.fullmatch(text[edge:ms[k].start]):
        name = text[ms[k].start:ms[k].end]
        if not name.endswith(unit[-2:]) or name.startswith(text[ms[parent].start:ms[parent].end]):
            break
        out.append(RawFact("partOf", k, parent, ms[first].start, ms[k].end, "partOf:listed-unit"))
        edge, k = ms[k].end, k + 1
    return out


def issued_by(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """Programs with their issuers: A、B《文件》; X举行/召开/出台“Y”; 由X牵头…的“Y”; a meeting named after its body."""
    text = text_of(doc)
    out = []
    for pi, p in enumerate(ms):
        if p.type != EntityType.PROGRAM:
            continue
        # bodies listed right before a document title: 中共中央办公厅、国务院办公厅《…》
        j = pi - 1
        chain = []
        edge = p.start
        while j >= 0 and ms[j].type in ORG_TYPES and _ISSUER_CHAIN_GAP.fullmatch(text[ms[j].end:edge]):
            chain.append(j)
            edge = ms[j].start
            j -= 1
        if chain and text[p.start] in "《“":
            for j in chain:
                out.append(RawFact("issuedBy", pi, j, ms[j].start, p.end, "issuedBy:adjacent"))
            continue
        # X 举行/召开/印发/出台/发布/主办 … program, in one clause
        for j in range(pi - 1, -1, -1):
            o = ms[j]
            if o.type not in ORG_TYPES or not _same_clause(text, o.end, p.start) or p.start - o.end > 30:
                continue
            between = text[o.end:p.start]
            if _ISSUED_VERB.search(between):
                out.append(RawFact("issuedBy", pi, j, o.start, p.end, "issuedBy:verb"))
                break
        # 由A牵头，B、C联合录制的“Y”
        sent_start = max(text.rfind("。", 0, p.start), text.rfind("\n", 0, p.start)) + 1
        lead = _JOINT_LEAD.search(text[sent_start:p.start])
        if lead and _JOINT_VERB.search(text[sent_start:p.start]):
            for j, o in enumerate(ms):
                if o.type in ORG_TYPES and sent_start + lead.start() < o.start < p.start:
                    out.append(RawFact("issuedBy", pi, j, o.start, p.end, "issuedBy:joint"))
    return out


def _without_region(name: str) -> str:
    """山东甲乙汽车部件有限公司 → 甲乙汽车部件有限公司: the company's name without the region in front."""
    from ..gazetteer import Gazetteer
    gaz = Gazetteer.load()
    for k in range(min(len(name) - 2, 6), 1, -1):
        if gaz.lookup(name[:k]) or gaz.lookup_world(name[:k]):
            k += 1 if name[k] in lex.PLACE_LEVEL_CHARS else 0  # 某某县 when the county is not in the gazetteer
            return name[k:]
    return name


def _owner_prefix(company: str, project: str) -> int:
    """How much of the project's name is the company's name or its short form (甲乙 of 某省甲乙机械有限公司
    in 甲乙年产5万吨某某项目); 0 when none. A short form is a name, not an everyday word (高端, 新型)."""
    if project.startswith(company) and len(project) > len(company):
        return len(company)
    core = _without_region(company)
    shared = os.path.commonprefix([core, project])
    if len(shared) < 2 or len(core) - len(shared) < 2 or len(project) - len(shared) < 2:
        return 0
    everyday = ("n", "v", "a", "vn", "ns", "ad", "an", "d", "m", "b")
    return len(shared) if tag_of(shared) not in everyday and tag_of(shared[:2]) not in everyday else 0


def _prefix_owner(text: str, orgs: list[tuple[int, Cand]], p: Cand) -> int | None:
    """The company whose name, or a short form of it, begins the project's name; the longest wins."""
    name = text[p.start:p.end]
    scored = [(_owner_prefix(text[m.start:m.end], name), i) for i, m in orgs]
    best = max(scored, default=(0, None))
    return best[1] if best[0] else None


def undertakes(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """A project named after its company (甲乙5万台某某设备项目, its short form too), or a company that builds or
    invests in it; the evidence is the project's name, or the stretch from the company to the project."""
    text = text_of(doc)
    out = []
    orgs = [(i, m) for i, m in enumerate(ms) if m.type in (EntityType.COMPANY, EntityType.ORGANIZATION)]
    for pi, p in enumerate(ms):
        if p.type != EntityType.PROJECT:
            continue
        owner = _prefix_owner(text, orgs, p)
        if owner is not None:
            out.append(RawFact("undertakes", owner, pi, p.start, p.end, "undertakes:name-prefix"))
            continue
        verb_before = _UNDERTAKE_BEFORE.search(text[max(0, p.start - 6):p.start])
        for i, o in reversed(orgs):
            if o.end > p.start or p.start - o.end > 40 or re.search(r"[。！？!?\n]", text[o.end:p.start]):
                continue
            # in one clause with a verb between, or one sentence with the verb right before the project
            if (_same_clause(text, o.end, p.start) and _UNDERTAKE_BETWEEN.search(text[o.end:p.start])) or verb_before:
                out.append(RawFact("undertakes", i, pi, o.start, p.end, "undertakes:verb"))
            break
    return out


_ARTICLE_RULES = {f"locatedIn:{f.name}" for f in load_frames("article_frames", article=True)}
_LEAD_CHARS = 400  # the heading and lead: where a sentence may place every project of the article


def _article_places(text: str, ms: list[Cand], placed: set[int]) -> list[RawFact]:
    """临江县开发区重点项目开工: a heading or lead that places the article's projects places each of them (D2);
    of several such sentences, the fullest place name (the lead spells out what the heading shortens)."""
    found = article_objects(text, ms, load_frames("article_frames", article=True), 0, min(len(text), _LEAD_CHARS))
    if not found:
        return []
    frame, place, start, end = max(found, key=lambda f: (ms[f[1]].end - ms[f[1]].start, -f[2]))
    return [RawFact("locatedIn", pi, place, start, end, f"locatedIn:{frame.name}")
            for pi, p in enumerate(ms) if p.type == EntityType.PROJECT and pi not in placed]


def located_in(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """X位于/坐落于/落户/扎根 Place; 落户临江以来，X …; 来自 Place 的 X; a heading that places the projects."""
    text = text_of(doc)
    out = []
    for i, m in enumerate(ms):
        if m.type not in ORG_TYPES | {EntityType.PROJECT}:
            continue
        for j in range(i + 1, min(i + 4, len(ms))):
            o = ms[j]
            if o.type == EntityType.PLACE and _same_clause(text, m.end, o.start) and _LOCATED_VERB.fullmatch(text[m.end:o.start]):
                out.append(RawFact("locatedIn", i, j, m.start, o.end, "locatedIn:verb"))
                break
        # 自落户临江以来，X  /  位于临江县…的X
        for j in range(i - 1, max(-1, i - 4), -1):
            o = ms[j]
            if o.type != EntityType.PLACE:
                continue
            between = text[o.end:m.start]
            pre = text[max(0, o.start - 4):o.start]
            if _LOCATED_FRONTED.search(pre) and _LOCATED_FRONTED_GAP.fullmatch(between):
                out.append(RawFact("locatedIn", i, j, o.start - 4, m.end, "locatedIn:fronted"))
                break
    if not (doc._.context or {}).get("lead", True):
        return out  # a later window of a long article: its first sentences are no heading
    return out + _article_places(text, ms, {f.subject for f in out})


def partner_of(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """与X合作/签约, X联合Y(、Z), X与Y共建: two organizations acting together."""
    text = text_of(doc)
    out = []
    orgs = [i for i, m in enumerate(ms) if m.type in ORG_TYPES]
    for a in orgs:
        for b in orgs:
            if b <= a:
                continue
            ma, mb = ms[a], ms[b]
            if mb.start - ma.end > 24:  # first: it costs nothing, and a long gap never pairs
                continue
            between = text[ma.end:mb.start]
            if not _same_clause(text, ma.end, mb.start) and not _PARTNER_JOINT.search(between):
                continue
            if _PARTNER_JOINT_END.search(between) or _PARTNER_CONJ.fullmatch(between) \
                    and _PARTNER_AFTER.match(text[mb.end:mb.end + 6]):
                out.append(RawFact("partnerOf", a, b, ma.start, mb.end, "partnerOf:joint"))
                # 联合A、B: the rest of the list too
                k = b + 1
                edge = mb.end
                while k < len(ms) and ms[k].type in ORG_TYPES and _LIST_CONJ.fullmatch(text[edge:ms[k].start]):
                    out.append(RawFact("partnerOf", a, k, ma.start, ms[k].end, "partnerOf:joint"))
                    edge = ms[k].end
                    k += 1
    return out


_ANAPHOR_BARE_BEFORE = regex("anaphor_bare_before")


@dataclass(frozen=True)
class _Anaphor:
    regex: re.Pattern
    type: EntityType
    antecedent: re.Pattern | None
    bare: bool


def _load_anaphors() -> tuple[_Anaphor, ...]:
    return tuple(_Anaphor(re.compile(row["regex"]), EntityType(row["type"]),
                          re.compile(row["antecedent"]) if row.get("antecedent") else None, row.get("bare") == "yes")
                 for row in table("relation_anaphors", ("regex", "type", "antecedent", "bare")))


_ANAPHOR_WORDS = _load_anaphors()
_ITEM_HEAD_STOPS = ("。", "；", ";")  # a list item's head that closes its own sentence
_ANAPHOR_REACH = 300  # characters back to the name an anaphor takes up


def _item_topics(text: str, ms: list[Cand]) -> list[tuple[Cand, int]]:
    """——某某大桥项目。由某某公司承建，位于某某镇: the head of a list item is the topic of the item's next sentence,
    which leaves it unsaid; a mention of no width at that sentence's start stands for it."""
    out = []
    for i, c in enumerate(ms):
        if c.rule == "project-list-head" and text[c.end:c.end + 1] in _ITEM_HEAD_STOPS:
            out.append((Cand(c.end + 1, c.end + 1, c.type, "anaphor"), i))
    return out


def _anaphors(text: str, ms: list[Cand]) -> list[tuple[Cand, int]]:
    """该项目, 该公司, 集团 (kg/rules/relation_anaphors.tsv): each as a mention of the last name before it of its
    kind, with that name's index; the unsaid topic of a list item's sentence as well."""
    out = _item_topics(text, ms)
    taken: set[tuple[int, int]] = set()
    for word in _ANAPHOR_WORDS:
        for m in word.regex.finditer(text):
            span = m.span()
            if span in taken or any(c.start < span[1] and span[0] < c.end or c.start < span[0] < c.end for c in ms):
                continue  # inside a name, or read already
            if word.bare and not _ANAPHOR_BARE_BEFORE.search(text[max(0, span[0] - 1):span[0]]):
                continue
            before = [i for i, c in enumerate(ms) if c.type == word.type and span[0] - _ANAPHOR_REACH <= c.start < span[0]
                      and c.end <= span[0] and (word.antecedent is None or word.antecedent.search(text[c.start:c.end]))]
            if before:
                taken.add(span)
                out.append((Cand(span[0], span[1], word.type, "anaphor"), before[-1]))
    return out


def framed(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """The relations that a cue frame of kg/rules/relation_frames.tsv states (see frames.py); an anaphor
    (该项目由某某公司投资建设) stands for the name it takes up."""
    merged = sorted([(c, i) for i, c in enumerate(ms)] + _anaphors(text_of(doc), ms), key=lambda pair: (pair[0].start, pair[0].end))
    index = [i for _, i in merged]
    return [RawFact(f.relation, index[f.subject], index[f.object], f.start, f.end, f.rule)
            for f in frame_facts(text_of(doc), [c for c, _ in merged])]


def _place_run(ms: list[Cand], j: int) -> range:
    """The places printed one after another, with nothing between, that hold the place ``j`` (某某县某某镇某某村)."""
    first = last = j
    while first > 0 and ms[first - 1].type == EntityType.PLACE and ms[first - 1].end == ms[first].start:
        first -= 1
    while last + 1 < len(ms) and ms[last + 1].type == EntityType.PLACE and ms[last + 1].start == ms[last].end:
        last += 1
    return range(first, last + 1)


def _nested_places(ms: list[Cand], facts: list[RawFact]) -> list[RawFact]:
    """位于某某县某某镇: a body or project sited in a town is sited in the county printed with it, and the
    other way round; a heading's place (locatedIn:projects-start …) stays as it is."""
    out = []
    for f in facts:
        if f.type != "locatedIn" or f.rule in _ARTICLE_RULES or ms[f.object].type != EntityType.PLACE:
            continue
        out.extend(RawFact("locatedIn", f.subject, j, f.start, max(f.end, ms[j].end), f.rule + "+nested")
                   for j in _place_run(ms, f.object) if j != f.object)
    return out


RULES = {"posts": posts, "part_of": part_of, "issued_by": issued_by, "undertakes": undertakes,
         "located_in": located_in, "partner_of": partner_of, "frames": framed}


@Language.factory("kg_relations", default_config={"rules": list(RULES)})
def make_relations(nlp: Language, name: str, rules: list[str]):
    return RelationFinder(rules)


class RelationFinder:
    """Posts and the contract's relations between the selected mentions; ``rules`` choose them, in order."""

    def __init__(self, rules: list[str]) -> None:
        unknown = [r for r in rules if r not in RULES]
        if unknown:
            raise ValueError(f"kg_relations: unknown rules {unknown} (known: {', '.join(RULES)})")
        self.rules = [RULES[r] for r in rules]

    def __call__(self, doc: Doc) -> Doc:
        facts: list[RawFact] = []
        for rule in self.rules:
            facts.extend(rule(doc, doc._.cands))
        facts.extend(_nested_places(doc._.cands, facts))
        seen = set()
        unique = []
        for f in facts:
            key = (f.type, f.subject, f.object, tuple(f.titles))
            if key not in seen and f.subject != f.object:
                seen.add(key)
                unique.append(f)
        doc._.relations = unique
        return doc
