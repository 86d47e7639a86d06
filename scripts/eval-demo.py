#!/usr/bin/python3
"""Dev-time demo data for `cgml eval`: 256x256 crops of the photographs listed by scripts/fetch-data.sh photos
(data/photos.txt, the nature folder of Debian's mate-backgrounds) into data/eval-demo/ref, a JPEG-degraded copy
(quality 15) into data/eval-demo/pred, and a centre hole of 25 % of the area into data/eval-demo/mask.
Run with Debian's interpreter (PIL comes with python3-skimage): /usr/bin/python3 scripts/eval-demo.py"""
import io
import os

from PIL import Image

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "data", "eval-demo")
SIZE = 256


def main():
    with open(os.path.join(ROOT, "data", "photos.txt")) as f:
        photos = [p.strip() for p in f if "/nature/" in p]
    if not photos:
        raise SystemExit("no photographs: run scripts/fetch-data.sh photos first")
    for d in ("ref", "pred", "mask"):
        os.makedirs(os.path.join(OUT, d), exist_ok=True)
    hole = Image.new("L", (SIZE, SIZE), 0)
    hole.paste(255, (SIZE // 4, SIZE // 4, 3 * SIZE // 4, 3 * SIZE // 4))
    n = 0
    for p in photos:
        img = Image.open(p).convert("RGB")
        w, h = img.size
        for k, (fx, fy) in enumerate([(0.3, 0.4), (0.6, 0.5)]):
            x, y = int((w - SIZE) * fx), int((h - SIZE) * fy)
            crop = img.crop((x, y, x + SIZE, y + SIZE))
            name = "%s_%d.png" % (os.path.splitext(os.path.basename(p))[0], k)
            crop.save(os.path.join(OUT, "ref", name))
            buf = io.BytesIO()
            crop.save(buf, format="JPEG", quality=15)
            Image.open(io.BytesIO(buf.getvalue())).convert("RGB").save(os.path.join(OUT, "pred", name))
            hole.save(os.path.join(OUT, "mask", name))
            n += 1
    print("eval-demo: %d pairs in %s" % (n, OUT))


if __name__ == "__main__":
    main()
