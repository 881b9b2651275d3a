"""Invented stories, a brief built by hand and an in-memory store with the Store API, for web tests."""

from __future__ import annotations

import argparse

from newsprism.coverage import coverage
from newsprism.model import (
    Article,
    ArticleInfo,
    Brief,
    Citation,
    Conflict,
    ConflictSide,
    DistinctiveTerm,
    Fact,
    Framing,
    Label,
    Outlet,
    Paragraph,
    Quote,
    QuoteMatch,
    Sentence,
    Story,
    SummarySentence,
    TimelineEvent,
)
from newsprism.outlets import OutletTable

XSS_MARK = "__np_pwned"  # a script that ran would set window.__np_pwned


def make_article(aid: str, title: str, outlet: str, date: str, url: str, paras: list[list[str]]) -> Article:
    """A segmented article: sentences joined by spaces, paragraphs by blank lines."""
    text, sents, pars = "", [], []
    for p_i, para in enumerate(paras):
        if text:
            text += "\n\n"
        p_start = len(text)
        for s_i, s in enumerate(para):
            if s_i:
                text += " "
            sents.append(Sentence(id=f"{aid}:s{len(sents)}", article_id=aid, start=len(text),
                                  end=len(text) + len(s), text=s, paragraph=p_i))
            text += s
        pars.append(Paragraph(index=p_i, start=p_start, end=len(text)))
    return Article(id=aid, title=title, outlet=outlet, date=date, url=url, text=text, sentences=sents,
                   paragraphs=pars)


def ferry_articles() -> list[Article]:
    """Three outlets on an invented ferry grounding in an invented port."""
    a = make_article("harb1", "Ferry runs aground outside Quillport harbour", "Harbor Ledger",
                     "2031-05-02T08:10:00+00:00", "https://ledger.example/ferry",
                     [["The ferry Morrow Gull ran aground on a sandbar outside Quillport on Friday.",
                       "All 212 passengers were taken ashore by lifeboats."],
                      ['"We heard a long scrape and then everything tilted," said passenger Ilse Varn.',
                       "Harbour master Oren Tadd called the captain reckless."]])
    b = make_article("nfc2", "Quillport ferry grounded, passengers safe", "Northfield Courier",
                     "2031-05-02T11:45:00+00:00", "https://courier.example/news/ferry",
                     [["A ferry carrying 212 passengers ran aground near Quillport on Friday morning.",
                       "Lifeboats brought every passenger to shore."],
                      ["The operator said 230 people were on board.",
                       '"We heard a long scrape and then everything tilted," passenger Ilse Varn said.']])
    c = make_article("pvw3", "Sandbar blamed for Quillport grounding", "Plainview Wire",
                     "2031-05-03", "http://wire.example/q",
                     [["Shifting sand near Quillport has worried pilots for years.",
                       "The ferry grounded on Friday with 212 passengers aboard."]])
    return [a, b, c]


FERRY_OUTLETS = [Outlet(domain="ledger.example", name="Harbor Ledger", lean="left", country="Ostreland", kind="partisan"),
                 Outlet(domain="courier.example", name="Northfield Courier", lean="right", country="Westmark"),
                 Outlet(domain="wire.example", name="Plainview Wire", lean="centre", country="Ostreland", kind="wire")]


