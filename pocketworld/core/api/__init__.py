"""The API's building blocks, on which every app's `api.py` builds: serializers and viewsets
that obey the permission policy, and the parsing, paging, rendering and errors they share.

The API's face (router, OpenAPI document, docs) is the `api` app at the top of the house.
"""


def is_api_request(request):
    """Whether `request` asks the API (its URLs are in the `api` namespace), which answers
    in JSON where a page would redirect or render."""
    match = getattr(request, "resolver_match", None)
    return match is not None and "api" in match.namespaces
