"""The API's building blocks, on which every app's `api.py` builds: serializers and viewsets
that obey the permission policy, and the parsing, paging, rendering and errors they share.

The API's face (router, OpenAPI document, docs) is the `api` app at the top of the house.
"""
