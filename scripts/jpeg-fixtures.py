#!/usr/bin/python3
"""Dev-time: writes the CMYK JPEG fixtures of cgml-eval with Debian's python3-pil.

Run with Debian's interpreter:  /usr/bin/python3 scripts/jpeg-fixtures.py
Reads the committed SSIM fixture coffee_ref.png (a 96 x 96 crop of scikit-image's coffee photograph) and saves it
converted to CMYK (PIL's naive conversion: C = 255 - R, M = 255 - G, Y = 255 - B, K = 0), as Photoshop-style
Adobe JPEGs without an ICC profile, baseline and progressive, at quality 95. A reader that decodes CMYK correctly
gives back the PNG within JPEG's loss (PSNR above 40 dB); the JDK's own reader gives about 13 dB.
"""
import os

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "cgml-eval", "src", "test", "resources", "org", "cgml", "eval")
SOURCE = os.path.join(RESOURCES, "ssim", "coffee_ref.png")
OUT = os.path.join(RESOURCES, "jpeg")

os.makedirs(OUT, exist_ok=True)
rgb = Image.open(SOURCE).convert("RGB")
cmyk = rgb.convert("CMYK")
cmyk.save(os.path.join(OUT, "coffee-cmyk.jpg"), quality=95)
cmyk.save(os.path.join(OUT, "coffee-cmyk-progressive.jpg"), quality=95, progressive=True)
for name in ("coffee-cmyk.jpg", "coffee-cmyk-progressive.jpg"):
    back = Image.open(os.path.join(OUT, name))
    assert back.mode == "CMYK", back.mode
    print(name, os.path.getsize(os.path.join(OUT, name)), "bytes,", back.mode, back.size)
