"""Merge each addon's .pot into zh_CN.po and derive zh_TW.po from it.

zh_CN.po keeps its translations; new terms arrive untranslated and obsolete
ones go. zh_TW.po is zh_CN converted with OpenCC (s2twp: Taiwan phrasing).
Prints the terms still untranslated; exits 1 when there are any.
"""

import sys
from pathlib import Path

import opencc
import polib

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["crm_customer_info", "crm_credit", "crm_campaigns"]
HEADER = {
    "Project-Id-Version": "Odoo Server 19.0",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "",
    "Plural-Forms": "",
}


# Reviewed Taiwan usage that OpenCC's s2twp phrase table gets wrong here.
KEEP = ["文件"]  # a paper document, not a computer file (檔案)
TW_PHRASES = {
    "營銷": "行銷",
    "響應": "回應",
    "幣種": "幣別",
    "賬": "帳",  # Taiwan writes 帳 in all accounting words (帳號, 帳齡, 過帳)
    "銷燬": "銷毀",
    "質量": "品質",
}


def to_taiwan(converter, text):
    for i, word in enumerate(KEEP):
        text = text.replace(word, chr(0xE000 + i))
    text = converter.convert(text)
    for i, word in enumerate(KEEP):
        # Character by character: no phrase substitution for kept words.
        text = text.replace(chr(0xE000 + i), "".join(converter.convert(ch) for ch in word))
    for wrong, right in TW_PHRASES.items():
        text = text.replace(wrong, right)
    return text


def merge(pot, path, lang):
    old = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(path)} if path.exists() else {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(HEADER, Language=lang)
    for entry in pot:
        entry.msgstr = old.get((entry.msgctxt, entry.msgid), "")
        po.append(entry)
    return po


def main():
    to_tw = opencc.OpenCC("s2twp")
    missing = 0
    for addon in ADDONS:
        i18n = REPO / addon / "i18n"
        pot = polib.pofile(i18n / f"{addon}.pot", wrapwidth=78)
        # No export dates: a re-export without new terms changes nothing.
        pot.metadata = dict(HEADER)
        pot.save(i18n / f"{addon}.pot")
        cn = merge(pot, i18n / "zh_CN.po", "zh_CN")
        cn.save(i18n / "zh_CN.po")
        tw = polib.pofile(i18n / "zh_CN.po")
        tw.metadata["Language"] = "zh_TW"
        for entry in tw:
            entry.msgstr = to_taiwan(to_tw, entry.msgstr) if entry.msgstr else ""
        tw.save(i18n / "zh_TW.po")
        for entry in cn.untranslated_entries():
            missing += 1
            print(f"{addon}: untranslated: {entry.msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
