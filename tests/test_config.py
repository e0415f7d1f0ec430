"""Settings: production is the default and refuses to start unsafe."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from intranet.auth.sso import allowed_tenants
from intranet.config import ROOT, ConfigurationError, check_production, check_tenants, load_settings, parse_role_map


def test_unset_ura_env_means_production():
    assert load_settings({})["URA_ENV"] == "production"


@pytest.mark.parametrize("env, missing", [
    ({}, ["SECRET_KEY", "SSO_CLIENT_ID", "SSO_CLIENT_SECRET", "SSO_AUTHORITY or SSO_OIDC_AUTHORITY"]),
    ({"SECRET_KEY": "k"}, ["SSO_CLIENT_ID"]),
    ({"SECRET_KEY": "k", "SSO_CLIENT_ID": "c", "SSO_CLIENT_SECRET": "s"}, ["SSO_AUTHORITY or SSO_OIDC_AUTHORITY"]),
])
def test_production_names_what_is_missing(env, missing):
    with pytest.raises(ConfigurationError) as error:
        check_production(load_settings(env))
    for name in missing:
        assert name in str(error.value)


def test_production_starts_with_sso_and_a_secret():
    check_production(load_settings({
        "SECRET_KEY": "k", "SSO_CLIENT_ID": "c", "SSO_CLIENT_SECRET": "s",
        "SSO_AUTHORITY": "https://login.microsoftonline.com/tenant",
    }))


def test_development_starts_without_sso_or_secret():
    check_production(load_settings({"URA_ENV": "development"}))


def test_the_flask_command_refuses_to_start_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSO_", "SECRET_KEY", "URA_ENV"))}
    env["URA_INSTANCE_PATH"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "routes"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "SSO_CLIENT_ID" in result.stderr


def test_role_map_is_json_of_known_roles():
    assert parse_role_map('{"Ura.HR": "hr", "Ura.Admin": "admin"}') == {"Ura.HR": "hr", "Ura.Admin": "admin"}
    assert parse_role_map(None) is None
    with pytest.raises(ConfigurationError, match="not valid JSON"):
        parse_role_map("{hr}")
    with pytest.raises(ConfigurationError, match="unknown Ura roles: boss"):
        parse_role_map('{"Ura.Boss": "boss"}')


def test_database_url_uses_psycopg3_and_defaults_to_sqlite_in_instance(tmp_path):
    assert load_settings({"DATABASE_URL": "postgresql://u@h/db"})["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert load_settings({}, instance_path=tmp_path)["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/ura.sqlite3"


def test_bad_numbers_are_named():
    with pytest.raises(ConfigurationError, match="SESSION_IDLE_MINUTES"):
        load_settings({"SESSION_IDLE_MINUTES": "soon"})


@pytest.mark.parametrize("tenant", ["common", "organizations"])
def test_a_multi_tenant_authority_needs_the_allowed_tenants(tenant):
    config = {"SSO_AUTHORITY": f"https://login.microsoftonline.com/{tenant}/", "SSO_ALLOWED_TENANTS": []}
    with pytest.raises(ConfigurationError, match="SSO_ALLOWED_TENANTS"):
        check_tenants(config)
    check_tenants({**config, "SSO_ALLOWED_TENANTS": ["11111111-2222-3333-4444-555555555555"]})


def test_a_single_tenant_authority_allows_its_own_tenant_by_default():
    issuer = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"
    entra = {"SSO_AUTHORITY": "https://login.microsoftonline.com/istog.example", "SSO_ALLOWED_TENANTS": []}
    check_tenants(entra)
    assert allowed_tenants(entra, issuer) == {"11111111-2222-3333-4444-555555555555"}
    assert allowed_tenants({**entra, "SSO_ALLOWED_TENANTS": ["A", "b"]}, issuer) == {"a", "b"}
    assert load_settings({"SSO_ALLOWED_TENANTS": " a, b ,"})["SSO_ALLOWED_TENANTS"] == ["a", "b"]


def test_ura_refuses_to_start_on_a_multi_tenant_authority_without_the_list(make_app, app):
    sso = {"SSO_CLIENT_ID": "c", "SSO_CLIENT_SECRET": "s",
           "SSO_AUTHORITY": "https://login.microsoftonline.com/organizations"}
    with pytest.raises(ConfigurationError, match="set SSO_ALLOWED_TENANTS"):
        make_app(**sso)
    assert make_app(**sso, SSO_ALLOWED_TENANTS=["t1"]).config["SSO_ALLOWED_TENANTS"] == ["t1"]
