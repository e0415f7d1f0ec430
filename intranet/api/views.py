from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text

from intranet.extensions import db
from intranet.pages import ApiPage, Page
from intranet.people.services import list_units

bp = Blueprint("api", __name__)
log = logging.getLogger("ura.health")


def unit_json(unit):
    return {"id": unit.id, "code": unit.code, "name": unit.name} if unit else None


class Me(ApiPage):
    permission = "intranet.view"

    def get(self):
        person = self.person
        return jsonify(
            id=person.id, name=person.name, email=person.email, language=person.language,
            unit=unit_json(person.unit), roles=sorted(person.roles),
        )


class Units(ApiPage):
    permission = "intranet.view"

    def get(self):
        return jsonify([
            {"id": u.id, "code": u.code, "name": u.name, "parent": u.parent_id}
            for u in list_units()
        ])


class Health(Page):
    permission = None

    def get(self):
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # any database failure means unhealthy
            log.exception("health check: database unreachable")
            db.session.rollback()
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok")


bp.add_url_rule("/api/v1/me", view_func=Me.as_view("me"))
bp.add_url_rule("/api/v1/units", view_func=Units.as_view("units"))
bp.add_url_rule("/healthz", view_func=Health.as_view("healthz"))
