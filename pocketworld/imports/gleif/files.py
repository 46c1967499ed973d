"""GLEIF's files: what they hold, recognising them by their content, and streaming them.

Level 1 is LEI records (LEI-CDF 3.1), level 2 relationship records (RR-CDF 2.1); each comes
as XML or as the golden copy's CSV, and zipped or not. Readers yield plain records one at a
time, so that a golden copy of several gigabytes needs little memory.
"""

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.translation import gettext as _

LEVEL_1_NAMESPACE = "http://www.gleif.org/data/schema/leidata/2016"
LEVEL_2_NAMESPACE = "http://www.gleif.org/data/schema/rr/2016"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The columns by which a golden-copy CSV file is recognised.
LEVEL_1_COLUMNS = {"LEI", "Entity.LegalName", "Entity.LegalAddress.Country"}
LEVEL_2_COLUMNS = {
    "Relationship.StartNode.NodeID",
    "Relationship.EndNode.NodeID",
    "Relationship.RelationshipType",
}
UTF8_BOM = b"\xef\xbb\xbf"
# A file is recognised by this much of its beginning (a golden-copy CSV header is ~20 KB).
HEAD_SIZE = 256 * 1024
# A zip archive may unpack to at most 100 times its packed size, and to at most this much,
# well above the whole golden copy; beyond either it is refused as a zip bomb.
MAX_ZIP_RATIO = 100
MAX_UNPACKED_BYTES = 32 * 1024**3
# Records whose data is current enough to match by name and to propose from; ANNULLED,
# DUPLICATE, MERGED and RETIRED records describe no live entity.
CURRENT_REGISTRATIONS = {"ISSUED", "LAPSED", "PENDING_TRANSFER", "PENDING_ARCHIVAL"}
# The other forms of a legal name, the one to take as a legal name in Latin letters first.
LEGAL_NAME_TYPES = (
    "ALTERNATIVE_LANGUAGE_LEGAL_NAME",
    "PREFERRED_ASCII_TRANSLITERATED_LEGAL_NAME",
    "AUTO_ASCII_TRANSLITERATED_LEGAL_NAME",
)


class LeiFileError(Exception):
    """The file cannot be read as GLEIF data; str(error) tells the user why."""


def not_gleif():
    return LeiFileError(
        _(
            "This is not a GLEIF file. Upload LEI records or relationship records as the "
            "golden copy has them: XML (LEI-CDF, RR-CDF) or CSV, also zipped."
        )
    )


# --- what the files hold ---------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    text: str
    language: str = ""  # as xml:lang gives it: "de", "ja", "de-DE"
    type: str = ""  # GLEIF's: PREVIOUS_LEGAL_NAME, AUTO_ASCII_TRANSLITERATED_LEGAL_NAME, …


@dataclass(frozen=True)
class Address:
    lines: tuple[str, ...]
    city: str
    region: str  # ISO 3166-2, e.g. "DE-BY"
    country: str
    postal_code: str


@dataclass
class LeiRecord:
    lei: str
    legal_name: str
    legal_name_language: str = ""
    other_names: list[Name] = field(default_factory=list)
    transliterated_names: list[Name] = field(default_factory=list)
    legal_address: Address | None = None
    headquarters_address: Address | None = None
    jurisdiction: str = ""
    entity_status: str = ""
    registration_status: str = ""

    @property
    def countries(self):
        """Where the entity is: its legal and headquarters addresses, its jurisdiction."""
        found = {self.jurisdiction.split("-")[0]}
        for address in (self.legal_address, self.headquarters_address):
            if address:
                found.add(address.country)
        return found - {""}

    @property
    def legal_names(self):
        """The legal name and its forms in other languages and Latin letters."""
        names = [Name(self.legal_name, self.legal_name_language)]
        return names + [
            name
            for name in self.other_names + self.transliterated_names
            if name.type in LEGAL_NAME_TYPES
        ]

    @property
    def is_current(self):
        return self.entity_status == "ACTIVE" and self.registration_status in (
            CURRENT_REGISTRATIONS
        )


@dataclass(frozen=True)
class Relationship:
    child_lei: str
    parent_lei: str
    type: str
    status: str
    registration_status: str = ""


