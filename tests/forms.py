"""Submitting a form as the page draws it, the way a browser would.

A test that posts a dictionary of its own can pass while the real page fails (a
field the page never shows, a value it never offers). `PageForm` reads one
`<form>` from the rendered HTML, keeps what a browser would send (checked boxes
only, the selected option, the hidden CSRF token), lets the test change only the
fields a person would fill in, and refuses a field or a value the page does not
offer.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

_TEXT_TYPES = {"text", "email", "search", "tel", "url", "password", "number", "date",
               "datetime-local", "time", "month", "week", "hidden", "color", "range"}


class _Field:
    def __init__(self, tag: str, attrs: dict):
        self.tag = tag
        self.attrs = attrs
        self.name = attrs.get("name")
        self.type = (attrs.get("type") or ("text" if tag == "input" else tag)).lower()
        self.value = attrs.get("value", "")
        self.options: list[tuple[str, bool]] = []  # <select>: (value, selected)
        self.text = ""  # <textarea>

    @property
    def disabled(self) -> bool:
        return "disabled" in self.attrs


class _Form:
    def __init__(self, attrs: dict):
        self.attrs = attrs
        self.fields: list[_Field] = []


class _Forms(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select: _Field | None = None
        self._option: dict | None = None
        self._option_text = ""
        self._textarea: _Field | None = None
        self._by_id: dict[str, _Form] = {}
        self._orphans: list[tuple[str, _Field]] = []  # fields with form="id" outside their form
        self.feed(html)
        self.close()
        for form_id, field in self._orphans:
            if form_id in self._by_id:
                self._by_id[form_id].fields.append(field)

    def _owner(self, attrs: dict) -> _Form | None:
        if attrs.get("form"):
            return None
        return self._form

    def _add(self, field: _Field) -> None:
        if field.attrs.get("form"):
            self._orphans.append((field.attrs["form"], field))
        elif self._form is not None:
            self._form.fields.append(field)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = _Form(attrs)
            self.forms.append(self._form)
            if attrs.get("id"):
                self._by_id[attrs["id"]] = self._form
        elif tag in ("input", "button"):
            self._add(_Field(tag, attrs))
        elif tag == "select":
            self._select = _Field(tag, attrs)
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = attrs, ""
        elif tag == "textarea":
            self._textarea = _Field(tag, attrs)
            self._add(self._textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._end_option()
            self._select = None
        elif tag == "option":
            self._end_option()
        elif tag == "textarea":
            self._textarea = None

    def _end_option(self):
        if self._option is not None and self._select is not None:
            value = self._option.get("value", self._option_text.strip())
            self._select.options.append((value, "selected" in self._option))
        self._option = None

    def handle_data(self, data):
        if self._textarea is not None:
            # A browser reads CR LF as one newline, and drops one newline right after <textarea>.
            data = data.replace("\r\n", "\n")
            self._textarea.text += data[1:] if not self._textarea.text and data.startswith("\n") else data
        elif self._option is not None:
            self._option_text += data


class PageForm:
    """One form of a rendered page: `PageForm(html, action="/surveys/3/questions")`.

    `form.fill(title_sq="...")` changes fields the page draws (refusing others),
    `form.check(name, value)` ticks a box or radio the page offers,
    `form.submit(client, button="save")` posts what a browser would send.
    """

    def __init__(self, html: str | bytes, *, action: str | None = None, index: int = 0,
                 base_url: str = "/"):
        if isinstance(html, bytes):
            html = html.decode()
        forms = _Forms(html).forms
        if action is not None:
            forms = [f for f in forms if f.attrs.get("action", "") == action]
            if not forms:
                raise AssertionError(f"the page has no form with action {action!r}")
        self._form = forms[index]
        self.action = urljoin(base_url, self._form.attrs.get("action") or base_url)
        self.method = self._form.attrs.get("method", "get").lower()
        self.enctype = self._form.attrs.get("enctype", "")
        self.values: list[tuple[str, str]] = []
        self._fields = [f for f in self._form.fields if f.name and not f.disabled]
        for f in self._fields:
            if f.tag == "button" or f.type in ("submit", "image", "reset", "button", "file"):
                continue
            if f.type in ("checkbox", "radio"):
                if "checked" in f.attrs:
                    self.values.append((f.name, f.value or "on"))
            elif f.tag == "select":
                selected = [v for v, s in f.options if s]
                if "multiple" in f.attrs:
                    self.values += [(f.name, v) for v in selected]
                elif f.options:
                    self.values.append((f.name, selected[-1] if selected else f.options[0][0]))
            elif f.tag == "textarea":
                self.values.append((f.name, f.text))
            else:
                self.values.append((f.name, f.value))

    # -- what the page offers ------------------------------------------------
    def names(self) -> set[str]:
        """Every field name the page draws in this form (buttons included)."""
        return {f.name for f in self._fields}

    def options(self, name: str) -> list[str]:
        """The values a person can choose for `name` (select options, radios, checkboxes)."""
        found = []
        for f in self._fields:
            if f.name != name:
                continue
            if f.tag == "select":
                found += [v for v, _ in f.options]
            elif f.type in ("checkbox", "radio"):
                found.append(f.value or "on")
        return found

    def get(self, name: str) -> str | None:
        return next((v for n, v in self.values if n == name), None)

    def get_all(self, name: str) -> list[str]:
        return [v for n, v in self.values if n == name]

    # -- what a person does ----------------------------------------------------
    def _field(self, name: str) -> _Field:
        for f in self._fields:
            if f.name == name:
                return f
        raise AssertionError(f"the form does not draw a field named {name!r}; it has {sorted(self.names())}")

    def fill(self, **fields: str) -> PageForm:
        """Type into text fields and textareas, choose in selects (the value must be offered)."""
        for name, value in fields.items():
            field = self._field(name)
            if field.type in ("checkbox", "radio"):
                raise AssertionError(f"{name!r} is a {field.type}: use check()/uncheck()")
            if field.tag == "select" and str(value) not in [v for v, _ in field.options]:
                raise AssertionError(f"{name!r} does not offer {value!r}; it offers {self.options(name)}")
            if field.type == "hidden":
                raise AssertionError(f"{name!r} is hidden: a person cannot type into it")
            self.values = [(n, v) for n, v in self.values if n != name]
            self.values.append((name, str(value)))
        return self

    def check(self, name: str, value: str = "on") -> PageForm:
        """Tick a checkbox, or choose a radio button, that the page draws."""
        if value not in self.options(name):
            raise AssertionError(f"{name!r} offers no box with value {value!r}; it offers {self.options(name)}")
        field = next(f for f in self._fields if f.name == name and (f.value or "on") == value)
        if field.type == "radio":
            self.values = [(n, v) for n, v in self.values if n != name]
        if (name, value) not in self.values:
            self.values.append((name, value))
        return self

    def uncheck(self, name: str, value: str | None = None) -> PageForm:
        self.values = [(n, v) for n, v in self.values if not (n == name and (value is None or v == value))]
        return self

    def data(self, button: str | None = None, value: str | None = None) -> list[tuple[str, str]]:
        """What the browser sends: the fields, plus the pressed button's name and value (the first
        button of that name, or the one with `value` when several share the name)."""
        sent = list(self.values)
        if button is not None:
            pressed = [f for f in self._fields
                       if f.name == button and (f.tag == "button" or f.type in ("submit", "image"))
                       and (value is None or f.value == value)]
            if not pressed:
                raise AssertionError(f"the form has no button named {button!r}" + (f" with value {value!r}"
                                                                                     if value else ""))
            sent.append((button, pressed[0].value))
        return sent

    def submit(self, client, *, button: str | None = None, value: str | None = None, files: dict | None = None,
               **kwargs):
        """Post (or get) the form with the Flask test client, as the browser would."""
        from werkzeug.datastructures import MultiDict

        data = MultiDict(self.data(button, value))
        if self.method == "get":
            return client.get(self.action, query_string=data, **kwargs)
        for name, file in (files or {}).items():
            self._field(name)
            data.add(name, file)
        return client.post(self.action, data=data, **kwargs)
