"""Every addon ships a current .pot and complete zh_CN and zh_TW files."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
ADDONS = ["crm_customer_info", "crm_credit", "crm_campaigns"]


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
