"""The caseworker web application and JSON API: `reunite.web.app.create_app(settings)`."""
