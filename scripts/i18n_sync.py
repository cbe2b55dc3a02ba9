"""Merge each addon's .pot into zh_CN.po and derive zh_TW.po from it.

zh_CN.po keeps its translations; new terms arrive untranslated and obsolete
ones go. zh_TW.po is derived from zh_CN.po and never edited by hand:

1. the reviewed Taiwan glossary scripts/zh_TW_glossary.tsv replaces Simplified
   words before OpenCC (protecting them from its phrase table) and fixes its
   output after it;
2. OpenCC s2twp converts the rest (Traditional characters, Taiwan phrasing);
3. the reviewed per-string overrides of <folder>/zh_TW_overrides.po replace
   whole translations.

The same derivation runs on i18n_extra/ (Odoo's own terms shown on our
screens) when an addon has an i18n_extra/zh_CN.po.

    python scripts/i18n_sync.py            merge the .pot files, then derive zh_TW
    python scripts/i18n_sync.py --tw-only  derive zh_TW only (zh_CN.po untouched)

Prints the terms still untranslated in zh_CN (exits 1 when there are any,
except with --tw-only) and the overrides to review: those whose term is gone
and those whose zh_CN translation changed since they were reviewed.
"""

import argparse
import re
import sys
from pathlib import Path

import opencc
import polib

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["crm_customer_info", "crm_credit", "crm_campaigns"]
FOLDERS = ["i18n", "i18n_extra"]
GLOSSARY = REPO / "scripts" / "zh_TW_glossary.tsv"
OVERRIDES = "zh_TW_overrides.po"
# Overrides record the zh_CN translation they were reviewed against.
REVIEWED_PREFIX = "zh_CN: "
HEADER = {
    "Project-Id-Version": "Odoo Server 19.0",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "",
    "Plural-Forms": "",
}
# Placeholders for the glossary's protected words: Unicode private use area.
PUA_FIRST, PUA_LAST = 0xE000, 0xF8FF
PUA = re.compile(f"[{chr(PUA_FIRST)}-{chr(PUA_LAST)}]")


def load_glossary(path=GLOSSARY):
    """{stage: {from: to}} of the glossary; stages are "cn" and "tw"."""
    stages = {"cn": {}, "tw": {}}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[0] not in stages or not all(fields):
            raise ValueError(f"{path}:{number}: want 'stage<TAB>from<TAB>to<TAB>reason'")
        stage, source, target, _reason = fields
        if source in stages[stage]:
            raise ValueError(f"{path}:{number}: {source!r} is listed twice")
        stages[stage][source] = target
    return stages


def _pattern(words):
    # Longest first: at each position the longest listed word wins.
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


class TaiwanConverter:
    """zh_CN text to zh_TW: glossary, OpenCC s2twp, glossary."""

    def __init__(self, glossary=GLOSSARY):
        self.opencc = opencc.OpenCC("s2twp")
        stages = load_glossary(glossary)
        self.before, self.after = stages["cn"], stages["tw"]
        self.before_re, self.after_re = _pattern(self.before), _pattern(self.after)

    def convert(self, text):
        if PUA.search(text):
            raise ValueError(f"private-use character in {text!r}: cannot protect glossary words")
        kept = []

        def protect(match):
            kept.append(self.before[match.group()])
            if PUA_FIRST + len(kept) - 1 > PUA_LAST:
                raise ValueError(f"too many glossary words in {text!r}")
            return chr(PUA_FIRST + len(kept) - 1)

        text = self.before_re.sub(protect, text)
        text = self.opencc.convert(text)
        text = PUA.sub(lambda m: kept[ord(m.group()) - PUA_FIRST], text)
        return self.after_re.sub(lambda m: self.after[m.group()], text)


def load_overrides(folder):
    path = folder / OVERRIDES
    if not path.exists():
        return {}
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(path) if not e.obsolete}


def derive_tw(converter, folder):
    """The zh_TW.po derived from folder/zh_CN.po, and the overrides to review."""
    cn = polib.pofile(folder / "zh_CN.po")
    tw = polib.pofile(folder / "zh_CN.po")
    tw.metadata["Language"] = "zh_TW"
    source = {(e.msgctxt, e.msgid): e.msgstr for e in cn}
    overrides = load_overrides(folder)
    for entry in tw:
        key = (entry.msgctxt, entry.msgid)
        if key in overrides:
            entry.msgstr = overrides[key].msgstr
        elif entry.msgstr:
            entry.msgstr = converter.convert(entry.msgstr)
    notes = []
    where = (folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder) / OVERRIDES
    for key, override in overrides.items():
        if key not in source:
            notes.append(f"{where}: term gone, drop the override: {key[1]!r}")
        elif override.comment != REVIEWED_PREFIX + source[key]:
            notes.append(
                f"{where}: zh_CN changed since the override was reviewed, "
                f"review it and its '#. {REVIEWED_PREFIX}' line: {key[1]!r}"
            )
    return tw, notes


def translation_folders(addons=ADDONS):
    """Every folder of the addons holding a zh_CN.po."""
    for addon in addons:
        for name in FOLDERS:
            folder = REPO / addon / name
            if (folder / "zh_CN.po").exists():
                yield folder


def merge(pot, path, lang):
    old = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(path)} if path.exists() else {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(HEADER, Language=lang)
    for entry in pot:
        entry.msgstr = old.get((entry.msgctxt, entry.msgid), "")
        po.append(entry)
    return po


def merge_pots():
    """Merge each .pot into its zh_CN.po; returns the untranslated count."""
    missing = 0
    for addon in ADDONS:
        i18n = REPO / addon / "i18n"
        pot = polib.pofile(i18n / f"{addon}.pot", wrapwidth=78)
        # No export dates: a re-export without new terms changes nothing.
        pot.metadata = dict(HEADER)
        pot.save(i18n / f"{addon}.pot")
        cn = merge(pot, i18n / "zh_CN.po", "zh_CN")
        cn.save(i18n / "zh_CN.po")
        for entry in cn.untranslated_entries():
            missing += 1
            print(f"{addon}: untranslated: {entry.msgid!r}")
    return missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tw-only", action="store_true", help="derive zh_TW.po only; leave the .pot and zh_CN.po"
    )
    args = parser.parse_args(argv)
    missing = 0 if args.tw_only else merge_pots()
    converter = TaiwanConverter()
    for folder in translation_folders():
        tw, notes = derive_tw(converter, folder)
        tw.save(folder / "zh_TW.po")
        for note in notes:
            print(note)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
