"""python manage.py erase_person ID --reason "…" [--user USERNAME]

Erases a person for good through the same service as the pages and the API
(`privacy.erasure.erase_person`); `--user` names who the tombstone records as having
erased them. Nothing asks for confirmation: whoever runs the command has decided.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from pocketworld.accounts.models import User
from pocketworld.contacts.models import Person
from pocketworld.privacy.erasure import erase_person


class Command(BaseCommand):
    help = "Erase a person for good (GDPR Art. 17): everywhere, with their history."

    def add_arguments(self, parser):
        parser.add_argument("person", type=int, help="The person's id.")
        parser.add_argument(
            "--reason",
            required=True,
            help="The request and its reference; kept, so no name or contact details.",
        )
        parser.add_argument("--user", default="", help="Username the erasure is recorded for.")

    def handle(self, person, reason, user, **options):
        # The report is in English, as Django's own commands are; the marker too.
        with translation.override("en"):
            self.erase(person, reason, user)

    def erase(self, person_id, reason, username):
        acting = None
        if username:
            acting = User.objects.filter(username=username).first()
            if acting is None:
                raise CommandError(f"No user {username!r}.")
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"No person {person_id}.")
        try:
            erasure = erase_person(person, erased_by=acting, reason=reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except Person.DoesNotExist:
            raise CommandError(f"No person {person_id}.") from None
        rows = sum(erasure.removed.values())
        self.stdout.write(
            f"Erased person {person_id}: {rows} rows in {len(erasure.removed)} places "
            f"(tombstone {erasure.pk})."
        )
