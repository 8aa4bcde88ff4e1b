"""One real-world entity, one node: the corpus-wide identity steps of the resolver.

``kg.resolve`` gives every mention a key article by article; the steps here look at the whole corpus:
- companies: a short name (the core with the industry words left out: 甲乙 for 青禾县甲乙新材料科技有限公司) is
  the full name introduced anywhere in the corpus when exactly one full name has that core; two full names
  with one core, or a name of region and industry words only, are never joined;
- persons: one name is one person where its mentions share context (a body or company they hold a post at,
  the county or city of such a body, the paper of a byline); mentions of one name with no shared context are
  several persons, each keyed by name and body (person:张三_青禾县人民政府); a mention without any context
  joins the one person whose county or city its article names, or stays apart and is reported as ambiguous;
- the user's curation file (``kg.curation``): same, different, alias entries after the resolver's own.
Every such decision is kept (``KnowledgeBase.decisions``) with a confidence and its evidence.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from .model import ArticleResult, Decision, Entity, Mention
from .rules import regex

_INDUSTRY_END = regex("industry_word_end")

MentionId = tuple[str, int]  # (article id, mention index)


@dataclass
class Links:
    """What resolution builds up: entities by key, each mention's key and the name its key was made with,
    type votes, same-as pairs, decisions, and which keys were merged into which."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mention_entity: dict[MentionId, str] = field(default_factory=dict)
    mention_name: dict[MentionId, str] = field(default_factory=dict)  # the name key_for gave (an expansion …)
    type_votes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    same_as: list[tuple[str, str]] = field(default_factory=list)  # keys that name one entity (bracketed aliases)
    decisions: list[Decision] = field(default_factory=list)
    pinned: dict[str, str] = field(default_factory=dict)  # key → canonical name the curation file set
    renamed: dict[str, str] = field(default_factory=dict)  # merged key → the key it went into
    unmatched: list[str] = field(default_factory=list)  # curation entries that matched nothing
    article_counties: dict[str, set[str]] | None = None  # article → counties it names (made when first asked)

    def follow(self, key: str) -> str:
        while key in self.renamed:
            key = self.renamed[key]
        return key

    def merge(self, pairs: list[tuple[str, str]], keep_first: bool = False) -> None:
        """Join entities named by pairs of keys. The smallest key stays (stable whatever the reading order),
        or with ``keep_first`` the first key of each pair (a full name over its short form)."""
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            while parent.get(k, k) != k:
                k = parent[k]
            return k

        for a, b in pairs:
            a, b = self.follow(a), self.follow(b)
            if a in self.entities and b in self.entities:
                ra, rb = find(a), find(b)
                if ra != rb:
                    keep, drop = (ra, rb) if keep_first else sorted((ra, rb))
                    parent[drop] = keep
        for key in sorted(parent):
            root = find(key)
            gone = self.entities.pop(key)
            self.entities[root].aliases |= gone.aliases
            self.entities[root].mentions += gone.mentions
            self.type_votes[root].update(self.type_votes.pop(key, Counter()))
            self.renamed[key] = root
            if key in self.pinned:
                self.pinned.setdefault(root, self.pinned.pop(key))
        if parent:
            for k, key in list(self.mention_entity.items()):
                self.mention_entity[k] = find(key)

    def reassign(self, results: dict[str, ArticleResult], moves: dict[MentionId, str],
                 add: Callable[["Links", str, str, Mention], None]) -> None:
        """Give mentions other keys, rebuilding every entity they leave or join from its mentions."""
        touched = {self.mention_entity[k] for k in moves} | set(moves.values())
        self.mention_entity.update(moves)
        members: dict[str, list[MentionId]] = defaultdict(list)
        for k, key in self.mention_entity.items():
            if key in touched:
                members[key].append(k)
        for key in touched:
            self.entities.pop(key, None)
            self.type_votes.pop(key, None)
        for key in sorted(members):
            for article_id, index in sorted(members[key]):
                add(self, key, self.mention_name.get((article_id, index), ""), results[article_id].mentions[index])

    def decide(self, kind: str, keys: list[str], names: list[str], confidence: float, evidence: str,
               articles: list[str] | None = None) -> None:
        self.decisions.append(Decision(kind, list(keys), list(names), confidence, evidence, sorted(articles or [])))

    def final_decisions(self) -> list[Decision]:
        """The decisions with the keys their entities ended up with (later steps may have merged them)."""
        out = []
        for d in self.decisions:
            keys = list(dict.fromkeys(self.follow(k) for k in d.keys))
            out.append(Decision(d.kind, [k for k in keys if k in self.entities], d.names, d.confidence,
                                d.evidence, d.articles))
        return out


