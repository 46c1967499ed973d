"""Signing out after inactivity."""

import time

# How often a signed-in user's requests push their session's expiry on: not on every
# request, so that reading pages does not write the session each time.
ACTIVITY_RESOLUTION_SECONDS = 300
SESSION_ACTIVITY_KEY = "_activity"


class SessionActivityMiddleware:
    """A session lives SESSION_COOKIE_AGE (SESSION_IDLE_HOURS) after the user's last
    request: a request more than ACTIVITY_RESOLUTION_SECONDS after the last one that
    counted marks the session changed, and Django saves it with a new expiry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SESSION_ACTIVITY_KEY, 0) >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[SESSION_ACTIVITY_KEY] = now
        return self.get_response(request)
