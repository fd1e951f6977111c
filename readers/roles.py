"""What each editorial role may do with the public site's data (granted by migration)."""

from articles.roles import ADMINS, EDITORS, grant_app_permissions

READERS_PERMISSIONS = {
    EDITORS: [
        "view_feedback",
        "triage_feedback",
        "view_followupquestion",
        "triage_followupquestion",
        "view_policypage",
    ],
    ADMINS: [
        "view_feedback",
        "triage_feedback",
        "view_followupquestion",
        "triage_followupquestion",
        "view_policypage",
        "add_policypage",
        "change_policypage",
        "view_historicalpolicypage",
        "view_historicalfeedback",
        "view_historicalfollowupquestion",
    ],
}


def sync_readers_roles(apps, schema_editor=None) -> None:
    grant_app_permissions(apps, "readers", READERS_PERMISSIONS)
