#!/usr/bin/python3
"""Dev-time: reference LPIPS v0.1 values for cgml-eval's arithmetic test, computed with Debian's python3-torch.

Run with Debian's interpreter:  /usr/bin/python3 scripts/lpips-reference.py
The three backbones are built here with torchvision's layer layout (same state-dict names), their weights and the
LPIPS linear layers set by a formula that the Java test reproduces (no large weight files are committed):
  h = (i * 2654435761 + 97 * s) mod 2^32, u = h / 2^32 - 0.5, value[i] = 2 sqrt(3) scale u (uniform, std scale),
  i the flat index in PyTorch's layout, s = (sum of the name's characters) % 97; scale = sqrt(2 / fan_in) for
  convolution weights, 0.05 for biases; linear layers 0.05 + 0.05 * u (positive).
With --write-weights DIR REF PRED ..., it also saves those weights as the real files and prints LPIPS of PNG pairs.
LPIPS as the lpips package computes it (version 0.1): scaling layer, unit-normalised channels, squared difference,
1x1 linear layer, spatial mean, sum over layers. Inputs are two 64x64 images in [-1, 1] given by a formula.
"""
import math
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cgml-eval", "src", "test", "resources", "org",
                   "cgml", "eval", "lpips", "expected.csv")


class Fire(nn.Module):
    def __init__(self, inplanes, squeeze, e1, e3):
        super().__init__()
        self.squeeze = nn.Conv2d(inplanes, squeeze, 1)
        self.expand1x1 = nn.Conv2d(squeeze, e1, 1)
        self.expand3x3 = nn.Conv2d(squeeze, e3, 3, padding=1)

    def forward(self, x):
        x = torch.relu(self.squeeze(x))
        return torch.cat([torch.relu(self.expand1x1(x)), torch.relu(self.expand3x3(x))], 1)


def alex():
    f = nn.Sequential(nn.Conv2d(3, 64, 11, 4, 2), nn.ReLU(), nn.MaxPool2d(3, 2), nn.Conv2d(64, 192, 5, padding=2),
                      nn.ReLU(), nn.MaxPool2d(3, 2), nn.Conv2d(192, 384, 3, padding=1), nn.ReLU(),
                      nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(), nn.Conv2d(256, 256, 3, padding=1), nn.ReLU())
    return f, [2, 5, 8, 10, 12], [64, 192, 384, 256, 256]


def vgg():
    layers, c = [], 3
    for v in [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512]:
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU()]
            c = v
    return nn.Sequential(*layers), [4, 9, 16, 23, 30], [64, 128, 256, 512, 512]


def squeeze():
    f = nn.Sequential(nn.Conv2d(3, 64, 3, 2), nn.ReLU(), nn.MaxPool2d(3, 2, ceil_mode=True), Fire(64, 16, 64, 64),
                      Fire(128, 16, 64, 64), nn.MaxPool2d(3, 2, ceil_mode=True), Fire(128, 32, 128, 128),
                      Fire(256, 32, 128, 128), nn.MaxPool2d(3, 2, ceil_mode=True), Fire(256, 48, 192, 192),
                      Fire(384, 48, 192, 192), Fire(384, 64, 256, 256), Fire(512, 64, 256, 256))
    return f, [2, 5, 8, 10, 11, 12, 13], [64, 128, 256, 384, 384, 512, 512]


def uniform(name, shape):
    s = sum(ord(ch) for ch in name) % 97
    n = 1
    for d in shape:
        n *= d
    i = torch.arange(n, dtype=torch.int64)
    h = (i * 2654435761 + 97 * s) % (2 ** 32)
    return (h.double() / 2 ** 32 - 0.5).reshape(shape)


def formula(name, shape, scale):
    return (2 * math.sqrt(3) * scale * uniform(name, shape)).float()


def set_weights(features):
    for name, p in features.state_dict().items():
        full = "features." + name
        if name.endswith("weight"):
            fan_in = p.shape[1] * p.shape[2] * p.shape[3]
            p.copy_(formula(full, p.shape, math.sqrt(2.0 / fan_in)))
        else:
            p.copy_(formula(full, p.shape, 0.05))


