"""Guessing a CSV file's encoding and delimiter, as no one says which ones Excel used."""

import codecs
import csv
import io
from collections import Counter
from itertools import islice

from pocketworld.imports.reading.tables import MEGABYTE, SAMPLE_ROWS

SAMPLE_BYTES = 64 * 1024
# Earlier delimiters win ties: a tab or semicolon is rarely in data by accident.
DELIMITERS = ("\t", ";", ",", "|")
# Bytes Windows-1252 leaves undefined; a file with any of them is Latin-1.
CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# Control bytes never seen in text (tab, line ends, form feed and DOS's end mark are).
CONTROL_BYTES = tuple(bytes([code]) for code in (*range(0, 9), 11, *range(14, 26), *range(27, 32)))


def detect_encoding(data):
    """The encoding: a BOM decides, then the NUL bytes of UTF-16, strict UTF-8, cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = utf16_without_bom(data[: SAMPLE_BYTES & ~1])
    if utf16:
        return utf16
    if is_utf8(data):
        return "utf-8"
    if any(byte in data for byte in CP1252_UNDEFINED):
        return "latin-1"
    return "cp1252"


def utf16_without_bom(sample):
    """ "utf-16-le" or "-be" if NUL bytes fill one byte position of the sample only.

    Text in UTF-16 has a NUL in the high byte of every ASCII character (delimiters, line
    ends, digits), so at least a tenth of one position is NUL and almost none of the other.
    Below 40%, the decoded sample must also break lines: a NUL in every row of a damaged
    UTF-8 file fills one position too.
    """
    half = len(sample) // 2
    if not half:
        return None
    nuls_even, nuls_odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, nuls, other in (
        ("utf-16-le", nuls_odd, nuls_even),
        ("utf-16-be", nuls_even, nuls_odd),
    ):
        if nuls * 10 >= half and other * 100 <= half:
            try:
                text = codecs.getincrementaldecoder(encoding)().decode(sample)
            except UnicodeDecodeError:
                return None
            if nuls * 10 >= half * 4 or "\n" in text or "\r" in text:
                return encoding
    return None


def is_utf8(data):
    """Whether all of `data` is strict UTF-8, checked in slices to keep memory flat."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), MEGABYTE):
            decoder.decode(view[start : start + MEGABYTE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def looks_binary(sample):
    """Whether the sample has control bytes that text never has: more than 2%, and 8.

    A few stray ones (a NUL in a damaged row) are left to the rows they are in.
    """
    controls = sum(sample.count(byte) for byte in CONTROL_BYTES)
    return controls > max(8, len(sample) // 50)


def open_text(data, encoding):
    """A text stream over the bytes, decoded as read; line ends are left as they are."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")


def detect_delimiter(sample, truncated):
    """The delimiter that splits the first rows into the most consistent number of cells.

    Each candidate parses the sample with quotes respected; among those giving two or
    more cells, the one whose commonest cell count covers the most rows wins, then the
    one with more cells. A file no candidate splits has one column; "," is returned.
    """
    best, best_score = ",", None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
        try:
            records = list(islice(reader, SAMPLE_ROWS + 1))
        except csv.Error:
            continue
        if truncated and len(records) > 1 and len(records) <= SAMPLE_ROWS:
            records.pop()
        counts = [len(cells) for cells in records[:SAMPLE_ROWS] if cells]
        if not counts:
            continue
        width, frequency = max(Counter(counts).items(), key=lambda item: (item[1], item[0]))
        score = (frequency / len(counts), width)
        if width > 1 and (best_score is None or score > best_score):
            best, best_score = delimiter, score
    return best
