from tests.matrix import Row, everyone

# Development mode without SSO: the login page sends everyone signed out to the
# development sign-in, and those signed in back to where they were going.
ROWS = [
    Row("auth.login", everyone(302)),
    Row("auth.dev_login", everyone(200)),
    Row("auth.dev_login", everyone(302), method="POST",
        data=lambda w: {"person_id": w.people["employee"].id, "next": "/"}),
    Row("auth.logout", everyone(200)),
    Row("auth.logout", everyone(302), method="POST"),
    Row("auth.signed_out", everyone(200)),
    # Without SSO configured the callback does not exist.
    Row("auth.callback", everyone(404)),
]
