from django.urls import path

from pocketworld.imports.views import changes, lei, merges, wizard

app_name = "imports"

urlpatterns = [
    path("imports/", wizard.import_list, name="import_list"),
    path("imports/<int:pk>/", wizard.import_detail, name="import_detail"),
    path("imports/<int:pk>/columns/", wizard.import_columns, name="import_columns"),
    path("imports/<int:pk>/rows/<int:number>/", wizard.import_row_decide, name="import_row_decide"),
    path("imports/<int:pk>/apply/", wizard.import_apply, name="import_apply"),
    path("imports/<int:pk>/undo/", wizard.import_undo, name="import_undo"),
    path("companies/<int:pk>/merge/", merges.company_merge, name="company_merge"),
    path("people/<int:pk>/merge/", merges.person_merge, name="person_merge"),
    path("change-sets/", changes.changeset_list, name="changeset_list"),
    path("change-sets/<int:pk>/", changes.changeset_detail, name="changeset_detail"),
    path("change-sets/<int:pk>/undo/", changes.changeset_undo, name="changeset_undo"),
    path("lei/", lei.lei_upload, name="lei_upload"),
    path("lei/proposals/", lei.lei_proposal_list, name="lei_proposal_list"),
    path("lei/proposals/decide/", lei.lei_proposal_decide, name="lei_proposal_decide"),
]
