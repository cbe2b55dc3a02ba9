"""Chinese from end to end: every screen, report and generated message of the
addons, read in zh_CN and in zh_TW, has no English word outside the data.

One test for the three addons (those installed): the languages are loaded
once, with Odoo's own translations of every installed module, since Odoo's
fields, filters and layouts show on our screens too.

Screens are what ``get_views`` gives a user with every group of the addons
(labels, texts, tooltips, and the descriptions, help and choices of the fields
shown), plus menus, actions and the static text of our QWeb templates. In
reports and messages, data is told apart by marking it while it is printed:
what a template prints with t-out or t-field, what is formatted into a
translated text; the rest is the addons' own words.
"""

# ruff: noqa: RUF001 (Chinese texts, with their full-width punctuation)
import re
from collections import defaultdict
from contextlib import contextmanager
from unittest.mock import patch

import polib
from lxml import etree, html
from markupsafe import Markup

from odoo import Command
from odoo.addons.base.models import ir_qweb
from odoo.addons.mail.models import mail_render_mixin
from odoo.orm import environments
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_path, translate
from odoo.tools.safe_eval import safe_eval

ADDONS = ("crm_customer_info", "crm_credit", "crm_campaigns")
LANGS = ("zh_CN", "zh_TW")

# Latin-letter words that stay as they are in Chinese business writing. Kept
# short: anything else in Latin letters on a Chinese screen is a missing
# translation.
ALLOWED = {
    "ABC": "ABC classification (ABC 分类)",
    "RFM": "RFM analysis (RFM 分析): recency, frequency, monetary",
    "VIP": "VIP customer (VIP 客户)",
    "ID": "identifiers (身份证、税务 ID), as Odoo's own zh_CN writes them",
    "KPI": "KPI (关键绩效指标) in management reports",
    "ROI": "ROI (投资回报率) in marketing reports",
    "SWOT": "SWOT analysis (SWOT 分析)",
    "AAA": "credit grades are written in Latin letters (AAA 级)",
    "AB": "blood type AB (AB 型)",
    "GB": "Chinese national standards (GB/T 3304)",
    "cm": "SI unit symbols, written so in Chinese forms (身高（cm）)",
    "kg": "SI unit symbols, written so in Chinese forms (体重（kg）)",
    "UTM": "Odoo's own zh_CN name of its campaign tracking (UTM 营销活动)",
    "PDF": "a file format's name",
    "JSON": "a file format's name (the personal data export)",
    "vCard": "a file format's name",
    "QQ": "the messaging service's name",
    "Odoo": "the software's name",
    "Peppol": "the e-invoicing network's name",
}

# Odoo's own translations that keep Latin words. Our i18n_extra adds what
# Odoo lacks, but an addon installed after the language cannot replace a
# translation Odoo has (only a view text "translated" as itself).
ODOO_KEPT = {
    "zh_CN": {
        "Email地址",  # digest: Email Address
        "发送到该联系人的所有EMail和文件将以这种语言翻译.",  # base: res.partner.lang help
        "关键业绩指标（KPIs）",  # digest
        "想添加您自己的KPIs吗？",  # digest
        "销售变现天数（DSO）",  # account: Days Sales Outstanding
        "Peppol Endpoint",  # account_edi_ubl_cii, "translated" as itself
        "Peppol电子地址（EAS）",  # account_edi_ubl_cii
        "例如：Brandom Freeman",  # base: a person's name as example
        "例如：BE0477472701",  # base: a VAT number as example
        "Scheduled date",  # mass_mailing: the Next Batch icon's label
        "BIS 账单 3.0及其衍生产品使用的唯一标识符，也称为 “端点ID”。",
        "用于识别 BIS 账单 3.0及其衍生产品端点的代码。\n"
        "             列表网址：https://docs.peppol.eu/poacc/billing/3.0/codelist/eas/",
    },
    "zh_TW": {
        "付款二維碼 QR-code",  # account
        "銷售變現天數（DSO）",  # account
        "Peppol電子地址(EAS)",  # account_edi_ubl_cii
        "例如: BE0477472701",  # base
        "BIS 賬單 3.0 及其衍生產品使用的唯一標識符，又稱為「終端點識別碼」。",
        "用於識別 BIS 賬單 3.0 及其衍生產品所使用終端點的代碼。\n"
        "             詳細列表： https://docs.peppol.eu/poacc/billing/3.0/codelist/eas/",
    },
}

# Choices that are data: the installed languages by their own names, the
# registries of the EAS code list by theirs.
DATA_CHOICES = {"res.partner.lang", "res.users.lang", "res.partner.peppol_eas"}