@dataclass(frozen=True)
class FileFormat:
    level: int  # 1: LEI records, 2: relationship records
    syntax: str  # "xml" or "csv"


# --- recognising and opening files ------------------------------------------------------

PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)")
ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(LEIData|RelationshipData)[\s>/]")


def unpacked(stream):
    """The stream itself, or the one file a zip archive holds, within the zip-bomb limits."""
    stream.seek(0)
    magic = stream.read(4)
    stream.seek(0)
    if magic != b"PK\x03\x04":
        return stream
    try:
        archive = zipfile.ZipFile(stream)
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError):
        raise LeiFileError(_("The zip archive is damaged.")) from None
    if len(members) != 1:
        raise LeiFileError(
            _("A zip archive must hold exactly one GLEIF file; this one holds %(count)d.")
            % {"count": len(members)}
        )
    member = members[0]
    if member.flag_bits & 0x1:
        raise LeiFileError(_("The zip archive is encrypted."))
    if member.file_size > MAX_UNPACKED_BYTES or member.file_size > MAX_ZIP_RATIO * max(
        member.compress_size, 1
    ):
        raise LeiFileError(
            _(
                "The zip archive would unpack to %(size)s bytes, far more than GLEIF's files "
                "do for their size; it is refused as a possible zip bomb."
            )
            % {"size": f"{member.file_size:,}"}
        )
    try:
        return archive.open(member)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError):
        raise LeiFileError(_("The zip archive is damaged.")) from None


def recognise(content):
    """The format of a file's content, read from its beginning (the stream is rewound)."""
    try:
        head = content.read(HEAD_SIZE)
        content.seek(0)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise LeiFileError(_("The zip archive is damaged.")) from None
    body = head.removeprefix(UTF8_BOM)
    if body.lstrip().startswith(b"<"):
        return FileFormat(xml_level(body), "xml")
    return FileFormat(csv_level(body), "csv")


def xml_level(head):
    """Level 1 or 2, from the root element; a document type declaration is refused.

    GLEIF's files have none, and a DTD is what lets a parser read local files (XXE) or
    expand entities without end (billion laughs). Everything before the root element is
    checked here, so the parser later meets no DTD: it cannot stand anywhere else.
    """
    rest = head[PROLOG.match(head).end() :]
    if rest[:9].upper() == b"<!DOCTYPE":
        raise LeiFileError(
            _(
                "The XML file declares a document type (DTD). GLEIF files have none, and a "
                "DTD can make a parser read local files or expand entities without end, so "
                "the file is refused."
            )
        )
    declared = DECLARED_ENCODING.match(head.lstrip())
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise LeiFileError(_("The XML file must be in UTF-8, as GLEIF publishes it."))
    root = ROOT.match(rest)
    if not root:
        raise not_gleif()
    level = 1 if root.group(1) == b"LEIData" else 2
    namespace = LEVEL_1_NAMESPACE if level == 1 else LEVEL_2_NAMESPACE
    if namespace.encode() not in rest[: rest.find(b">")]:
        raise not_gleif()
    return level


def csv_level(head):
    """Level 1 or 2, from the header of a golden-copy CSV file."""
    text = head.decode("utf-8", errors="replace")
    if "\n" not in text and len(head) == HEAD_SIZE:
        raise not_gleif()
    try:
        header = set(next(csv.reader([text.split("\n", 1)[0].rstrip("\r")]), []))
    except csv.Error:  # a line break inside the header row (a bare CR): not the golden copy
        raise not_gleif() from None
    if header >= LEVEL_1_COLUMNS:
        return 1
    if header >= LEVEL_2_COLUMNS:
        return 2
    raise not_gleif()


def open_gleif(stream):
    """(content, format) of an uploaded file: zipped or not, recognised or refused."""
    content = unpacked(stream)
    return content, recognise(content)


# --- reading XML ------------------------------------------------------------------------