def ferry_brief(arts: list[Article], story: Story, as_dict: bool = True) -> dict | Brief:
    """A brief of the ferry story written by hand in the model's schema (coverage from an invented outlet table)."""
    a, b, c = arts

    def cit(art, *ns):
        return Citation(article_id=art.id, sentence_ids=[f"{art.id}:s{n}" for n in ns], outlet=art.outlet)

    facts = [Fact(id="f1", text=a.sentences[0].text, citations=[cit(a, 0), cit(b, 0), cit(c, 1)],
                  outlets=[a.outlet, b.outlet, c.outlet], independent_sources=3, corroborated=True),
             Fact(id="f2", text=a.sentences[1].text, citations=[cit(a, 1), cit(b, 1)],
                  outlets=[a.outlet, b.outlet], independent_sources=2, corroborated=True)]
    single = {c.id: [Fact(id="f3", text=c.sentences[0].text, citations=[cit(c, 0)], outlets=[c.outlet])]}
    qa = Quote(id="q1", article_id=a.id, sentence_id=f"{a.id}:s2", text="We heard a long scrape and then everything tilted",
               start=1, end=2, speaker="Ilse Varn", cue="said", outlet=a.outlet)
    qb = Quote(id="q2", article_id=b.id, sentence_id=f"{b.id}:s3", text=qa.text, start=1, end=2,
               speaker="Ilse Varn", cue="said", outlet=b.outlet)
    qm = QuoteMatch(id="m1", text=qa.text, speaker="Ilse Varn", quotes=[qa, qb], articles=[a.id, b.id],
                    outlets=[a.outlet, b.outlet])
    conflict = Conflict(id="k1", kind="number", claim="passengers on board", articles=[a.id, b.id],
                        sides=[ConflictSide(text=a.sentences[1].text, value="212", party=a.outlet, citation=cit(a, 1)),
                               ConflictSide(text=b.sentences[2].text, value="230", party=b.outlet, citation=cit(b, 2))])
    framing = [Framing(actor="the captain", labels={a.id: [Label(text="reckless", article_id=a.id,
                                                                 sentence_id=f"{a.id}:s3", how="copula")]})]
    terms = {a.id: [DistinctiveTerm(term="scrape", article_id=a.id, z=2.4, count=1)],
             c.id: [DistinctiveTerm(term="sandbar", article_id=c.id, z=3.1, count=2)]}
    summary = [SummarySentence(text=a.sentences[0].text, citations=[cit(a, 0), cit(b, 0)]),
               SummarySentence(text=b.sentences[2].text, citations=[cit(b, 2)])]
    timeline = [TimelineEvent(date="2031-05-02", text=a.sentences[0].text, phrase="on Friday",
                              citations=[cit(a, 0), cit(b, 0)]),
                TimelineEvent(date="2031-05-02", text=c.sentences[1].text, phrase="on Friday", citations=[cit(c, 1)]),
                TimelineEvent(date="for years", text=c.sentences[0].text, phrase="for years", citations=[cit(c, 0)])]
    brief = Brief(story=story, articles=[ArticleInfo.of(x) for x in arts], summary=summary, facts=facts,
                  single_source=single, quotes=[qa, qb], shared_quotes=[qm], conflicts=[conflict],
                  framing=framing, distinctive_terms=terms, timeline=timeline)
    brief.coverage, brief.outlets = coverage(arts, [], OutletTable(FERRY_OUTLETS))
    return brief.to_dict() if as_dict else brief


def story_of(sid: str, arts: list[Article]) -> Story:
    dates = sorted(x.date for x in arts if x.date)
    return Story(id=sid, title=arts[0].title, article_ids=[x.id for x in arts],
                 outlets=sorted({x.outlet for x in arts}), first_seen=dates[0], last_seen=dates[-1])


def xss_articles() -> list[Article]:
    """Articles whose every field tries to run script."""
    evil = f"<script>window.{XSS_MARK}=1</script>"
    img = f'<img src=x onerror="window.{XSS_MARK}=2">'
    a = make_article("x1", f"Hostile {evil} title {img}", f'<svg onload="window.{XSS_MARK}=3">Outlet',
                     "2031-06-01", f"javascript:window.{XSS_MARK}=4",
                     [[f"Plain start {evil} more.", f"Second {img} sentence."],
                      [f'A "quoted" </span><script>window.{XSS_MARK}=5</script> line.']])
    b = make_article("x2", "Second hostile page", "Quiet Outlet", "2031-06-02",
                     f" JaVaScRiPt:window.{XSS_MARK}=6",
                     [[f'Text with "><iframe src="javascript:window.{XSS_MARK}=7"></iframe> inside.',
                       "Plain start and a shared claim."]])
    return [a, b]