# Not words: placeholders filled in by code, addresses, technical codes.
NOT_WORDS = re.compile(
    r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\{\w*\}"
    r"|https?://\S+|www\.\S+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+"
    r"|(?<![A-Za-z0-9_])[a-z0-9]+(?:_[a-z0-9]+)+(?![A-Za-z0-9_])"
)
WORD = re.compile(r"[A-Za-z]{2,}")

VIEW_TYPES = ("form", "list", "search", "kanban", "pivot", "graph", "calendar", "activity")
# The attributes Odoo translates in views.
TEXT_ATTRS = sorted(attr for attr in translate.TRANSLATED_ATTRS if not attr.startswith("t-attf-"))
HIDDEN = ("1", "True", "true")

# Data printed by a template (t-out, t-esc, t-field) or formatted into a
# translated text is wrapped between these characters; selection labels
# printed by t-field are labels, not data.
DATA_OPEN, DATA_CLOSE = "\ue000", "\ue001"
LABEL_OPEN, LABEL_CLOSE = "\ue002", "\ue003"
DATA = re.compile(f"{DATA_OPEN}[^{DATA_OPEN}{DATA_CLOSE}]*{DATA_CLOSE}")
LABEL = re.compile(f"{LABEL_OPEN}([^{LABEL_OPEN}{LABEL_CLOSE}]*){LABEL_CLOSE}")
# Texts from the translations (a label formatted into another is no data).
TEXT_OPEN, TEXT_CLOSE = "\ue004", "\ue005"
# A record's field printed by t-field: data, whatever words it has.
FIELD = "\ue006"


def english_words(text):
    """The Latin-letter words of a text that are not on the allowlist."""
    text = NOT_WORDS.sub(" ", text or "")
    return [word for word in WORD.findall(text) if word not in ALLOWED]


def html_text(value):
    if not value or not str(value).strip():
        return ""
    return html.fromstring(f"<div>{value}</div>").text_content()


class _Strings:
    """Visible strings and where they were seen: {string: {where}}."""

    def __init__(self):
        self.seen = defaultdict(set)

    def add(self, text, where):
        if text and isinstance(text, str) and text.strip():
            self.seen[text.strip()].add(where)

    def english(self, lang):
        """{string: (words, sorted places)} for strings with English words."""
        found = {}
        for text, places in self.seen.items():
            if text in ODOO_KEPT[lang]:
                continue
            words = english_words(text)
            if words:
                found[text] = (words, sorted(places)[:3])
        return found


def _walk_arch(node, model, models, where, out, root=False):
    """Collect what a user can read in a view architecture: labels, texts,
    tooltips, and the description, help and choices of the fields shown."""
    if not isinstance(node.tag, str):  # comments, processing instructions
        return
    if node.get("invisible") in HIDDEN or node.get("column_invisible") in HIDDEN:
        return
    if node.tag in ("script", "style"):
        return
    for attr in TEXT_ATTRS:
        # The title of a form, list, search, kanban or calendar view and of a
        # sheet shows nowhere; that of a pivot or graph view heads the lists
        # it opens.
        if attr == "string" and (
            node.tag == "sheet" or (root and node.tag not in ("pivot", "graph"))
        ):
            continue
        out.add(node.get(attr), f"{where} @{attr}")
    out.add(node.text, f"{where} <{node.tag}> text")
    child_model = model
    if node.tag in ("field", "groupby"):
        desc = models.get(model, {}).get(node.get("name"))
        if desc:
            label = f"{where} {model}.{node.get('name')}"
            if not node.get("string"):
                out.add(desc.get("string"), f"{label} description")
            if not node.get("help"):
                out.add(desc.get("help"), f"{label} help")
            if f"{model}.{node.get('name')}" not in DATA_CHOICES:
                for _value, choice in desc.get("selection") or ():
                    out.add(choice, f"{label} choice")
            child_model = desc.get("relation") or model
    for child in node:
        _walk_arch(child, child_model, models, where, out)
        if isinstance(child.tag, str):
            out.add(child.tail, f"{where} <{node.tag}> text")


def _walk_template(node, where, out):
    """Collect the static text of a QWeb template (portal pages, reports,
    also in branches the demo data does not print): texts and translated
    attributes; what t-out and t-field print is data."""
    if not isinstance(node.tag, str) or node.tag in ("script", "style"):
        return
    if node.get("t-translation") == "off":
        return
    for attr in TEXT_ATTRS:
        out.add(node.get(attr), f"{where} @{attr}")
    out.add(node.text, f"{where} <{node.tag}> text")
    for child in node:
        _walk_template(child, where, out)
        if isinstance(child.tag, str):
            out.add(child.tail, f"{where} <{node.tag}> text")


