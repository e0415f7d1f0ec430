from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from intranet.domain import DomainError, show_error
from intranet.extensions import db
from intranet.home.forms import ProfileForm
from intranet.i18n import enabled_languages
from intranet.pages import Page
from intranet.people.services import update_own_profile
from intranet.security import safe_next
from intranet.signals import HomeWidget, NextAction, collect, home_widgets, search

bp = Blueprint("home", __name__)


class HomePage(Page):
    permission = "intranet.view"

    def get(self):
        items = collect(home_widgets, self.person)
        actions = sorted((item for item in items if isinstance(item, NextAction)), key=lambda a: a.priority)
        widgets = sorted((item for item in items if isinstance(item, HomeWidget)), key=lambda w: w.priority)
        # Each card body is rendered by Jinja with autoescaping, so it is already safe HTML.
        cards = [(w, Markup(render_template(w.template, **w.context))) for w in widgets]  # noqa: S704
        return render_template("home/index.html", cards=cards, actions=actions)


class SectionsPage(Page):
    """Every section of the menu on one page: where "More" leads without JavaScript."""

    permission = "intranet.view"

    def get(self):
        return render_template("home/sections.html")


class SearchPage(Page):
    permission = "intranet.view"

    def get(self):
        query = request.args.get("q", "").strip()[:200]
        results = collect(search, self.person, query=query, limit=20) if query else []
        return render_template("home/search.html", query=query, results=results)


class LanguageSwitch(Page):
    """Choose the interface language; stored on the person, or in the session before sign-in."""

    permission = None

    def post(self):
        language = request.form.get("language", "")
        if language in enabled_languages():
            session["lang"] = language
            if g.person is not None:
                g.person.language = language
                db.session.commit()
        return redirect(safe_next(request.form.get("next")))


class Profile(Page):
    """The signed-in person's own details; phone and language are theirs to change."""

    permission = "intranet.view"

    def get(self):
        form = ProfileForm(obj=self.person)
        return render_template("home/profile.html", form=form)

    def post(self):
        form = ProfileForm()
        if form.validate_on_submit():
            try:
                update_own_profile(self.person, phone=form.phone.data, language=form.language.data)
            except DomainError as error:
                show_error(form, error)
            else:
                flash(_("Your profile is saved."), "success")
                return redirect(url_for("home.profile"))
        return render_template("home/profile.html", form=form), 400


bp.add_url_rule("/", view_func=HomePage.as_view("index"))
bp.add_url_rule("/profile", view_func=Profile.as_view("profile"), methods=["GET", "POST"])
bp.add_url_rule("/search", view_func=SearchPage.as_view("search"))
bp.add_url_rule("/sections", view_func=SectionsPage.as_view("sections"))
bp.add_url_rule("/language", view_func=LanguageSwitch.as_view("language"), methods=["POST"])
