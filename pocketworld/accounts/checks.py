"""The accounts app's system checks: the roles that must use a second factor
(`REQUIRE_2FA_FOR`) are roles the policy knows. (The single sign-on checks live in
`pocketworld/accounts/oidc.py`.)"""

from django.conf import settings
from django.core.checks import Error, register

from pocketworld.core.choices import Role


@register()
def required_second_factor_roles_exist(app_configs, **kwargs):
    unknown = [role for role in settings.REQUIRE_2FA_FOR if role not in Role.values]
    if not unknown:
        return []
    return [
        Error(
            f"REQUIRE_2FA_FOR names unknown roles: {', '.join(unknown)}.",
            hint=f"Give roles separated by commas, of: {', '.join(Role.values)}.",
            id="accounts.E001",
        )
    ]
