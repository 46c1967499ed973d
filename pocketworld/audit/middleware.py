"""The request being served, for the audit log's receivers: a model saved or an action
announced deep inside a view knows neither who asked nor from where."""

import contextvars

_current_request = contextvars.ContextVar("audit_request", default=None)


def current_request():
    """The request this thread (or task) is serving, or None (a command, the worker)."""
    return _current_request.get()


class AuditRequestMiddleware:
    """Keep the request at hand while it is served; after AuthenticationMiddleware, so that
    its user is known (the API's token sign-in sets it later, on the same request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
