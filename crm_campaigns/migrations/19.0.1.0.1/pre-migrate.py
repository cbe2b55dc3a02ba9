def migrate(cr, version):
    """Members excluded for want of consent were opted out with the reason
    "no_consent"; they have their own status now."""
    cr.execute(
        """
        UPDATE crm_campaign_member
           SET status = 'no_consent', opt_out_reason = NULL
         WHERE status = 'opted_out' AND opt_out_reason = 'no_consent'
        """
    )