def xml_records(content, namespace, root_tag, container_tag, record_tag):
    """The record elements of a GLEIF XML file, one at a time, each cleared after use."""
    root = container = None
    record_tag = f"{{{namespace}}}{record_tag}"
    try:
        # Python's expat (2.4.1 on) caps entity expansion and fetches no external entities.
        for event, element in ElementTree.iterparse(content, events=("start", "end")):  # nosec B314
            if event == "start":
                if root is None:
                    root = element
                    if element.tag != f"{{{namespace}}}{root_tag}":
                        raise not_gleif()
                elif element.tag == f"{{{namespace}}}{container_tag}":
                    container = element
            elif element.tag == record_tag:
                yield element
                (container if container is not None else root).clear()
    except ElementTree.ParseError as error:
        line, column = error.position
        raise LeiFileError(
            _("The XML file is broken at line %(line)d, column %(column)d.")
            % {"line": line, "column": column}
        ) from None


class Children:
    """An element's children by tag, in GLEIF's namespace (quicker than a path per field)."""

    def __init__(self, element, namespace):
        self.node, self.namespace = element, namespace
        self.by_tag = {}
        for child in element if element is not None else ():
            self.by_tag.setdefault(child.tag, child)

    def element(self, tag):
        return self.by_tag.get(f"{{{self.namespace}}}{tag}")

    def child(self, tag):
        return Children(self.element(tag), self.namespace)

    def text(self, tag):
        found = self.element(tag)
        return (found.text or "").strip() if found is not None else ""

    def all(self, tag):
        tag = f"{{{self.namespace}}}{tag}"
        return [child for child in self.node if child.tag == tag] if self.node is not None else []


def street_lines(first, number, within_building, mail_routing, additional):
    street = " ".join(part for part in (first, number) if part)
    if within_building:
        street = f"{street}, {within_building}"
    return tuple(line for line in (mail_routing, street, *additional) if line)


def xml_address(element):
    if element is None:
        return None
    address = Children(element, LEVEL_1_NAMESPACE)
    return Address(
        lines=street_lines(
            address.text("FirstAddressLine"),
            address.text("AddressNumber"),
            address.text("AddressNumberWithinBuilding"),
            address.text("MailRouting"),
            [(line.text or "").strip() for line in address.all("AdditionalAddressLine")],
        ),
        city=address.text("City"),
        region=address.text("Region"),
        country=address.text("Country").upper(),
        postal_code=address.text("PostalCode"),
    )


def xml_names(names):
    return [
        Name(name.text.strip(), name.get(XML_LANG, ""), name.get("type", ""))
        for name in (names if names is not None else ())
        if name.text and name.text.strip()
    ]


def xml_lei_record(element):
    record = Children(element, LEVEL_1_NAMESPACE)
    entity = record.child("Entity")
    legal_name = entity.element("LegalName")
    return LeiRecord(
        lei=record.text("LEI").upper(),
        legal_name=entity.text("LegalName"),
        legal_name_language=legal_name.get(XML_LANG, "") if legal_name is not None else "",
        other_names=xml_names(entity.element("OtherEntityNames")),
        transliterated_names=xml_names(entity.element("TransliteratedOtherEntityNames")),
        legal_address=xml_address(entity.element("LegalAddress")),
        headquarters_address=xml_address(entity.element("HeadquartersAddress")),
        jurisdiction=entity.text("LegalJurisdiction").upper(),
        entity_status=entity.text("EntityStatus"),
        registration_status=record.child("Registration").text("RegistrationStatus"),
    )


def xml_relationship(element):
    record = Children(element, LEVEL_2_NAMESPACE)
    relationship = record.child("Relationship")
    start, end = relationship.child("StartNode"), relationship.child("EndNode")
    if {start.text("NodeIDType"), end.text("NodeIDType")} != {"LEI"}:
        return None
    return Relationship(
        child_lei=start.text("NodeID").upper(),
        parent_lei=end.text("NodeID").upper(),
        type=relationship.text("RelationshipType"),
        status=relationship.text("RelationshipStatus"),
        registration_status=record.child("Registration").text("RegistrationStatus"),
    )


# --- reading CSV ------------------------------------------------------------------------


class CsvColumns:
    """Where a golden-copy CSV file has each column, read from its header once."""

    other_names = "Entity.OtherEntityNames.OtherEntityName"
    transliterated_names = "Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName"

    def __init__(self, header):
        self.positions = {name: index for index, name in enumerate(header)}
        self.numbered = {
            prefix: [f"{prefix}.{number}" for number in self.numbers(prefix)]
            for prefix in (self.other_names, self.transliterated_names)
        }

    def numbers(self, prefix):
        """1, 2, … as far as the header has columns `prefix.n`."""
        number = 1
        while f"{prefix}.{number}" in self.positions:
            yield number
            number += 1

    def reader(self, row):
        """The value of a column in `row` by the column's name ("" where it has none)."""
        positions, length = self.positions, len(row)

        def value(column):
            index = positions.get(column)
            return row[index].strip() if index is not None and index < length else ""

        return value


