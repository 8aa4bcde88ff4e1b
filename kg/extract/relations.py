"""Relations stated by the text, between the selected mentions of one article.

Each rule is a small function over (doc, mentions) that yields facts with the evidence span,
so a fact can always be traced to the words that state it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from .base import Cand, text_of
from .lexicon import LOCATE_VERBS, TITLE_CHAIN_RE, TITLE_RE
from ..model import ORG_TYPES

_CLAUSE_BREAK = re.compile(r"[，,。；;！？!?\n]")


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


def posts(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """Title chains between an organization and a name; bylines; 该公司 anaphora."""
    text = text_of(doc)
    out: list[RawFact] = []
    for pi, p in enumerate(ms):
        if p.type != "Person":
            continue
        if p.rule == "byline:signature" and p.key:
            # ■ 聊城市科学技术局党组书记、局长 王相东: the signer's post, as printed above the column
            sig_start = text.rfind(p.key, max(0, p.start - len(p.key) - 3), p.start)
            orgs = [i for i, m in enumerate(ms) if m.type in ORG_TYPES and sig_start <= m.start and m.end <= p.start]
            if sig_start >= 0 and orgs:
                o = orgs[-1]
                titles = _titles(text[ms[o].end:p.start])
                if titles:
                    out.append(RawFact("post", pi, o, ms[o].start, p.end, "post:signature", titles))
            continue
        if p.rule.startswith("byline:"):
            role = p.key
            said = text.rfind(role, 0, p.start)
            if role == "通讯员" and text[max(0, said - 2):said] != "本报":
                continue  # 本报讯(记者 … 通讯员 赵凯): correspondents of other units; 本报通讯员 are the paper's
            if role in ("记者", "通讯员"):
                paper = next((i for i, m in enumerate(ms) if m.rule == "newspaper-self" and m.end <= p.start
                              and p.start - m.end < 40), None)
                if paper is None:
                    paper = next((i for i, m in enumerate(ms) if m.rule == "newspaper-self"), None)
                if paper is not None:
                    out.append(RawFact("post", pi, paper, ms[paper].start, p.end, "post:byline", [role]))
            continue
        if p.rule == "name-speech":
            # 区公共就业和人才服务中心胡芳介绍: a name right after its body speaks for it (no title printed)
            body = next((i for i, m in enumerate(ms) if m.type in ORG_TYPES and m.end == p.start), None)
            if body is not None:
                out.append(RawFact("post", pi, body, ms[body].start, p.end, "post:body-name", []))
            continue
        if not p.rule.startswith("title-name"):
            continue
        chain_text = p.key
        # the title chain ends right before the name (or before the first name of a list)
        line_start = max(text.rfind("\n", 0, p.start) + 1, 0)
        window_start = max(line_start, p.start - 60)
        seg = text[window_start:p.start]
        k = seg.rfind(chain_text)
        if k < 0:
            continue
        chain_start = window_start + k
        # organizations inside or right before the chain: 高新区党工委书记、管委会主任
        orgs = [i for i, m in enumerate(ms) if m.type in ORG_TYPES and m.end <= p.start and m.end >= chain_start - 0
                and _same_clause(text, m.end, p.start)]
        before = [i for i, m in enumerate(ms) if m.type in ORG_TYPES and m.end <= chain_start
                  and chain_start - m.end <= 12 and _same_clause(text, m.end, chain_start)]
        if before:
            gap = text[ms[before[-1]].end:chain_start]
            # 市工业和信息化局派驻波米科技服务专员: the sender, not the company served
            dispatch = [i for i in before if re.search(r"派驻|驻", text[ms[i].end:chain_start])]
            anchor = dispatch[0] if dispatch else before[-1]
            if gap and not dispatch and not re.fullmatch(r"[\s·]*(?:的)?", gap):
                anchor = None
        else:
            anchor = None
        if anchor is None:
            m = re.search(r"(?:该|本)(?:公司|集团|企业|单位)$", text[max(0, chain_start - 4):chain_start])
            if m:
                company = [i for i, c in enumerate(ms) if c.type == "Company" and c.end <= chain_start]
                if company:
                    anchor = company[-1]
        # earlier links of the chain with their own body: 高新区党工委书记、管委会主任张亚
        earlier: list[tuple[int | None, str]] = []
        lead = ms[anchor].start if anchor is not None else chain_start
        while lead > 0 and text[lead - 1] == "、":
            prev = [i for i, m in enumerate(ms) if m.type in ORG_TYPES and m.end < lead - 1
                    and TITLE_CHAIN_RE.fullmatch(text[m.end:lead - 1])]
            if not prev:
                break
            earlier.insert(0, (prev[-1], text[ms[prev[-1]].end:lead - 1]))
            lead = ms[prev[-1]].start
        # split the chain at inner organizations: [org] titles 、 [org] titles
        parts: list[tuple[int | None, str]] = list(earlier)
        cursor, current = chain_start, anchor
        for oi in orgs:
            o = ms[oi]
            if o.start >= chain_start:
                if text[cursor:o.start].strip("、 "):
                    parts.append((current, text[cursor:o.start]))
                current, cursor = oi, o.end
        parts.append((current, text[cursor:p.start]))
        for org_i, chain in parts:
            titles = _titles(chain)
            if org_i is None or not titles:
                continue
            out.append(RawFact("post", pi, org_i, ms[org_i].start, p.end, "post:title-chain", titles))
    return out


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
        if best:
            out.append(RawFact("partOf", i, best[1], m.start, m.end, "partOf:name-prefix"))
    return out


def issued_by(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """Programs with their issuers: A、B《文件》; X举行/召开/出台“Y”; 由X牵头…的“Y”; a meeting named after its body."""
    text = text_of(doc)
    out = []
    for pi, p in enumerate(ms):
        if p.type != "Program":
            continue
        # bodies listed right before a document title: 中共中央办公厅、国务院办公厅《…》
        j = pi - 1
        chain = []
        edge = p.start
        while j >= 0 and ms[j].type in ORG_TYPES and re.fullmatch(r"[、和及与\s]*", text[ms[j].end:edge]):
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
            if re.search(r"举行|召开|印发|出台|发布|主办|举办|制定|推出|启动|创新|实施|牵头", between):
                out.append(RawFact("issuedBy", pi, j, o.start, p.end, "issuedBy:verb"))
                break
        # 由A牵头，B、C联合录制的“Y”
        sent_start = max(text.rfind("。", 0, p.start), text.rfind("\n", 0, p.start)) + 1
        lead = re.search(r"由", text[sent_start:p.start])
        if lead and re.search(r"牵头|主办|联合|组织", text[sent_start:p.start]):
            for j, o in enumerate(ms):
                if o.type in ORG_TYPES and sent_start + lead.start() < o.start < p.start:
                    out.append(RawFact("issuedBy", pi, j, o.start, p.end, "issuedBy:joint"))
    return out


def undertakes(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """A project named after its company (浪潮10万台计算机项目), or a company that builds/invests in it."""
    text = text_of(doc)
    out = []
    orgs = [(i, m) for i, m in enumerate(ms) if m.type in ("Company", "Organization")]
    article_names = {}
    for i, m in orgs:
        article_names.setdefault(text[m.start:m.end], i)
    for pi, p in enumerate(ms):
        if p.type != "Project":
            continue
        name = text[p.start:p.end]
        prefix = [(n, i) for n, i in article_names.items() if name.startswith(n) and len(name) > len(n)]
        if prefix:
            n, i = max(prefix, key=lambda x: len(x[0]))
            out.append(RawFact("undertakes", i, pi, p.start, p.end, "undertakes:name-prefix"))
            continue
        verb_before = re.search(r"(?:投资|建设|承建|实施|攻坚|研发|推进|开工|新建|打造)\s*$", text[max(0, p.start - 6):p.start])
        for i, o in reversed(orgs):
            if o.end > p.start or p.start - o.end > 40 or re.search(r"[。！？!?\n]", text[o.end:p.start]):
                continue
            # in one clause with a verb between, or one sentence with the verb right before the project
            if (_same_clause(text, o.end, p.start) and re.search(
                    r"投资|建设|承建|实施|攻坚|研发|推进|计划投入|开工|新建|打造", text[o.end:p.start])) or verb_before:
                out.append(RawFact("undertakes", i, pi, o.start, p.end, "undertakes:verb"))
            break
    return out


def located_in(doc: Doc, ms: list[Cand]) -> list[RawFact]:
    """X位于/坐落于/落户/扎根 Place; 落户聊城以来，X …; 来自 Place 的 X."""
    text = text_of(doc)
    out = []
    verbs = "|".join(LOCATE_VERBS)
    for i, m in enumerate(ms):
        if m.type not in ORG_TYPES | {"Project"}:
            continue
        for j in range(i + 1, min(i + 4, len(ms))):
            o = ms[j]
            if o.type == "Place" and _same_clause(text, m.end, o.start) and re.fullmatch(
                    rf"\s*(?:已|正式|成功)?(?:{verbs})\s*", text[m.end:o.start]):
                out.append(RawFact("locatedIn", i, j, m.start, o.end, "locatedIn:verb"))
                break
        # 自落户聊城以来，X  /  位于阳谷县…的X
        for j in range(i - 1, max(-1, i - 4), -1):
            o = ms[j]
            if o.type != "Place":
                continue
            between = text[o.end:m.start]
            pre = text[max(0, o.start - 4):o.start]
            if re.search(rf"(?:{verbs})$", pre) and re.fullmatch(r"(?:以来|后)?[，,]?\s*|[\u4e00-\u9fff]{0,12}的", between):
                out.append(RawFact("locatedIn", i, j, o.start - 4, m.end, "locatedIn:fronted"))
                break
    return out


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
            if not _same_clause(text, ma.end, mb.start) and not re.search(r"联合", between):
                continue
            if re.search(r"(?:倡议发起|发起)?[，,]?联合$|联合[^，,。]{0,4}$", between) or re.fullmatch(
                    r"\s*(?:与|和|同)\s*", between) and re.match(r"\s*(?:签约|签订|签署|合作|共建|携手|联合)", text[mb.end:mb.end + 6]):
                out.append(RawFact("partnerOf", a, b, ma.start, mb.end, "partnerOf:joint"))
                # 联合A、B: the rest of the list too
                k = b + 1
                edge = mb.end
                while k < len(ms) and ms[k].type in ORG_TYPES and re.fullmatch(r"[、和及与]", text[edge:ms[k].start]):
                    out.append(RawFact("partnerOf", a, k, ma.start, ms[k].end, "partnerOf:joint"))
                    edge = ms[k].end
                    k += 1
    return out


RULES = (posts, part_of, issued_by, undertakes, located_in, partner_of)


@Language.factory("kg_relations")
def make_relations(nlp: Language, name: str):
    return RelationFinder()


class RelationFinder:
    def __call__(self, doc: Doc) -> Doc:
        facts: list[RawFact] = []
        for rule in RULES:
            facts.extend(rule(doc, doc._.cands))
        seen = set()
        unique = []
        for f in facts:
            key = (f.type, f.subject, f.object, tuple(f.titles))
            if key not in seen and f.subject != f.object:
                seen.add(key)
                unique.append(f)
        doc._.relations = unique
        return doc
