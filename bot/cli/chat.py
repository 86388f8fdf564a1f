"""`eventqa chat`: a terminal conversation through the same answer path as Telegram."""

from __future__ import annotations

import sys
from typing import TextIO

from bot import plain, texts
from bot.topic import Topics
from retrieval.engine import Engine


def run(engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    interactive = stdin.isatty()
    if interactive:
        import readline  # noqa: F401  (arrow keys and history at the prompt)
    engine.warm_up()  # load the model now, not on the first question
    topics = Topics(engine)
    stdout.write(texts.CHAT_WELCOME.format(topic=topics.get().line) + "\n\n")
    follow_up = None  # the document the last answer quoted: the next question prefers it
    while True:
        if interactive:
            stdout.write(texts.CHAT_PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip() in ("/exit", "/quit"):
            break
        if not line.strip():
            continue
        answer = engine.answer(line.strip(), follow_up)
        follow_up = answer.document or follow_up
        stdout.write(plain.render(answer, topics.get(), plain.emphasis_for(stdout)) + "\n\n")
        stdout.flush()
    stdout.write(texts.CHAT_BYE + "\n")
    return 0
