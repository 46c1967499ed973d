"""Proposing updates from GLEIF's files, and accepting or dismissing them.

An upload is kept in the database in chunks until it is read, so that any app server may
take it and any worker read it. Reading matches its records to the companies the uploader
may change (`matching`) and keeps what they say differently as one proposal per field:
legal name, registered address, LEI, parent company, and further names (a company's names
in other scripts help the search). Accepted proposals are applied as one change set, which
`changes.undo` takes back as a whole, proposals' decisions included.
"""

import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pycountry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from pocketworld.companies.choices import NameKind
from pocketworld.companies.models import Company, CompanyName
from pocketworld.core.audit import announce
from pocketworld.core.models import Country, Language
from pocketworld.imports import changes
from pocketworld.imports.choices import (
    ChangeSetKind,
    LeiMatchedBy,
    LeiProposalField,
    LeiProposalStatus,
    LeiUploadStatus,
)
from pocketworld.imports.gleif.files import (
    LEGAL_NAME_TYPES,
    LeiFileError,
    open_gleif,
    read_lei_records,
    read_relationships,
)
from pocketworld.imports.gleif.matching import Registry, first_language, match_records
from pocketworld.imports.models import LeiProposal, LeiUpload, LeiUploadChunk
from pocketworld.search.normalization import fold, is_latin

# Uploads are kept in the database in chunks of this size until they are read.
CHUNK_SIZE = 4 * 1024 * 1024
# Problems kept with an upload, at most (the counts still count them all).
MAX_PROBLEMS = 500
# Level 2: the direct accounting parent, while the relationship lasts.
DIRECT_PARENT = "IS_DIRECTLY_CONSOLIDATED_BY"
ENDED_RELATIONSHIP_REGISTRATIONS = {"ANNULLED", "DUPLICATE", "RETIRED"}
NAME_KINDS = {
    "PREVIOUS_LEGAL_NAME": NameKind.FORMER,
    "TRADING_OR_OPERATING_NAME": NameKind.TRADE,
}
LEVEL_1_FIELDS = [
    LeiProposalField.LEGAL_NAME,
    LeiProposalField.REGISTERED_ADDRESS,
    LeiProposalField.LEI,
    LeiProposalField.NAME,
]
COMPANY_ATTRIBUTES = {
    LeiProposalField.LEGAL_NAME: "legal_name",
    LeiProposalField.REGISTERED_ADDRESS: "registered_address",
    LeiProposalField.LEI: "lei",
    LeiProposalField.PARENT: "parent",
}


