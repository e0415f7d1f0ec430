"""The home page ("for me"), the intranet-wide search and the language switch."""
