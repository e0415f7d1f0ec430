"""An admin, in Albanian, imports staff through the preview, downloads the rejected rows, confirms,
and then finds the import as a sentence in the audit log filtered by kind. Desktop and phone widths."""

from __future__ import annotations

import csv
import io

import pytest

from tests.e2e.browser import ROLE_PEOPLE, check_page, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("width", [1366, 375])
def test_an_admin_imports_staff_with_a_preview_and_reads_it_in_the_audit_log(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    filename = f"stafi-{width}.csv"
    new_email = f"liridona.{width}@istog.demo"
    staff = (f"name,email,unit,position\n"
             f"Liridona Krasniqi,{new_email},DASH,Zyrtare\n"
             f"Njësi e Humbur,humbur.{width}@istog.demo,NOPE,\n").encode()
    sign_in(page, ROLE_PEOPLE["admin"], "/admin/import")
    assert page.locator("html").get_attribute("lang") == "sq"

    # Upload: the page previews and writes nothing.
    page.set_input_files("#file", files=[{"name": filename, "mimeType": "text/csv", "buffer": staff}])
    with page.expect_navigation():
        page.get_by_role("button", name="Shihni parapamjen e importimit").click()
    status = page.locator("#preview-heading ~ [role='status']")
    assert "Ende nuk është importuar asgjë. 2 rreshta: 1 do të krijoheshin" in status.inner_text()
    assert "1 të refuzuar" in status.inner_text()
    assert "unit: " in page.locator("div[aria-labelledby='preview-rejected']").inner_text()
    assert check_page(page) == []
    people = page.context.new_page()  # a second tab: the preview stays open in the first
    people.goto(f"/admin/people?q={new_email}&status=all")
    assert people.locator("main", has_text=new_email).count() == 0, "the preview created nobody"
    people.close()

    # The rejected rows come back as a CSV with the reason, to correct.
    with page.expect_download() as download:
        page.get_by_role("link", name="Shkarkoni rreshtat e refuzuar").click()
    assert download.value.suggested_filename == f"stafi-{width}-rejected.csv"
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0] == ["name", "email", "unit", "position", "reason"]
    assert rows[1][:3] == ["Njësi e Humbur", f"humbur.{width}@istog.demo", "NOPE"] and "NOPE" in rows[1][4]

    # Confirm: exactly that file is imported.
    with page.expect_navigation():
        page.get_by_role("button", name="Konfirmoni importimin").click()
    assert "2 rreshta: 1 të krijuar" in page.locator("#report-heading ~ [role='status']").inner_text()
    assert check_page(page) == []
    page.goto(f"/admin/people?q={new_email}&status=all")
    assert page.locator("main", has_text="Liridona Krasniqi").count() == 1

    # The audit log, filtered by kind, tells it as a sentence.
    page.goto("/admin/audit")
    page.select_option("#kind", "people.imported")
    with page.expect_navigation():
        page.locator("form[role='search'] button[type='submit']").click()
    lines = page.locator("li.audit-line")
    assert lines.count() >= 1
    assert all("people.imported" in lines.nth(i).inner_text() for i in range(lines.count()))
    sentence = lines.filter(has_text=filename).first.inner_text()
    assert f"Valon Shala importoi stafin nga skedari “{filename}”" in sentence
    assert "Krijuar: 1" in sentence and "Refuzuar: 1" in sentence
    assert "True" not in sentence and "None" not in sentence
    assert check_page(page) == []
