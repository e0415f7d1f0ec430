"""Meetings services: series and recurrence, meetings and agendas, calendar, staff questions."""
