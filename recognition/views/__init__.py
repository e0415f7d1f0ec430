"""Pages of recognition (under /recognition/): thin views on `intranet.pages.Page`. `thanks` — the wall,
thanking, hiding, a person's thanks, the preference; `awards` — cycles, nominations, scoring, decisions."""
