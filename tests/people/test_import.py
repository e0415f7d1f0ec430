"""Staff import: good rows are written, bad rows are reported with line and reason, nothing aborts."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage

from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.people import import_files, importing
from intranet.people.importing import import_staff, template_csv
from intranet.people.models import Person, RoleAssignment
from intranet.signals import person_provisioned
from tests.conftest import open_sessions


def csv_bytes(text: str, bom: bool = False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def by_line(report) -> dict[int, object]:
    return {row.line: row for row in report.rows}


def person(email: str) -> Person | None:
    return db.session.scalar(db.select(Person).where(db.func.lower(Person.email) == email.lower()))


GOOD_AND_BAD = """name,email,unit,position,phone,language,roles,active
Arta Rexhepi,arta@example.test,OTH,Zyrtare,+383 44 111 222,sq,hr,yes
,nobody@example.test,OTH,,,,,
Bad Email,not-an-email,,,,,,
Lost Unit,lost@example.test,NOPE,,,,,
Odd Role,odd@example.test,,,,,wizard,
Odd Language,lang@example.test,,,,de,,
Dup One,dup@example.test,,,,,,
Dup Two,DUP@example.test,,,,,,
Era Employee,ERA@example.test,Other directorate,Arkiviste,,en,,
Same Person,same@example.test,,,,,,maybe
Drita Dreshaj,drita@example.test,own,,,sr,"communications;cabinet",no
"""


@pytest.fixture
def era(make_person, units):
    return make_person("Era Employee", email="era@example.test", unit=units["own"], language="sq")


def test_good_rows_are_written_and_bad_rows_reported(admin, units, era, audit, signals):
    report = import_staff(admin, csv_bytes(GOOD_AND_BAD), "staff.csv")
    rows = by_line(report)
    assert report.totals == {"created": 2, "updated": 1, "unchanged": 0, "rejected": 8, "rows": 11}

    assert rows[2].status == "created"
    arta = person("arta@example.test")
    assert (arta.name, arta.unit, arta.position, arta.phone, arta.language, arta.active) == (
        "Arta Rexhepi", units["other"], "Zyrtare", "+383 44 111 222", "sq", True)
    assert arta.has_role("hr")
    assert [(p, kw["source"]) for p, kw in signals.person_provisioned] == [
        (arta, "import"), (person("drita@example.test"), "import"),
    ]

    assert rows[3].reasons == ["name: This field is required."]
    assert rows[4].reasons[0].startswith("email: not-an-email is not a valid email address")
    assert rows[5].reasons == ["unit: No active unit has the code or name NOPE."]
    assert rows[6].reasons[0].startswith("roles: Unknown role wizard")
    assert rows[7].reasons[0].startswith("language: Unknown language de")
    assert rows[8].status == rows[9].status == "rejected"
    assert "lines 8, 9" in rows[8].reasons[0] and "lines 8, 9" in rows[9].reasons[0]
    assert rows[11].reasons == ["active: Write yes or no, not maybe."]
    for line in (3, 4, 5, 6, 7, 8, 9, 11):
        assert rows[line].status == "rejected" and rows[line].person_id is None
    assert person("lost@example.test") is None and person("dup@example.test") is None

    assert rows[10].status == "updated" and rows[10].person_id == era.id
    assert rows[10].changed == ["language", "position", "unit"]
    assert (era.unit, era.position, era.language, era.email) == (units["other"], "Arkiviste", "en", "era@example.test")
    assert signals.changes_of(era) == [{
        "unit_id": (units["own"].id, units["other"].id), "position": ("", "Arkiviste"), "language": ("sq", "en"),
    }]

    drita = person("drita@example.test")
    assert rows[12].status == "created" and not drita.active and drita.unit == units["own"]
    assert drita.roles == {"employee", "communications", "cabinet"}

    [summary] = audit("people.imported")
    assert summary.actor_id == admin.id
    assert summary.details == {"filename": "staff.csv", "created": 2, "updated": 1, "unchanged": 0,
                               "rejected": 8, "rows": 11}
    granted = [(e.target_id, e.details["role"], e.details["via"]) for e in audit("role.granted")]
    assert granted == [(str(arta.id), "hr", "import"), (str(drita.id), "cabinet", "import"),
                       (str(drita.id), "communications", "import")]


def test_importing_the_same_file_again_changes_nothing(admin, units, era, audit):
    import_staff(admin, csv_bytes(GOOD_AND_BAD), "staff.csv")
    report = import_staff(admin, csv_bytes(GOOD_AND_BAD), "staff.csv")
    assert report.totals == {"created": 0, "updated": 0, "unchanged": 3, "rejected": 8, "rows": 11}
    assert len(audit("role.granted")) == 3


def test_semicolons_and_a_bom_and_any_header_case(admin, units):
    data = csv_bytes("Name;E-mail;UNIT;Roles\nLinda Lushaj;linda@example.test;oth;hr,cabinet\n", bom=True)
    with pytest.raises(DomainError, match="email"):  # "E-mail" is not the column name
        import_staff(admin, data)
    data = csv_bytes("Name;EMAIL;UNIT;Roles;Extra\nLinda Lushaj;linda@example.test;oth;hr,cabinet;x\n", bom=True)
    report = import_staff(admin, data, "linda.csv")
    assert report.totals["created"] == 1 and report.ignored_columns == ["Extra"]
    assert person("linda@example.test").roles == {"employee", "hr", "cabinet"}


TENANT = "https://login.microsoftonline.com/" + str(uuid.UUID(int=42))


def test_xlsx_import(admin, units, era, app, client_as):
    app.config["SSO_AUTHORITY"] = TENANT
    era_browser = client_as(era)
    data = xlsx_bytes([
        ["Name", "Email", "Unit", "Phone", "Active", "Entra_Object_Id"],
        ["Gent Gjoka", "gent@example.test", "OWN", 38344123456, True, str(uuid.UUID(int=7))],
        [None, None, None, None, None, None],
        ["Era Employee", "era@example.test", "OTH", None, False, None],
        ["No Mail", None, None, None, None, None],
    ])
    report = import_staff(admin, FileStorage(io.BytesIO(data), filename="staff.xlsx"))
    assert report.filename == "staff.xlsx"
    assert [(r.line, r.status) for r in report.rows] == [(2, "created"), (4, "updated"), (5, "rejected")]
    gent = person("gent@example.test")
    assert gent.phone == "38344123456" and gent.active
    assert (gent.tenant_id, gent.object_id) == (str(uuid.UUID(int=42)), str(uuid.UUID(int=7)))
    assert not era.active and open_sessions(era) == [] and era.unit == units["other"]
    assert era_browser.get("/").status_code == 302
    assert by_line(report)[5].reasons == ["email: This field is required."]


def test_the_type_is_read_from_the_content_not_the_name(admin):
    data = xlsx_bytes([["name", "email"], ["Named Wrongly", "wrong@example.test"]])
    assert import_staff(admin, data, "staff.csv").totals["created"] == 1


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"\xef\xbb\xbf\r\n\r\n", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00", "neither an XLSX workbook nor a CSV file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither an XLSX workbook nor a CSV file"),
    ("name,email\nZoë,z@example.test\n".encode("cp1252"), "neither an XLSX workbook nor a CSV file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel file"),
    (b"PK\x03\x04 not really a zip", "neither an XLSX workbook nor a CSV file"),
    (b"name,phone\nNo Email,123\n", r"Missing required column\(s\): email"),
    (b"name,email,name\na,b,c\n", "appears twice"),
])
def test_unusable_files_are_refused_as_a_whole(admin, data, message, audit):
    with pytest.raises(DomainError, match=message) as refused:
        import_staff(admin, data, "upload")
    assert refused.value.field == "file"
    assert audit() == []


def test_a_zip_that_is_not_a_workbook(admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(DomainError, match="neither an XLSX workbook"):
        import_staff(admin, buffer.getvalue(), "letter.docx")


def test_limits(admin, app, monkeypatch):
    app.config["UPLOAD_MAX_BYTES"] = 64
    with pytest.raises(DomainError, match="larger than"):
        import_staff(admin, b"name,email\n" + b"x" * 100)
    app.config["UPLOAD_MAX_BYTES"] = 1024 * 1024
    monkeypatch.setattr(import_files, "MAX_ROWS", 3)
    rows = "".join(f"P{i},p{i}@example.test\n" for i in range(4))
    with pytest.raises(DomainError, match="more than 3 rows"):
        import_staff(admin, csv_bytes("name,email\n" + rows))
    assert import_staff(admin, csv_bytes("name,email\n" + rows[: rows.index("P3")])).totals["created"] == 3


def test_a_row_the_database_refuses_is_rejected_alone(admin, audit, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)  # the refused row sits in the second chunk

    def conflicting_role(sender, **kwargs):
        if sender.name == "Boom":  # the unique (person, role, source) constraint refuses the flush
            sender.role_assignments.extend([RoleAssignment(role="hr", source="x") for _ in range(2)])

    person_provisioned.connect(conflicting_role)
    try:
        report = import_staff(admin, csv_bytes("name,email\nFirst,first@example.test\nSecond,second@example.test\n"
                                               "Third,third@example.test\nBoom,boom@example.test\n"
                                               "Last,last@example.test\n"))
    finally:
        person_provisioned.disconnect(conflicting_role)
    assert [r.status for r in report.rows] == ["created", "created", "created", "rejected", "created"]
    assert report.rows[3].reasons == ["This row could not be saved."] and report.rows[3].person_id is None
    db.session.expire_all()
    assert [p.name for p in db.session.scalars(db.select(Person).order_by(Person.id))] == [
        "Ari Admin", "First", "Second", "Third", "Last"]
    assert audit("people.imported")[0].details["rejected"] == 1


def test_entra_object_ids(admin, make_person, app):
    app.config["SSO_AUTHORITY"] = TENANT
    taken = str(uuid.UUID(int=1))
    make_person("Linked", email="linked@example.test", tenant_id=str(uuid.UUID(int=42)), object_id=taken)
    report = import_staff(admin, csv_bytes(
        "name,email,entra_object_id\n"
        f"Thief,thief@example.test,{taken}\n"
        f"Linked,linked@example.test,{uuid.UUID(int=2)}\n"
        "Not a guid,guid@example.test,12345\n"
        f"Fine,fine@example.test,{str(uuid.UUID(int=3)).upper()}\n"
    ))
    rows = by_line(report)
    assert rows[2].reasons == ["entra_object_id: Another person already has this Entra object id."]
    assert rows[3].reasons == ["entra_object_id: This person already signs in with a different Entra account."]
    assert rows[4].reasons == ["entra_object_id: 12345 is not an Entra object id (a GUID)."]
    assert rows[5].status == "created" and person("fine@example.test").object_id == str(uuid.UUID(int=3))


def test_an_import_cannot_lock_the_admin_out(admin, audit):
    report = import_staff(admin, csv_bytes("name,email,active\nAri Admin,ari.admin@example.test,no\n"))
    assert report.rows[0].status == "rejected"
    assert report.rows[0].reasons == ["active: You cannot deactivate yourself."]
    assert admin.active and audit("person.") == []


def test_import_needs_the_permission(people):
    with pytest.raises(PermissionDenied):
        import_staff(people["hr"], csv_bytes("name,email\nX,x@example.test\n"))


def test_the_template_has_every_column():
    assert template_csv().lstrip("\ufeff").strip() == ",".join(importing.COLUMNS)


def test_entra_object_ids_need_the_tenant(admin, app):
    # Sign-in looks people up by tenant and object id; an object id alone would strand the record.
    app.config["SSO_AUTHORITY"] = "https://login.microsoftonline.com/organizations"
    report = import_staff(admin, csv_bytes(f"name,email,entra_object_id\nA,a@example.test,{uuid.UUID(int=5)}\n"))
    assert report.rows[0].status == "rejected"
    assert report.rows[0].reasons[0].startswith("entra_object_id: Ura does not know your Entra tenant id")


def test_one_entra_object_id_per_file(admin, app):
    app.config["SSO_AUTHORITY"] = TENANT
    guid = str(uuid.UUID(int=9))
    data = csv_bytes(f"name,email,entra_object_id\nA,a@example.test,{guid}\nB,b@example.test,{guid}\n")
    report = import_staff(admin, data)
    assert [r.status for r in report.rows] == ["created", "rejected"]


def test_roles_need_their_own_permission(admin, app):
    # Should importing ever be delegated (say, to HR), granting roles must stay with whoever manages roles.
    app.extensions["ura.permissions"]["roles.manage"] = lambda person, target=None: False
    report = import_staff(admin, csv_bytes("name,email,roles\nA,a@example.test,admin\nB,b@example.test,\n"))
    assert [r.status for r in report.rows] == ["rejected", "created"]
    assert report.rows[0].reasons == ["roles: You are not allowed to assign roles."]
