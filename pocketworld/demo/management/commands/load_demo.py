from django.conf import settings
from django.core.management.base import BaseCommand

from pocketworld.accounts.models import User
from pocketworld.companies.models import Company
from pocketworld.core.choices import Role
from pocketworld.core.services import load_reference_data
from pocketworld.demo.world import DEMO_PASSWORD, load_demo_world

SIGN_IN_URL = "http://127.0.0.1:8000/"


def demo_sign_ins():
    """The demo users that still sign in with the demo password, as load_demo_world lists them."""
    return [
        (user.username, user.role, DEMO_PASSWORD)
        for user in User.objects.filter(is_active=True).order_by("pk")
        if user.check_password(DEMO_PASSWORD)
    ]


class Command(BaseCommand):
    help = (
        "Load the demo world of Düsseldorf's International Business Service; idempotent. "
        "Users with a known password only with DEMO=true."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any company exists already (make run uses it).",
        )

    def handle(self, *, if_empty, **options):
        if if_empty and Company.objects.exists():
            self.stdout.write("Companies exist already: the demo world was not loaded.")
            if settings.DEMO_MODE:
                self.write_sign_in(demo_sign_ins())
            return
        load_reference_data()
        result = load_demo_world(create_users=settings.DEMO_MODE)
        summary = ", ".join(
            f"{total} {label} ({result['created'][label]} new)"
            for label, total in result["counts"].items()
        )
        self.stdout.write(f"Demo world: {summary}.")
        if result["users"]:
            self.write_sign_in(result["users"])
        else:
            self.stdout.write(
                "DEMO is not true: no demo user can sign in, the team's users have no "
                "usable password. Set DEMO=true for demo sign-ins, or create an "
                "administrator with: python manage.py createsuperuser"
            )

    def write_sign_in(self, users):
        """One user per role up front, then all of them; they share the demo password."""
        if not users:
            return
        usernames_by_role = {}
        for role in Role.values:
            usernames = [username for username, user_role, _password in users if user_role == role]
            if usernames:
                usernames_by_role[role] = usernames
        first_per_role = ", ".join(
            f"{usernames[0]} ({role})" for role, usernames in usernames_by_role.items()
        )
        password = users[0][2]
        self.stdout.write(f"Sign in at {SIGN_IN_URL} as {first_per_role}, password: {password}")
        for role, usernames in usernames_by_role.items():
            self.stdout.write(f"  {role}: {', '.join(usernames)}")
