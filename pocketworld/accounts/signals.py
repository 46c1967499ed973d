"""What the sign-in of API tokens tells the layers above (the audit log listens)."""

from django.dispatch import Signal

# A token signed a request; sent when its `last_used` is written, at most every few minutes
# per token. Arguments: request, token.
api_token_used = Signal()
