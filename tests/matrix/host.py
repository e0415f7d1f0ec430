from tests.matrix import Row, but, everyone, only, signed_in

ROWS = [
    Row("home.index", signed_in()),
    Row("home.search", signed_in(), url=lambda w: "/search?q=era"),
    Row("home.sections", signed_in()),
    Row("home.language", everyone(302), method="POST", data={"language": "en", "next": "/"}),
    Row("home.profile", signed_in()),
    Row("home.profile", signed_in(302), method="POST", data={"phone": "+383 39 000 000", "language": "en"}),
    Row("api.me", signed_in(anon=401)),
    Row("api.units", signed_in(anon=401)),
    Row("api.healthz", everyone(200)),
    Row("directory.index", signed_in()),
    Row("directory.person", signed_in(), url=lambda w: f"/directory/people/{w.people['employee'].id}"),
    Row("directory.unit", signed_in(), url=lambda w: f"/directory/units/{w.units['other'].id}"),
]

# Object level: a director sees the roster of the unit they head, not another unit's.
ROWS += [
    Row("directory.roster", but(only("director", "hr", "admin"), other_director=403),
        url=lambda w: f"/directory/units/{w.units['own'].id}/roster", why="own unit (the director by role too)"),
    Row("directory.roster", only("hr", "admin", "other_director"),
        url=lambda w: f"/directory/units/{w.units['other'].id}/roster", why="another unit: its own director's"),
]
