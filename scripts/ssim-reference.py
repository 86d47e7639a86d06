#!/usr/bin/python3
"""Dev-time: writes the SSIM/PSNR fixtures of cgml-eval from real photographs with Debian's python3-skimage.

Run with Debian's interpreter (apt-get install python3-skimage):  /usr/bin/python3 scripts/ssim-reference.py
Writes crops of skimage's bundled photographs (astronaut, coffee, chelsea: colour; camera: grey), a seeded
distorted copy of each (Gaussian blur + noise), a hole mask, and expected.csv with scikit-image's values:
  structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)
  peak_signal_noise_ratio(data_range=255)
  masked SSIM: the mean of the full SSIM map over mask pixels at least 5 pixels from the border (per channel,
  then averaged), which is cgml-eval's definition.
"""
import csv
import os

import numpy as np
import skimage
from scipy import ndimage
from skimage import data, io
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

OUT = os.path.join(os.path.dirname(__file__), "..", "cgml-eval", "src", "test", "resources", "org", "cgml", "eval", "ssim")
SIZE = 96
PAD = 5


def crop(img, y, x):
    return img[y:y + SIZE, x:x + SIZE]


def distort(img, rng):
    f = img.astype(np.float64)
    sigma = (1.0, 1.0, 0) if f.ndim == 3 else 1.0
    f = ndimage.gaussian_filter(f, sigma=sigma) + rng.normal(0, 8, f.shape)
    return np.clip(np.round(f), 0, 255).astype(np.uint8)


def masked(ref, pred, mask):
    channels = ref.shape[2] if ref.ndim == 3 else 1
    vals = []
    for c in range(channels):
        a = ref[..., c] if ref.ndim == 3 else ref
        b = pred[..., c] if pred.ndim == 3 else pred
        _, s = structural_similarity(a.astype(np.float64), b.astype(np.float64), gaussian_weights=True, sigma=1.5,
                                     use_sample_covariance=False, data_range=255, full=True)
        valid = np.zeros_like(mask)
        valid[PAD:-PAD, PAD:-PAD] = True
        vals.append(s[mask & valid].mean())
    return float(np.mean(vals))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261129)
    sources = [("astronaut", data.astronaut(), (60, 160)), ("coffee", data.coffee(), (150, 250)),
               ("chelsea", data.chelsea(), (90, 200)), ("camera", data.camera(), (100, 220))]
    mask = np.zeros((SIZE, SIZE), dtype=bool)
    mask[30:70, 20:60] = True
    io.imsave(os.path.join(OUT, "mask.png"), (mask * 255).astype(np.uint8), check_contrast=False)
    rows = []
    for name, img, (y, x) in sources:
        ref = crop(img, y, x)
        pred = distort(ref, rng)
        io.imsave(os.path.join(OUT, name + "_ref.png"), ref, check_contrast=False)
        io.imsave(os.path.join(OUT, name + "_pred.png"), pred, check_contrast=False)
        channel_axis = 2 if ref.ndim == 3 else None
        ssim = structural_similarity(ref.astype(np.float64), pred.astype(np.float64), gaussian_weights=True,
                                     sigma=1.5, use_sample_covariance=False, data_range=255,
                                     channel_axis=channel_axis)
        psnr = peak_signal_noise_ratio(ref, pred, data_range=255)
        rows.append([name, ref.shape[2] if ref.ndim == 3 else 1, "%.10f" % psnr, "%.10f" % ssim,
                     "%.10f" % masked(ref, pred, mask)])
    with open(os.path.join(OUT, "expected.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "channels", "psnr", "ssim", "masked_ssim"])
        w.writerows(rows)
    print("scikit-image", skimage.__version__, "->", OUT)
    for r in rows:
        print(r)


if __name__ == "__main__":
    main()
