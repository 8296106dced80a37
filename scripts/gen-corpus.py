#!/usr/bin/env python3
"""Writes a synthetic edition for benchmarks: N chapters of about 1,000 words each,
with mentions, citations, notes and speech turns drawn from registers that grow with N.

usage: gen-corpus.py DIR CHAPTERS
The output is deterministic (a fixed seed), so runs can be compared.
"""
import os
import random
import sys

WORDS = ("советской промышленности стахановского движения инженеров техников "
         "рабочих заводов трестов плана качества продукции производства норм").split()


def main(root, chapters):
    rng = random.Random(1936)
    persons = max(20, chapters // 5)
    enterprises = max(10, chapters // 10)
    sources = max(5, chapters // 50)
    os.makedirs(f"{root}/content/chapters", exist_ok=True)
    os.makedirs(f"{root}/content/registers", exist_ok=True)
    with open(f"{root}/book.toml", "w") as f:
        f.write('[book]\ntitle = "Synthetic"\nlanguage = "ru"\n')
    write_register(f"{root}/content/registers/persons.yaml", "p", persons, "Лицо")
    write_register(f"{root}/content/registers/enterprises.yaml", "e", enterprises, "Завод")
    with open(f"{root}/content/registers/themes.yaml", "w") as f:
        f.write("t0:\n  name: Тема\n")
    with open(f"{root}/content/sources.yaml", "w") as f:
        for s in range(sources):
            f.write(f's{s}:\n  short: "Источник {s}, 1936"\n')
    for c in range(chapters):
        with open(f"{root}/content/chapters/{c:05}-chapter-{c}.md", "w") as f:
            f.write(f"---\ntitle: Глава {c}\nthemes: [t0]\n---\n\n")
            for n in range(8):
                f.write(paragraph(rng, persons, enterprises, sources, n))
                f.write(f"[^{n}]\n\n[^{n}]: Примечание {n}, [{rng.choice(WORDS)}](person:p{rng.randrange(persons)}).\n\n")


def write_register(path, prefix, count, name):
    with open(path, "w") as f:
        for i in range(count):
            f.write(f"{prefix}{i}:\n  name: {name} {i:05}\n  description: Описание {i}.\n")


def paragraph(rng, persons, enterprises, sources, n):
    words = []
    for _ in range(120):
        r = rng.random()
        if r < 0.03:
            words.append(f"[{rng.choice(WORDS)}](person:p{rng.randrange(persons)})")
        elif r < 0.05:
            words.append(f"[{rng.choice(WORDS)}](enterprise:e{rng.randrange(enterprises)})")
        elif r < 0.06:
            words.append(f"[@s{rng.randrange(sources)}, с. {rng.randrange(1, 500)}]")
        else:
            words.append(rng.choice(WORDS))
    lead = f"**[](person:p{rng.randrange(persons)}):** " if n == 0 else ""
    return lead + " ".join(words) + "."


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
