"""The bundled PP-OCR models, rewritten for the CPU without changing what they compute.

Decides how the ONNX graphs the engine runs differ from the ones in the wheel. The PP-OCRv4
networks (PPLCNetV3) were exported with every "learnable affine block" (a scalar scale and
shift) and every hard-swish spelt out as separate element-wise nodes: after each convolution
`Mul, Add` (the affine), `Add, Clip, Mul, Div` (hard-swish), `Mul, Add` (the next affine) — eight
passes over the feature map for one convolution, and onnxruntime fuses none of them. In a
network made of depthwise and 1×1 convolutions those passes cost more than the convolutions.
Rewritten in memory when the engine loads (never written to disk, nothing downloaded):

- a convolution followed by a scalar scale and shift takes them into its weights and bias;
- hard-swish `x·clip(x+3, 0, 6)/6` becomes `x·HardSigmoid(x)` (α = 1/6, β = 1/2), two nodes;
- a scale s after the hard-swish of a convolution's output y goes into that convolution
  (s·hswish(y) = y'·HardSigmoid(y') with y' = s·y and α = 1/(6s));
- a scalar scale and shift feeding a 1×1 convolution without padding is taken into that
  convolution's weights and bias (with padding the border would change, so it stays).

On a 150-dpi page that is about 40% less recognition time and 20% less detection time.

The results are the same function up to float rounding (`fused` returns the rewritten model;
the tests compare both models' outputs on real crops).
"""
from __future__ import annotations

import numpy as np


def fused(model_path) -> bytes:
    """The model at `model_path`, rewritten as described above, serialised."""
    import onnx

    model = onnx.load(str(model_path))
    _rewrite(model.graph)
    return model.SerializeToString()


