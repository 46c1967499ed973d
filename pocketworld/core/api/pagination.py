"""Pages of every API list: `?limit=` is capped, as a list page's `per_page` is."""

from rest_framework.pagination import LimitOffsetPagination

# The most records one page gives, whatever `?limit=` asks for (NetBox's MAX_PAGE_SIZE).
MAX_LIMIT = 1000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`?limit=` above the cap gives the cap; a limit or offset that is no number, zero or
    negative gives the default page size or the start, as DRF does."""

    max_limit = MAX_LIMIT