@tagged("post_install", "-at_install")
class TestChineseScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        cls.addons = [name for name in ADDONS if name in modules.mapped("name")]
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
        # Odoo's own terms, then ours, as when our addons are installed in a
        # database speaking Chinese already: a test database has none.
        others = modules.filtered(lambda module: module.name not in ADDONS)
        others._update_translations(list(LANGS))
        cls.env["ir.module.module"]._load_module_terms(cls.addons, list(LANGS))
        cls.user = cls.env.ref("base.user_admin")
        cls.user.group_ids = [Command.link(group.id) for group in cls._records("res.groups")]
        cls.english_terms = {lang: cls._english_terms(lang) for lang in LANGS}

    @classmethod
    def _records(cls, model):
        data = cls.env["ir.model.data"].search(
            [("module", "in", cls.addons), ("model", "=", model)]
        )
        return cls.env[model].browse(data.mapped("res_id")).exists()

    def _fail_on_english(self, found, what, lang):
        if found:
            lines = [
                f"{text!r} {words} at {places}" for text, (words, places) in sorted(found.items())
            ]
            self.fail(f"{len(found)} {what} in {lang} with English words:\n" + "\n".join(lines))

    # -- screens ------------------------------------------------------------

    def _screens(self):
        """(model, [(view id, type)], with toolbar) for every view and action."""
        screens = {}
        for view in self._records("ir.ui.view"):
            if view.type not in VIEW_TYPES:
                continue
            root = view
            while root.mode != "primary":
                root = root.inherit_id
            screens[(root.model, ((root.id, root.type),))] = False
        actions = self._records("ir.actions.act_window")
        for menu in self._records("ir.ui.menu"):
            if menu.action and menu.action._name == "ir.actions.act_window":
                actions |= menu.action
        for action in actions:
            views = [(view_id, kind) for view_id, kind in action.views if kind in VIEW_TYPES]
            if "form" not in [kind for _id, kind in views]:
                views.append((False, "form"))  # a record opened from the list
            if action.target != "new":  # a dialog has no search view
                views.append((action.search_view_id.id, "search"))
            screens[(action.res_model, tuple(views))] = True
        return screens

    def _screen_strings(self, lang):
        out = _Strings()
        env = self.env(user=self.user, context={"lang": lang})
        for (model, views), toolbar in self._screens().items():
            result = env[model].get_views(list(views), {"toolbar": toolbar})
            models = {name: spec["fields"] for name, spec in result["models"].items()}
            for kind, view in result["views"].items():
                where = f"{model} {kind} view {view['id']}"
                arch = etree.fromstring(view["arch"])
                if model == "res.config.settings" and kind == "form":
                    # Our settings screen shows our app block only.
                    arch = arch.xpath("//app[@name='crm_customer_info']")[0]
                _walk_arch(arch, model, models, where, out, root=True)
                for actions in view.get("toolbar", {}).values():
                    for action in actions:
                        out.add(action["name"], f"{where} toolbar action")
        for view in self._records("ir.ui.view").with_env(env):
            if view.type == "qweb":
                arch = etree.fromstring(view.arch_db)
                _walk_template(arch, f"template {view.get_external_id()[view.id]}", out)
        for menu in self._records("ir.ui.menu").with_env(env):
            out.add(menu.name, f"menu {menu.get_external_id()[menu.id]}")
        for model in (
            "ir.actions.act_window",
            "ir.actions.server",
            "ir.actions.report",
            "ir.actions.client",
        ):
            for action in self._records(model).with_env(env):
                xmlid = action.get_external_id()[action.id]
                out.add(action.name, f"action {xmlid}")
                if model == "ir.actions.act_window":
                    out.add(html_text(action.help), f"action {xmlid} help")
        return out

    def test_screens(self):
        """Views (with the views we extend, merged), menus and actions."""
        for lang in LANGS:
            with self.subTest(lang=lang):
                self._fail_on_english(
                    self._screen_strings(lang).english(lang), "screen texts", lang
                )

    # -- reports and messages: what is data -------------------------------

    @contextmanager
    def _marked(self):
        """Mark what the addons print and write: every value a QWeb template
        prints (t-out, t-esc, t-field) and every value formatted into a
        translated text is data; selection labels printed by t-field and
        texts from the translations are not."""
        qweb_class = type(self.env["ir.qweb"])
        compile_out = qweb_class._compile_directive_out
        get_field = qweb_class._get_field
        get_translation = translate.get_translation
        langs = {code for code, _name in self.env["res.lang"].get_installed()}

        def _compile_directive_out(qweb, *args, **kwargs):
            code = compile_out(qweb, *args, **kwargs)
            return [
                line.replace("yield str(escape(content))", "yield mark_data(content)")
                for line in code
            ]

        def mark_data(content):
            return f"{DATA_OPEN}{ir_qweb.escape(content)}{DATA_CLOSE}"

        def _get_field(qweb, record, field_name, *args, **kwargs):
            attrs, content, force = get_field(qweb, record, field_name, *args, **kwargs)
            if record._fields[field_name].type == "selection" and content:
                content = Markup(f"{LABEL_OPEN}{content}{LABEL_CLOSE}")
            elif content:
                content = Markup(f"{FIELD}{content}")
            return attrs, content, force

        def mark_arg(value):
            if isinstance(value, str) and not value.startswith(TEXT_OPEN):
                return type(value)(f"{DATA_OPEN}{value}{DATA_CLOSE}")
            if isinstance(value, (list, tuple)):
                return [mark_arg(item) for item in value]
            return value

        def render_inline_template(instructions, variables):
            parts = []
            for string, expression, default in instructions:
                parts.append(string)
                value = expression and (safe_eval(expression, variables) or default)
                if value in langs:  # the language a template renders in
                    parts.append(value)
                elif value:
                    parts.append(f"{DATA_OPEN}{value}{DATA_CLOSE}")
            return "".join(parts)

        def marked_translation(module, lang, source, args):
            if isinstance(args, dict):
                args = {key: mark_arg(value) for key, value in args.items()}
            elif args:
                args = tuple(mark_arg(value) for value in args)
            text = get_translation(module, lang, source, args)
            return type(text)(f"{TEXT_OPEN}{text}{TEXT_CLOSE}")

        # Compiled templates are cached: compile them again with the marks,
        # and once more afterwards without.
        self.env.registry.clear_cache("templates")
        try:
            with (
                patch.object(qweb_class, "_compile_directive_out", _compile_directive_out),
                patch.object(qweb_class, "_get_field", _get_field),
                patch.dict(ir_qweb._BUILTINS, {"mark_data": mark_data}),
                patch.object(translate, "get_translation", marked_translation),
                patch.object(environments, "get_translation", marked_translation),
                patch.object(mail_render_mixin, "render_inline_template", render_inline_template),
            ):
                yield
        finally:
            self.env.registry.clear_cache("templates")

    @classmethod
    def _english_terms(cls, lang):
        """The English terms of the addons that ``lang`` translates: printed
        as they are, they are labels left untranslated, not data."""
        terms = set()
        for addon in cls.addons:
            for entry in polib.pofile(file_path(f"{addon}/i18n/{lang}.po")):
                if entry.msgstr and entry.msgstr != entry.msgid and english_words(entry.msgid):
                    terms.add(entry.msgid.strip())
        return terms

    def _add_marked(self, out, text, where, lang):
        """Add the marked ``text`` without its data to ``out``. A value
        computed for printing (not a record's field) that is one of our
        English terms is a label left untranslated, not data."""
        text = text.replace(TEXT_OPEN, "").replace(TEXT_CLOSE, "")
        for label in LABEL.findall(text):
            out.add(label, f"{where} choice")
        while match := DATA.search(text):  # innermost first
            value = LABEL.sub("", match.group()[1:-1]).strip()
            if not value.startswith(FIELD) and value in self.english_terms[lang]:
                out.add(value, f"{where} label printed as data")
            text = text[: match.start()] + " " + text[match.end() :]
        text = LABEL.sub(" ", text)
        for line in text.splitlines():
            out.add(line, where)

    def _set_everybody_lang(self, lang):
        """Every person and company speaks ``lang``; users follow their
        partners. OdooBot, who runs the daily jobs, keeps English."""
        self.env.cr.execute(
            "UPDATE res_partner SET lang = CASE WHEN id = %s THEN 'en_US' ELSE %s END",
            [self.env.ref("base.partner_root").id, lang],
        )
        self.env.invalidate_all()

    # -- reports ------------------------------------------------------------

    def _report_strings(self, lang):
        out = _Strings()
        self._set_everybody_lang(lang)  # reports print in the customer's language
        env = self.env(user=self.user, context={"lang": lang})
        for report in self._records("ir.actions.report").with_env(env):
            # Our demo records fill most branches of the templates.
            records = self._records(report.model).with_env(env) or env[report.model].search(
                [], limit=1
            )
            self.assertTrue(records, f"no demo record to print {report.report_name}")
            with self._marked():
                content, _kind = report._render_qweb_html(report.report_name, records.ids)
            page = html.fromstring(content)
            for node in page.xpath("//script|//style|//head"):
                node.drop_tree()
            self._add_marked(out, page.text_content(), f"report {report.report_name}", lang)
            # The printed file's name, around the record's name.
            for literal in re.findall(r"'([^']*)'|\"([^\"]*)\"", report.print_report_name or ""):
                out.add("".join(literal), f"report {report.report_name} file name")
        return out

    def _check_reports(self, lang):
        self._fail_on_english(self._report_strings(lang).english(lang), "report lines", lang)

    def test_reports_zh_cn(self):
        """Every report of the addons, printed for the demo records."""
        self._check_reports("zh_CN")

    def test_reports_zh_tw(self):
        self._check_reports("zh_TW")

    # -- generated messages -------------------------------------------------

    def _last_id(self, model):
        return (
            self.env[model].with_context(active_test=False).search([], order="id desc", limit=1).id
        )

    def _give_the_jobs_work(self):
        """Demo data where every daily job has something to do: profiles due
        for review, a probable duplicate, a temporary credit limit ended."""
        Partner = self.env["res.partner"]
        Partner.search(Partner._reviewed_customer_domain()).last_review_date = "2000-01-01"
        customer = Partner.search(
            [("customer_state", "!=", False), ("phone", "!=", False)], limit=1
        )
        customer.copy({"name": customer.name, "phone": customer.phone})
        if "crm.credit.limit.request" in self.env:
            self.env.cr.execute(
                "UPDATE crm_credit_limit_request SET date_end = CURRENT_DATE - 1"
                " WHERE state = 'approved' AND limit_type = 'temporary'"
            )
        self.env.invalidate_all()

    def _job_strings(self, lang):
        """Run every daily job of the addons as Odoo does (OdooBot, no
        language), everybody else speaking ``lang``. What they wrote on the
        records (messages, activities, tracked choices) and the notifications
        Odoo sent about them, apart."""
        written, notified = _Strings(), _Strings()
        self._set_everybody_lang(lang)
        self._give_the_jobs_work()
        models = ("mail.message", "mail.activity", "mail.tracking.value")
        last = {model: self._last_id(model) for model in models}
        crons = self._records("ir.cron")
        self.assertTrue(crons)
        for cron in crons:
            with self._marked(), self.enter_registry_test_mode():
                result = cron.method_direct_trigger()
            self.assertIs(result, True, f"{cron.name}: {result}")
        self.env.invalidate_all()
        env = self.env(context={"lang": lang, "active_test": False})
        new = {model: env[model].search([("id", ">", last[model])]) for model in models}
        self.assertTrue(new["mail.activity"], "the jobs planned no activity")
        self.assertTrue(new["mail.message"], "the jobs wrote no message")
        for message in new["mail.message"]:
            out = notified if message.message_type == "user_notification" else written
            where = f"{message.message_type} on {message.model},{message.res_id}"
            self._add_marked(out, message.subject or "", f"{where} subject", lang)
            self._add_marked(out, html_text(message.body), f"{where} body", lang)
        for activity in new["mail.activity"]:
            where = f"activity {activity.activity_type_id.name} on {activity.res_model}"
            self._add_marked(written, activity.summary or "", f"{where} summary", lang)
            self._add_marked(written, html_text(activity.note), f"{where} note", lang)
        for value in new["mail.tracking.value"]:
            if value.field_id.ttype == "selection":
                where = f"tracked {value.field_id.model}.{value.field_id.name}"
                for label in (value.old_value_char, value.new_value_char):
                    self._add_marked(written, label or "", where, lang)
        return written, notified

    def test_jobs_zh_cn(self):
        """What the daily jobs write: messages, activities, tracked choices."""
        written, _notified = self._job_strings("zh_CN")
        self._fail_on_english(written.english("zh_CN"), "texts written by the jobs", "zh_CN")

    def test_jobs_zh_tw(self):
        written, _notified = self._job_strings("zh_TW")
        self._fail_on_english(written.english("zh_TW"), "texts written by the jobs", "zh_TW")

    def test_job_notifications_zh_cn(self):
        """The notifications Odoo sends about what the jobs planned."""
        _written, notified = self._job_strings("zh_CN")
        self._fail_on_english(notified.english("zh_CN"), "job notifications", "zh_CN")
