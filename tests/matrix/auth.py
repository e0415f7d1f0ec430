from tests.matrix import Row, everyone, signed_in

# Single sign-on configured, with an identity provider nobody can reach (port 1 on
# loopback refuses at once): the rows check who gets what without a provider.
# The real round trip through a provider is in tests/auth/.
SSO = {
    "SSO_CLIENT_ID": "matrix-client", "SSO_CLIENT_SECRET": "matrix-secret",
    "SSO_OIDC_AUTHORITY": "https://127.0.0.1:1/tenant-1",
}

# Development mode without SSO: the login page sends everyone signed out to the
# development sign-in, and those signed in back to where they were going.
ROWS = [
    Row("auth.login", everyone(302)),
    Row("auth.dev_login", everyone(200)),
    Row("auth.dev_login", everyone(302), method="POST",
        data=lambda w: {"person_id": w.people["employee"].id, "next": "/"}),
    Row("auth.logout", everyone(200)),
    Row("auth.logout", everyone(302), method="POST"),
    Row("auth.logout_everywhere", signed_in(302), method="POST",
        why="ends every session of the person signed in; signed out, the sign-in redirect"),
    Row("auth.signed_out", everyone(200)),
    # Without SSO configured the callback does not exist.
    Row("auth.callback", everyone(404)),
    # With SSO configured.
    Row("auth.login", {**everyone(302), "anon": 503}, config=SSO,
        why="SSO, provider unreachable: the refusal page for those signed out, never a 500"),
    Row("auth.callback", everyone(400), config=SSO,
        why="SSO: a callback without a pending flow is refused before the provider is asked"),
    Row("auth.dev_login", everyone(404), config=SSO, why="SSO: no development sign-in"),
    Row("auth.dev_login", everyone(404), method="POST", config=SSO,
        data=lambda w: {"person_id": w.people["admin"].id}, why="SSO: no development sign-in"),
]
