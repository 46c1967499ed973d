"""A small OpenID Connect provider for the single sign-on tests: a Django project of its
own, built on django-oidc-provider, that a test fixture starts as a second process.

`python -m pocketworld.accounts.tests.oidc_provider SPEC PORT` migrates its own SQLite
file, makes a signing key, the users and the client that SPEC (a JSON file) names, and
serves on 127.0.0.1:PORT until it is stopped. Its issuer is http://127.0.0.1:PORT.
"""
