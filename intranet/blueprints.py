"""The host's own blueprints, registered by the factory."""

from flask import Flask


def register_host_blueprints(app: Flask) -> None:
    from intranet.actions.blueprint import bp as actions_bp
    from intranet.admin.views import bp as admin_bp
    from intranet.api.views import bp as api_bp
    from intranet.auth.views import bp as auth_bp
    from intranet.home.views import bp as home_bp
    from intranet.notifications.views import bp as notifications_bp

    for bp in (home_bp, auth_bp, api_bp, admin_bp, notifications_bp):
        app.register_blueprint(bp)
    app.register_blueprint(actions_bp, url_prefix="/actions")
