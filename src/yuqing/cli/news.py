"""``yuqing extract`` (events, figures, quotes from articles) and ``yuqing timeline ENTITY``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit
from yuqing.core import InputError, NotFoundError, UsageError


def _read(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(str(path), 0, "not UTF-8 or GB18030 text")


def extract(
    ctx: typer.Context,
    targets: list[str] = typer.Argument(None, help="Article files (plain text) or stored article ids."),
    stored: bool = typer.Option(
        False, "--stored", help="Extract every stored article (and save the results)."
    ),
    published: str = typer.Option(
        None,
        "--published",
        help="Publication date YYYY-MM-DD for FILE arguments (default: found in the article's header lines).",
    ),
    lang: str = typer.Option(None, "--lang", help="en | zh (default: guessed)."),
    save: bool = typer.Option(
        True,
        "--save/--no-save",
        help="Store results of stored articles in news_extractions and events (origin 'extract').",
    ),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Dated events, figures and attributed quotes of news articles (English and Chinese).

    JSON: one object per article {article, title, published, published_precision, lang, events:[{date,
    precision, text, entities, source, ...}], figures:[{entity, metric, value, unit, date, source, ...}],
    quotes:[{speaker, text, kind, source, ...}]}; a list of such objects when several articles are given.
    """
    from yuqing.nlp.extract import extract_article

    if not targets and not stored:
        raise UsageError("give article files or ids, or --stored")
    pub = None
    if published:
        try:
            pub = date.fromisoformat(published)
        except ValueError as exc:
            raise UsageError(f"--published: {published!r} is not a date (YYYY-MM-DD)") from exc
    docs: list[dict[str, Any]] = []
    summary: list[dict[str, Any]] = []
    ids: list[str] = []
    for t in targets or []:
        p = Path(t)
        if p.is_file():
            ex = extract_article(_read(p), pub, lang, article=str(p))
            docs.append(ex.to_dict())
        elif p.exists():
            raise InputError(t, 0, "not a regular file")
        else:
            ids.append(t)
    if ids or stored:
        from yuqing.nlp.extract import save_extraction, stored_articles

        store = get_ctx(ctx).store(read_only=not save)
        arts = stored_articles(store, None if stored else ids)
        found = {a["article_id"] for a in arts}
        missing = [i for i in ids if i not in found]
        if missing:
            names = [a["article_id"] for a in stored_articles(store)]
            import difflib

            raise NotFoundError(
                "file or stored article",
                missing[0],
                difflib.get_close_matches(missing[0], names, n=5, cutoff=0.5),
            )
        for a in arts:
            ex = extract_article(
                a["body"] or "", a["published"], lang or a.get("lang") or None, article=a["article_id"]
            )
            d = ex.to_dict()
            d["title"] = a.get("title") or d["title"]
            d["outlet"] = a.get("outlet")
            docs.append(d)
            if save:
                summary.append({"article": a["article_id"], **save_extraction(store, ex)})
        if save and summary and fmt is Format.table:
            console.print(f"saved extractions of {len(summary)} article(s) to news_extractions / events")
    rows = []
    for d in docs:
        for e in d["events"]:
            rows.append(
                {
                    "article": d["article"],
                    "item": "event",
                    "date": e["date"],
                    "who": ", ".join(e["entities"]),
                    "value": "",
                    "text": e["text"],
                }
            )
        for f in d["figures"]:
            rows.append(
                {
                    "article": d["article"],
                    "item": "figure",
                    "date": f["date"],
                    "who": f["entity"],
                    "value": f"{f['value']:,.6g} {f['unit'] or ''}".strip(),
                    "text": f["metric"],
                }
            )
        for q in d["quotes"]:
            rows.append(
                {
                    "article": d["article"],
                    "item": f"quote ({q['kind']})",
                    "date": d["published"],
                    "who": q["speaker"],
                    "value": "",
                    "text": q["text"],
                }
            )
    emit(rows, fmt, data=docs[0] if len(docs) == 1 else docs, title="extractions")


def timeline(
    ctx: typer.Context,
    entity: str = typer.Argument(..., help="Entity name, e.g. 'Lei Jun', Xiaomi, 雷军."),
    since: str = typer.Option(None, "--since", help="First day YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last day YYYY-MM-DD."),
    alias: list[str] = typer.Option([], "--alias", help="Other names of the entity (repeatable)."),
    chart: Path = typer.Option(None, "--chart", help="Write the timeline chart (.html, .png or .svg)."),
    quotes: bool = typer.Option(True, "--quotes/--no-quotes", help="Include the entity's quotes."),
    evidence: bool = typer.Option(
        False, "--evidence", help='Add "evidence": {"entry[i]": [record refs]} to the JSON.'
    ),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Merge what all stored articles say about ENTITY into one timeline (one entry per event with all its
    sources; conflicting figures side by side). JSON: {entity, names, since, until, n_articles, entries:[{type:
    event|figure|quote, date, precision, text, entities | entity+metric+kind+values+distinct_values+conflict |
    speaker+kind, sources:[{article, idx, outlet, title, published, sentence, span}]}]}."""
    from yuqing.analyses import get_analysis

    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("timeline")(entity=entity, since=since, until=until, aliases=tuple(alias), quotes=quotes).run(store)
    if chart is not None:
        if res.chart is None:
            console.print(f"no dated entries for {entity!r}: no chart written")
        else:
            import warnings

            from yuqing.reports.charts import save_chart

            try:
                with warnings.catch_warnings():  # PNG fonts may lack CJK glyphs: the HTML chart has them
                    warnings.filterwarnings("ignore", message="Glyph .* missing from font")
                    save_chart(chart, res.chart, f"Timeline: {entity}", _draw(res.data["entries"]))
            except ValueError as exc:
                raise UsageError(str(exc)) from exc
            console.print(f"chart written to {chart}")
    data = {**res.data, "evidence": res.evidence} if evidence else res.data
    emit(res.rows, fmt, data=data, title=f"timeline of {entity}")


def _draw(entries: list[dict[str, Any]]) -> Any:
    from yuqing.analyses import timeline_day as chart_day
    from yuqing.analyses import timeline_label as label

    def draw(ax: Any) -> None:
        pts = [(chart_day(e["date"]), len(e["sources"]), e["type"], label(e)[:40]) for e in entries]
        pts = [p for p in pts if p[0] is not None]
        for typ, marker in (("event", "o"), ("figure", "s"), ("quote", "^")):
            sel = [p for p in pts if p[2] == typ]
            if sel:
                ax.scatter([p[0] for p in sel], [p[1] for p in sel], marker=marker, label=typ)
        for x, y, _, text in pts:
            ax.annotate(text, (x, y), fontsize=6, rotation=20)
        ax.set_ylabel("sources")
        if pts:
            ax.legend()

    return draw


def register(app: typer.Typer) -> None:
    app.command()(extract)
    app.command()(timeline)
