"""Every addon ships a current .pot and complete zh_CN and zh_TW files.

zh_TW.po is what scripts/i18n_sync.py derives from zh_CN.po, and uses no
Mainland or OpenCC-mangled wording a Taiwan reader would stumble on. These two
checks need no database.
"""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["crm_customer_info", "crm_credit", "crm_campaigns"]

# Wrong or unnatural in Taiwan, with what Taiwan writes. Fix them in
# scripts/zh_TW_glossary.tsv or <folder>/zh_TW_overrides.po, never in zh_TW.po.
BANNED_TW = {
    "型別": "類型 (型別 is a programming type)",
    "程式碼": "代碼 or 編號 (business codes, not program code)",
    "運算元": "數量 (OpenCC split 操作數+量)",
    "物件": "對象 (OpenCC's programming 'object')",
    "許可權": "權限",
    "覆核": "複核 (OpenCC split 加上+複核)",
    "影象": "影像",
    "併購": "並購買 (OpenCC read 并购)",
    "併發": "並發起 (OpenCC read 并发)",
    "併為": "並為",
    "銷燬": "銷毀",
    "審批": "核准",
    "投訴": "客訴 or 申訴",
    "渠道": "通路 or 管道",
    "個人資訊": "個人資料",
    "身份": "身分 (身分證)",
    "開票": "開立發票",
    "開具": "開立",
    "合同": "合約",
    "門戶": "入口網站",
    "只讀": "唯讀",
    "跟蹤": "追蹤",
    "質量": "品質",
    "訪問": "拜訪 (a visit) or 存取 (access)",
    "營銷": "行銷",
    "響應": "回應",
    "幣種": "幣別",
    "貨幣": "幣別",
    "賬": "帳",
    "當前": "目前",
    "配置": "設定",
    "反饋": "回饋",
    "模板": "範本",
    "嚮導": "精靈",
    "伙伴": "夥伴",
    "閾值": "門檻",
    "簽字": "簽名",
    "郵編": "郵遞區號",
    "錄入": "輸入",
    "轉化": "轉換",
    "觸達": "觸及",
    "復購": "回購",
    "貸項通知單": "折讓單",
    "計劃": "計畫",
    "其它": "其他",
    "水平": "水準 (a level; 水平 is horizontal)",
    "默認": "預設",
    "信息": "資訊 or 訊息",
    "視頻": "影片 or 視訊",
    "文檔": "檔案 or 文件",
    "\u201c": "「 (Taiwan quotation marks)",
    "\u201d": "」",
    "\u2018": "『",
    "\u2019": "』",
}


