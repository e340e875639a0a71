#!/usr/bin/env python3
"""Writes nfc-cases.jsonl: {"input", "nfc"} pairs from Python's unicodedata.normalize("NFC", ...) (seeded)."""
import json
import random
import unicodedata

POOL = (list("aeiouAEIOUnNcCsS ") + ["\u0300", "\u0301", "\u0302", "\u0303", "\u0308", "\u030a", "\u030c", "\u0323",
        "\u0327", "\u0328", "\u0345", "\u0344", "\u0340", "\u0343", "\u0958", "\u0915", "\u093c", "\u1100", "\u1161",
        "\u11a8", "\uac00", "\uac01", "\u212b", "\u2126", "\u1e9b", "\u00c5", "\u00e9", "\u0f73", "\u0f71", "\u0f72",
        "\u05d0", "\u05b7", "\u05bc", "\u0b47", "\u0b3e", "\u0bc6", "\u0bbe", "\u1025", "\u102e", "\U000110a5",
        "\U000110ba", "\U0001d15e", "\U0001d157", "\U0001d165", "\U0002f800", "\u3099", "\u304b", "\u30cf", "\u309a",
        "\U0001f600", "\u4f60"])


def main():
    rng = random.Random(15)
    for _ in range(400):
        text = "".join(rng.choice(POOL) for _ in range(rng.randint(1, 12)))
        print(json.dumps({"input": text, "nfc": unicodedata.normalize("NFC", text)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
