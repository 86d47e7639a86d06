#!/usr/bin/python3
"""Dev-time: writes the PyTorch-file fixtures of cgml-eval with Debian's python3-torch.

Run with Debian's interpreter (apt-get install python3-torch):  /usr/bin/python3 scripts/torch-fixtures.py
Writes state dicts in the zip format (torch.save default) and the older format
(_use_new_zipfile_serialization=False), with float, double, half and int64 tensors, a transposed (non-contiguous)
view and a shared storage, and expected.txt: one line per tensor, "name shape v0 v1 ...".
"""
import collections
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cgml-eval", "src", "test", "resources", "org",
                   "cgml", "eval", "torch")


def main():
    os.makedirs(OUT, exist_ok=True)
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8 - 0.5
    sd = collections.OrderedDict()
    sd["features.0.weight"] = base
    sd["features.0.bias"] = torch.tensor([0.25, -1.5, 3.0], dtype=torch.float32)
    sd["lin0.model.1.weight"] = torch.linspace(0, 1, 6, dtype=torch.float32).reshape(1, 6, 1, 1)
    sd["transposed"] = base.t()
    sd["slice"] = base[1]
    sd["double"] = torch.tensor([1.0 / 3, -2.5], dtype=torch.float64)
    sd["half"] = torch.tensor([0.5, -1.25, 65504.0], dtype=torch.float16)
    sd["bn.num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)
    torch.save(sd, os.path.join(OUT, "state-zip.pth"))
    torch.save(sd, os.path.join(OUT, "state-legacy.pth"), _use_new_zipfile_serialization=False)
    with open(os.path.join(OUT, "expected.txt"), "w") as f:
        for k, v in sd.items():
            flat = v.detach().double().reshape(-1).tolist()
            f.write("%s %s %s\n" % (k, "x".join(str(d) for d in v.shape) or "scalar", " ".join(repr(x) for x in flat)))
    print("torch", torch.__version__, "->", OUT)


if __name__ == "__main__":
    main()
