#!/usr/bin/python3
"""Dev-time: reference CIE LAB values from Debian's python3-skimage (rgb2lab, lab2rgb) for cgml-tasks-image's tests.
Run: /usr/bin/python3 scripts/lab-reference.py  -> cgml-tasks-image/src/test/resources/org/cgml/tasks/image/data/lab.csv
Rows: r,g,b (0..1) and skimage's L,a,b; includes white, black, primaries, greys and seeded random colours."""
import os

import numpy as np
import skimage
from skimage.color import rgb2lab

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cgml-tasks-image", "src", "test", "resources",
                   "org", "cgml", "tasks", "image", "data", "lab.csv")


def main():
    fixed = [[1, 1, 1], [0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0.5, 0.5], [0.02, 0.03, 0.01],
             [0.2, 0.6, 0.9]]
    rng = np.random.default_rng(7)
    rgb = np.vstack([np.array(fixed, dtype=np.float64), rng.random((24, 3))])
    lab = rgb2lab(rgb.reshape(1, -1, 3)).reshape(-1, 3)
    with open(OUT, "w") as f:
        f.write("r,g,b,L,a,b_\n")
        for c, l in zip(rgb, lab):
            f.write(",".join("%.12g" % v for v in list(c) + list(l)) + "\n")
    print("scikit-image", skimage.__version__, "->", OUT)


if __name__ == "__main__":
    main()
