"""The meetings' pages, thin: series and meetings, staff questions, minutes."""
