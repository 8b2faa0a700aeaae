"""Measuring the toolkit against gold labels made by reading (evaluation/labels/): clause
categories and award-criteria weights per tender. Reports in, tables out; the CLI
(`flask --app app evaluate`) runs the analyses."""