def key_local(key: str) -> str:
    return key.split(":", 1)[-1]


# --------------------------------------------------------------------------- companies: short and full names

def trade_stem(core: str, trade_words: tuple[str, ...]) -> str:
    """The core without the industry words that end it (甲乙新材料科技 → 甲乙); "" when nothing else is left."""
    words = sorted(trade_words, key=len, reverse=True)
    changed = True
    while changed and core:
        changed = False
        for w in words:
            if core.endswith(w):
                core, changed = core[: -len(w)], True
                break
        industry = _INDUSTRY_END.search(core) if len(core) >= 4 else None
        if not changed and industry:  # 甲乙木业, 甲乙钛业: an industry named by its material and 业
            core, changed = core[: industry.start()], True
    return core


def _has_legal_form(ent: Entity, legal_suffixes: tuple[str, ...]) -> bool:
    return any(a.endswith(legal_suffixes) for a in ent.aliases)


def _full_name_of(links: Links, stem: str, keys: list[str], legal_suffixes: tuple[str, ...]) -> tuple[str, float]:
    """The one company of a stem that the others are short names of, and how sure that is: the one whose name
    goes on after the stem with words of trade (甲乙新材料科技), registered with a legal form (0.9) or not (0.7);
    two such names (甲乙科技有限公司, 甲乙化工有限公司) are two companies, and then none is chosen."""
    specific = [k for k in keys if key_local(k) != stem]
    registered = [k for k in specific if _has_legal_form(links.entities[k], legal_suffixes)]
    if len(registered) > 1 or not registered and len(specific) > 1:
        links.decide("short-name-ambiguous", keys, [stem], 0.5,
                     f"{len(registered or specific)} companies go on after the stem {stem} with other words of "
                     f"trade: {', '.join(key_local(k) for k in registered or specific)}; kept apart")
        return "", 0.0
    if registered:
        return registered[0], 0.9
    return (specific[0], 0.7) if specific else ("", 0.0)


def link_short_companies(links: Links, trade_words: tuple[str, ...], legal_suffixes: tuple[str, ...],
                         kept_apart: Callable[[str, str], bool], is_region: Callable[[str], bool],
                         registered: tuple[str, ...] = ()) -> None:
    """Join each company short name to the one full name of the corpus with its stem (see the module);
    a stem that is a region's name (某某省 + 建材) is no company's short name, and a company printed with a
    registered form (``registered``: 有限公司 …) is a company of its own (甲乙控股集团有限公司 beside 甲乙新材料有限公司)."""
    stems: dict[str, list[str]] = defaultdict(list)
    for key in sorted(links.entities):
        if key.startswith("company:"):
            stem = trade_stem(key_local(key), trade_words)
            if len(stem) >= 2 and not is_region(stem):
                stems[stem].append(key)
    pairs = []
    for stem, keys in sorted(stems.items()):
        if len(keys) < 2:
            continue
        target, confidence = _full_name_of(links, stem, keys, legal_suffixes)
        for key in keys:
            if not target or key == target or kept_apart(key, target):
                continue
            if registered and _has_legal_form(links.entities[key], registered):
                continue
            pairs.append((target, key))
            short, long_ = key_local(key), max(links.entities[target].aliases, key=lambda a: (len(a), a))
            left_out = key_local(target)[len(stem):] or "-"
            links.decide("short-name", [target, key], [short, long_], confidence,
                         f"{short} is {long_} with the region, industry word(s) {left_out} and legal form left out; "
                         f"the only company of the corpus named so with the stem {stem}",
                         sorted({m.article for m in links.entities[key].mentions}))
    links.merge(pairs, keep_first=True)


