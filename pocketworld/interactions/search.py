"""What interactions add to the search: an interaction is activity on its company and its
project, on the day it took place, so that recently worked-on records rank first."""

from pocketworld.companies.search import CompanyIndex
from pocketworld.interactions.models import Interaction
from pocketworld.projects.search import ProjectIndex

CompanyIndex.count_as_activity(Interaction, "company_id", "occurred_on")
ProjectIndex.count_as_activity(Interaction, "project_id", "occurred_on")
