from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import UserError

# Records whose transition is running, as (model, id); (model, None) while a
# transition creates records. Kept on the cursor: nothing a client sends (values,
# context) reaches it, and it ends with the transition.
_OPEN_KEY = "crm_workflow_open"


def cursor_state(cr, key, factory):
    """Server-side state of the running request, on its cursor. Not in
    ``cr.cache``, which a savepoint rollback clears while the state must last
    until the code that set it ends."""
    return cr.__dict__.setdefault(f"_{key}", factory())


class CrmWorkflowMixin(models.AbstractModel):
    """One home for a workflow's authority.

    A model lists in ``_crm_protected_fields`` the fields that only its
    transitions decide: the state, who approved or handled, decision dates and
    reasons, figures fixed at a transition. ``create`` and ``write`` refuse them,
    whoever calls and with whatever context, unless a transition of the model
    opened the records with ``_crm_transition()``. Transitions collect every
    reason first and raise once (``_crm_raise_if_reasons``).
    """

    _name = "crm.workflow.mixin"
    _description = "Workflow Guard"

    # Each class of the model (its definition and every extension) may declare
    # these; they add up (see _crm_declared), so an addon extending a model
    # protects its own fields without repeating the others.
    _crm_protected_fields = frozenset()
    # Protected fields a new record may be given (what it is about), frozen after.
    _crm_create_fields = frozenset()

    @classmethod
    def _crm_declared(cls, attribute):
        return frozenset().union(*(klass.__dict__.get(attribute, ()) for klass in cls.__mro__))

    @property
    def _crm_protected(self):
        return self._crm_declared("_crm_protected_fields")

    # ------------------------------------------------------------------
    # Opening records for a transition
    # ------------------------------------------------------------------

    @contextmanager
    def _crm_transition(self):
        """Let the code inside write the protected fields of these records (and
        create records of this model with them)."""
        keys = {(self._name, record_id) for record_id in self.ids} | {(self._name, None)}
        opened = cursor_state(self.env.cr, _OPEN_KEY, set)
        added = keys - opened
        opened |= added
        try:
            yield self
        finally:
            opened.difference_update(added)

    def _crm_in_transition(self):
        if not self.env.registry.ready:
            # Data files being loaded (installing or updating the addons, with
            # their demo data) describe records as they are; no client request
            # is served by a registry that is not ready.
            return True
        opened = cursor_state(self.env.cr, _OPEN_KEY, set)
        if not self:
            return (self._name, None) in opened
        return all((self._name, record_id) in opened for record_id in self.ids)

    def _crm_transition_write(self, vals):
        with self._crm_transition():
            return self.write(vals)

    # ------------------------------------------------------------------
    # The guard
    # ------------------------------------------------------------------

    def _crm_protected_changes(self, vals):
        """Protected fields of ``vals`` that would change one of the records."""
        changed = []
        for fname in sorted(self._crm_protected & vals.keys()):
            field = self._fields[fname]
            for record in self.sudo():
                new = field.convert_to_record(field.convert_to_cache(vals[fname], record), record)
                if new != record[fname]:
                    changed.append(fname)
                    break
        return changed

    def _crm_raise_protected(self, fnames):
        raise UserError(
            self.env._(
                "%(model)s: %(fields)s change only through the buttons of its workflow "
                "(submit, approve, reject, ...), never by editing the record.",
                model=self._description,
                fields=", ".join(self._fields[f]._description_string(self.env) for f in fnames),
            )
        )

    @api.model
    def _crm_check_create_values(self, vals_list):
        """A new record starts where its workflow starts: protected fields only
        with their default value. Models that fill protected fields themselves in
        ``create`` call this on the caller's values first, then create inside
        ``_crm_transition()``."""
        if self._crm_in_transition():
            return
        protected = self._crm_protected - self._crm_declared("_crm_create_fields")
        defaults = self.default_get(list(protected))
        given = set()
        for vals in vals_list:
            given.update(
                fname
                for fname in protected & vals.keys()
                if vals[fname] and vals[fname] != defaults.get(fname)
            )
        if given:
            self._crm_raise_protected(sorted(given))

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_check_create_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if (
            self._crm_protected & vals.keys()
            and not self._crm_in_transition()
            and (changed := self._crm_protected_changes(vals))
        ):
            self._crm_raise_protected(changed)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Guards of transitions
    # ------------------------------------------------------------------

    def _crm_raise_if_reasons(self, title, reasons):
        """Every reason a transition cannot run, in one error."""
        if reasons:
            raise UserError(
                self.env._("%(title)s\n%(reasons)s", title=title, reasons="\n".join(reasons))
            )