def images():
    y, x = torch.meshgrid(torch.arange(64, dtype=torch.float64), torch.arange(64, dtype=torch.float64), indexing="ij")
    a = torch.stack([torch.sin(0.3 * x + 0.2 * y + c) for c in range(3)])
    b = torch.stack([0.5 * torch.sin(0.3 * x + 0.2 * y + c) + 0.5 * torch.cos(0.25 * x - 0.3 * y + 2 * c)
                     for c in range(3)])
    return a.float().unsqueeze(0), b.float().unsqueeze(0)


def lpips(features, taps, chns, a, b):
    shift = torch.tensor([-.030, -.088, -.188]).view(1, 3, 1, 1)
    scale = torch.tensor([.458, .448, .450]).view(1, 3, 1, 1)
    outs = []
    for img in (a, b):
        h, feats, start = (img - shift) / scale, [], 0
        for t in taps:
            for k in range(start, t):
                h = features[k](h)
            feats.append(h)
            start = t
        outs.append(feats)
    total, per_layer = 0.0, []
    for k, c in enumerate(chns):
        f0, f1 = [o[k] / (torch.sqrt(torch.sum(o[k] ** 2, dim=1, keepdim=True)) + 1e-10) for o in outs]
        w = (0.05 + 0.05 * uniform("lin%d.model.1.weight" % k, (1, c, 1, 1))).float()
        v = torch.nn.functional.conv2d((f0 - f1) ** 2, w).mean(dim=[2, 3], keepdim=True)
        per_layer.append(v.item())
        total += v.item()
    return total, per_layer


def write_weights(out_dir, pairs):
    """Saves the formula weights as the real files (torchvision state dict in the zip format, LPIPS linear layers in
    the older format) and prints LPIPS of each (ref, pred) PNG pair, to check cgml eval end to end."""
    import numpy as np
    from PIL import Image
    os.makedirs(out_dir, exist_ok=True)
    files = {"alex": "alexnet-owt-7be5be79.pth", "vgg": "vgg16-397923af.pth", "squeeze": "squeezenet1_1-b8a52dc0.pth"}
    with torch.no_grad():
        for name, build in (("alex", alex), ("vgg", vgg), ("squeeze", squeeze)):
            features, taps, chns = build()
            features.eval()
            set_weights(features)
            sd = {"features." + k: v for k, v in features.state_dict().items()}
            torch.save(sd, os.path.join(out_dir, files[name]))
            lin = {"lin%d.model.1.weight" % k: (0.05 + 0.05 * uniform("lin%d.model.1.weight" % k, (1, c, 1, 1))).float()
                   for k, c in enumerate(chns)}
            torch.save(lin, os.path.join(out_dir, name + ".pth"), _use_new_zipfile_serialization=False)
            for ref, pred in pairs:
                a, b = [torch.from_numpy(np.asarray(Image.open(p).convert("RGB"), dtype=np.float32) / 127.5 - 1)
                        .permute(2, 0, 1).unsqueeze(0) for p in (ref, pred)]
                print("%s %s %.6f" % (name, os.path.basename(ref), lpips(features, taps, chns, a, b)[0]))


def main():
    import sys
    if len(sys.argv) > 2 and sys.argv[1] == "--write-weights":
        files = sys.argv[3:]
        write_weights(sys.argv[2], list(zip(files[0::2], files[1::2])))
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    a, b = images()
    rows = []
    with torch.no_grad():
        for name, build in (("alex", alex), ("vgg", vgg), ("squeeze", squeeze)):
            features, taps, chns = build()
            features.eval()
            set_weights(features)
            total, per_layer = lpips(features, taps, chns, a, b)
            rows.append("%s,%.10g,%s" % (name, total, ";".join("%.10g" % v for v in per_layer)))
            print(rows[-1])
    with open(OUT, "w") as f:
        f.write("backbone,lpips,per_layer\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
