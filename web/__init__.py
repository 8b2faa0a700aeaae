"""Web blueprints: HTML pages (views) and the JSON API (api)."""
