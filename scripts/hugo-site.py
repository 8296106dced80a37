#!/usr/bin/env python3
"""Turns an edition written by gen-corpus.py into a Hugo site of the same content, the
fair comparison of issue 11: one page per chapter (its Markdown with the links made
ordinary links and its footnotes kept), and one taxonomy term page per person,
enterprise and source that lists the chapters naming it.

usage: hugo-site.py EDITION_DIR HUGO_DIR
"""
import os
import re
import sys

LINK = re.compile(r"\[([^\]]*)\]\((person|enterprise):(\w+)\)")
CITATION = re.compile(r"\[@(\w+), ([^\]]*)\]")
TAXONOMIES = {"person": "persons", "enterprise": "enterprises"}

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{{ .Title }} — {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range $taxonomy, $terms := .Site.Taxonomies }}{{ with $.GetTerms $taxonomy }}<p>{{ $taxonomy }}:
{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}{{ end }}
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


def main(edition, out):
    chapters = os.path.join(edition, "content", "chapters")
    os.makedirs(os.path.join(out, "content", "chapters"), exist_ok=True)
    for name, text in LAYOUTS.items():
        path = os.path.join(out, "layouts", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    with open(os.path.join(out, "config.toml"), "w") as f:
        f.write('baseURL = "https://example.org/"\ntitle = "Synthetic"\n'
                'disableKinds = ["RSS", "sitemap"]\n'
                '[taxonomies]\nperson = "persons"\nenterprise = "enterprises"\nsource = "sources"\n')
    for name in sorted(os.listdir(chapters)):
        with open(os.path.join(chapters, name)) as f:
            text = f.read()
        _, front, body = text.split("---\n", 2)
        title = front.splitlines()[0].split(": ", 1)[1]
        terms = {"persons": set(), "enterprises": set(), "sources": set()}
        for _, kind, ident in LINK.findall(body):
            terms[TAXONOMIES[kind]].add(ident)
        for key, _ in CITATION.findall(body):
            terms["sources"].add(key)
        body = LINK.sub(lambda m: f"[{m[1] or m[3]}](/{TAXONOMIES[m[2]]}/{m[3]}/)", body)
        body = CITATION.sub(lambda m: f"[{m[1]}, {m[2]}](/sources/{m[1]}/)", body)
        with open(os.path.join(out, "content", "chapters", name), "w") as f:
            f.write(f'---\ntitle: "{title}"\n')
            for taxonomy, ids in terms.items():
                f.write(f"{taxonomy}: [{', '.join(sorted(ids))}]\n")
            f.write(f"---\n{body}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
