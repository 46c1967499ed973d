"""The demo world: Düsseldorf's International Business Service as the VIVID interview tells it.

`named` writes out everything the interview names: the desks and their members, the
partners, the companies and their facts. `generated` draws a registry around it from fixed
seeds, so that no list looks empty. `named_projects` and `pipeline` add the investment
projects with their dated stage paths, `interactions` the desks' meetings, aftercare visits
and follow-up tasks, `events` the delegations and matchmaking days. `writing` matches every
record on a natural key (desk slug, username, legal name, e-mail, project title, (company,
date, subject) of an interaction, (assignee, title) of a task): a second run finds every row
as it should be and writes nothing, not even history. `world` puts it together.

Everything is dated in the past up to `dates.AS_OF`, except tasks: they are dated from the
day of loading, and a run on a later day keeps the existing ones as they are.

The app sits at the top of the house: it depends on every domain app, and none on it.
"""