def xss_brief(arts: list[Article], story: Story) -> dict:
    a, b = arts
    evil = f"<script>window.{XSS_MARK}=8</script>"
    cite = [Citation(article_id=a.id, sentence_ids=[f"{a.id}:s0"], outlet=a.outlet),
            Citation(article_id=b.id, sentence_ids=[f"{b.id}:s1"], outlet=b.outlet)]
    brief = Brief(story=story, articles=[ArticleInfo.of(x) for x in arts],
                  summary=[SummarySentence(text=f"Summary {evil}", citations=cite)],
                  facts=[Fact(id=f'f"><script>window.{XSS_MARK}=9</script>', text=a.sentences[0].text,
                              citations=cite, outlets=[a.outlet, b.outlet], independent_sources=2, corroborated=True)],
                  conflicts=[Conflict(id="k", kind="disputed", claim=evil,
                                      sides=[ConflictSide(text=evil, party=evil, citation=cite[0])])],
                  framing=[Framing(actor=evil, labels={a.id: [Label(text=evil, article_id=a.id)]})],
                  distinctive_terms={a.id: [DistinctiveTerm(term=evil, article_id=a.id, z=1.0)]})
    return brief.to_dict()


class FakeStore:
    """In-memory stand-in with the Store API the web app uses."""

    def __init__(self):
        self._articles: dict[str, Article] = {}
        self._stories: dict[str, Story] = {}
        self._briefs: dict[str, dict] = {}

    def add_story(self, story: Story, arts: list[Article], brief: dict | None = None) -> None:
        for x in arts:
            self._articles[x.id] = x
        self._stories[story.id] = story
        if brief is not None:
            self._briefs[story.id] = brief

    def get_article(self, aid):
        return self._articles.get(aid)

    def articles(self, ids=None):
        return [self._articles[i] for i in (ids or self._articles) if i in self._articles]

    def stories(self, since=None, query=None, limit=None):
        out = sorted(self._stories.values(), key=lambda s: s.last_seen, reverse=True)
        if since:
            out = [s for s in out if s.last_seen >= since]
        if query:
            ql = query.lower()
            out = [s for s in out if ql in s.title.lower()
                   or any(ql in (self._articles[i].title + " " + self._articles[i].text).lower() for i in s.article_ids)]
        return out[:limit] if limit else out

    def story(self, sid):
        return self._stories.get(sid)

    def story_articles(self, sid):
        s = self._stories.get(sid)
        return [self._articles[i] for i in s.article_ids] if s else []

    def search(self, query):
        return self.stories(query=query)

    def get_brief(self, sid):
        return self._briefs.get(sid)

    def save_brief(self, sid, brief):
        self._briefs[sid] = brief


def fake_store() -> FakeStore:
    """The ferry story, a one-article story, and the hostile story, with hand-built briefs."""
    st = FakeStore()
    ferry = ferry_articles()
    s1 = story_of("ferry", ferry)
    st.add_story(s1, ferry, ferry_brief(ferry, s1))
    lone = [make_article("solo1", "Library opens night hours in Brantwick", "Brantwick Post", "2031-04-20",
                         "https://post.example/lib", [["The library will stay open until midnight."]])]
    st.add_story(story_of("library", lone), lone, None)
    xs = xss_articles()
    s3 = story_of("hostile", xs)
    st.add_story(s3, xs, xss_brief(xs, s3))
    return st


def write_ferry_report(path: str) -> None:
    """The ferry brief as the `brief -o report.html` command writes it (citations carry their evidence)."""
    from newsprism import evidence
    from newsprism.render import format_for_path, render
    arts = ferry_articles()
    brief = ferry_brief(arts, story_of("ferry", arts), as_dict=False)
    evidence.fill(brief, arts)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(render(brief, format_for_path(path)))


def main() -> None:
    """Serve the fake store on 127.0.0.1 (used by the browser tests and the load benchmark)."""
    import uvicorn

    from newsprism.web import create_app
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    uvicorn.run(create_app(store=fake_store()), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
