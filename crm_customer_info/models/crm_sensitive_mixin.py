from contextvars import ContextVar

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, lazy_classproperty

MANAGER = "crm_customer_info.group_manager"

# Set while a fetch fills the record cache. The cache is shared by every
# environment of the transaction, superuser included, so it holds the real
# values; each reader's view hides them on the way out (Sensitive.__get__).
_FETCHING = ContextVar("crm_sensitive_fetching", default=False)


class Sensitive:
    """A field holding sensitive personal information (PIPL article 28).

    Where the customer never gave, or withdrew, his separate consent, the value
    is kept but everyone except the superuser and customer-information managers
    reads it empty, by every path: through records (read, forms, exports,
    reports, computed fields, messages, mapped) here, and in SQL (search, order,
    group by, aggregates, also through related paths from other models) in
    ``CrmSensitiveMixin._field_to_sql``."""

    def __get__(self, record, owner=None):
        value = super().__get__(record, owner)
        if record is None or not value or record.env.su:
            return value
        return False if record._crm_sensitive_hidden() else value


class SensitiveChar(Sensitive, fields.Char):
    pass


class SensitiveText(Sensitive, fields.Text):
    pass


class SensitiveSelection(Sensitive, fields.Selection):
    pass


class SensitiveBoolean(Sensitive, fields.Boolean):
    pass


class CrmSensitiveMixin(models.AbstractModel):
    """Records holding sensitive personal information of a customer. A model
    declares the customer's consent (``_crm_consent_path``, as a field path,
    and ``_crm_consent_sql``) and its sensitive fields with the classes above.
    Without consent a sensitive value cannot be recorded, and a recorded one is
    hidden."""

    _name = "crm.sensitive.mixin"
    _description = "Sensitive Personal Information"

    # Path from the record to the customer's consent flag.
    _crm_consent_path = "consent_sensitive"

    @lazy_classproperty
    def _crm_sensitive_fields(cls):
        return [name for name, field in cls._fields.items() if isinstance(field, Sensitive)]

    def _crm_consent_sql(self, alias):
        """SQL boolean: the customer of the row ``alias`` consented."""
        return SQL.identifier(
            alias, "consent_sensitive", to_flush=self._fields["consent_sensitive"]
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

    def _field_to_sql(self, alias, field_expr, query=None):
        sql = super()._field_to_sql(alias, field_expr, query)
        if (
            isinstance(self._fields.get(field_expr), Sensitive)
            and not _FETCHING.get()
            and self._crm_hide_sensitive()
        ):
            sql = SQL("(CASE WHEN %s THEN %s END)", self._crm_consent_sql(alias), sql)
        return sql

    def _fetch_query(self, query, fields):
        token = _FETCHING.set(True)
        try:
            return super()._fetch_query(query, fields)
        finally:
            _FETCHING.reset(token)

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
