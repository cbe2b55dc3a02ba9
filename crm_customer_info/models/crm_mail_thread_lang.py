from odoo import SUPERUSER_ID, api, models


class CrmMailThreadLang(models.AbstractModel):
    """Text the system writes on a record reads in the language of its reader.

    Odoo renders a chatter message, a tracked selection or record name and an
    activity's summary once, in the language of whoever writes them, and
    stores them. The daily jobs write as OdooBot (English), the portal as the
    customer: their text is then read by someone else. One rule, here:

    - an activity is written in its assignee's language
      (:meth:`_crm_for_user`: summary, note, the type's summary and note);
    - a message, tracked value or creation message written by the system
      (the superuser, a portal or public user) is written in the language of
      the record's responsible user (:meth:`_crm_reader_user`: the
      salesperson of a customer, the responsible of an occasion...), lacking
      one in that of the record's company (its partner's language), lacking
      that in the writer's (:meth:`_crm_in_reader_lang`);
    - what an internal user writes through his own action stays in his
      language: he reads it first, and he chose the words.

    Only installed languages are used; an uninstalled one falls through.
    """

    _name = "crm.mail.thread.lang"
    _inherit = ["mail.thread"]
    _description = "Writes System Text in Its Reader's Language"

    # ------------------------------------------------------------------
    # The rule
    # ------------------------------------------------------------------
    def _crm_reader_user(self):
        """The user who reads what the system writes on ``self`` (one
        record): its responsible, ``user_id`` by default. Models override."""
        self.ensure_one()
        field = self._fields.get("user_id")
        if field and field.type == "many2one" and field.comodel_name == "res.users":
            return self.sudo().user_id
        return self.env["res.users"]

    def _crm_company(self):
        field = self._fields.get("company_id")
        company = self.sudo().company_id if field and field.type == "many2one" else None
        return company or self.env.company

    def _crm_lang_of(self, user=None):
        """The installed language to write in for ``user`` (may be empty):
        his, else the company's (``self``'s when it has one), else the
        writer's, else English."""
        Lang = self.env["res.lang"]
        company = self._crm_company() if len(self) == 1 else self.env.company
        for code in (
            user and user.sudo().lang,
            company.sudo().partner_id.lang,
            self.env.lang,
        ):
            if code and Lang._get_code(code):
                return code
        return "en_US"

    def _crm_for_user(self, user):
        """``self`` in ``user``'s language: for an activity assigned to him."""
        return self.with_context(lang=self._crm_lang_of(user))

    def _crm_reader_lang(self):
        self.ensure_one()
        return self._crm_lang_of(self._crm_reader_user())

    def _crm_in_reader_lang(self):
        """``self`` (one record) in its reader's language."""
        return self.with_context(lang=self._crm_reader_lang())

    def _crm_grouped_by_reader_lang(self):
        """{lang: records of ``self`` in that language}."""
        return {
            lang: records.with_context(lang=lang)
            for lang, records in self.grouped(lambda record: record._crm_reader_lang()).items()
        }

    def _crm_writes_for_others(self):
        """Whether the current writer is the system: the superuser (daily
        jobs), a portal or public user (the customer on the portal)."""
        return self.env.uid == SUPERUSER_ID or not self.env.user._is_internal()

    # ------------------------------------------------------------------
    # What the system writes through the chatter
    # ------------------------------------------------------------------
    def _creation_message(self):
        if self._crm_writes_for_others():
            return super(CrmMailThreadLang, self._crm_in_reader_lang())._creation_message()
        return super()._creation_message()

    def _message_track(self, fields_iter, initial_values_dict):
        """Selection labels and record names are stored with the tracking:
        render them per reader language when the system writes."""
        if not fields_iter or not self._crm_writes_for_others():
            return super()._message_track(fields_iter, initial_values_dict)
        groups = self._crm_grouped_by_reader_lang()
        if len(groups) <= 1:
            return super(CrmMailThreadLang, next(iter(groups.values()), self))._message_track(
                fields_iter, initial_values_dict
            )
        # Each call pops the log bodies and authors of the model: give every
        # language group its own copy.
        data = self.env.cr.precommit.data
        keys = (f"mail.tracking.message.{self._name}", f"mail.tracking.author.{self._name}")
        saved = {key: dict(data.get(key, {})) for key in keys}
        tracking = {}
        for records in groups.values():
            for key in keys:
                data[key] = dict(saved[key])
            tracking.update(
                super(CrmMailThreadLang, records)._message_track(fields_iter, initial_values_dict)
            )
        return tracking

    @api.model
    def _crm_activity_type_texts(self, activity_type, lang):
        """The summary and default note of ``activity_type`` in ``lang``."""
        activity_type = activity_type.with_context(lang=lang)
        return activity_type.summary, activity_type.default_note