# --------------------------------------------------------------------------- persons: identity from context

def person_contexts(links: Links, results: dict[str, ArticleResult],
                    home_place: Callable[[str], str]) -> dict[str, dict[str, set[str]]]:
    """person key → article → what ties the person there: org keys of posts, their counties ("place:CODE")."""
    contexts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for article_id in sorted(results):
        for post in results[article_id].posts:
            person = links.mention_entity.get((article_id, post.person))
            org = links.mention_entity.get((article_id, post.organization))
            if not person or not org or not person.startswith("person:"):
                continue
            contexts[person][article_id].add(org)
            place = home_place(org)
            if place:
                contexts[person][article_id].add(f"place:{place}")
    return contexts


def _groups(by_article: dict[str, set[str]]) -> list[tuple[set[str], set[str]]]:
    """Articles joined where they share a context token: [(articles, tokens)], in a stable order."""
    groups: list[tuple[set[str], set[str]]] = []
    for article_id in sorted(by_article):
        tokens = set(by_article[article_id])
        articles = {article_id}
        for g in [g for g in groups if g[1] & tokens]:
            groups.remove(g)
            articles |= g[0]
            tokens |= g[1]
        groups.append((articles, tokens))
    return sorted(groups, key=lambda g: min(g[0]))


def _keys(name: str, labelled: list[tuple[str, set[str], set[str]]]) -> list[tuple[str, set[str], set[str]]]:
    """person:NAME_LABEL for each group; a label two groups share (a body and a company of one name) is numbered."""
    seen: Counter = Counter(label for label, _, _ in labelled)
    out, used = [], Counter()
    for label, arts, tokens in labelled:
        used[label] += 1
        suffix = f"{label}{used[label]}" if seen[label] > 1 else label
        out.append((f"person:{name}_{suffix}", arts, tokens))
    return out


def _label(links: Links, by_article: dict[str, set[str]], articles: set[str]) -> str:
    """The body, company or paper a group of mentions is most often tied to (its readable key part)."""
    counts = Counter(t for a in articles for t in by_article[a] if not t.startswith("place:"))
    org = min(counts, key=lambda t: (-counts[t], t))
    ent = links.entities.get(org)
    return ent.name if ent is not None and ent.name and not org.startswith("company:") else key_local(org)


def split_persons(links: Links, results: dict[str, ArticleResult], home_place: Callable[[str], str],
                  article_places: Callable[[str], set[str]], add) -> None:
    """Make one name several persons where its mentions share no context (see the module)."""
    moves: dict[MentionId, str] = {}
    mentions_of: dict[str, list[MentionId]] = defaultdict(list)
    for mid, k in links.mention_entity.items():
        if k.startswith("person:"):
            mentions_of[k].append(mid)
    for key, by_article in sorted(person_contexts(links, results, home_place).items()):
        groups = _groups(by_article)
        if len(groups) < 2:
            continue
        name = key_local(key)
        keyed = _keys(name, [(_label(links, by_article, arts), arts, tokens) for arts, tokens in groups])
        where = {a: new for new, arts, _ in keyed for a in arts}
        loose: dict[str, list[MentionId]] = defaultdict(list)
        for mid in sorted(mentions_of[key]):
            if mid[0] in where:
                moves[mid] = where[mid[0]]
            else:
                loose[mid[0]].append(mid)
        links.decide("same-name-split", [k for k, _, _ in keyed], [name], 0.7,
                     f"{name}: {len(keyed)} persons, their mentions tied to no common body, company, county "
                     "or paper: " + "; ".join(f"{k.split('_', 1)[1]} ({', '.join(sorted(arts))})"
                                              for k, arts, _ in keyed),
                     sorted(by_article))
        _place_loose(links, key, name, keyed, loose, article_places, moves)
    if moves:
        links.reassign(results, moves, add)


