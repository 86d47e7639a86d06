#!/usr/bin/python3
"""Dev-time: reference fixtures of cgml-eval's FID / KID tests, computed with Debian's python3-torch, scipy and numpy.

Run with Debian's interpreter:  /usr/bin/python3 scripts/fid-reference.py
(apt-get install python3-torch python3-torchvision python3-scipy python3-pil)

1. The FID Inception-v3 of pytorch-fid (torchvision's Inception3 with pytorch-fid's FIDInceptionA/C/E_1/E_2 blocks,
   pool3 features of the input resized to 299x299 bilinear and scaled to [-1, 1]) is built here with the module and
   state-dict names of pytorch-fid's pt_inception-2015-12-05-6726825d.pth, with every channel count divided by
   WIDTH (same blocks, kernels, strides, paddings and pooling), random seeded weights and batch-norm statistics.
   Its state dict is saved with torch.save as inception-reduced.pth (a few hundred kB instead of ~95 MB) together
   with two PNG images (one smaller, one larger than 299x299) and their pool3 features (features.csv).
   The module is first checked at full width against torchvision's own Inception3 carrying pytorch-fid's blocks
   (same random weights): the reduced network is the real one with fewer channels.
2. Fixed feature sets (stats-*.csv) and their Frechet distance computed as pytorch-fid's calculate_frechet_distance
   does (scipy.linalg.sqrtm, eps offset when the product is singular) and their unbiased KID as torch-fidelity
   computes it (polynomial kernel (x.y / d + 1)^3, unbiased MMD^2, subsets drawn with numpy's RandomState):
   distances.csv.
With --full-check FILE REF_DIR PRED_DIR, it saves a full-width random network in the layout of pytorch-fid's file
(with its 1008-class fc layer) as FILE and prints FID and KID of the two folders' images computed here with it, to
check `cgml eval --metric fid,kid --inception FILE` end to end (KID: folders of n images each, subsets of n, so every
subset is the whole of both sets and the subsets' draw does not matter).
"""
import os

import numpy as np
import scipy.linalg
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cgml-eval", "src", "test", "resources", "org",
                   "cgml", "eval", "fid")
WIDTH = 32


