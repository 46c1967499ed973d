from pocketworld.core.testing import PartViewTests, ViewTests
from pocketworld.events.tests.specs import EventSpec, ParticipantSpec, ProgrammeItemSpec


class TestEventViews(EventSpec, ViewTests):
    pass


class TestParticipantViews(ParticipantSpec, PartViewTests):
    pass


class TestProgrammeItemViews(ProgrammeItemSpec, PartViewTests):
    pass