class StoredFile(io.RawIOBase):
    """An uploaded file as it is kept in the database, read one chunk at a time."""

    def __init__(self, upload_id, file_number, size):
        super().__init__()
        self.upload_id, self.file_number, self.size = upload_id, file_number, size
        self.position = 0
        self.chunk_number, self.chunk = None, memoryview(b"")

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def readinto(self, buffer):
        if self.position >= self.size:
            return 0
        number, offset = divmod(self.position, CHUNK_SIZE)
        if number != self.chunk_number:
            data = LeiUploadChunk.objects.values_list("data", flat=True).get(
                upload_id=self.upload_id, file_number=self.file_number, sequence=number
            )
            self.chunk_number, self.chunk = number, memoryview(bytes(data))
        piece = self.chunk[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self.position += len(piece)
        return len(piece)


@transaction.atomic
def store_upload(files, user):
    """Keep uploaded GLEIF files (recognised, else LeiFileError) until they are read."""
    recognised = []
    for uploaded in files:
        _content, file_format = open_gleif(uploaded)
        recognised.append((file_format.level, uploaded))
    recognised.sort(key=lambda entry: entry[0])
    upload = LeiUpload.objects.create(created_by=user)
    for number, (level, uploaded) in enumerate(recognised):
        uploaded.seek(0)
        sequence = size = 0
        while data := uploaded.read(CHUNK_SIZE):
            LeiUploadChunk.objects.create(
                upload=upload, file_number=number, sequence=sequence, data=data
            )
            sequence, size = sequence + 1, size + len(data)
        upload.files.append({"name": uploaded.name, "level": level, "size": size})
    upload.save(update_fields=["files"])
    return upload


def read_upload(upload):
    """Read a kept upload into proposals, note what was found, and let go of the files."""
    LeiUpload.objects.filter(pk=upload.pk).update(status=LeiUploadStatus.READING)
    files = [
        (file["name"], io.BufferedReader(StoredFile(upload.pk, number, file["size"])))
        for number, file in enumerate(upload.files)
    ]
    try:
        report = propose_updates(files, upload.created_by, upload=upload)
    except LeiFileError as error:
        upload.status, upload.error = LeiUploadStatus.FAILED, str(error)
    except Exception:
        upload.status, upload.error = LeiUploadStatus.FAILED, _("Reading failed unexpectedly.")
        raise
    else:
        upload.status = LeiUploadStatus.DONE
        upload.counts = dict(report.counts)
        upload.problems = report.problems[:MAX_PROBLEMS]
    finally:
        upload.finished_at = timezone.now()
        upload.save(update_fields=["status", "error", "counts", "problems", "finished_at"])
        upload.chunks.all().delete()
    return upload


# --- proposals --------------------------------------------------------------------------


def address_text(address, country_names):
    """The address as lines: street, postcode and city, region, country."""
    lines = [*address.lines, " ".join(part for part in (address.postal_code, address.city) if part)]
    if address.region and (subdivision := pycountry.subdivisions.get(code=address.region)):
        lines.append(subdivision.name)
    lines.append(country_names.get(address.country, address.country))
    return "\n".join(line for line in lines if line)


def lines_of(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def latin_legal_name(record):
    """The legal name in Latin letters: itself, in another language, or transliterated."""
    if is_latin(fold(record.legal_name)):
        return record.legal_name
    ranked = sorted(
        (name for name in record.legal_names[1:] if is_latin(fold(name.text))),
        key=lambda name: LEGAL_NAME_TYPES.index(name.type),
    )
    return ranked[0].text if ranked else ""


def further_names(record):
    """(name, kind, language) of the record's names that a company may carry besides its
    legal name: in its own script, in other languages and transliterated, former, trade."""
    if not is_latin(fold(record.legal_name)):
        yield record.legal_name, NameKind.NATIVE, record.legal_name_language
    for name in record.other_names + record.transliterated_names:
        kind = NAME_KINDS.get(name.type)
        if kind is None:
            kind = NameKind.ALIAS if is_latin(fold(name.text)) else NameKind.NATIVE
        yield name.text, kind, name.language


class ProposalMaker:
    """Makes the unsaved proposals of one upload, with what they all share."""

    def __init__(self, user, upload):
        self.user, self.upload = user, upload
        self.country_names = dict(Country.objects.values_list("code", "name_en"))
        self.languages = set(Language.objects.values_list("code", flat=True))

    def make(self, company, source_file, field, current, proposed, **values):
        return LeiProposal(
            company=company,
            upload=self.upload,
            field=field,
            current_text=current or "",
            proposed_text=proposed,
            source_file=source_file[:250],
            created_by=self.user,
            **values,
        )

    def for_match(self, match, source_file):
        """What the matched record says differently from the company."""
        record, company = match.record, match.company
        proposals = []

        def propose(field, current, proposed, **values):
            proposals.append(
                self.make(
                    company,
                    source_file,
                    field,
                    current,
                    proposed,
                    lei=record.lei,
                    matched_by=match.matched_by,
                    **values,
                )
            )

        if match.matched_by != LeiMatchedBy.LEI and not company.lei:
            propose(LeiProposalField.LEI, "", record.lei)
        legal_name = record.legal_name
        if is_latin(fold(company.legal_name)):
            legal_name = latin_legal_name(record)
        if legal_name and fold(legal_name) != fold(company.legal_name):
            propose(LeiProposalField.LEGAL_NAME, company.legal_name, legal_name)
        if record.legal_address:
            address = address_text(record.legal_address, self.country_names)
            if address.splitlines() != lines_of(company.registered_address):
                propose(LeiProposalField.REGISTERED_ADDRESS, company.registered_address, address)
        known = {fold(company.legal_name), fold(legal_name)}
        known |= {fold(name.name) for name in company.names.all()}
        for text, kind, language in further_names(record):
            if fold(text) in known or len(text) > CompanyName._meta.get_field("name").max_length:
                continue
            known.add(fold(text))
            code = first_language(language)
            propose(
                LeiProposalField.NAME,
                "",
                text,
                name_kind=kind,
                name_language_id=code if code in self.languages else None,
            )
        return proposals

    def for_parent(self, child, child_lei, matched_by, parent, source_file):
        current = str(child.parent) if child.parent_id else ""
        return self.make(
            child,
            source_file,
            LeiProposalField.PARENT,
            current,
            str(parent),
            lei=child_lei,
            matched_by=matched_by,
            proposed_parent=parent,
        )


def company_brief(company):
    return {"id": company.pk, "name": company.legal_name}


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)
    proposals: list = field(default_factory=list)


def propose_updates(files, user, upload=None):
    """Read GLEIF files ([(name, bytes or binary stream)]), match them to the companies the
    user may change, and keep what they say differently as pending proposals, in place of
    the pending proposals of the same company and field. LeiFileError: a file is unreadable.
    """
    opened = sorted(
        (
            (name, *open_gleif(io.BytesIO(stream) if isinstance(stream, bytes) else stream))
            for name, stream in files
        ),
        key=lambda entry: entry[2].level,
    )
    reading = Reading(user, upload)
    for name, content, file_format in opened:
        if file_format.level == 1:
            reading.read_lei_records(name, content, file_format)
        else:
            reading.read_relationships(name, content, file_format)
    save_proposals(reading.report.proposals, reading.replaced)
    reading.report.counts["proposals"] = len(reading.report.proposals)
    return reading.report


class Reading:
    """One reading of an upload's files: what it identified, and what it proposes."""

    def __init__(self, user, upload):
        self.user = user
        self.registry = Registry.collect(user)
        self.maker = ProposalMaker(user, upload)
        self.report = Report()
        # LEI: (company id, how it matched), of the companies identified by this upload or
        # by earlier ones whose LEI proposals are still pending.
        self.identified = {
            lei: (pk, matched_by)
            for lei, pk, matched_by in LeiProposal.objects.editable_by(user)
            .filter(field=LeiProposalField.LEI, status=LeiProposalStatus.PENDING)
            .values_list("proposed_text", "company_id", "matched_by")
        }
        self.replaced = defaultdict(set)  # field: {company id} whose pending proposals go

    def problem(self, kind, **details):
        self.report.counts[kind] += 1
        self.report.problems.append({"kind": kind, **details})

    def read_lei_records(self, name, content, file_format):
        records = []
        for record in read_lei_records(content, file_format):
            self.report.counts["records"] += 1
            if record.lei and self.registry.concerns(record):
                records.append(record)
        matching = match_records(records, self.user, self.registry)
        prefetch_related_objects([match.company for match in matching.matches], "names")
        for match in matching.matches:
            self.report.counts[f"matched_by_{match.matched_by}"] += 1
            self.identified[match.record.lei] = (match.company.pk, match.matched_by)
            for proposal_field in LEVEL_1_FIELDS:
                self.replaced[proposal_field].add(match.company.pk)
            self.report.proposals += self.maker.for_match(match, name)
        for record, candidates in matching.ambiguous:
            self.problem(
                "ambiguous",
                lei=record.lei,
                name=record.legal_name,
                companies=[company_brief(company) for company in candidates],
            )
        for record, company in matching.not_current:
            status = record.registration_status
            if record.entity_status != "ACTIVE":
                status = record.entity_status
            self.problem(
                "not_current", lei=record.lei, company=company_brief(company), status=status
            )

    def read_relationships(self, name, content, file_format):
        registry = self.registry
        children = {lei: (pk, LeiMatchedBy.LEI) for lei, pk in registry.leis.items()}
        children = {lei: found for lei, found in children.items() if found[0] in registry.editable}
        children.update(self.identified)
        parents_of = defaultdict(set)
        for relationship in read_relationships(content, file_format):
            self.report.counts["relationships"] += 1
            if (
                relationship.type == DIRECT_PARENT
                and relationship.status == "ACTIVE"
                and relationship.registration_status not in ENDED_RELATIONSHIP_REGISTRATIONS
                and relationship.child_lei in children
            ):
                parents_of[relationship.child_lei].add(relationship.parent_lei)
        parent_ids = {lei: pk for lei, (pk, _how) in self.identified.items()}
        parent_ids.update(registry.leis)
        companies = Company.objects.select_related("parent").in_bulk(
            {children[lei][0] for lei in parents_of}
            | {parent_ids[lei] for leis in parents_of.values() for lei in leis if lei in parent_ids}
        )
        for child_lei, parent_leis in parents_of.items():
            child_id, matched_by = children[child_lei]
            child = companies.get(child_id)
            if child is None:
                continue
            self.replaced[LeiProposalField.PARENT].add(child.pk)
            if len(parent_leis) > 1:
                self.problem(
                    "several_parents",
                    company=company_brief(child),
                    parent_leis=sorted(parent_leis),
                )
                continue
            parent_lei = parent_leis.pop()
            parent = companies.get(parent_ids.get(parent_lei))
            if parent is None:
                self.problem("parent_unknown", company=company_brief(child), parent_lei=parent_lei)
            elif parent.pk not in (child.pk, child.parent_id):
                self.report.proposals.append(
                    self.maker.for_parent(child, child_lei, matched_by, parent, name)
                )


@transaction.atomic
def save_proposals(proposals, replaced):
    """Store new proposals in place of the pending ones of the same company and field."""
    for proposal_field, company_ids in replaced.items():
        ids = sorted(company_ids)
        for start in range(0, len(ids), changes.BATCH_SIZE):
            LeiProposal.objects.filter(
                company_id__in=ids[start : start + changes.BATCH_SIZE],
                field=proposal_field,
                status=LeiProposalStatus.PENDING,
            ).delete()
    LeiProposal.objects.bulk_create(proposals, batch_size=changes.BATCH_SIZE)


# --- deciding -----------------------------------------------------------------------------


@dataclass
class Decision:
    change_set: object  # the ChangeSet, or None when nothing was applied
    accepted: list
    refused: list  # [(proposal, message)]


def pending_for(proposals, user):
    """The proposals, locked and pending; PermissionDenied if the user may not decide one."""
    ids = [proposal.pk for proposal in proposals]
    if LeiProposal.objects.editable_by(user).filter(pk__in=ids).count() != len(set(ids)):
        raise PermissionDenied(_("You can only decide on proposals for your own desks' companies."))
    locked = list(
        LeiProposal.objects.select_for_update()
        .filter(pk__in=ids, status=LeiProposalStatus.PENDING)
        .values_list("pk", flat=True)
    )
    return list(
        LeiProposal.objects.filter(pk__in=locked)
        .select_related("company", "proposed_parent")
        .order_by("company_id", "field", "pk")
    )


def apply_field(company, proposal):
    """Set the proposed value if the company's rules allow it; else the reason they don't."""
    attribute = COMPANY_ATTRIBUTES[proposal.field]
    before = getattr(company, attribute)
    if proposal.field == LeiProposalField.PARENT:
        company.parent = proposal.proposed_parent
    else:
        setattr(company, attribute, proposal.proposed_text)
    others = [field.name for field in Company._meta.concrete_fields if field.name != attribute]
    try:
        company.full_clean(exclude=others)
    except ValidationError as error:
        setattr(company, attribute, before)
        return " ".join(error.messages)
    return None


def add_name(company, proposal, added):
    """The new company name, or the reason it cannot be added."""
    if proposal.proposed_text in added:
        return None, _("The company has this name already.")
    name = CompanyName(
        company=company,
        name=proposal.proposed_text,
        kind=proposal.name_kind or NameKind.ALIAS,
        language_id=proposal.name_language_id,
    )
    try:
        name.full_clean()
    except ValidationError as error:
        return None, " ".join(error.messages)
    return name, None


@transaction.atomic
def accept_proposals(proposals, user):
    """Apply the proposals as one change set; those the company's rules refuse (a parent that
    would make a cycle, an LEI another company has) stay pending, with the reason."""
    proposals = pending_for(proposals, user)
    sources = sorted({proposal.source_file for proposal in proposals})
    description = (_("LEI updates from %(files)s") % {"files": ", ".join(sources)})[:250]
    recorder = None
    accepted, refused = [], []
    by_company = defaultdict(list)
    for proposal in proposals:
        by_company[proposal.company_id].append(proposal)
    for company_proposals in by_company.values():
        company = Company.objects.select_for_update().get(pk=company_proposals[0].company_id)
        applied, names = [], []
        for proposal in company_proposals:
            if proposal.field == LeiProposalField.NAME:
                name, reason = add_name(company, proposal, {name.name for name, _p in names})
                if name is not None:
                    names.append((name, proposal))
                    continue
            else:
                reason = apply_field(company, proposal)
                if reason is None:
                    applied.append(proposal)
                    continue
            refused.append((proposal, reason))
        if not (applied or names):
            continue
        recorder = recorder or changes.start(ChangeSetKind.LEI_UPDATE, description, user)
        if applied:
            recorder.changing(company)
            company._change_reason = description
            company.save()
        for name, _proposal in names:
            name._change_reason = description
            name.save()
            recorder.created(name)
        accepted += applied + [proposal for _name, proposal in names]
    if recorder is None:
        return Decision(None, [], refused)
    now = timezone.now()
    for proposal in accepted:
        recorder.changing(proposal)
        proposal.status = LeiProposalStatus.ACCEPTED
        proposal.decided_at, proposal.decided_by = now, user
        proposal.change_set = recorder.change_set
        proposal.save(update_fields=["status", "decided_at", "decided_by", "change_set"])
    recorder.finish()
    announce(
        "lei_updates_applied",
        user=user,
        target=recorder.change_set,
        files=sources,
        accepted=len(accepted),
        companies=len({proposal.company_id for proposal in accepted}),
    )
    return Decision(recorder.change_set, accepted, refused)


@transaction.atomic
def dismiss_proposals(proposals, user):
    """Set the proposals aside; a later upload proposes afresh what is still different."""
    proposals = pending_for(proposals, user)
    LeiProposal.objects.filter(pk__in=[proposal.pk for proposal in proposals]).update(
        status=LeiProposalStatus.DISMISSED, decided_at=timezone.now(), decided_by=user
    )
    return proposals