class BasicConv2d(nn.Module):
    def __init__(self, cin, cout, **kw):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, bias=False, **kw)
        self.bn = nn.BatchNorm2d(cout, eps=0.001)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class A(nn.Module):  # pytorch-fid FIDInceptionA: average pool without the padding in its count
    def __init__(self, cin, pool, c):
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, c(64), kernel_size=1)
        self.branch5x5_1 = BasicConv2d(cin, c(48), kernel_size=1)
        self.branch5x5_2 = BasicConv2d(c(48), c(64), kernel_size=5, padding=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, c(64), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(c(64), c(96), kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(c(96), c(96), kernel_size=3, padding=1)
        self.branch_pool = BasicConv2d(cin, pool, kernel_size=1)
        self.out = c(64) + c(64) + c(96) + pool

    def forward(self, x):
        b1 = self.branch1x1(x)
        b5 = self.branch5x5_2(self.branch5x5_1(x))
        b3 = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        bp = self.branch_pool(F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False))
        return torch.cat([b1, b5, b3, bp], 1)


class B(nn.Module):  # torchvision InceptionB (Mixed_6a)
    def __init__(self, cin, c):
        super().__init__()
        self.branch3x3 = BasicConv2d(cin, c(384), kernel_size=3, stride=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, c(64), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(c(64), c(96), kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(c(96), c(96), kernel_size=3, stride=2)
        self.out = c(384) + c(96) + cin

    def forward(self, x):
        b3 = self.branch3x3(x)
        bd = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        return torch.cat([b3, bd, F.max_pool2d(x, 3, stride=2)], 1)


class C(nn.Module):  # pytorch-fid FIDInceptionC
    def __init__(self, cin, c7, c):
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, c(192), kernel_size=1)
        self.branch7x7_1 = BasicConv2d(cin, c7, kernel_size=1)
        self.branch7x7_2 = BasicConv2d(c7, c7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7_3 = BasicConv2d(c7, c(192), kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = BasicConv2d(cin, c7, kernel_size=1)
        self.branch7x7dbl_2 = BasicConv2d(c7, c7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = BasicConv2d(c7, c7, kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = BasicConv2d(c7, c7, kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = BasicConv2d(c7, c(192), kernel_size=(1, 7), padding=(0, 3))
        self.branch_pool = BasicConv2d(cin, c(192), kernel_size=1)
        self.out = 4 * c(192)

    def forward(self, x):
        b1 = self.branch1x1(x)
        b7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        bd = x
        for k in range(1, 6):
            bd = getattr(self, "branch7x7dbl_%d" % k)(bd)
        bp = self.branch_pool(F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False))
        return torch.cat([b1, b7, bd, bp], 1)


class D(nn.Module):  # torchvision InceptionD (Mixed_7a)
    def __init__(self, cin, c):
        super().__init__()
        self.branch3x3_1 = BasicConv2d(cin, c(192), kernel_size=1)
        self.branch3x3_2 = BasicConv2d(c(192), c(320), kernel_size=3, stride=2)
        self.branch7x7x3_1 = BasicConv2d(cin, c(192), kernel_size=1)
        self.branch7x7x3_2 = BasicConv2d(c(192), c(192), kernel_size=(1, 7), padding=(0, 3))
        self.branch7x7x3_3 = BasicConv2d(c(192), c(192), kernel_size=(7, 1), padding=(3, 0))
        self.branch7x7x3_4 = BasicConv2d(c(192), c(192), kernel_size=3, stride=2)
        self.out = c(320) + c(192) + cin

    def forward(self, x):
        b3 = self.branch3x3_2(self.branch3x3_1(x))
        b7 = self.branch7x7x3_4(self.branch7x7x3_3(self.branch7x7x3_2(self.branch7x7x3_1(x))))
        return torch.cat([b3, b7, F.max_pool2d(x, 3, stride=2)], 1)


class E(nn.Module):  # pytorch-fid FIDInceptionE_1 (average pool) and FIDInceptionE_2 (max pool)
    def __init__(self, cin, c, max_pool):
        super().__init__()
        self.max_pool = max_pool
        self.branch1x1 = BasicConv2d(cin, c(320), kernel_size=1)
        self.branch3x3_1 = BasicConv2d(cin, c(384), kernel_size=1)
        self.branch3x3_2a = BasicConv2d(c(384), c(384), kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3_2b = BasicConv2d(c(384), c(384), kernel_size=(3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = BasicConv2d(cin, c(448), kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(c(448), c(384), kernel_size=3, padding=1)
        self.branch3x3dbl_3a = BasicConv2d(c(384), c(384), kernel_size=(1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = BasicConv2d(c(384), c(384), kernel_size=(3, 1), padding=(1, 0))
        self.branch_pool = BasicConv2d(cin, c(192), kernel_size=1)
        self.out = c(320) + 4 * c(384) + c(192)

    def forward(self, x):
        b1 = self.branch1x1(x)
        b3 = self.branch3x3_1(x)
        b3 = torch.cat([self.branch3x3_2a(b3), self.branch3x3_2b(b3)], 1)
        bd = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        bd = torch.cat([self.branch3x3dbl_3a(bd), self.branch3x3dbl_3b(bd)], 1)
        if self.max_pool:
            p = F.max_pool2d(x, 3, stride=1, padding=1)
        else:
            p = F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)
        return torch.cat([b1, b3, bd, self.branch_pool(p)], 1)


class FidInception(nn.Module):
    """pytorch-fid's fid_inception_v3 without fc, every channel count divided by width (at least 1)."""

    def __init__(self, width=1):
        super().__init__()
        c = lambda n: max(1, n // width)  # noqa: E731
        self.Conv2d_1a_3x3 = BasicConv2d(3, c(32), kernel_size=3, stride=2)
        self.Conv2d_2a_3x3 = BasicConv2d(c(32), c(32), kernel_size=3)
        self.Conv2d_2b_3x3 = BasicConv2d(c(32), c(64), kernel_size=3, padding=1)
        self.Conv2d_3b_1x1 = BasicConv2d(c(64), c(80), kernel_size=1)
        self.Conv2d_4a_3x3 = BasicConv2d(c(80), c(192), kernel_size=3)
        self.Mixed_5b = A(c(192), c(32), c)
        self.Mixed_5c = A(self.Mixed_5b.out, c(64), c)
        self.Mixed_5d = A(self.Mixed_5c.out, c(64), c)
        self.Mixed_6a = B(self.Mixed_5d.out, c)
        self.Mixed_6b = C(self.Mixed_6a.out, c(128), c)
        self.Mixed_6c = C(self.Mixed_6b.out, c(160), c)
        self.Mixed_6d = C(self.Mixed_6c.out, c(160), c)
        self.Mixed_6e = C(self.Mixed_6d.out, c(192), c)
        self.Mixed_7a = D(self.Mixed_6e.out, c)
        self.Mixed_7b = E(self.Mixed_7a.out, c, False)
        self.Mixed_7c = E(self.Mixed_7b.out, c, True)

    def forward(self, x):
        return pool3(self, x)


def pool3(net, x):
    """pytorch-fid's InceptionV3 (resize_input, normalize_input) up to block 3: x in [0, 1], N x 3 x H x W."""
    x = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
    x = 2 * x - 1
    x = net.Conv2d_2b_3x3(net.Conv2d_2a_3x3(net.Conv2d_1a_3x3(x)))
    x = F.max_pool2d(x, kernel_size=3, stride=2)
    x = net.Conv2d_4a_3x3(net.Conv2d_3b_1x1(x))
    x = F.max_pool2d(x, kernel_size=3, stride=2)
    for name in ("Mixed_5b", "Mixed_5c", "Mixed_5d", "Mixed_6a", "Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e",
                 "Mixed_7a", "Mixed_7b", "Mixed_7c"):
        x = getattr(net, name)(x)
    return F.adaptive_avg_pool2d(x, (1, 1)).flatten(1)


def randomize(net, seed):
    """Random convolutions and batch-norm scales and shifts; the batch-norm statistics are those of a batch of random
    images (one forward pass in training mode), so that every layer passes on a signal that depends on the input."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in net.state_dict().items():
            if name.endswith("conv.weight"):
                fan_in = p.shape[1] * p.shape[2] * p.shape[3]
                p.copy_(torch.randn(p.shape, generator=g) * (2.0 / fan_in) ** 0.5)
            elif name.endswith("bn.weight"):
                p.copy_(0.5 + torch.rand(p.shape, generator=g))
            elif name.endswith("bn.bias"):
                p.copy_(0.2 * torch.randn(p.shape, generator=g))
        bns = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
        for m in bns:
            m.reset_running_stats()
            m.momentum = None  # cumulative: after one batch, the batch's mean and (unbiased) variance
        net.train()
        pool3(net, F.avg_pool2d(torch.rand(4, 3, 96, 96, generator=g), 5, stride=1))
        net.eval()
        for m in bns:
            m.momentum = 0.1


def torchvision_fid_inception():
    """torchvision's Inception3 with pytorch-fid's blocks swapped in, as pytorch_fid.inception.fid_inception_v3."""
    from torchvision.models.inception import Inception3
    net = Inception3(num_classes=1008, aux_logits=False, init_weights=False)
    c = lambda n: n  # noqa: E731
    net.Mixed_5b, net.Mixed_5c, net.Mixed_5d = A(192, 32, c), A(256, 64, c), A(288, 64, c)
    net.Mixed_6b, net.Mixed_6c, net.Mixed_6d, net.Mixed_6e = C(768, 128, c), C(768, 160, c), C(768, 160, c), \
        C(768, 192, c)
    net.Mixed_7b, net.Mixed_7c = E(1280, c, False), E(2048, c, True)
    return net


def images():
    """Two RGB images: a smooth colour pattern of 23 x 37 (upsampled to 299 x 299) and 7 x 7 blocks of colour of
    405 x 411 (downsampled)."""
    y, x = np.meshgrid(np.arange(23), np.arange(37), indexing="ij")
    smooth = np.stack([127.5 + 127.5 * np.sin(0.37 * x + 0.21 * y + 1.3 * ch) * np.cos(0.11 * y - 0.07 * x + ch)
                       for ch in range(3)], axis=2)
    y, x = np.meshgrid(np.arange(405), np.arange(411), indexing="ij")
    cell = (y // 7) * 61 + x // 7
    blocks = np.stack([(cell * (2654435761 + 977 * ch) >> 7) % 256 for ch in range(3)], axis=2)
    return [np.clip(np.rint(smooth), 0, 255).astype(np.uint8), blocks.astype(np.uint8)]


def check_full_width():
    torch.manual_seed(0)
    mine, theirs = FidInception(1).eval(), torchvision_fid_inception().eval()
    randomize(mine, 7)
    missing, unexpected = theirs.load_state_dict(mine.state_dict(), strict=False)
    assert set(missing) == {"fc.weight", "fc.bias"} and not unexpected, (missing, unexpected)
    x = torch.rand(2, 3, 64, 80)
    with torch.no_grad():
        a, b = pool3(mine, x), pool3(theirs, x)
    assert a.shape == (2, 2048), a.shape
    err = (a - b).abs().max().item()
    assert err < 1e-5 * a.abs().max().item(), err
    print("full width: 2048-d pool3 equals torchvision's Inception3 with pytorch-fid blocks (max diff %.3g)" % err)


def write_network():
    net = FidInception(WIDTH).eval()
    randomize(net, 2015)
    # the older format (as the 2019 weight file), the more compact one for a fixture
    torch.save(net.state_dict(), os.path.join(OUT, "inception-reduced.pth"), _use_new_zipfile_serialization=False)
    rows = []
    for i, img in enumerate(images()):
        name = "image%d.png" % i
        Image.fromarray(img).save(os.path.join(OUT, name))
        x = torch.from_numpy(np.asarray(Image.open(os.path.join(OUT, name)).convert("RGB"), dtype=np.float32) / 255)
        with torch.no_grad():
            f = pool3(net, x.permute(2, 0, 1).unsqueeze(0))[0].double().numpy()
        assert (f > 0).sum() > len(f) // 4, "features mostly zero"
        rows.append(name + "," + ";".join(repr(v) for v in f.tolist()))
        print(name, img.shape, "->", len(f), "features, mean %.4f, first %s" % (f.mean(), f[:3]))
    with open(os.path.join(OUT, "features.csv"), "w") as out:
        out.write("image,features\n" + "\n".join(rows) + "\n")


def frechet(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """pytorch-fid's calculate_frechet_distance."""
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    offset_used = False
    if not np.isfinite(covmean).all():
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
        offset_used = True
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError("imaginary component %s" % np.max(np.abs(covmean.imag)))
        covmean = covmean.real
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean), offset_used


def fid(x, y):
    return frechet(x.mean(0), np.cov(x, rowvar=False), y.mean(0), np.cov(y, rowvar=False))


def fid_symmetric(x, y):
    """FID with tr sqrt(S1 S2) = tr sqrt(S1^1/2 S2 S1^1/2), from numpy's symmetric eigendecompositions."""
    s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    w, v = np.linalg.eigh(s1)
    r1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    root = np.sqrt(np.clip(np.linalg.eigvalsh(r1 @ s2 @ r1), 0, None)).sum()
    diff = x.mean(0) - y.mean(0)
    return diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * root


def mmd2(fx, fy):
    """torch-fidelity's polynomial_mmd with its defaults (degree 3, gamma 1 / d, coef0 1, unbiased estimator)."""
    d = fx.shape[1]
    k_xx = (fx @ fx.T / d + 1) ** 3
    k_yy = (fy @ fy.T / d + 1) ** 3
    k_xy = (fx @ fy.T / d + 1) ** 3
    m = k_xx.shape[0]
    kt_xx = k_xx.sum() - np.trace(k_xx)
    kt_yy = k_yy.sum() - np.trace(k_yy)
    return (kt_xx + kt_yy) / (m * (m - 1)) - 2 * k_xy.sum() / (m * m)


def mmd2_sizes(fx, fy):
    """The same unbiased estimator for sets of different sizes m and n (Gretton et al. 2012, Eq. 3)."""
    d = fx.shape[1]
    m, n = len(fx), len(fy)
    k_xx = (fx @ fx.T / d + 1) ** 3
    k_yy = (fy @ fy.T / d + 1) ** 3
    k_xy = (fx @ fy.T / d + 1) ** 3
    return ((k_xx.sum() - np.trace(k_xx)) / (m * (m - 1)) + (k_yy.sum() - np.trace(k_yy)) / (n * (n - 1))
            - 2 * k_xy.sum() / (m * n))


def write_distances():
    rng = np.random.RandomState(18)
    mix = rng.randn(8, 8) * 0.4 + np.eye(8)
    sets = {
        "x": rng.randn(50, 8) * 1.5 + 0.3,
        "y": (rng.randn(30, 8) ** 2) @ mix - 0.7,  # skewed, correlated, shifted
        "xs": rng.randn(6, 8),  # fewer rows than dimensions: singular covariance
        "ys": rng.randn(5, 8) * 0.5 + 1,
        "xc": rng.randn(20, 8),  # more rows than dimensions, and still a singular covariance (below)
    }
    sets["xc"][:, 3] = 0.25
    sets["xc"][:, 5] = 2 * sets["xc"][:, 1] - sets["xc"][:, 6]
    for name, v in sets.items():
        np.savetxt(os.path.join(OUT, "stats-%s.csv" % name), v, delimiter=",", fmt="%r")
        sets[name] = np.loadtxt(os.path.join(OUT, "stats-%s.csv" % name), delimiter=",", ndmin=2)
    rows = []
    f, used = fid(sets["x"], sets["y"])
    rows.append("fid,x,y,%r" % f)
    f, used = fid(sets["xs"], sets["ys"])
    rows.append("fid,xs,ys,%r" % f)
    print("singular FID %.6g (pytorch-fid's eps offset used: %s)" % (f, used))
    rows.append("fid,x,x,%r" % fid(sets["x"], sets["x"])[0])
    f, used = fid(sets["xc"], sets["y"])
    rows.append("fid,xc,y,%r" % f)
    print("rank-deficient FID %.6g (eps offset used: %s; eigh route %.6g)" % (f, used, fid_symmetric(sets["xc"], sets["y"])))
    rows.append("mmd2,x,y,%r" % mmd2_sizes(sets["x"], sets["y"]))
    rows.append("mmd2,x30,y,%r" % mmd2(sets["x"][:30], sets["y"]))
    # KID as torch-fidelity draws it: RandomState(seed), per subset rng.choice(n, size, replace=False) for each set
    size, count = 20, 4
    r = np.random.RandomState(2020)
    mmds, picks = [], []
    for _ in range(count):
        ix = r.choice(len(sets["x"]), size, replace=False)
        iy = r.choice(len(sets["y"]), size, replace=False)
        picks.append(" ".join(map(str, ix)) + "|" + " ".join(map(str, iy)))
        mmds.append(mmd2(sets["x"][ix], sets["y"][iy]))
    rows.append("kid_mean,x,y,%r" % np.mean(mmds))
    rows.append("kid_std,x,y,%r" % np.std(mmds))
    with open(os.path.join(OUT, "distances.csv"), "w") as out:
        out.write("metric,a,b,value\n" + "\n".join(rows) + "\n")
    with open(os.path.join(OUT, "kid-subsets.txt"), "w") as out:
        out.write("\n".join(picks) + "\n")
    print("\n".join(rows))


def full_check(file, ref, pred):
    net = FidInception(1).eval()
    randomize(net, 1205)
    sd = net.state_dict()
    g = torch.Generator().manual_seed(1008)
    sd["fc.weight"] = torch.randn(1008, 2048, generator=g) * 0.01
    sd["fc.bias"] = torch.zeros(1008)
    torch.save(sd, file)
    feats = []
    for d in (ref, pred):
        rows = []
        for name in sorted(n for n in os.listdir(d) if n.lower().endswith((".png", ".jpg", ".jpeg"))):
            x = torch.from_numpy(np.asarray(Image.open(os.path.join(d, name)).convert("RGB"), dtype=np.float32) / 255)
            with torch.no_grad():
                rows.append(pool3(net, x.permute(2, 0, 1).unsqueeze(0))[0].double().numpy())
        feats.append(np.stack(rows))
    a, b = feats
    print("features", a.shape, b.shape)
    try:
        print("fid %.6f (pytorch-fid; eps offset used: %s)" % fid(a, b))
    except ValueError as e:  # scipy's sqrtm of a product of singular covariances (fewer images than dimensions)
        print("pytorch-fid's computation fails:", e)
    print("fid %.6f (trace of the root from the eigenvalues of S1^1/2 S2 S1^1/2)" % fid_symmetric(a, b))
    if len(a) == len(b):
        print("kid %.6f" % mmd2(a, b))


def main():
    import sys
    if len(sys.argv) == 5 and sys.argv[1] == "--full-check":
        full_check(*sys.argv[2:])
        return
    os.makedirs(OUT, exist_ok=True)
    try:
        check_full_width()
    except ImportError:
        print("python3-torchvision not installed: full-width check skipped")
    write_network()
    write_distances()
    print("torch", torch.__version__, "->", OUT)


if __name__ == "__main__":
    main()
