"""The shared form reader (tests/forms.py) sends what a browser would, and refuses what the page does not draw."""

import pytest

from tests.forms import PageForm

PAGE = """
<form action="/elsewhere" method="post"><input name="x"></form>
<form action="/save" method="post">
  <input type="hidden" name="csrf_token" value="tok">
  <input name="title" value="Old &amp; kept">
  <textarea name="body">
line one
line two</textarea>
  <select name="kind"><option value="a">A</option><option value="b" selected>B</option></select>
  <input type="checkbox" name="required" value="y">
  <input type="checkbox" name="units" value="1" checked><input type="checkbox" name="units" value="2">
  <input type="radio" name="scale" value="5" checked><input type="radio" name="scale" value="7">
  <input name="locked" value="no" disabled>
  <button name="action" value="save">Save</button>
</form>
<input form="later" name="outside" value="o"><form id="later" action="/later" method="post"></form>
"""


def test_reads_what_a_browser_would_send():
    form = PageForm(PAGE, action="/save")
    assert form.data() == [("csrf_token", "tok"), ("title", "Old & kept"), ("body", "line one\nline two"),
                           ("kind", "b"), ("units", "1"), ("scale", "5")]
    assert form.data(button="action")[-1] == ("action", "save")
    assert "locked" not in form.names()
    assert PageForm(PAGE, action="/later").data() == [("outside", "o")]


def test_changes_only_what_the_page_offers():
    form = PageForm(PAGE, action="/save")
    form.fill(title="New").check("required", "y").check("units", "2").check("scale", "7")
    assert ("title", "New") in form.data() and ("required", "y") in form.data()
    assert form.get_all("units") == ["1", "2"] and form.get_all("scale") == ["7"]
    with pytest.raises(AssertionError, match="does not draw"):
        form.fill(scale_hidden="likert5")
    with pytest.raises(AssertionError, match="does not offer"):
        form.fill(kind="c")
    with pytest.raises(AssertionError, match="hidden"):
        form.fill(csrf_token="forged")
    with pytest.raises(AssertionError, match="no form"):
        PageForm(PAGE, action="/nowhere")
