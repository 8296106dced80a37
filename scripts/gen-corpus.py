#!/usr/bin/env python3
"""Writes a synthetic edition for benchmarks: N chapters of the shape issue 11 measures,
about 1,540 words, 40 mentions, 5 citations and 3 notes per chapter, with registers that
grow with N (persons ≈ N/2, enterprises ≈ N/10, sources ≈ N/50) and Zipf-like
popularity, so that a few entries are mentioned in thousands of chapters, as the
leading figures of a real correspondence are.

usage: gen-corpus.py DIR CHAPTERS
The output is deterministic (a fixed seed), so runs can be compared.
"""
import itertools
import os
import random
import sys

WORDS = ("советской промышленности стахановского движения инженеров техников "
         "рабочих заводов трестов плана качества продукции производства норм").split()
PARAGRAPHS = 11
WORDS_PER_PARAGRAPH = 140
NOTES = 3
# Per word: 30 person mentions, 10 enterprise mentions and 5 citations a chapter.
PERSON, ENTERPRISE, CITATION = 30 / 1540, 10 / 1540, 5 / 1540


def main(root, chapters):
    rng = random.Random(1936)
    persons = max(20, chapters // 2)
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
    pick = {
        "p": zipf(persons),
        "e": zipf(enterprises),
        "s": zipf(sources),
    }
    for c in range(chapters):
        with open(f"{root}/content/chapters/{c:05}-chapter-{c}.md", "w") as f:
            f.write(f"---\ntitle: Глава {c}\nthemes: [t0]\n---\n\n")
            for n in range(PARAGRAPHS):
                f.write(paragraph(rng, pick, n))
                if n < NOTES:
                    person = pick["p"](rng)
                    f.write(f"[^{n}]\n\n[^{n}]: Примечание {n}, "
                            f"[{rng.choice(WORDS)}](person:p{person}).\n\n")
                else:
                    f.write("\n\n")


def zipf(count):
    """A picker of 0..count with the weight of rank k proportional to 1/(k+1)."""
    cumulative = list(itertools.accumulate(1 / (k + 1) for k in range(count)))
    population = range(count)
    return lambda rng: rng.choices(population, cum_weights=cumulative)[0]


def write_register(path, prefix, count, name):
    with open(path, "w") as f:
        for i in range(count):
            f.write(f"{prefix}{i}:\n  name: {name} {i:05}\n  description: Описание {i}.\n")


def paragraph(rng, pick, n):
    words = []
    for _ in range(WORDS_PER_PARAGRAPH):
        r = rng.random()
        if r < PERSON:
            words.append(f"[{rng.choice(WORDS)}](person:p{pick['p'](rng)})")
        elif r < PERSON + ENTERPRISE:
            words.append(f"[{rng.choice(WORDS)}](enterprise:e{pick['e'](rng)})")
        elif r < PERSON + ENTERPRISE + CITATION:
            words.append(f"[@s{pick['s'](rng)}, с. {rng.randrange(1, 500)}]")
        else:
            words.append(rng.choice(WORDS))
    lead = f"**[](person:p{pick['p'](rng)}):** " if n == 0 else ""
    return lead + " ".join(words) + "."


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
