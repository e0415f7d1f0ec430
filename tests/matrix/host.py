from tests.matrix import Row, everyone, signed_in

ROWS = [
    Row("home.index", signed_in()),
    Row("home.search", signed_in(), url=lambda w: "/search?q=era"),
    Row("home.language", everyone(302), method="POST", data={"language": "en", "next": "/"}),
    Row("api.me", signed_in(anon=401)),
    Row("api.units", signed_in(anon=401)),
    Row("api.healthz", everyone(200)),
    Row("directory.index", signed_in()),
    Row("directory.person", signed_in(), url=lambda w: f"/directory/people/{w.people['employee'].id}"),
    Row("directory.unit", signed_in(), url=lambda w: f"/directory/units/{w.units['other'].id}"),
]
