"""Writes examples/src/main/resources/data/sentiment-labelled-sentences/ from the npm package
`sentiment` 5.0.2, which ships the UCI "Sentiment Labelled Sentences" data set (Kotzias et al.,
KDD 2015) as test fixtures (package/test/fixtures/{amazon,imdb,yelp}.json).

    mkdir -p /tmp/sentiment && cd /tmp/sentiment && npm pack sentiment@5.0.2 && tar xzf sentiment-5.0.2.tgz
    python3 tools/data/sentiment_sentences.py /tmp/sentiment/package

Each JSON file is a list of {"text": ..., "class": 0 or 1} and ends with one {"text": "",
"class": null} entry, which is dropped. Output: one `<sentence>\t<label>` line per entry, in the
package's order, texts unchanged (the data set's own format: `<name>_labelled.txt`).
"""

import hashlib
import json
import pathlib
import sys

SOURCES = {  # file in the package -> (sha256, output name)
    "amazon.json": ("bc5eb0cac49fc45987301f1dc2d02cf5ca356ba6c882be179dce77d74e666ed9",
                    "amazon_cells_labelled.txt"),
    "imdb.json": ("44a7b9082ed732ee2de3c858ea5ee2e99aca34f239a1c4359d3a300bf099bdb5",
                  "imdb_labelled.txt"),
    "yelp.json": ("9f3f47983f21eeb819380767b74bfa648eca208f156241111454b3e122773ff7",
                  "yelp_labelled.txt"),
}

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "examples" / "src" / "main" / "resources" / "data" / "sentiment-labelled-sentences"


def main(package):
    fixtures = pathlib.Path(package) / "test" / "fixtures"
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (sha, out_name) in SOURCES.items():
        raw = (fixtures / name).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == sha, f"{name}: not the file of sentiment 5.0.2"
        entries = json.loads(raw)
        assert entries[-1] == {"text": "", "class": None}, entries[-1]
        entries = entries[:-1]
        lines = []
        for e in entries:
            assert e["class"] in (0, 1), e
            assert not any(c in e["text"] for c in "\t\n\r"), e
            lines.append(f"{e['text']}\t{e['class']}\n")
        (OUT / out_name).write_text("".join(lines), encoding="utf-8", newline="\n")
        positive = sum(e["class"] for e in entries)
        print(f"{out_name}: {len(entries)} sentences, {positive} positive, "
              f"{len(entries) - positive} negative")


if __name__ == "__main__":
    main(sys.argv[1])