def csv_rows(content):
    """(columns, value of a column by its name) for each row of a golden-copy CSV file."""
    reader = csv.reader(io.TextIOWrapper(content, encoding="utf-8-sig", newline=""))
    try:
        columns = CsvColumns(next(reader, []))
        for row in reader:
            yield columns, columns.reader(row)
    except csv.Error:
        raise LeiFileError(
            _("The CSV file is broken at line %(line)d.") % {"line": reader.line_num}
        ) from None
    except UnicodeDecodeError:
        raise LeiFileError(_("The CSV file must be in UTF-8, as GLEIF publishes it.")) from None


def csv_names(columns, value, prefix):
    return [
        Name(text, value(f"{column}.xmllang"), value(f"{column}.type"))
        for column in columns.numbered[prefix]
        if (text := value(column))
    ]


def csv_address(value, prefix):
    if not value(f"{prefix}.Country") and not value(f"{prefix}.City"):
        return None
    return Address(
        lines=street_lines(
            value(f"{prefix}.FirstAddressLine"),
            value(f"{prefix}.AddressNumber"),
            value(f"{prefix}.AddressNumberWithinBuilding"),
            value(f"{prefix}.MailRouting"),
            [value(f"{prefix}.AdditionalAddressLine.{number}") for number in (1, 2, 3)],
        ),
        city=value(f"{prefix}.City"),
        region=value(f"{prefix}.Region"),
        country=value(f"{prefix}.Country").upper(),
        postal_code=value(f"{prefix}.PostalCode"),
    )


def csv_lei_record(columns, value):
    return LeiRecord(
        lei=value("LEI").upper(),
        legal_name=value("Entity.LegalName"),
        legal_name_language=value("Entity.LegalName.xmllang"),
        other_names=csv_names(columns, value, CsvColumns.other_names),
        transliterated_names=csv_names(columns, value, CsvColumns.transliterated_names),
        legal_address=csv_address(value, "Entity.LegalAddress"),
        headquarters_address=csv_address(value, "Entity.HeadquartersAddress"),
        jurisdiction=value("Entity.LegalJurisdiction").upper(),
        entity_status=value("Entity.EntityStatus"),
        registration_status=value("Registration.RegistrationStatus"),
    )


def csv_relationship(value):
    types = {value("Relationship.StartNode.NodeIDType"), value("Relationship.EndNode.NodeIDType")}
    if types - {"LEI", ""}:
        return None
    return Relationship(
        child_lei=value("Relationship.StartNode.NodeID").upper(),
        parent_lei=value("Relationship.EndNode.NodeID").upper(),
        type=value("Relationship.RelationshipType"),
        status=value("Relationship.RelationshipStatus"),
        registration_status=value("Registration.RegistrationStatus"),
    )


def read_lei_records(content, file_format):
    """The LEI records of a level-1 file, one at a time."""
    try:
        if file_format.syntax == "xml":
            for element in xml_records(
                content, LEVEL_1_NAMESPACE, "LEIData", "LEIRecords", "LEIRecord"
            ):
                yield xml_lei_record(element)
        else:
            for columns, value in csv_rows(content):
                yield csv_lei_record(columns, value)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise LeiFileError(_("The zip archive is damaged.")) from None


def read_relationships(content, file_format):
    """The relationships between LEIs of a level-2 file, one at a time."""
    try:
        if file_format.syntax == "xml":
            elements = xml_records(
                content,
                LEVEL_2_NAMESPACE,
                "RelationshipData",
                "RelationshipRecords",
                "RelationshipRecord",
            )
            relationships = (xml_relationship(element) for element in elements)
        else:
            relationships = (csv_relationship(value) for _columns, value in csv_rows(content))
        yield from (relationship for relationship in relationships if relationship)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise LeiFileError(_("The zip archive is damaged.")) from None