def _place_loose(links: Links, key: str, name: str, keyed, loose: dict[str, list[MentionId]],
                 article_places: Callable[[str], set[str]], moves: dict[MentionId, str]) -> None:
    """A mention of a split name with no post of its own: the one person whose county its article names,
    or, with no such evidence, a node of its own (the bare name) reported as ambiguous."""
    for article_id, mids in sorted(loose.items()):
        places = {f"place:{c}" for c in article_places(article_id)}
        fits = [k for k, _, tokens in keyed if tokens & places]
        if len(fits) == 1:
            moves.update({mid: fits[0] for mid in mids})
            links.decide("same-name-weak", [fits[0]], [name], 0.6,
                         f"{name} in {article_id} holds no post there; its article names the county or city of "
                         f"{fits[0].split('_', 1)[1]} only", [article_id])
        else:
            links.decide("same-name-ambiguous", [key] + [k for k, _, _ in keyed], [name], 0.5,
                         f"{name} in {article_id} holds no post there and its article points to "
                         f"{'none' if not fits else 'several'} of the {len(keyed)} persons of that name: kept apart",
                         [article_id])


# --------------------------------------------------------------------------- the user's curation file

def _surfaces(m: Mention, norm: Callable[[str], str]) -> set[str]:
    return {norm(m.text), norm(m.name)} - {""}


def curate_mentions(results: dict[str, ArticleResult], curation, links: Links,
                    norm: Callable[[str], str]) -> tuple[dict[str, ArticleResult], set[MentionId]]:
    """``type`` and ``ignore`` entries act on mentions before they are keyed: a retyped mention gets the key
    of its new type, an ignored one none. Returns the results to resolve (copies where a mention changed)
    and the ignored mentions."""
    retype = {norm(e.names[0]): e for e in curation.of("type")}
    ignore = {norm(e.names[0]): e for e in curation.of("ignore")}
    used: dict[object, list[str]] = defaultdict(list)  # entry → articles it acted in
    ignored: set[MentionId] = set()
    out = dict(results)
    for article_id in sorted(results):
        result, changed = results[article_id], []
        for i, m in enumerate(result.mentions):
            hit = next((ignore[s] for s in sorted(_surfaces(m, norm)) if s in ignore), None)
            if hit is not None:
                ignored.add((article_id, i))
                used[hit].append(article_id)
                continue
            hit = next((retype[s] for s in sorted(_surfaces(m, norm)) if s in retype), None)
            if hit is not None and m.type != hit.type:
                changed.append((i, Mention(**{**vars(m), "type": hit.type, "key": ""})))
            if hit is not None:
                used[hit].append(article_id)
        if changed:
            mentions = list(result.mentions)
            for i, m in changed:
                mentions[i] = m
            out[article_id] = ArticleResult(result.article, mentions, result.relations, result.posts)
    for entry in curation.of("type") + curation.of("ignore"):
        if entry in used:
            what = f"is a {entry.type}" if entry.kind == "type" else "is not an entity"
            links.decide(f"curation-{entry.kind}", [], list(entry.names), 1.0,
                         f"{curation.path}: {entry.describe()}: {entry.names[0]} {what} "
                         f"({len(used[entry])} mention(s))", sorted(set(used[entry])))
        else:
            links.unmatched.append(f"{curation.path}: {entry.describe()}")
    return out, ignored


def _index(links: Links, norm: Callable[[str], str]) -> dict[str, set[str]]:
    """Every name (normalised) and IRI local part (type/key) → the keys of the entities it names."""
    index: dict[str, set[str]] = defaultdict(set)
    for key, ent in links.entities.items():
        for alias in ent.aliases:
            index[norm(alias)].add(key)
        index[f"{ent.type.lower()}/{key_local(key)}"].add(key)
    return index