def _i18n_sync():
    spec = importlib.util.spec_from_file_location("i18n_sync", REPO / "scripts" / "i18n_sync.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tw_folders():
    return [
        folder.relative_to(REPO)
        for addon in ADDONS
        for folder in (REPO / addon / "i18n", REPO / addon / "i18n_extra")
        if (folder / "zh_CN.po").exists() or (folder / "zh_TW.po").exists()
    ]


def _terms(po):
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


@pytest.mark.parametrize("addon", ADDONS)
def test_pot_is_current(addon, tmp_path):
    """The committed .pot holds exactly the terms the installed addon has."""
    out = tmp_path / f"{addon}.pot"
    odoo = os.path.join(os.path.dirname(sys.executable), "odoo")
    subprocess.run(
        [
            odoo,
            "i18n",
            "export",
            "-c",
            os.environ["CRM_ODOO_CONF"],
            "-d",
            os.environ["CRM_TEST_DB"],
            "-o",
            str(out),
            addon,
        ],
        check=True,
        capture_output=True,
    )
    committed = polib.pofile(REPO / addon / "i18n" / f"{addon}.pot")
    current = polib.pofile(out)
    missing = _terms(current) - _terms(committed)
    stale = _terms(committed) - _terms(current)
    assert not missing and not stale, (
        f"run 'make i18n': missing {sorted(missing)[:5]}, stale {sorted(stale)[:5]}"
    )


@pytest.mark.parametrize("addon", ADDONS)
@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_translations_complete(addon, lang):
    pot = polib.pofile(REPO / addon / "i18n" / f"{addon}.pot")
    po = polib.pofile(REPO / addon / "i18n" / f"{lang}.po")
    translated = {(e.msgctxt, e.msgid) for e in po.translated_entries()}
    untranslated = _terms(pot) - translated
    assert not untranslated, f"{addon} {lang}: {sorted(untranslated)[:10]}"
    assert po.metadata.get("Language") == lang


@pytest.mark.parametrize("folder", _tw_folders(), ids=str)
def test_zh_tw_is_derived_from_zh_cn(folder, tmp_path):
    """zh_TW.po is exactly what i18n_sync derives from zh_CN.po: a fix made in
    zh_TW.po by hand would be lost at the next 'make i18n'."""
    assert (REPO / folder / "zh_CN.po").exists(), (
        f"{folder}/zh_TW.po has no zh_CN.po to be derived from: translate zh_CN.po"
    )
    sync = _i18n_sync()
    derived, notes = sync.derive_tw(sync.TaiwanConverter(), REPO / folder)
    derived.save(tmp_path / "zh_TW.po")
    committed = (REPO / folder / "zh_TW.po").read_text(encoding="utf-8")
    assert committed == (tmp_path / "zh_TW.po").read_text(encoding="utf-8"), (
        f"{folder}/zh_TW.po is not derived from zh_CN.po: run "
        "'python scripts/i18n_sync.py --tw-only' (and put Taiwan fixes in "
        f"scripts/zh_TW_glossary.tsv or {folder}/zh_TW_overrides.po). {notes}"
    )


@pytest.mark.parametrize("folder", _tw_folders(), ids=str)
def test_zh_tw_uses_taiwan_wording(folder):
    found = [
        f"{term!r} (Taiwan: {right}) in {entry.msgid[:60]!r}: {entry.msgstr[:60]!r}"
        for entry in polib.pofile(REPO / folder / "zh_TW.po")
        for term, right in BANNED_TW.items()
        if term in entry.msgstr
    ]
    assert not found, f"{folder}/zh_TW.po:\n" + "\n".join(found)


CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
# A line break of the XML source kept inside a Chinese sentence reads as a stray
# space on screen (HTML collapses it to one blank).
SOURCE_WRAP = re.compile(f"{CJK}\\s*\\n\\s+{CJK}")


@pytest.mark.parametrize("addon", ADDONS)
@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_no_source_line_breaks_inside_chinese(addon, lang):
    po = polib.pofile(REPO / addon / "i18n" / f"{lang}.po")
    wrapped = [
        entry.msgid[:60]
        for entry in po
        if SOURCE_WRAP.search(entry.msgstr)
        and not all(ref.startswith("code:") for ref, _line in entry.occurrences)
    ]
    assert not wrapped, f"{addon} {lang}: line breaks inside Chinese text: {wrapped[:5]}"


@pytest.mark.parametrize("addon", ADDONS)
def test_screens_cite_no_requirement_documents(addon):
    """The requirement documents are not part of the product: no label cites them."""
    po = polib.pofile(REPO / addon / "i18n" / "zh_CN.po")
    cited = [e.msgid[:60] for e in po if re.search(r"(?i)\bseed \d", e.msgid) or "种子" in e.msgstr]
    assert not cited, f"{addon}: {cited[:5]}"


# Reviewed zh_CN terms that an earlier, shared translation got wrong.
ZH_CN_TERMS = {
    ("crm_credit", "Character"): "品格",
    ("crm_credit", "Current Due Date"): "当前到期日",
    ("crm_customer_info", "Archive"): "档案",
    ("crm_customer_info", "Relationship Network"): "人脉关系",
    ("crm_customer_info", "Review Outcome"): "复核结果",
    ("crm_customer_info", "Graduation"): "毕（肄）业情况",  # noqa: RUF001
    ("crm_customer_info", "Visit Purpose"): "访问目的",
    ("crm_customer_info", "Borrowing Purpose"): "借阅用途",
    ("crm_customer_info", "Complaint Closed On"): "结案日期",
    ("crm_customer_info", "State"): "省/州",
    ("crm_campaigns", "Dated per Year"): "逐年指定日期",
}


@pytest.mark.parametrize(("addon", "msgid"), sorted(ZH_CN_TERMS))
def test_zh_cn_reviewed_terms(addon, msgid):
    po = {e.msgid: e for e in polib.pofile(REPO / addon / "i18n" / "zh_CN.po")}
    assert msgid in po, f"{addon}: {msgid!r} is no longer a source string"
    assert po[msgid].occurrences, f"{addon}: {msgid!r} is used nowhere"
    assert po[msgid].msgstr == ZH_CN_TERMS[addon, msgid]
