from contextvars import ContextVar

from odoo import fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, lazy_classproperty

MANAGER = "crm_customer_info.group_manager"

# Set while a fetch fills the record cache. The cache is shared by every
# environment of the transaction, superuser included, so it holds the real
# values; each reader's view hides them on the way out (Guarded.__get__).
_FETCHING = ContextVar("crm_guarded_fetching", default=False)


class Guarded:
    """A field whose value some readers must not see on some records.

    ``crm_rule`` names the rule of the model (``_crm_<rule>_hidden`` for one
    record, ``_crm_<rule>_visible_sql`` for SQL). Where it hides the value, the
    value is kept but the reader reads it empty by every path: through records
    (read, forms, exports, reports, computed fields, messages, mapped) here,
    and in SQL (search, order, group by, aggregates, also through related paths
    from other models) in ``CrmSensitiveMixin._field_to_sql``; he cannot write
    it either."""

    crm_rule = None
    # Whether a hidden empty value is refused too: nobody changes what he
    # cannot see. Sensitive values say why instead (consent).
    crm_refuse_empty = True

    def __get__(self, record, owner=None):
        if record is None or record.env.su:
            return super().__get__(record, owner)
        if len(record._ids) > 1:
            # mapped() of a relational field: the union of what the reader sees
            record = record.filtered(lambda rec: not rec._crm_field_hidden(self.crm_rule))
            return super().__get__(record, owner)
        value = super().__get__(record, owner)
        if value and record._crm_field_hidden(self.crm_rule):
            return value[:0] if isinstance(value, models.BaseModel) else False
        return value


class Sensitive(Guarded):
    """Sensitive personal information (PIPL article 28): hidden where the
    customer never gave, or withdrew, his separate consent, from everyone but
    the superuser and customer-information managers."""

    crm_rule = "sensitive"
    crm_refuse_empty = False


class SensitiveChar(Sensitive, fields.Char):
    pass


class SensitiveText(Sensitive, fields.Text):
    pass


class SensitiveSelection(Sensitive, fields.Selection):
    pass


class SensitiveBoolean(Sensitive, fields.Boolean):
    pass


class CrmSensitiveMixin(models.AbstractModel):
    """Records holding personal information of a customer under a rule of who
    reads it. A model declares its guarded fields with the classes above and
    the rules they name; for sensitive information, the customer's consent
    (``_crm_consent_path`` as a field path, and ``_crm_consent_sql``). Without
    consent a sensitive value cannot be recorded, and a recorded one is
    hidden."""

    _name = "crm.sensitive.mixin"
    _description = "Guarded Personal Information"

    # Path from the record to the customer's consent flag.
    _crm_consent_path = "consent_sensitive"

    @lazy_classproperty
    def _crm_sensitive_fields(cls):
        return [name for name, field in cls._fields.items() if isinstance(field, Sensitive)]

    def _crm_field_hidden(self, rule):
        """Whether the current reader has the fields of ``rule`` hidden on this
        one record."""
        return getattr(self, f"_crm_{rule}_hidden")()

    # ------------------------------------------------------------------
    # Sensitive information and consent
    # ------------------------------------------------------------------
    def _crm_consent_sql(self, alias):
        """SQL boolean: the customer of the row ``alias`` consented, read along
        ``_crm_consent_path`` (the flag, or one many2one and the flag)."""
        link, _dot, fname = self._crm_consent_path.rpartition(".")
        if not link:
            return SQL.identifier(alias, fname, to_flush=self._fields[fname])
        Customer = self.env[self._fields[link].comodel_name]
        return SQL(
            "(SELECT %s FROM %s WHERE id = %s)",
            SQL.identifier(fname),
            SQL.identifier(Customer._table),
            SQL.identifier(alias, link),
            to_flush=Customer._fields[fname],
        )

    def _crm_hide_sensitive(self):
        """Whether the current reader has sensitive values hidden where consent
        is missing: everyone but managers; superuser code (the customer's own
        copy of his data, computations) reads them."""
        return not self.env.su and not self.env.user.has_group(MANAGER)

    def _crm_consented(self):
        """The records of ``self`` whose customer gave separate consent."""
        return self.sudo().filtered(self._crm_consent_path).with_env(self.env)

    def _crm_sensitive_hidden(self):
        self.ensure_one()
        return self._crm_hide_sensitive() and not self._crm_consented()

    def _crm_sensitive_visible_sql(self, alias):
        return self._crm_consent_sql(alias) if self._crm_hide_sensitive() else None

    # ------------------------------------------------------------------
    # Every path
    # ------------------------------------------------------------------
    def _field_to_sql(self, alias, field_expr, query=None):
        sql = super()._field_to_sql(alias, field_expr, query)
        field = self._fields.get(field_expr)
        if isinstance(field, Guarded) and not _FETCHING.get():
            visible = getattr(self, f"_crm_{field.crm_rule}_visible_sql")(alias)
            if visible is not None:
                sql = SQL("(CASE WHEN %s THEN %s END)", visible, sql)
        return sql

    def _fetch_query(self, query, fields):
        token = _FETCHING.set(True)
        try:
            return super()._fetch_query(query, fields)
        finally:
            _FETCHING.reset(token)

    def write(self, vals):
        # A hidden value is not overwritten by someone who cannot see it.
        if not self.env.su:
            for fname in vals:
                field = self._fields.get(fname)
                if isinstance(field, Guarded) and any(
                    record._crm_field_hidden(field.crm_rule)
                    and (field.crm_refuse_empty or record.sudo()[fname])
                    for record in self
                ):
                    raise AccessError(
                        self.env._(
                            "%(field)s: you cannot change what you cannot see on this record.",
                            field=field._description_string(self.env),
                        )
                    )
        return super().write(vals)

    def _validate_fields(self, field_names, excluded_names=()):
        field_names = list(field_names)
        super()._validate_fields(field_names, excluded_names)
        written = [fname for fname in self._crm_sensitive_fields if fname in field_names]
        if not written:
            return
        refused = self - self._crm_consented()
        given = [fname for fname in written if any(refused.sudo().mapped(fname))]
        if given:
            raise ValidationError(
                self.env._(
                    "%(fields)s: sensitive personal information needs the customer's separate "
                    "consent. Customer service records it under Consents, in the "
                    "Customer File tab of the customer.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in given
                    ),
                )
            )
