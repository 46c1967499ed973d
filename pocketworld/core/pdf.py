"""Documents as PDF for print (the annual report, agendas, programmes): a template laid out
by WeasyPrint in one language, fetching nothing.

The fonts are the system's, Noto Sans CJK after the Latin one in each stylesheet, so that
names in any script show (`make system-deps` installs them).
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header


def refuse_fetching(url):
    """Documents are made offline: WeasyPrint logs a reference to anything outside the
    document as an error and leaves it out, rather than fetching it."""
    raise ValueError(f"Documents fetch nothing, not {url}.")


def render_pdf(template, context, language):
    """The bytes of a PDF of `template` rendered with `context` in `language`."""
    # WeasyPrint takes 20 MB: loaded by the first PDF, not by every web worker.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=refuse_fetching).write_pdf()


def pdf_download(content, filename):
    """A response that downloads the PDF `content` as `filename`."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
