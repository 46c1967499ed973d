"""Migrate, make the key, users and client of SPEC, and serve on 127.0.0.1:PORT."""

import json
import os
import sys


def seed(spec):
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        with open(os.devnull, "w") as quiet:
            call_command("creatersakey", stdout=quiet)
    for person in spec["users"]:
        user = User.objects.create_user(
            person["username"],
            email=person["email"],
            password=person["password"],
            first_name=person.get("given_name", ""),
            last_name=person.get("family_name", ""),
        )
        for name in person.get("groups", ()):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    settings = spec["client"]
    client = Client.objects.create(
        name="pocketworld",
        client_type="confidential",
        client_id=settings["client_id"],
        client_secret=settings["client_secret"],
        jwt_alg="RS256",
        require_consent=True,
        reuse_consent=True,
    )
    client.redirect_uris = settings["redirect_uris"]
    client.post_logout_redirect_uris = settings["post_logout_redirect_uris"]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))


def main(spec_path, port):
    # Its own project, whatever the environment of the tests names.
    os.environ["DJANGO_SETTINGS_MODULE"] = "pocketworld.accounts.tests.oidc_provider.settings"
    import django
    from django.core.management import call_command

    django.setup()
    with open(spec_path) as spec:
        seed(json.load(spec))
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
