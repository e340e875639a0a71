#!/usr/bin/env python3
"""Writes qwen2-extra-cases.jsonl: tokenizer cases beyond shared/testdata, from an independent Python reference.

The reference is what transformers' slow Qwen2Tokenizer does: cut out added tokens, unicodedata NFC, the split
pattern with the `regex` module (code-point semantics), GPT-2 byte alphabet, rank-ordered BPE over merges.txt.
Each line: {"text", "pieces" (pre-tokens after NFC), "ids"}. Deterministic (seeded).
Run: GVM_SHARED=/path/to/shared python3 gen_qwen2_extra_cases.py > qwen2-extra-cases.jsonl
"""
import json
import os
import random
import unicodedata

import regex

SHARED = os.environ.get("GVM_SHARED", os.path.join(os.path.dirname(__file__), "../../../../../shared"))
TOK = os.path.join(SHARED, "data/tokenizers/qwen2")
PATTERN = regex.compile(
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""")
ADDED = {"<|endoftext|>": 151643, "<|im_start|>": 151644, "<|im_end|>": 151645, "<tool_call>": 151657,
         "</tool_call>": 151658, "<|fim_prefix|>": 151659}


def byte_alphabet():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


ALPHABET = byte_alphabet()
VOCAB = json.load(open(os.path.join(TOK, "vocab.json"), encoding="utf-8"))
RANKS = {}
for i, line in enumerate(open(os.path.join(TOK, "merges.txt"), encoding="utf-8").read().split("\n")):
    if line and not line.startswith("#version"):
        a, b = line.split(" ")
        RANKS.setdefault((a, b), i)


def bpe(piece):
    parts = [ALPHABET[b] for b in piece.encode("utf-8")]
    while len(parts) > 1:
        pairs = [(RANKS.get((parts[i], parts[i + 1]), 1 << 30), i) for i in range(len(parts) - 1)]
        rank, i = min(pairs)
        if rank == 1 << 30:
            break
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
    return [VOCAB[p] for p in parts]


def encode(text):
    ids, pieces, pos = [], [], 0
    while pos <= len(text):
        best = None
        for tok in ADDED:
            j = text.find(tok, pos)
            if j >= 0 and (best is None or j < best[0] or (j == best[0] and len(tok) > len(best[1]))):
                best = (j, tok)
        end = best[0] if best else len(text)
        segment = unicodedata.normalize("NFC", text[pos:end])
        for piece in PATTERN.findall(segment):
            pieces.append(piece)
            ids.extend(bpe(piece))
        if not best:
            break
        pieces.append(best[1])
        ids.append(ADDED[best[1]])
        pos = best[0] + len(best[1])
    return pieces, ids


HAND = [
    "'S'LL'Re'VE'M'D'T 'sup 'ſ", "'ſx'ſ", "don't I'M they'RE we've you'll she'd", "'\n'x' 'x", "a\u0301e\u0301 Cafe\u0301 n\u0303",
    "\u1100\u1161\u11a8 \u1100\u1161 \uac00\u11a8", "a\U0001d465b \U0001d465+1 \U0001d7cf\U0001d7d0\U0001d7d1",
    "\U00020000\U00020001 x\U00020000", "  \n  x", "a \u3000b\u2028c\x85d\x1cq", "\r\n\r\n  \r\n\tend", "x\r\r\ny",
    "!!\n\n\n", " !!\r\n", "\t\tHello", "\u00a0\u00a0word", "12345678901234567890", "\u00bd\u00b2\u2460 \u2167x",
    "<|im_start|>system\nHi<|im_end|>\n<|im_start|>assistant\n", "<|im_start|><|im_end|><|endoftext|>",
    "<<|im_end|>>", "<tool_call>{}</tool_call>", "x<|fim_prefix|>y", "$\\frac{1}{2}$ and $x^2+y^2=z^2$.",
    "\\boxed{\\dfrac{3}{4}}", "=" * 40 + "\n" + "-" * 33, "a" * 70, "\u4f60\u597d" * 60, "\U0001f600" * 30,
    "   trailing   ", "\n", "", "\u0300leading mark", "\u212b\u2126 \u1e9b\u0323", "x\u0345\u0301\u0323y",
    "\u0915\u094d\u0937 \u0e01\u0e34\u0e19", "\u05e9\u05c1\u05b8 \u0627\u064f\u0644", "e\u0301\u0302\u0327",
]

POOL = (list("abcxyzABCXYZ0123456789") + list(" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + ["'s", "'LL", "'re"]
        + [" ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u3000", "\x85", "\u2028", "\x0b", "\x0c"]
        + ["\u0301", "\u0308", "\u0323", "\u0327", "e\u0301", "\u1100", "\u1161", "\u11a8", "\uac00"]
        + ["\u00e9", "\u00fc", "\u00df", "\u0131", "\u00bd", "\u00b2", "\u0660", "\u4f60", "\u597d", "\u3042"]
        + ["\U0001d465", "\U0001d7cf", "\U00020000", "\U0001f600", "\U0001f680", "\u200d", "\ufe0f", "\u2260"]
        + ["<|im_end|>", "<|im_start|>", "<|endoftext|>", "<|im_", "|>", "<"])


def main():
    rng = random.Random(20260512)
    texts = list(HAND)
    for _ in range(250):
        texts.append("".join(rng.choice(POOL) for _ in range(rng.randint(1, 24))))
    seen = set()
    for text in texts:
        if text in seen:
            continue
        seen.add(text)
        pieces, ids = encode(text)
        print(json.dumps({"text": text, "pieces": pieces, "ids": ids}, ensure_ascii=False))


if __name__ == "__main__":
    main()
