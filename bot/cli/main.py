"""The `eventqa` command: index, check, search, ask, eval, chat, serve, report, bench, and the
staff's add, rollback, history."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from bot import plain, texts
from bot.bench import bench
from bot.topic import Topics

log = logging.getLogger("eventqa")

EXIT_BAD_INPUT = 2  # bad corpus, settings or flags: the user can fix it
EXIT_FAILURE = 1


def _common(default: object) -> argparse.ArgumentParser:
    """Options accepted before and after the subcommand; after it they must not reset what was
    given before it, hence SUPPRESS as the subcommands' default."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=default,
                        help="settings file (default config/eventqa.yaml)")
    common.add_argument("--corpus", type=Path, default=default, help="corpus file or folder")
    common.add_argument("--index", type=Path, dest="index_dir", default=default,
                        help="index directory")
    common.add_argument("-v", "--verbose", action="store_true", default=default,
                        help="more log output")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="eventqa", parents=[_common(None)],
        description="Kazakh question answering over the event corpus (CLI, terminal chat, bot).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("index", parents=[common],
                   help="validate the corpus and build/refresh the index")
    sub.add_parser("check", parents=[common], help="validate the corpus only (nothing is built)")
    p = sub.add_parser("search", parents=[common], help="top passages with scores")
    p.add_argument("-k", type=_positive_int, default=None,
                   help="how many passages, 1 or more (default from config)")
    p.add_argument("--json", action="store_true", help="one JSON object per query")
    p.add_argument("query", metavar="QUERY", help="the question, or - to read one per line")
    p = sub.add_parser("ask", parents=[common], help="the answer a Telegram user would get")
    p.add_argument("--json", action="store_true", help="one JSON object per query")
    p.add_argument("query", metavar="QUERY", help="the question, or - to read one per line")
    p = sub.add_parser("eval", parents=[common], help="metrics on a question set (JSONL)")
    p.add_argument("file", type=Path, metavar="FILE.jsonl")
    sub.add_parser("chat", parents=[common], help="a conversation in the terminal")
    p = sub.add_parser("serve", parents=[common], help="run the Telegram bot")
    p.add_argument("--webhook-url", help="public HTTPS URL for webhook mode (default: polling)")
    p.add_argument("--listen", default="0.0.0.0", help="webhook listen address")
    p.add_argument("--port", type=int, default=8443, help="webhook port")
    p.add_argument("--health-port", type=int, default=None,
                   help="serve GET /healthz and /metrics on this port (bot.health_port)")
    p = sub.add_parser("report", parents=[common],
                       help="refused or 👎 questions, grouped, most frequent first")
    p.add_argument("--days", type=_positive, default=7.0, help="how far back (default 7)")
    p.add_argument("--format", choices=("text", "csv"), default="text")
    p.add_argument("--limit", type=int, default=None, help="at most this many groups")
    p.add_argument("--threshold", type=float, default=None,
                   help="cosine above which two questions are one (default log.cluster_threshold)")
    p = sub.add_parser("bench", parents=[common], help="measure speed and memory here")
    bench.add_arguments(p)
    p = sub.add_parser("add", parents=[common],
                       help="add a plain-text article (.txt/.md) to the corpus as a document")
    p.add_argument("file", type=Path, metavar="ARTICLE.txt",
                   help="the article: paragraphs separated by blank lines (or a .yaml file)")
    p.add_argument("--title", help="the title (default: a 'title:' line or the first line)")
    p.add_argument("--id", dest="doc_id", help="the id (default: made from the title)")
    p.add_argument("--date", help="YYYY-MM-DD")
    p.add_argument("--url", help="http(s):// link to the original")
    p = sub.add_parser("rollback", parents=[common],
                       help="bring back an earlier version of the corpus (see history)")
    p.add_argument("version", type=_positive_int, nargs="?", default=1,
                   help="the number shown by eventqa history (default 1, the newest)")
    p.add_argument("--yes", action="store_true", help="apply without asking")
    sub.add_parser("history", parents=[common], help="earlier versions of the corpus")
    return parser


def _positive(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value}")
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more: {value}")
    return number


