from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pocketworld.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from pocketworld.accounts import (
            checks,  # noqa: F401  registers its system check
            oidc,  # noqa: F401  registers the single sign-on checks
            schema,  # noqa: F401  registers the OpenAPI extension
        )
