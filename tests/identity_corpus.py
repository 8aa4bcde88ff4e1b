"""Made-up corpora for the identity tests: issues whose mentions and posts are given, not extracted, so a
test states exactly the evidence the resolver sees (a made-up county, company and official in each)."""
from __future__ import annotations

from kg.model import Article, ArticleResult, Issue, IssueMeta, Mention, Post, Sentence


class Corpus:
    """Issues of one article each: ``article(issue_id, date, paper, text, mentions, posts)``."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.results: dict[str, ArticleResult] = {}

    def article(self, issue_id: str, text: str, mentions: list[tuple[str, str]],
                posts: tuple[tuple[str, str, str], ...] = (), date: str = "2024-03-01", paper: str = "青禾日报") -> None:
        """``mentions``: (surface, type) in order of appearance (the n-th repeat of a surface is found after
        the previous one); ``posts``: (person surface, organization surface, title)."""
        art = Article(issue_id=issue_id, index=0, start=0, end=len(text), headline=text[:6],
                      sentences=[Sentence(0, len(text), text)])
        issue = Issue(id=issue_id, path=f"{issue_id}.txt", text=text, meta=IssueMeta(newspaper=paper, date=date),
                      articles=[art])
        after: dict[str, int] = {}
        for surface, type_ in mentions:
            start = text.index(surface, after.get(surface, 0))
            after[surface] = start + len(surface)
            self._mentions(art.id).append(Mention(surface, type_, start, start + len(surface), art.id, 0, "test"))
        result = self.results[art.id]
        for person, org, title in posts:
            pi = next(i for i, m in enumerate(result.mentions) if m.text == person)
            oi = next(i for i, m in enumerate(result.mentions) if m.text == org)
            result.posts.append(Post(pi, oi, [title], art.id, 0, 0, len(text), "test"))
        self.issues.append(issue)

    def _mentions(self, article_id: str) -> list[Mention]:
        return self.results.setdefault(article_id, ArticleResult(article_id)).mentions

    def resolve(self, curation=None):
        from kg.resolve import resolve

        return resolve(self.issues, self.results, {i.id: "" for i in self.issues}, curation)


def nodes(kb, name: str, type_: str | None = None) -> list:
    """The entities one of whose names is ``name``."""
    return sorted((e for e in kb.entities.values() if (name == e.name or name in e.aliases)
                   and (type_ is None or e.type == type_)), key=lambda e: e.key)