def index_dir_for(default: Path, corpus: Path) -> Path:
    """The index folder of another corpus than the settings' one, beside the default index:
    `eventqa --corpus X` must never overwrite the index (and the last good version) of the
    corpus the bot answers from."""
    key = hashlib.sha256(str(corpus).encode()).hexdigest()[:8]
    return default.parent / f"{default.name}-{corpus.stem}-{key}"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(bool(args.verbose))
    from retrieval.config import ConfigError, load_config
    from retrieval.corpus import CorpusError

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        return _fail(texts.CONFIG_BAD.format(error=exc), EXIT_BAD_INPUT)
    if args.corpus is not None:
        corpus = args.corpus.resolve()
        if (args.index_dir is None and "EVENTQA_INDEX_DIR" not in os.environ
                and corpus != Path(config.corpus).resolve()):
            config.index_dir = index_dir_for(Path(config.index_dir), corpus)
        config.corpus = corpus
    if args.index_dir is not None:
        config.index_dir = args.index_dir.resolve()
    command: Callable[[argparse.Namespace, object], int] = COMMANDS[args.command]
    try:
        return command(args, config)
    except CorpusError as exc:
        return _fail(plain.corpus_error(exc), EXIT_BAD_INPUT)
    except ConfigError as exc:  # e.g. an unsupported log.url, found when it is first used
        return _fail(texts.CONFIG_BAD.format(error=exc), EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # one clear line, never a traceback (unless asked for)
        from retrieval.encoder import EncoderError
        if isinstance(exc, EncoderError):
            return _fail(texts.MODEL_BAD.format(error=exc), EXIT_FAILURE)
        if isinstance(exc, OSError):
            return _fail(texts.INDEX_WRITE_BAD.format(error=exc), EXIT_FAILURE)
        if args.verbose or os.environ.get("EVENTQA_DEBUG"):
            raise
        return _fail(f"eventqa: {type(exc).__name__}: {exc}", EXIT_FAILURE)


def _setup_logging(verbose: bool) -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("retrieval", "bot", "eventqa"):
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("httpx", "httpcore", "sentence_transformers", "transformers", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


def _queries(query: str) -> Iterator[str]:
    if query == "-":
        for line in sys.stdin:
            yield line.rstrip("\n")
    else:
        yield query


def _engine(config):
    """The engine; on a broken corpus, the last good index and a warning on stderr (like
    `serve`). Without a last good index the corpus error stands (exit 2)."""
    from retrieval.lastgood import load_engine

    engine, problem = load_engine(config)
    if problem is not None:
        print(plain.corpus_error(problem), file=sys.stderr)
        print(texts.LAST_GOOD_INDEX.format(documents=len(engine.index.documents)),
              file=sys.stderr)
    elif engine.last_report is not None and engine.last_report.action == "built":
        print(plain.index_report(engine.last_report), file=sys.stderr)
    return engine


def cmd_index(args, config) -> int:
    from retrieval.engine import Engine

    # Nothing else runs in this process: should the model load, it may use every core (set
    # before torch is imported, which an unchanged corpus never does; the operator's value wins).
    os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
    _, report = Engine.refresh_index(config)
    print(plain.index_report(report))
    return 0


def cmd_check(args, config) -> int:
    from retrieval.corpus import load_corpus, warnings

    corpus = load_corpus(config.corpus)
    print(texts.CORPUS_OK.format(documents=len(corpus.documents), files=len(corpus.files),
                                 paragraphs=sum(len(d.paragraphs) for d in corpus.documents)))
    found = warnings(corpus)
    if found:  # likely mistakes, not errors: the corpus works, so the exit code stays 0
        print(plain.corpus_warnings(found))
    return 0


def cmd_search(args, config) -> int:
    import time

    engine = _engine(config)
    engine.load_model()  # took_ms counts the search, not the model's load
    for query in _queries(args.query):
        started = time.perf_counter()
        hits = engine.search(query, args.k)
        took = round((time.perf_counter() - started) * 1e3, 1)
        if args.json:
            print(json.dumps({"query": query, "took_ms": took, "results": [
                {"rank": h.rank, "score": round(h.score, 4), "doc_id": h.passage.doc_id,
                 "passage_id": h.passage.id, "text": h.passage.text} for h in hits]},
                ensure_ascii=False), flush=True)
        else:
            print(f"# {query}  ({took} ms)")
            for h in hits:
                print(f"{h.rank:>2}. {h.score:.3f}  {h.passage.id}\n    {h.passage.text}")
            print(flush=True)
    return 0


def cmd_ask(args, config) -> int:
    engine = _engine(config)
    topics = Topics(engine)
    for query in _queries(args.query):
        answer = engine.answer(query)
        # A refusal or small talk names what the bot knows (made once, with a few answers).
        topic = None if answer.answered else topics.get()
        shown = plain.render(answer, topic)
        if args.json:
            print(json.dumps({
                "query": query, "answered": answer.answered, "answer": shown,
                "citations": [{"n": c.n, "doc_id": c.doc_id, "passage_id": c.passage_id,
                               "title": c.title, "text": c.text} for c in answer.citations],
                "bold": [q.text[a:b] for q in answer.quotes for a, b in q.marks],
                "took_ms": answer.took_ms}, ensure_ascii=False), flush=True)
        else:
            shown = plain.render(answer, topic, plain.emphasis_for(sys.stdout))
            print(shown + ("\n" if args.query == "-" else ""), flush=True)
    return 0


def cmd_eval(args, config) -> int:
    from retrieval import evaluate

    try:
        items = evaluate.load_items(args.file)
    except (OSError, ValueError) as exc:
        return _fail(f"eventqa eval: {exc}", EXIT_BAD_INPUT)
    engine = _engine(config)
    outcomes = evaluate.run(
        items,
        search=lambda q: [(h.passage.doc_id, h.passage.text) for h in engine.search(q, 20)],
        answer=engine.answer, render=plain.render)
    print(evaluate.report(outcomes))
    return 0


def cmd_chat(args, config) -> int:
    from bot.cli import chat

    print(texts.LOADING, file=sys.stderr)
    return chat.run(_engine(config))


def cmd_serve(args, config) -> int:
    from bot.telegram import serve

    if args.health_port is not None:
        config.bot.health_port = args.health_port
    return serve.run(config, webhook_url=args.webhook_url, listen=args.listen, port=args.port)


def cmd_report(args, config) -> int:
    from bot.staff import logstore, report
    from bot.staff.questionlog import QuestionLogError

    if logstore.kind(config.log) == "sqlite":
        path = logstore.sqlite_path(config.log)
        if not path.is_file():
            print(texts.REPORT_NO_LOG.format(path=path))
            return 0
    questions = logstore.open_log(config.log, read_only=True, busy_timeout_s=5.0)
    try:
        rows = questions.problems(args.days)
    except QuestionLogError as exc:
        return _fail(texts.QLOG_BAD.format(error=exc), EXIT_FAILURE)
    finally:
        questions.close()
    encode = None
    if len({r.question for r in rows}) > 1:
        from retrieval.encoder import EncoderError, encoder_for

        try:
            encode = encoder_for(config.model, config.cache_dir).encode_queries
        except EncoderError as exc:
            print(texts.REPORT_EXACT_ONLY.format(error=exc), file=sys.stderr)
    threshold = args.threshold if args.threshold is not None else config.log.cluster_threshold
    groups = report.group_questions(rows, encode, threshold)
    if args.format == "csv":
        sys.stdout.write(report.render_csv(groups, args.limit))
    else:
        print(report.render_text(groups, args.days, args.limit))
    return 0


def cmd_add(args, config) -> int:
    from bot.staff.corpusedit import CORPUS_SUFFIXES, CorpusEditor, EditError, render_preview

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        return _fail(f"eventqa add: {args.file}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    editor = CorpusEditor(config)
    try:
        if args.file.suffix.lower() in CORPUS_SUFFIXES:
            change = editor.propose_upload(args.file.name, data)
        else:
            change = editor.propose_article(data, args.file.name, title=args.title,
                                            doc_id=args.doc_id, date=args.date, url=args.url)
        preview = render_preview(change, texts.EDIT_PREVIEW_HEADER.format(name=args.file.name),
                                 confirm=None)
        stop = _show_preview(change, preview)
        if stop is not None:
            return stop
        editor.apply(change)
    except EditError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    except OSError as exc:
        return _fail(texts.EDIT_WRITE_FAILED.format(error=exc), EXIT_FAILURE)
    print(texts.ADD_DONE.format(id=change.doc_id or change.file,
                                path=Path(config.corpus) / (change.file or "")))
    return 0


def cmd_rollback(args, config) -> int:
    from bot.staff.corpusedit import CorpusEditor, EditError, render_preview, when

    editor = CorpusEditor(config)
    try:
        change, version = editor.propose_rollback(args.version)
        preview = render_preview(change, texts.EDIT_ROLLBACK_HEADER.format(
            when=when(version.when)), confirm=None)
        stop = _show_preview(change, preview)
        if stop is not None:
            return stop
        if not (args.yes or _confirmed(texts.ROLLBACK_ASK)):
            print(texts.ROLLBACK_NEEDS_YES)
            return 0
        editor.apply(change)
    except EditError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    except OSError as exc:
        return _fail(texts.EDIT_WRITE_FAILED.format(error=exc), EXIT_FAILURE)
    print(texts.ROLLBACK_DONE.format(what=change.label))
    return 0


def _show_preview(change, preview: str) -> int | None:
    """Print a staff edit's preview: the exit code if there is nothing to apply (a broken edit
    fails, an empty one is done), None to go on."""
    if not change.ok:
        return _fail(preview, EXIT_BAD_INPUT)
    print(preview)
    return None if change.documents else 0


def _confirmed(prompt: str) -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        return input(prompt).strip().lower() in ("y", "yes", "и", "иә", "ия", "д", "да")
    except EOFError:
        return False


def cmd_history(args, config) -> int:
    from bot.staff.corpusedit import CorpusEditor, render_history

    print(render_history(CorpusEditor(config).history.versions()))
    return 0


COMMANDS = {
    "index": cmd_index, "check": cmd_check, "search": cmd_search, "ask": cmd_ask,
    "eval": cmd_eval, "chat": cmd_chat, "serve": cmd_serve, "report": cmd_report,
    "bench": lambda args, config: bench.run(args, config),
    "add": cmd_add, "rollback": cmd_rollback, "history": cmd_history,
}

if __name__ == "__main__":
    sys.exit(main())