def _matches(links: Links, index: dict[str, set[str]], name: str, norm: Callable[[str], str]) -> list[str]:
    keys = index.get(name) or index.get(norm(name)) or set()
    return sorted({links.follow(k) for k in keys} & set(links.entities))


def apply_curation(links: Links, results: dict[str, ArticleResult], curation, norm: Callable[[str], str],
                   add) -> None:
    """``same``, ``alias`` and ``different`` entries, after the resolver's own decisions (see kg.curation)."""
    for entry in curation.of("same"):
        found = [_matches(links, _index(links, norm), n, norm) for n in entry.names]
        keys = sorted({k for ks in found for k in ks})
        if sum(1 for ks in found if ks) < 2:
            links.unmatched.append(f"{curation.path}: {entry.describe()} (names found: "
                                   f"{', '.join(n for n, ks in zip(entry.names, found) if ks) or 'none'})")
            continue
        links.merge([(keys[0], k) for k in keys[1:]])
        links.decide("curation-same", keys, list(entry.names), 1.0, f"{curation.path}: {entry.describe()}")
    for entry in curation.of("alias"):
        _apply_alias(links, curation.path, entry, norm)
    for entry in curation.of("different"):
        _apply_different(links, results, curation.path, entry, norm, add)


def _apply_alias(links: Links, path: str, entry, norm: Callable[[str], str]) -> None:
    index = _index(links, norm)
    target = _matches(links, index, entry.names[0], norm)
    if len(target) != 1:
        links.unmatched.append(f"{path}: {entry.describe()} ({'no' if not target else len(target)} entities "
                               f"named {entry.names[0]})")
        return
    others = [k for k in _matches(links, index, entry.names[1], norm) if k != target[0]]
    links.merge([(target[0], k) for k in others], keep_first=True)
    key = links.follow(target[0])
    links.entities[key].aliases.add(entry.names[1])
    if not key.startswith("org:"):  # a body keeps its expanded full name
        links.pinned[key] = entry.names[0]
    links.decide("curation-alias", [key], list(entry.names), 1.0, f"{path}: {entry.describe()}")


def _apply_different(links: Links, results: dict[str, ArticleResult], path: str, entry,
                     norm: Callable[[str], str], add) -> None:
    """Names the user keeps apart: where they still share an entity, the mentions printed with a later name
    move to an entity of their own (type:that name)."""
    index = _index(links, norm)
    found = [_matches(links, index, n, norm) for n in entry.names]
    if sum(1 for ks in found if ks) < 2:
        links.unmatched.append(f"{path}: {entry.describe()} (names found: "
                               f"{', '.join(n for n, ks in zip(entry.names, found) if ks) or 'none'})")
        return
    first = set(found[0])
    moves: dict[MentionId, str] = {}
    for name in entry.names[1:]:
        wanted = norm(name)
        for mid, key in links.mention_entity.items():
            m = results[mid[0]].mentions[mid[1]]
            if key in first and wanted in _surfaces(m, norm):
                new = f"{key.split(':', 1)[0]}:{wanted}"
                moves[mid] = new if new != key else f"{key}_{len(entry.names)}"
    if moves:
        links.reassign(results, moves, add)
    links.decide("curation-different", sorted(set(moves.values()) | first), list(entry.names), 1.0,
                 f"{path}: {entry.describe()}: " + (f"{len(moves)} mention(s) split off" if moves else "already apart"))


def kept_apart(curation, norm: Callable[[str], str]) -> Callable[[Links, str, str], bool]:
    """Whether a ``different`` entry names one entity by one of its names and the other by another."""
    pairs = [[norm(n) for n in e.names] for e in (curation.of("different") if curation else [])]

    def check(links: Links, a: str, b: str) -> bool:
        na = {norm(x) for x in links.entities[a].aliases} | {key_local(a)}
        nb = {norm(x) for x in links.entities[b].aliases} | {key_local(b)}
        return any(set(p) & na and set(p) & nb and (set(p) & na) != (set(p) & nb) for p in pairs)

    return check
