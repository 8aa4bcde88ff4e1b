"""Persons: names in bylines, after title chains, before speech verbs, and their repetitions.

A bare title (局长, 该公司总经理) is never a person: a name must follow it.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..bylines import parse_signers
from .base import PUNCT, Cand, TokenIndex, is_cjk, tag_of, text_of
from .lexicon import (COMPOUND_SURNAMES, NAME_BREAK_CHARS, SPEECH_VERBS, SURNAME_WORD_STARTS, SURNAMES, TITLE_CHAIN_RE)

# titles of heads of state and party leaders: foreign names after them need no Chinese surname
_LEADER_TITLES = ("国家主席", "总书记", "总统", "总理", "首相", "国王", "主席", "大使")
_SPEECH_RE = re.compile("(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + ")")


# break characters that are words of their own; the others (强, 示, 认 …) break a name only where they open a verb
_FUNCTION_BREAKS = set("的了着是在和与及等也都就还又才对从向把被为让给将以于同跟带率到来去上下中里内外时后前所这那各每该其之而并且或即说讲称")
# characters of the standard transliteration tables (新华社译名): a long run of them after a title is a foreign name
_TRANSLIT = set("阿埃艾爱安昂奥巴拜班邦包鲍贝本比彼毕别宾波伯博布查达戴丹道德登迪蒂丁东杜敦多厄恩尔法范菲费芬丰冯"
                "夫弗福富盖甘冈戈格贡古瓜圭哈海汉豪赫亨胡华怀霍基吉加贾杰金卡凯坎康考柯科克肯库奎拉莱兰朗劳勒雷蕾里"
                "利莉连列林琳留卢鲁伦罗洛吕马玛迈麦曼芒梅门蒙米敏明莫姆穆纳娜乃奈南内尼妮涅宁纽努诺欧帕潘庞佩蓬皮珀"
                "普奇齐契恰乔切钦丘屈让热茹瑞若萨塞赛桑瑟森沙莎尚舍绍什施史舒斯松苏索塔泰坦汤唐特滕提图托瓦万旺威韦"
                "维温文沃乌伍西希锡谢辛休雅亚扬耶伊因英尤约扎泽詹兹茨")


def foreign_name_at(text: str, pos: int) -> int:
    """The end of a transliterated name at ``pos`` (斯塔塔尼舍夫, 莫姆奇尔·埃米洛夫), or -1."""
    end = pos
    while end < len(text) and end - pos < 16 and (text[end] in _TRANSLIT or text[end] in "·・" and end > pos):
        end += 1
    while end > pos and text[end - 1] in "·・":
        end -= 1
    letters = sum(1 for ch in text[pos:end] if ch not in "·・")
    if letters < (3 if "·" in text[pos:end] or "・" in text[pos:end] else 4):
        return -1  # three characters are a Chinese name as often as a foreign one, unless a · splits them
    if end < len(text) and is_cjk(text[end]) and text[end] not in NAME_BREAK_CHARS \
            and not text.startswith(SPEECH_VERBS, end):
        return -1  # the run goes on into other words
    return end


def person_name_at(doc: Doc, pos: int, foreign: bool = False) -> int:
    """The end of a personal name starting at ``pos``, or -1. Chinese names: surname + 1–2 characters."""
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    n = len(text)
    if pos >= n or not is_cjk(text[pos]):
        return -1
    if foreign:
        # a transliterated name runs to the next verb, particle or punctuation token
        ti, end = idx.token_at(pos), pos
        if idx.starts[ti] != pos:
            return -1
        while ti < len(idx.words) and end - pos < 6:
            w, tag = idx.words[ti], idx.tags[ti]
            if any(ch in PUNCT for ch in w) or (tag and tag[0] in "vpucdr" and end > pos):
                break
            end = idx.ends[ti]
            ti += 1
        if not 2 <= end - pos <= 6 or tag_of(text[pos:end]) not in ("", "nr", "nrt", "nrfg"):
            return -1  # 多次, 举行: a dictionary word that is no name
        return end
    surname_len = 2 if text[pos:pos + 2] in COMPOUND_SURNAMES else 1 if text[pos] in SURNAMES else 0
    if not surname_len or text[pos:pos + 2] in SURNAME_WORD_STARTS:
        return -1
    for given in (2, 1):
        end = pos + surname_len + given
        if end > n or not all(is_cjk(c) for c in text[pos:end]):
            continue
        if text[end - 1] in NAME_BREAK_CHARS:
            if text[end - 1] in _FUNCTION_BREAKS:
                continue
            ti = idx.token_at(end - 1)
            if idx.starts[ti] == end - 1 and idx.ends[ti] > end:
                continue  # 王强调: 强 opens the verb; in 李强介绍 it closes the name
        if given == 2:
            # the last character must not begin a longer word that runs past the name (高峰介绍 → 高峰)
            ti = idx.token_at(end - 1)
            if idx.starts[ti] == end - 1 and idx.ends[ti] > end:
                continue
            # nor may the name be an ordinary word with the next character (市长张百顺出 is fine)
            word_tag = tag_of(text[pos:end])
            if word_tag and word_tag[0] in "vadp" and word_tag != "nr":
                continue
        return end
    return -1


def _plausible(doc: Doc, start: int, end: int) -> bool:
    word = text_of(doc)[start:end]
    tag = tag_of(word)
    return not tag or tag.startswith("nr") or len(word) == 3 and tag in ("n", "nz", "ns")


def person_candidates(doc: Doc) -> list[Cand]:
    text = text_of(doc)
    out: list[Cand] = []
    # bylines and signatures
    for para in re.finditer(r"[^\n]+", text):
        line = para.group()
        if re.match(r"^\s*(?:[■□▲●◆]|本报[\u4e00-\u9fff]{0,4}讯|记\s*者|通\s*讯\s*员|本报记者|本报通讯员)", line):
            for signer in parse_signers(line[:80], para.start()):
                out.append(Cand(signer.start, signer.end, "Person", f"byline:{signer.role or 'signature'}", 5,
                                key=signer.role or signer.title_text))
    # title chain + name (市科技局党组书记、局长王相东; 国家主席习近平; 总经理 王德斌)
    for m in TITLE_CHAIN_RE.finditer(text):
        pos = m.end()
        while pos < len(text) and text[pos] == " ":
            pos += 1
        foreign = m.group().endswith(_LEADER_TITLES)
        end = foreign_name_at(text, pos)
        if end < 0:
            end = person_name_at(doc, pos)
        else:
            foreign = True
        if end < 0 and foreign:
            end = person_name_at(doc, pos, foreign=True)
        if end < 0:
            continue
        if not foreign and not _plausible(doc, pos, end) and tag_of(text[pos:end]) not in ("", "nr"):
            continue
        out.append(Cand(pos, end, "Person", "title-name", 4, key=m.group()))
        # one title, several names: 副市长王某、李某
        nxt = end
        while nxt < len(text) and text[nxt] == "、":
            e2 = foreign_name_at(text, nxt + 1) if foreign else -1
            e2 = e2 if e2 > 0 else person_name_at(doc, nxt + 1)
            if e2 < 0 or (e2 < len(text) and is_cjk(text[e2]) and text[e2] not in NAME_BREAK_CHARS
                          and not text.startswith(SPEECH_VERBS, e2)):
                break
            out.append(Cand(nxt + 1, e2, "Person", "title-name-list", 4, key=m.group()))
            nxt = e2
    # name + speech verb (张百顺说, “……”薛景霞告诉记者)
    for m in _SPEECH_RE.finditer(text):
        for length in (3, 2, 4):
            s = m.start() - length
            if s < 0:
                continue
            after_org = any(c.end == s and c.type in ("Company", "GovernmentBody", "Organization")
                            for c in (doc._.cands or []))
            if person_name_at(doc, s) == m.start() and (s == 0 or not is_cjk(text[s - 1]) or text[s - 1] in "”"
                                                        or after_org):
                if _plausible(doc, s, m.start()):
                    out.append(Cand(s, m.start(), "Person", "name-speech", 3))
                break
    # a name alone on its line: the signature under a column
    for line in re.finditer(r"(?m)^\s*([\u4e00-\u9fff]{2,3})\s*$", text):
        s, e = line.start(1), line.end(1)
        if person_name_at(doc, s) == e and _plausible(doc, s, e):
            out.append(Cand(s, e, "Person", "signature-line", 3))
    return out


def repeat_known_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A name found once by a rule is a name wherever else the article prints it."""
    text = text_of(doc)
    names = {text[c.start:c.end] for c in cands if c.type == "Person" and c.end - c.start >= 2}
    taken = {(c.start, c.end) for c in cands if c.type == "Person"}
    out = []
    for name in names:
        for m in re.finditer(re.escape(name), text):
            if (m.start(), m.end()) in taken:
                continue
            # not inside a longer name: 王相东 in 王相东东
            after = text[m.end():m.end() + 1]
            if len(name) == 2 and after and is_cjk(after) and after not in NAME_BREAK_CHARS:
                continue
            out.append(Cand(m.start(), m.end(), "Person", "name-repeat", 1))
    return out


@Language.factory("kg_persons")
def make_persons(nlp: Language, name: str):
    return PersonFinder()


class PersonFinder:
    def __call__(self, doc: Doc) -> Doc:
        found = person_candidates(doc)
        doc._.cands.extend(found)
        doc._.cands.extend(repeat_known_names(doc, found))
        return doc
