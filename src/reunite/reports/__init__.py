"""The court status report, charts and partner exports."""
