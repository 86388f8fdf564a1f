"""Earlier versions of the corpus: before each applied change its files are copied here.

    history_dir/<stamp>/meta.json   {"when": unix time, "what": what replaced this version}
    history_dir/<stamp>/<file>.yaml the corpus files as they were

A version is written into a hidden temporary folder and renamed into place, so a crash leaves no
half version. Only the newest `keep` versions stay.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus import corpus_files

log = logging.getLogger(__name__)
META = "meta.json"


@dataclass(frozen=True)
class Version:
    path: Path
    when: float
    what: str

    @property
    def files(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in corpus_files(self.path)}


class History:
    def __init__(self, folder: Path, keep: int) -> None:
        self.folder = Path(folder)
        self.keep = max(keep, 1)

    def versions(self) -> list[Version]:
        """Newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            if path.name.startswith(".") or not (path / META).is_file():
                continue
            try:
                meta = json.loads((path / META).read_text(encoding="utf-8"))
                found.append(Version(path, float(meta["when"]), str(meta["what"])))
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("corpus history: %s is unreadable; skipped", path)
        return sorted(found, key=lambda v: (v.when, v.path.name), reverse=True)

    def save(self, files: dict[str, bytes], what: str) -> Version:
        """Keep `files` (the corpus before a change) with a line saying what replaced them."""
        self.folder.mkdir(parents=True, exist_ok=True)
        now = time.time()
        micro = int(now * 1e6) % 10**6
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now)) + f"-{micro:06d}"
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
        try:
            for name, data in files.items():
                (staging / name).write_bytes(data)
            (staging / META).write_text(json.dumps({"when": now, "what": what},
                                                   ensure_ascii=False), encoding="utf-8")
            target = self.folder / stamp
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        for old in self.versions()[self.keep:]:
            shutil.rmtree(old.path, ignore_errors=True)
        return Version(target, now, what)
