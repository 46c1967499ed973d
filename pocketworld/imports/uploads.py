"""Files uploaded to the import: counted while they arrive, refused past the limit unread.

Django keeps an upload of up to FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in memory and writes a
larger one to a temporary file. In front of both, `SizeLimitHandler` counts each file's
bytes: past IMPORT_MAX_FILE_SIZE it passes no more of them on, and the file arrives as a
`RefusedUpload` that knows its name and size but holds nothing. `validate_file_size` then
refuses it at the form's or the serializer's file field, before anything reads it.
"""

import io
from functools import wraps

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pocketworld.imports.reading import megabytes


def max_file_size():
    return settings.IMPORT_MAX_FILE_SIZE


class RefusedUpload(UploadedFile):
    """A file that grew past the limit: its name and size, none of its content."""

    def __init__(self, name, content_type, size, charset):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class SizeLimitHandler(FileUploadHandler):
    """Passes each file's chunks on to Django's handlers until the file is larger than the
    limit; from then on it only counts them."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max_file_size()
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size):
        if self.received <= self.limit:
            return None  # the next handler has the file
        return RefusedUpload(self.file_name, self.content_type, self.received, self.charset)


def limit_upload_size(request):
    """Count the request's files from the start; call before anything reads its body."""
    request.upload_handlers.insert(0, SizeLimitHandler(request))


def limited_uploads(view):
    """The view with uploads limited from the start: the handler is in place before the CSRF
    check reads the body, and the check runs after it as usual."""
    protected = csrf_protect(view)

    @wraps(view)
    def limited(request, *args, **kwargs):
        limit_upload_size(request)
        return protected(request, *args, **kwargs)

    return csrf_exempt(limited)


def validate_file_size(upload):
    limit = max_file_size()
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s can be imported."),
            code="too_large",
            params={"size": megabytes(upload.size), "limit": megabytes(limit)},
        )
