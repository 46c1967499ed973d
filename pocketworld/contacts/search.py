"""What people put into the search index: their names in both orders and both scripts."""

from pocketworld.contacts.models import Person
from pocketworld.search.indexing import Name, SearchIndex
from pocketworld.search.languages import language_of_script


class PersonIndex(SearchIndex):
    kind = "person"
    model = Person

    def queryset(self):
        return Person.objects.only(
            "given_name", "family_name", "native_name", "native_script", "desk_id", "last_updated"
        )

    def names(self, person):
        full_name = person.full_name
        yield Name(full_name, is_main=True)
        if person.given_name:
            yield Name(f"{person.family_name} {person.given_name}", is_main=True, shown=full_name)
        if person.native_name:
            native = person.native_name
            language = language_of_script(person.native_script)
            yield Name(native, language, is_main=True)
            family_first = native.split()
            if len(family_first) == 2:
                reversed_native = f"{family_first[1]} {family_first[0]}"
                yield Name(reversed_native, language, is_main=True, shown=native)