def _rewrite(graph) -> None:
    from onnx import helper, numpy_helper

    consts: dict[str, np.ndarray] = {}
    for n in graph.node:
        if n.op_type == "Constant" and len(n.attribute) == 1 and n.attribute[0].name == "value":
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    for t in graph.initializer:
        consts[t.name] = numpy_helper.to_array(t)
    new_inits: dict[str, np.ndarray] = {}

    def scalar(name: str) -> float | None:
        v = consts.get(name)
        return float(v.ravel()[0]) if v is not None and v.size == 1 else None

    def users(nodes) -> dict[str, list]:
        out: dict[str, list] = {}
        for n in nodes:
            for i in n.input:
                out.setdefault(i, []).append(n)
        for o in graph.output:
            out.setdefault(o.name, []).append(None)
        return out

    def affine_after(nodes, name):
        """(mul, add, scale, shift) where `name` feeds only a scalar Mul whose output feeds only a
        scalar Add; else None."""
        use = users(nodes)
        mul = use[name][0] if len(use.get(name, [])) == 1 else None
        if mul is None or mul.op_type != "Mul":
            return None
        s = scalar(mul.input[0] if mul.input[1] == name else mul.input[1])
        if s is None or len(use.get(mul.output[0], [])) != 1:
            return None
        add = use[mul.output[0]][0]
        if add is None or add.op_type != "Add":
            return None
        b = scalar(add.input[1] if add.input[0] == mul.output[0] else add.input[0])
        return None if b is None else (mul, add, s, b)

    def scale_conv(conv, w: np.ndarray, s: float, b: float) -> None:
        """The convolution's output y becomes s·y + b (weights and bias rewritten)."""
        bias = (new_inits.get(conv.input[2], consts.get(conv.input[2])) if len(conv.input) > 2 and conv.input[2]
                else np.zeros(w.shape[0], np.float32))
        x, tag = conv.input[0], f"_f{len(new_inits)}"
        new_inits[conv.output[0] + tag + "w"] = (w * s).astype(np.float32)
        new_inits[conv.output[0] + tag + "b"] = (bias * s + b).astype(np.float32)
        del conv.input[:]
        conv.input.extend([x, conv.output[0] + tag + "w", conv.output[0] + tag + "b"])

    nodes = list(graph.node)
    swishes: list[tuple] = []  # (x, HardSigmoid node, Mul node) of each hard-swish
    # 1. Conv → Mul(s) → Add(b): into the convolution's weights and bias
    for conv in [n for n in nodes if n.op_type == "Conv"]:
        found = affine_after(nodes, conv.output[0])
        if found is None or conv.input[1] not in consts and conv.input[1] not in new_inits:
            continue
        mul, add, s, b = found
        scale_conv(conv, new_inits.get(conv.input[1], consts.get(conv.input[1])), s, b)
        conv.output[0] = add.output[0]
        nodes = [n for n in nodes if n is not mul and n is not add]
    # 2. hard-swish: Add(x, 3) → Clip(0, 6) → Mul(x, ·) → Div(·, 6)  ⇒  Mul(x, HardSigmoid(x))
    use = users(nodes)
    for add in [n for n in nodes if n.op_type == "Add"]:
        x = add.input[0] if scalar(add.input[1]) == 3.0 else add.input[1] if scalar(add.input[0]) == 3.0 else None
        if x is None or len(use.get(add.output[0], [])) != 1:
            continue
        clip = use[add.output[0]][0]
        if clip is None or clip.op_type != "Clip" or len(clip.input) < 3 or scalar(clip.input[1]) != 0.0 \
                or scalar(clip.input[2]) != 6.0 or len(use.get(clip.output[0], [])) != 1:
            continue
        mul = use[clip.output[0]][0]
        if mul is None or mul.op_type != "Mul" or set(mul.input) != {x, clip.output[0]} \
                or len(use.get(mul.output[0], [])) != 1:
            continue
        div = use[mul.output[0]][0]
        if div is None or div.op_type != "Div" or div.input[0] != mul.output[0] or scalar(div.input[1]) != 6.0:
            continue
        hs = helper.make_node("HardSigmoid", [x], [div.output[0] + "_hsig"], alpha=1.0 / 6.0, beta=0.5)
        out = helper.make_node("Mul", [x, hs.output[0]], [div.output[0]])
        at = nodes.index(add)
        nodes = [n for n in nodes if n not in (add, clip, mul, div)]
        nodes[at:at] = [hs, out]
        swishes.append((x, hs, out))
        use = users(nodes)
    # 3. Conv → hard-swish → Mul(s): s·hswish(y) = y'·HardSigmoid(y') with y' = s·y (the convolution
    # scaled) and α = 1/(6s)
    use = users(nodes)
    for x, hs, out in swishes:
        conv = next((n for n in nodes if x in n.output), None)
        if conv is None or conv.op_type != "Conv" or {id(n) for n in use.get(x, [])} != {id(hs), id(out)} \
                or len(use.get(out.output[0], [])) != 1:
            continue
        mul = use[out.output[0]][0]
        if mul is None or mul.op_type != "Mul":
            continue
        k = scalar(mul.input[0] if mul.input[1] == out.output[0] else mul.input[1])
        w = new_inits.get(conv.input[1], consts.get(conv.input[1]))
        if not k or w is None:
            continue
        scale_conv(conv, w, k, 0.0)
        del hs.attribute[:]
        hs.attribute.extend([helper.make_attribute("alpha", 1.0 / (6.0 * k)), helper.make_attribute("beta", 0.5)])
        out.output[0] = mul.output[0]
        nodes = [n for n in nodes if n is not mul]
        use = users(nodes)
    # 4. [Mul(s) →] Add(b) → 1×1 Conv without padding: into that convolution
    use = users(nodes)
    for conv in [n for n in nodes if n.op_type == "Conv"]:
        w = new_inits.get(conv.input[1], consts.get(conv.input[1]))
        attrs = {a.name: helper.get_attribute_value(a) for a in conv.attribute}
        if w is None or w.shape[2:] != (1, 1) or any(attrs.get("pads", [0])) or attrs.get("group", 1) != 1 \
                or attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
            continue
        add = next((n for n in nodes if conv.input[0] in n.output), None)
        if add is None or add.op_type != "Add" or len(use.get(add.output[0], [])) != 1:
            continue
        x = add.input[0] if scalar(add.input[1]) is not None else add.input[1]
        b = scalar(add.input[1] if x == add.input[0] else add.input[0])
        if b is None:
            continue
        gone, s = [add], 1.0
        mul = next((n for n in nodes if x in n.output), None)
        if mul is not None and mul.op_type == "Mul" and len(use.get(mul.output[0], [])) == 1:
            k, y = scalar(mul.input[0]), mul.input[1]
            if k is None:
                k, y = scalar(mul.input[1]), mul.input[0]
            if k is not None:
                gone, s, x = [add, mul], k, y
        bias = (new_inits.get(conv.input[2], consts.get(conv.input[2])) if len(conv.input) > 2 and conv.input[2]
                else np.zeros(w.shape[0], np.float32))
        wn, bn = conv.output[0] + "_iw", conv.output[0] + "_ib"
        new_inits[wn] = (w * s).astype(np.float32)
        new_inits[bn] = (bias + b * w.sum(axis=(1, 2, 3))).astype(np.float32)
        del conv.input[:]
        conv.input.extend([x, wn, bn])
        nodes = [n for n in nodes if all(n is not g for g in gone)]
        use = users(nodes)
    use = users(nodes)
    graph.initializer.extend(numpy_helper.from_array(v, k) for k, v in new_inits.items() if k in use)
    nodes = [n for n in nodes if n.op_type != "Constant" or n.output[0] in use]  # weights now folded
    del graph.node[:]
    graph.node.extend(nodes)
