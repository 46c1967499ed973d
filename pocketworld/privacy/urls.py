from django.urls import path

from pocketworld.privacy.views import people, records, retention

app_name = "privacy"

# A person's access export (GDPR Art. 15) and erasure (Art. 17).
urlpatterns = [
    path("people/<int:pk>/data-export/", people.person_export, name="person_export"),
    path("people/<int:pk>/erase/", people.person_erase, name="person_erase"),
    path("privacy/erasures/", people.erasure_list, name="erasure_list"),
]

# Retention (GDPR Art. 5(1)(e)) and the records of processing (Art. 30).
urlpatterns += [
    path("privacy/retention/", retention.retention_review, name="retention_review"),
    path("people/<int:pk>/extend-retention/", retention.person_extend, name="person_extend"),
    path("privacy/records/", records.processing_records, name="processing_records"),
    path("privacy/records/pdf/", records.processing_records_pdf, name="processing_records_pdf"),
]
