from django.core.management.base import BaseCommand, CommandError

from pocketworld.accounts.models import APIToken, User


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (and nothing else)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--description", default="created on the command line")

    def handle(self, username, description, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        _token, key = APIToken.issue(user, description=description)
        self.stdout.write(key)
