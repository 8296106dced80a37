#!/usr/bin/env python3
"""Writes an edition of one large chapter, for timing what grows with one chapter:
NOTES footnotes (each called in its own paragraph, its text holding a mention and a
citation) and one paragraph of MENTIONS mentions.

usage: gen-big-chapter.py DIR NOTES MENTIONS
"""
import os
import sys


def main(root, notes, mentions):
    os.makedirs(f"{root}/content/chapters", exist_ok=True)
    os.makedirs(f"{root}/content/registers", exist_ok=True)
    with open(f"{root}/book.toml", "w") as f:
        f.write('[book]\ntitle = "Big chapter"\nlanguage = "ru"\n')
    with open(f"{root}/content/registers/persons.yaml", "w") as f:
        for p in range(100):
            f.write(f"p{p}:\n  name: Лицо {p}\n")
    with open(f"{root}/content/sources.yaml", "w") as f:
        f.write('s0:\n  short: "Источник, 1936"\n')
    with open(f"{root}/content/chapters/01-big.md", "w") as f:
        f.write("---\ntitle: Большая глава\n---\n\n")
        for n in range(notes):
            f.write(f"Абзац {n} [Лицо](person:p{n % 100}) [@s0, с. {n % 500 + 1}].[^{n}]\n\n")
            f.write(f"[^{n}]: Примечание {n}, [лицо](person:p{(n * 7) % 100}) [@s0, с. {n % 300 + 1}].\n\n")
        f.write(" ".join(f"[Лицо](person:p{m % 100})" for m in range(mentions)))
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
