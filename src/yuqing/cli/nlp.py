"""``yuqing nlp`` (train / classify / evaluate the sentiment, emotion and stance models), ``yuqing sentiment``
(score stored posts) and ``yuqing mood`` (daily mood of a target's posts or comments)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from yuqing.cli._output import Format, emit
from yuqing.core import InputError, UsageError

nlp_app = typer.Typer(help="Sentiment, emotion and stance models (zh-polarity, zh-emotion, en-polarity, zh-stance).",
                      no_args_is_help=True)

_TASK_HELP = "zh-polarity | zh-emotion | en-polarity | zh-stance"
_MODE_HELP = ("fast (default: hashed n-grams) or accurate (adds USE sentence embeddings; slower; en-polarity and "
              "zh-emotion only).")


@nlp_app.command("train")
def train(
    task: str = typer.Argument(..., help=_TASK_HELP),
    data: Path = typer.Option(None, "--data", "-d", help="Labelled CSV/TSV (text,label[,target]) or JSONL; "
                              "default: the task's built-in training set from the shared data."),
    out: Path = typer.Option(None, "--out", "-o", help="Folder (or .npz path) for the model; default: the "
                             "package's models folder (replaces the shipped model)."),
    mode: str = typer.Option("fast", "--mode", help=_MODE_HELP),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Train TASK's model (the same code that built the shipped models) and save it."""
    from yuqing.nlp.sentiment import train_task

    info = train_task(task, data, out, mode=mode)
    emit([{k: v for k, v in info.items() if k != "labels"}], fmt, data=info, title=f"trained {task}")


@nlp_app.command("classify")
def classify(
    task: str = typer.Argument(..., help=_TASK_HELP),
    file: str = typer.Argument("-", help="One text per line (UTF-8), or - for stdin."),
    target: str = typer.Option(None, "--target", "-t", help="zh-stance: the target every line is about "
                               "(otherwise each line is TARGET<TAB>TEXT)."),
    model: Path = typer.Option(None, "--model", "-m", help="A model file instead of the shipped one."),
    batch: int = typer.Option(2048, "--batch", min=1, help="Lines scored at a time."),
    mode: str = typer.Option("fast", "--mode", help=_MODE_HELP),
) -> None:
    """Print one JSON line {"label", "scores": {class: score}} per input line, in input order (an empty line
    gets a result too, so line numbers match)."""
    from yuqing.nlp.sentiment import load_model, stance_text

    m, _ = load_model(task, model, mode)
    if file != "-" and not Path(file).exists():
        raise InputError(file, 0, "file not found")
    fh = sys.stdin if file == "-" else open(file, encoding="utf-8")
    name = "<stdin>" if file == "-" else file
    try:
        buf: list[str] = []
        for n, line in enumerate(fh, 1):
            text = line.rstrip("\r\n")
            if task == "zh-stance":
                if target:
                    text = stance_text(target, text)
                elif "\t" in text:
                    t, body = text.split("\t", 1)
                    text = stance_text(t, body)
                else:
                    raise InputError(name, n, "zh-stance needs TARGET<TAB>TEXT lines or --target")
            buf.append(text)
            if len(buf) >= batch:
                _flush(m, buf)
        _flush(m, buf)
    finally:
        if fh is not sys.stdin:
            fh.close()


def _flush(model: object, buf: list[str]) -> None:
    from yuqing.nlp.sentiment import scores_to_records

    for rec in scores_to_records(model, buf):  # type: ignore[arg-type]
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    buf.clear()


@nlp_app.command("evaluate")
def evaluate(
    task: str = typer.Argument(..., help=_TASK_HELP + " | all"),
    model: Path = typer.Option(None, "--model", "-m", help="A model file instead of the shipped one."),
    limit: int = typer.Option(None, "--limit", min=1, help="Only the first N rows of each test set."),
    mode: str = typer.Option("fast", "--mode", help=_MODE_HELP),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Score the model on the task's fixed test sets (needs the shared data)."""
    from yuqing.nlp.sentiment import TASKS, evaluate_task

    if task == "all" and model:
        raise UsageError("--model needs a single task")
    tasks = list(TASKS) if task == "all" else [task]
    if task == "all" and mode == "accurate":
        from yuqing.nlp.sentiment import ACCURATE_EMBED_WEIGHT

        tasks = list(ACCURATE_EMBED_WEIGHT)
    results = [evaluate_task(t, model, limit, mode) for t in tasks]
    rows = [{"task": r["task"], "set": name, "n": s["n"], "metric": s["metric"], "score": s["score"],
             "accuracy": s["accuracy"], "macro_f1": s["macro_f1"], "texts_per_s": s["texts_per_s"],
             "model": r["model"]} for r in results for name, s in r["sets"].items()]
    emit(rows, fmt, data=results[0] if len(results) == 1 else results, title="evaluation on the fixed test sets")


def register(app: typer.Typer) -> None:
    app.add_typer(nlp_app, name="nlp")
