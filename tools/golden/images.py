#!/usr/bin/python3
"""Golden fixtures for tasknet's image decoders (decodePng, decodeNetpbm) and imageToTensor's resize.

Run with Debian's interpreter (the one that has Pillow and NumPy):

    /usr/bin/python3 tools/golden/images.py

Writes test/fixtures/images/*.png, *.pgm, *.ppm and test/fixtures/images/expected.json, which
test/data-png.test.ts and test/data-image-files.test.ts replay against tasknet.

Two kinds of PNG:
  * written by Pillow's encoder (which picks a row filter per row itself): 8-bit grey, RGB, RGBA, grey + alpha,
    palettes of 2 and 4 bits with and without tRNS, 16-bit grey, 1-bit, and a 64x64 drawing;
  * written by the small encoder below (Pillow cannot write interlaced files nor choose filters): every filter
    type on purpose, Adam7 interlacing (with empty passes), 2/4-bit grey, 16-bit RGB(A), tRNS colour keys,
    zlib levels 0 and 9 and image data split over several IDAT chunks. Each is also read back with Pillow, and
    where Pillow's 8-bit reading means the same as tasknet's (every depth but 16), the pixels must agree.

Expected pixels follow tasknet's rules (src/data/png-decode.ts): samples scaled to 8 bits by round(v*255/maxval),
palette expanded to RGB (RGBA when tRNS is present), a tRNS colour key on grey/RGB adds an alpha channel.

Layout of expected.json:
  images  [{file, writer ('pillow' | 'script'), width, height, channels, hex (the pixels, row-major, channels
           interleaved, as hex) or crc32 + sum (for the larger drawing)}]
  resize  {input: {height, width, data}, cases: [{size: [h, w], data}]}  (Pillow's BILINEAR resize of a
           mode 'F' image: float32 results, which imageToTensor must match to ~1e-4)
"""

import json
import os
import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'images')
RNG = np.random.default_rng(20240611)
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def scale8(v, maxval):
    """round(v * 255 / maxval), exactly, on integers."""
    v = np.asarray(v, dtype=np.int64)
    return ((v * 255 * 2 + maxval) // (2 * maxval)).astype(np.uint8)


# ---------------------------------------------------------------------------------------------------------
# A small PNG encoder: explicit filters, Adam7, any depth, PLTE/tRNS, IDAT split.

def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)


