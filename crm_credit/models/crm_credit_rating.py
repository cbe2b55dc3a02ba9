from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCORE_MAX = 100.0


class CrmCreditRating(models.Model):
    """One step of the credit rating scale (AAA ... C).

    A rating covers the total 5C score interval ``[score_min, score_max)``;
    the top rating also includes ``score_max`` (100)."""

    _name = "crm.credit.rating"
    _description = "Credit Rating"
    _order = "score_min desc, sequence, id"

    name = fields.Char(string="Rating", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer(string="Color Index")
    description = fields.Text(translate=True)
    score_min = fields.Float(string="Score From", required=True, digits=(5, 2))
    score_max = fields.Float(string="Score To", required=True, digits=(5, 2))
    # the scale is shared by all companies; amounts read in the current one's currency
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    recommended_limit = fields.Monetary(
        string="Recommended Credit Limit", currency_field="currency_id"
    )
    payment_term_id = fields.Many2one(
        "account.payment.term", string="Payment Terms", ondelete="restrict"
    )
    deposit_pct = fields.Float(string="Deposit (%)", digits=(5, 2))
    block = fields.Boolean(
        string="Block Invoices",
        help="Invoices of customers with this rating are blocked.",
    )

    _name_uniq = models.Constraint("UNIQUE(name)", "A rating with this name already exists.")
    _score_range = models.Constraint(
        "CHECK(score_min >= 0 AND score_max <= 100 AND score_min < score_max)",
        "A rating's interval must lie within 0-100 and start below its end.",
    )
    _deposit_range = models.Constraint(
        "CHECK(deposit_pct >= 0 AND deposit_pct <= 100)",
        "The deposit must be between 0 and 100%.",
    )

    @api.depends_context("company")
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    @api.constrains("score_min", "score_max", "active")
    def _check_scale(self):
        """Active ratings must tile 0-100 without gap or overlap.

        Data files load a scale one record at a time, while the registry is not
        ready (no user is served then), and call ``_check_whole_scale`` last."""
        if self and self.env.registry.ready:
            self._check_scale_tiles()

    def _check_scale_tiles(self):
        if self:
            ratings = self.sudo().search([], order="score_min, score_max, id")
            problems = []
            expected = 0.0
            previous = False
            for rating in ratings:
                if rating.score_min < expected:
                    problems.append(
                        self.env._(
                            "%(rating)s (%(min)s-%(max)s) overlaps "
                            "%(previous)s (%(pmin)s-%(pmax)s)",
                            rating=rating.name,
                            min=rating.score_min,
                            max=rating.score_max,
                            previous=previous.name,
                            pmin=previous.score_min,
                            pmax=previous.score_max,
                        )
                    )
                elif rating.score_min > expected:
                    problems.append(
                        self.env._(
                            "no rating covers %(start)s-%(end)s (before %(rating)s)",
                            start=expected,
                            end=rating.score_min,
                            rating=rating.name,
                        )
                    )
                expected = max(expected, rating.score_max)
                previous = rating
            if ratings and expected < SCORE_MAX:
                problems.append(
                    self.env._(
                        "no rating covers %(start)s-%(end)s",
                        start=expected,
                        end=SCORE_MAX,
                    )
                )
            if problems:
                raise ValidationError(
                    self.env._(
                        "The rating scale must cover 0-100 without gaps or overlaps:\n%(problems)s",
                        problems="\n".join(f"- {p}" for p in problems),
                    )
                )

    @api.model
    def _check_whole_scale(self):
        self.search([])._check_scale_tiles()

    @api.model
    def _get_rating_for_score(self, score):
        ratings = self.sudo().search([], order="score_min desc")
        for rating in ratings:
            if rating.score_min <= score < rating.score_max or (
                score == rating.score_max == SCORE_MAX
            ):
                return rating.sudo(False)
        return self.browse()
