from django.core.management.base import BaseCommand, CommandError

from pocketworld.accounts.models import User
from pocketworld.accounts.services import requires_second_factor, reset_second_factor


class Command(BaseCommand):
    help = (
        "Remove USERNAME's second factor (authenticator app and recovery codes), e.g. after "
        "a lost phone: they sign in with their password and may set up a new one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        reset_second_factor(user)
        self.stdout.write(f"The second factor of {username!r} is removed.")
        if requires_second_factor(user):
            self.stdout.write("Their role requires one: they set up a new one when signing in.")