def pack_row(samples, depth):
    """One row of samples (1-D) as bytes: MSB-first for depths below 8, big-endian for 16."""
    if depth == 16:
        return b''.join(struct.pack('>H', int(v)) for v in samples)
    if depth == 8:
        return bytes(int(v) for v in samples)
    out = bytearray((len(samples) * depth + 7) // 8)
    for i, v in enumerate(samples):
        bit = i * depth
        out[bit // 8] |= int(v) << (8 - depth - bit % 8)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(kind, row, prev, bpp):
    out = bytearray(len(row))
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i] if prev is not None else 0
        c = prev[i - bpp] if prev is not None and i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out[i] = (x - pred) & 0xff
    return bytes([kind]) + bytes(out)


def encode_png(pixels, depth, color_type, interlace=False, filters=lambda p, r: r % 5, plte=None, trns=None,
               level=9, idat_size=None):
    """pixels: (H, W, samples) integers of `depth` bits."""
    h, w, s = pixels.shape
    assert s == SAMPLES[color_type]
    bpp = max(1, s * depth // 8)
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for p, (x0, y0, dx, dy) in enumerate(passes):
        sub = pixels[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prev = None
        for r in range(sub.shape[0]):
            row = pack_row(sub[r].reshape(-1), depth)
            raw += filter_row(filters(p, r), row, prev, bpp)
            prev = row
    data = zlib.compress(bytes(raw), level)
    idat_size = idat_size or len(data)
    out = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, color_type, 0, 0, int(interlace)))
    if plte is not None:
        out += chunk(b'PLTE', bytes(np.asarray(plte, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        out += chunk(b'tRNS', trns)
    for i in range(0, len(data), idat_size):
        out += chunk(b'IDAT', data[i:i + idat_size])
    return out + chunk(b'IEND', b'')


# ---------------------------------------------------------------------------------------------------------

images = []


def record(name, writer, expected, big=False):
    h, w, c = expected.shape
    entry = {'file': name, 'writer': writer, 'width': w, 'height': h, 'channels': c}
    data = expected.astype(np.uint8).tobytes()
    if big:
        entry['crc32'] = zlib.crc32(data) & 0xffffffff
        entry['sum'] = int(expected.astype(np.int64).sum())
    else:
        entry['hex'] = data.hex()
    images.append(entry)


def pillow_pixels(path, mode):
    with Image.open(path) as im:
        return np.asarray(im.convert(mode)).reshape(im.height, im.width, -1)


def save_pillow(name, im, expected, mode, big=False, **params):
    path = os.path.join(OUT, name)
    im.save(path, **params)
    got = pillow_pixels(path, mode)
    assert np.array_equal(got, expected), name
    record(name, 'pillow', expected, big)


def save_script(name, png, expected, check_mode=None):
    path = os.path.join(OUT, name)
    with open(path, 'wb') as f:
        f.write(png)
    with Image.open(path) as im:
        im.load()  # Pillow must read it (CRCs, zlib, interlacing)
    if check_mode is not None:
        assert np.array_equal(pillow_pixels(path, check_mode), expected), name
    record(name, 'script', expected)


def smooth(h, w, c, hi=256):
    """Random but smooth-ish values, so that Pillow's filter choice varies from row to row."""
    y, x = np.mgrid[0:h, 0:w]
    base = (x * 37 + y * 23)[..., None] + np.arange(c) * 50
    return ((base + RNG.integers(0, 40, (h, w, c))) % hi).astype(np.int64)


def pillow_fixtures():
    g = smooth(6, 8, 1).astype(np.uint8)
    save_pillow('grey8.png', Image.fromarray(g[..., 0], 'L'), g, 'L')
    rgb = smooth(5, 7, 3).astype(np.uint8)
    save_pillow('rgb8.png', Image.fromarray(rgb, 'RGB'), rgb, 'RGB', compress_level=1)
    rgba = smooth(5, 6, 4).astype(np.uint8)
    save_pillow('rgba8.png', Image.fromarray(rgba, 'RGBA'), rgba, 'RGBA')
    la = smooth(4, 5, 2).astype(np.uint8)
    save_pillow('grey-alpha8.png', Image.fromarray(la, 'LA'), la, 'LA')

    # palettes: 5 colours -> 4 bits, with tRNS for the first 3 entries; 3 colours -> 2 bits, no tRNS
    pal = np.array([[255, 0, 0], [0, 128, 255], [10, 20, 30], [255, 255, 255], [0, 0, 0]], dtype=np.uint8)
    alpha = np.array([0, 128, 200, 255, 255], dtype=np.uint8)
    idx = RNG.integers(0, 5, (4, 6)).astype(np.uint8)
    im = Image.fromarray(idx, 'P')
    im.putpalette(pal.reshape(-1).tolist())
    expected = np.concatenate([pal[idx], alpha[idx][..., None]], axis=2)
    save_pillow('palette4-trns.png', im, expected, 'RGBA', transparency=bytes(alpha[:3]))
    idx = RNG.integers(0, 3, (3, 7)).astype(np.uint8)
    im = Image.fromarray(idx, 'P')
    im.putpalette(pal[:3].reshape(-1).tolist())
    save_pillow('palette2.png', im, pal[idx], 'RGB')

    g16 = np.array([[0, 1, 127, 128, 257], [65535, 65534, 32767, 32768, 1000], [12345, 54321, 40000, 200, 65280],
                    [300, 600, 900, 1200, 1500]], dtype=np.uint16)
    path = os.path.join(OUT, 'grey16.png')
    Image.fromarray(g16, 'I;16').save(path)
    with Image.open(path) as check:
        assert check.mode in ('I', 'I;16') and np.array_equal(np.asarray(check).astype(np.int64), g16), 'grey16'
    record('grey16.png', 'pillow', scale8(g16, 65535)[..., None])

    bits = (RNG.integers(0, 2, (3, 9)) * 255).astype(np.uint8)
    im = Image.fromarray(bits, 'L').convert('1', dither=Image.Dither.NONE)  # fromarray(bool, '1') is unreliable
    save_pillow('bilevel.png', im, bits[..., None], 'L')

    # a larger drawing: a digit-like stroke, dark on white, 64x64, default compression (dynamic Huffman blocks)
    im = Image.new('L', (64, 64), 255)
    d = ImageDraw.Draw(im)
    d.line([(14, 12), (50, 12), (30, 54)], fill=0, width=7)
    d.line([(22, 33), (44, 33)], fill=60, width=4)
    save_pillow('digit64.png', im, np.asarray(im)[..., None], 'L', big=True)


def script_fixtures():
    rgb = smooth(10, 6, 3)
    save_script('filters-rgb8.png', encode_png(rgb, 8, 2), rgb.astype(np.uint8), 'RGB')
    g4 = RNG.integers(0, 16, (5, 7, 1))
    save_script('filters-grey4.png', encode_png(g4, 4, 0), scale8(g4, 15), 'L')

    rgba = smooth(9, 11, 4)
    png = encode_png(rgba, 8, 6, interlace=True, filters=lambda p, r: (p + r) % 5)
    save_script('adam7-rgba8.png', png, rgba.astype(np.uint8), 'RGBA')
    g2 = RNG.integers(0, 4, (2, 3, 1))  # 3x2: passes 2, 3, 4 ... are partly empty
    save_script('adam7-grey2.png', encode_png(g2, 2, 0, interlace=True), scale8(g2, 3), 'L')
    p1 = RNG.integers(0, 2, (10, 10, 1))
    pal = np.array([[20, 40, 60], [250, 200, 150]])
    save_script('adam7-palette1.png', encode_png(p1, 1, 3, interlace=True, plte=pal),
                pal[p1[..., 0]].astype(np.uint8), 'RGB')

    rgb16 = RNG.integers(0, 65536, (5, 5, 3))
    key = rgb16[2, 3].copy()
    rgb16[4, 4] = key
    alpha = np.where((rgb16 == key).all(axis=2), 0, 255)[..., None]
    png = encode_png(rgb16, 16, 2, interlace=True, trns=struct.pack('>HHH', *map(int, key)))
    save_script('adam7-rgb16-trns.png', png, np.concatenate([scale8(rgb16, 65535), alpha], axis=2).astype(np.uint8))
    rgba16 = RNG.integers(0, 65536, (3, 4, 4))
    save_script('rgba16.png', encode_png(rgba16, 16, 6), scale8(rgba16, 65535))
    la16 = RNG.integers(0, 65536, (3, 3, 2))
    save_script('grey-alpha16.png', encode_png(la16, 16, 4, level=6), scale8(la16, 65535))

    g8 = smooth(4, 9, 1)
    g8[1, 2] = g8[3, 5] = 77
    g8[0, 0] = 76
    alpha = np.where(g8 == 77, 0, 255)
    png = encode_png(g8, 8, 0, trns=struct.pack('>H', 77), level=0, idat_size=7)
    save_script('grey8-trns-stored-split.png', png, np.concatenate([g8, alpha], axis=2).astype(np.uint8), 'LA')


def netpbm_fixtures():
    g = smooth(4, 5, 1).astype(np.uint8)
    Image.fromarray(g[..., 0], 'L').save(os.path.join(OUT, 'grey8.pgm'))
    record('grey8.pgm', 'pillow', g)
    rgb = smooth(3, 4, 3).astype(np.uint8)
    Image.fromarray(rgb, 'RGB').save(os.path.join(OUT, 'rgb8.ppm'))
    record('rgb8.ppm', 'pillow', rgb)
    g16 = np.array([[0, 65535, 257], [32768, 1000, 64000]], dtype=np.int32)
    Image.fromarray(g16, 'I').save(os.path.join(OUT, 'grey16.pgm'))
    with open(os.path.join(OUT, 'grey16.pgm'), 'rb') as f:
        assert f.read(2) == b'P5'
    record('grey16.pgm', 'pillow', scale8(g16, 65535)[..., None])


def resize_fixtures():
    h, w = 5, 7
    data = RNG.integers(0, 256, (h, w)).astype(np.float32)
    cases = []
    for size in ([3, 4], [9, 11], [2, 14], [1, 1], [5, 3]):
        out = np.asarray(Image.fromarray(data, 'F').resize((size[1], size[0]), Image.BILINEAR), dtype=np.float32)
        cases.append({'size': size, 'data': [float(repr(v)) for v in out.reshape(-1)]})  # float32's shortest digits
    return {'input': {'height': h, 'width': w, 'data': [int(v) for v in data.reshape(-1)]}, 'cases': cases}


def main():
    os.makedirs(OUT, exist_ok=True)
    pillow_fixtures()
    script_fixtures()
    netpbm_fixtures()
    resize = resize_fixtures()
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:  # one entry a line
        f.write('{"images": [\n' + ',\n'.join(json.dumps(e) for e in images) + '\n],\n')
        f.write('"resize": {"input": ' + json.dumps(resize['input']) + ', "cases": [\n')
        f.write(',\n'.join(json.dumps(c) for c in resize['cases']) + '\n]}}\n')
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f'wrote {len(images)} images and expected.json to {OUT} ({total} bytes in all)')


if __name__ == '__main__':
    main()
