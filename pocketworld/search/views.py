"""The search box of every page, its results page, and the duplicate hint of name inputs."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from pocketworld.search import services
from pocketworld.search.forms import SearchForm
from pocketworld.search.indexing import indexes

SUGGESTIONS_PER_KIND = 5
RESULTS_PER_KIND = 10
RESULTS_OF_ONE_KIND = 50


@login_required
def search_page(request):
    """All results for a query, grouped by kind, or of one kind, narrowed by the filters."""
    kinds = services.searchable_kinds(request.user)
    form = SearchForm(request.GET or None, kinds=kinds)
    hits, groups = [], []
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        arguments = form.search_arguments()
        if arguments["kinds"]:
            arguments["limit"] = RESULTS_OF_ONE_KIND
            hits = services.search(form.cleaned_data["q"], request.user, **arguments)
        else:
            arguments.pop("limit")
            hits = services.search(
                form.cleaned_data["q"], request.user, per_kind=RESULTS_PER_KIND, **arguments
            )
        groups = group_by_kind(hits)
    return render(
        request,
        "search/search.html",
        {"form": form, "hits": hits, "groups": groups, "query": request.GET.get("q", "")},
    )


@login_required
def suggestions(request):
    """The search box's list as one types: the best few of each kind."""
    query = request.GET.get("q", "").strip()[:200]
    hits = services.search(query, request.user, per_kind=SUGGESTIONS_PER_KIND) if query else []
    hits = services.relevant(hits)
    return render(
        request,
        "search/partials/suggestions.html",
        {"groups": group_by_kind(hits), "query": query},
    )


@login_required
def duplicates(request, kind):
    """Records of `kind` with a name like the one being typed ("Did you mean …?")."""
    if kind not in indexes():
        raise Http404
    name = request.GET.get(request.GET.get("field", "name"), "").strip()[:250]
    candidates = services.find_duplicates([name], request.user, kind=kind) if name else []
    return render(request, "search/partials/duplicate_candidates.html", {"candidates": candidates})


def group_by_kind(hits):
    """[(label, kind, hits)] in the order the hits come."""
    groups = {}
    for hit in hits:
        groups.setdefault(hit.kind, (hit.label, hit.kind, []))[2].append(hit)
    return list(groups.values())
