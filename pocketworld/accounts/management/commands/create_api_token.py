import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pocketworld.accounts.forms import MAX_TOKEN_DAYS
from pocketworld.accounts.models import APIToken, User


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (and nothing else)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--description", default="created on the command line")
        parser.add_argument(
            "--days",
            type=int,
            default=MAX_TOKEN_DAYS,
            help=f"Days the token works (1–{MAX_TOKEN_DAYS}, default {MAX_TOKEN_DAYS}).",
        )
        parser.add_argument(
            "--read-only", action="store_true", help="The token reads and changes nothing."
        )

    def handle(self, username, description, days, read_only, **options):
        if not 1 <= days <= MAX_TOKEN_DAYS:
            raise CommandError(f"--days must lie between 1 and {MAX_TOKEN_DAYS}.")
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        expires = timezone.now() + datetime.timedelta(days=days)
        _token, key = APIToken.issue(
            user, description=description, expires=expires, read_only=read_only
        )
        self.stdout.write(key)
